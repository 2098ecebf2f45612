// SPDX-License-Identifier: MIT
#include "sheetvalue.h"

#include <QDate>
#include <QStringDecoder>

#include <charconv>
#include <cmath>

namespace Planhat {

namespace SheetValue {

namespace {

bool isBuiltInDate(int id, SheetNumberKind *kind)
{
    if (id == 14 || id == 15 || id == 16 || id == 17) {
        *kind = SheetNumberKind::Date;
        return true;
    }
    if (id == 22) {
        *kind = SheetNumberKind::DateTime;
        return true;
    }
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) {
        *kind = SheetNumberKind::Time;
        return true;
    }
    return false;
}

/// Appends ASCII text: straight into the string, where append() of a range of another
/// character type would build a temporary string first.
void appendAscii(std::string_view text, std::u16string *out)
{
    const size_t offset = out->size();
    out->resize(offset + text.size());
    char16_t *target = out->data() + offset;
    for (const char c : text)
        *target++ = char16_t(static_cast<unsigned char>(c));
}

void appendDigits(int value, int width, std::u16string *out)
{
    char buffer[8];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = char('0' + value % 10);
        value /= 10;
    }
    appendAscii(std::string_view(buffer, size_t(width)), out);
}

} // namespace

SheetNumberKind kindOfFormat(int numFmtId, QStringView formatCode)
{
    SheetNumberKind kind = SheetNumberKind::Number;
    if (isBuiltInDate(numFmtId, &kind))
        return kind;
    if (formatCode.isEmpty())
        return SheetNumberKind::Number;
    bool date = false;
    bool time = false;
    for (qsizetype i = 0; i < formatCode.size(); ++i) {
        const char16_t c = formatCode.at(i).toLower().unicode();
        if (c == u';')
            break; // only the first section: the others are for negatives, zero and text
        if (c == u'"') {
            while (++i < formatCode.size() && formatCode.at(i) != u'"') { }
        } else if (c == u'\\' || c == u'_' || c == u'*') {
            ++i; // an escaped, padding or repeated character
        } else if (c == u'[') {
            const qsizetype end = formatCode.indexOf(u']', i);
            const QStringView inside
                = formatCode.mid(i + 1, end < 0 ? -1 : end - i - 1).toString().toLower();
            // [h], [mm], [ss]: elapsed time; anything else is a colour, locale or condition.
            if (!inside.isEmpty()
                && (inside.at(0) == u'h' || inside.at(0) == u'm' || inside.at(0) == u's'))
                time = true;
            i = end < 0 ? formatCode.size() : end;
        } else if (c == u'd' || c == u'y') {
            date = true;
        } else if (c == u'h' || c == u's') {
            time = true;
        } else if (c == u'm') {
            date = date || !time; // decided below: "m" next to h or s is minutes
        } else if (c == u'a' && formatCode.mid(i, 5).compare(u"am/pm", Qt::CaseInsensitive) == 0) {
            time = true;
            i += 4;
        }
    }
    if (time) {
        // "m" counted as a month before an "h" was seen is minutes when no d or y is there.
        bool realDate = false;
        for (qsizetype i = 0; i < formatCode.size() && formatCode.at(i) != u';'; ++i) {
            const char16_t c = formatCode.at(i).toLower().unicode();
            if (c == u'"') {
                while (++i < formatCode.size() && formatCode.at(i) != u'"') { }
            } else if (c == u'\\' || c == u'_' || c == u'*') {
                ++i;
            } else if (c == u'[') {
                const qsizetype end = formatCode.indexOf(u']', i);
                i = end < 0 ? formatCode.size() : end;
            } else if (c == u'd' || c == u'y') {
                realDate = true;
            }
        }
        return realDate ? SheetNumberKind::DateTime : SheetNumberKind::Time;
    }
    return date ? SheetNumberKind::Date : SheetNumberKind::Number;
}

bool appendNumber(QStringView text, std::u16string *out)
{
    char ascii[64];
    const qsizetype size = text.size();
    if (size <= 0 || size >= qsizetype(sizeof ascii))
        return false;
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c > 127)
            return false;
        ascii[i] = char(c);
    }
    return appendNumber(std::string_view(ascii, size_t(size)), out);
}

