// SPDX-License-Identifier: MIT
#include "sheetvalue.h"

#include <QDate>

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

void appendDigits(int value, int width, std::u16string *out)
{
    char buffer[8];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = char('0' + value % 10);
        value /= 10;
    }
    out->append(buffer, buffer + width);
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
    // Fast path: a plain decimal that is already its shortest form ("42", "-3.25") is kept
    // as it is; that is nearly every cell, and it avoids a conversion each.
    const qsizetype size = text.size();
    if (size > 0 && size <= 15) {
        const qsizetype start = text.at(0) == u'-' ? 1 : 0;
        bool plain = start < size && text.at(start) != u'.';
        bool dot = false;
        for (qsizetype i = start; plain && i < size; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c == u'.' && !dot)
                dot = true;
            else if (c < u'0' || c > u'9')
                plain = false;
        }
        const char16_t last = text.at(size - 1).unicode();
        const bool leadingZero
            = size - start > 1 && text.at(start) == u'0' && text.at(start + 1) != u'.';
        const bool trailingZero = dot && (last == u'0' || last == u'.');
        const bool negativeZero = start == 1 && size == 2 && last == u'0';
        if (plain && !leadingZero && !trailingZero && !negativeZero) {
            out->append(reinterpret_cast<const char16_t *>(text.utf16()), size_t(size));
            return true;
        }
    }
    char ascii[64];
    if (size <= 0 || size >= qsizetype(sizeof ascii))
        return false;
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c > 127)
            return false;
        ascii[i] = char(c);
    }
    double value = 0;
    const auto parsed = std::from_chars(ascii, ascii + size, value);
    if (parsed.ec != std::errc() || parsed.ptr != ascii + size || !std::isfinite(value))
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
    out->append(buffer, written.ptr);
    return true;
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
