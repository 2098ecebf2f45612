// SPDX-License-Identifier: MIT
#include "jsonbytes.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Planhat::JsonBytes {

namespace {

char hexDigit(int value)
{
    return "0123456789abcdef"[value & 0xf];
}

/// Writes the JSON escape of `unit` (an ASCII unit needsEscape() names) at `cursor`; returns
/// the end of what it wrote (at most 6 bytes).
char *writeEscapedAscii(char *cursor, char16_t unit)
{
    *cursor++ = '\\';
    switch (unit) {
    case u'"':
        *cursor++ = '"';
        break;
    case u'\\':
        *cursor++ = '\\';
        break;
    case u'\b':
        *cursor++ = 'b';
        break;
    case u'\f':
        *cursor++ = 'f';
        break;
    case u'\n':
        *cursor++ = 'n';
        break;
    case u'\r':
        *cursor++ = 'r';
        break;
    case u'\t':
        *cursor++ = 't';
        break;
    default:
        *cursor++ = 'u';
        *cursor++ = '0';
        *cursor++ = '0';
        *cursor++ = hexDigit(unit >> 4);
        *cursor++ = hexDigit(unit);
        break;
    }
    return cursor;
}

bool needsEscape(char16_t unit)
{
    return unit < 0x20 || unit == u'"' || unit == u'\\';
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    const char16_t *units = text.utf16();
    const qsizetype size = text.size();
    const qsizetype start = out.size();
    // Room for the worst case (6 bytes a unit: "\u001f", or a lone surrogate escaped) and the
    // quotes, written through a pointer and cut to size once. Appending byte by byte cost
    // about 200 instructions a string, most of the time of a journal line or a request.
    out.resize(start + 6 * size + 2);
    char *cursor = out.data() + start;
    *cursor++ = '"';
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit < 0x80) {
            if (needsEscape(unit))
                cursor = writeEscapedAscii(cursor, unit);
            else
                *cursor++ = char(unit);
            continue;
        }
        char32_t code = unit;
        if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(units[i + 1])) {
            code = QChar::surrogateToUcs4(unit, units[i + 1]);
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            // A lone surrogate has no UTF-8 form: escaped, as QJsonDocument does.
            *cursor++ = '\\';
            *cursor++ = 'u';
            for (int shift = 12; shift >= 0; shift -= 4)
                *cursor++ = hexDigit(unit >> shift);
            continue;
        }
        if (code < 0x800) {
            *cursor++ = char(0xc0 | (code >> 6));
            *cursor++ = char(0x80 | (code & 0x3f));
        } else if (code < 0x10000) {
            *cursor++ = char(0xe0 | (code >> 12));
            *cursor++ = char(0x80 | ((code >> 6) & 0x3f));
            *cursor++ = char(0x80 | (code & 0x3f));
        } else {
            *cursor++ = char(0xf0 | (code >> 18));
            *cursor++ = char(0x80 | ((code >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((code >> 6) & 0x3f));
            *cursor++ = char(0x80 | (code & 0x3f));
        }
    }
    *cursor++ = '"';
    out.resize(cursor - out.constData());
}

bool needsEscape(QStringView text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return needsEscape(c.unicode()); });
}

char *writeUtf8String(char *out, QByteArrayView utf8)
{
    // Valid UTF-8 is written as it is (appendString() encodes the same code points to the
    // same bytes); only the ASCII that JSON escapes is escaped, the same way. Runs without
    // such a byte (nearly every string) are copied whole.
    *out++ = '"';
    const char *at = utf8.data();
    const char *const end = at + utf8.size();
    while (at < end) {
        const char *const run = at;
        while (at < end && !needsEscape(static_cast<unsigned char>(*at)))
            ++at;
        out = std::copy(run, at, out);
        if (at < end)
            out = writeEscapedAscii(out, static_cast<unsigned char>(*at++));
    }
    *out++ = '"';
    return out;
}

void appendAsciiString(QByteArray &out, QLatin1StringView text)
{
    out.append('"');
    out.append(text.data(), text.size());
    out.append('"');
}

void appendInteger(QByteArray &out, qint64 value)
{
    char buffer[24];
    char *end = buffer + sizeof buffer;
    char *cursor = end;
    quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--cursor = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--cursor = '-';
    out.append(cursor, end - cursor);
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null", 4);
        return;
    case QJsonValue::Bool:
        if (value.toBool())
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    case QJsonValue::Double: {
        // QJsonValue keeps whole numbers as integers; toInteger() gives them back exactly.
        constexpr qint64 notWhole = std::numeric_limits<qint64>::min();
        const qint64 whole = value.toInteger(notWhole);
        if (whole != notWhole) {
            appendInteger(out, whole);
            return;
        }
        const double number = value.toDouble();
        if (std::isfinite(number))
            out.append(QByteArray::number(number, 'g', QLocale::FloatingPointShortest));
        else
            out.append("null", 4);
        return;
    }
    case QJsonValue::String:
        appendString(out, value.toString());
        return;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        return;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        return;
    }
}

void appendObject(QByteArray &out, const QJsonObject &object)
{
    out.append('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, it.key());
        out.append(':');
        appendValue(out, it.value());
    }
    out.append('}');
}

void appendArray(QByteArray &out, const QJsonArray &array)
{
    out.append('[');
    bool first = true;
    for (const QJsonValue &value : array) {
        if (!first)
            out.append(',');
        first = false;
        appendValue(out, value);
    }
    out.append(']');
}

} // namespace Planhat::JsonBytes