bool appendNumber(std::string_view text, std::u16string *out)
{
    // Fast path: a plain decimal that is already its shortest form ("42", "-3.25") is kept
    // as it is; that is nearly every cell, and it avoids a conversion each.
    const size_t size = text.size();
    if (size > 0 && size <= 15) {
        const size_t start = text[0] == '-' ? 1 : 0;
        bool plain = start < size && text[start] != '.';
        bool dot = false;
        for (size_t i = start; plain && i < size; ++i) {
            const char c = text[i];
            if (c == '.' && !dot)
                dot = true;
            else if (c < '0' || c > '9')
                plain = false;
        }
        const char last = text[size - 1];
        const bool leadingZero = size - start > 1 && text[start] == '0' && text[start + 1] != '.';
        const bool trailingZero = dot && (last == '0' || last == '.');
        const bool negativeZero = start == 1 && size == 2 && last == '0';
        if (plain && !leadingZero && !trailingZero && !negativeZero) {
            appendAscii(text, out);
            return true;
        }
    }
    if (size == 0 || size >= 64)
        return false;
    double value = 0;
    const char *end = text.data() + size;
    const auto parsed = std::from_chars(text.data(), end, value);
    if (parsed.ec != std::errc() || parsed.ptr != end || !std::isfinite(value))
        return false;
    if (value == 0)
        value = 0; // no "-0"
    // Shortest round trip, fixed notation: 1e+20 is "100000000000000000000", 1e-7 is
    // "0.0000001".
    char buffer[400];
    const auto written
        = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (written.ec != std::errc())
        return false;
    appendAscii(std::string_view(buffer, size_t(written.ptr - buffer)), out);
    return true;
}

void appendUtf8(std::string_view text, std::u16string *out)
{
    // UTF-16 needs at most one unit per UTF-8 byte.
    const size_t offset = out->size();
    out->resize(offset + text.size());
    char16_t *target = out->data() + offset;
    size_t i = 0;
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80)
            break;
        target[i] = char16_t(c);
    }
    if (i == text.size())
        return;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QChar *end
        = decoder.appendToBuffer(reinterpret_cast<QChar *>(target + i),
                                 QByteArrayView(text.data() + i, qsizetype(text.size() - i)));
    out->resize(size_t(reinterpret_cast<const char16_t *>(end) - out->data()));
}

bool appendDate(double serial, SheetNumberKind kind, bool date1904, std::u16string *out)
{
    // Rounded to the second first, so 0.99999999 is the next midnight, not 23:59:60.
    const double seconds = std::round(serial * 86400.0);
    if (!std::isfinite(serial) || seconds < 0 || seconds > 2958466.0 * 86400.0)
        return false;
    qint64 days = qint64(seconds) / 86400;
    const int secondOfDay = int(qint64(seconds) % 86400);
    if (kind == SheetNumberKind::Time && days == 0) {
        appendDigits(secondOfDay / 3600, 2, out);
        out->push_back(u':');
        appendDigits(secondOfDay / 60 % 60, 2, out);
        out->push_back(u':');
        appendDigits(secondOfDay % 60, 2, out);
        return true;
    }
    QDate date;
    if (date1904) {
        date = QDate(1904, 1, 1).addDays(days);
    } else {
        // Excel counts 29 February 1900, which did not exist: from the usual 1899-12-30
        // epoch, serials before it are a day early; 60 itself comes out as 28 February.
        if (days < 60)
            days += 1;
        date = QDate(1899, 12, 30).addDays(days);
    }
    if (!date.isValid() || date.year() > 9999)
        return false;
    appendDigits(date.year(), 4, out);
    out->push_back(u'-');
    appendDigits(date.month(), 2, out);
    out->push_back(u'-');
    appendDigits(date.day(), 2, out);
    if (kind == SheetNumberKind::Date)
        return true;
    out->push_back(u'T');
    appendDigits(secondOfDay / 3600, 2, out);
    out->push_back(u':');
    appendDigits(secondOfDay / 60 % 60, 2, out);
    out->push_back(u':');
    appendDigits(secondOfDay % 60, 2, out);
    return true;
}

QString columnName(qint64 column)
{
    QString name;
    while (column > 0) {
        const qint64 digit = (column - 1) % 26;
        name.prepend(QChar(char16_t(u'A' + digit)));
        column = (column - 1) / 26;
    }
    return name;
}

QString cellName(qint64 column, qint64 row)
{
    return columnName(column) + QString::number(row);
}

} // namespace SheetValue

} // namespace Planhat
