// SPDX-License-Identifier: MIT
#include "jsonbytes.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace Planhat::JsonBytes {

namespace {

char hexDigit(int value)
{
    return "0123456789abcdef"[value & 0xf];
}

void appendEscapedAscii(QByteArray &out, char16_t unit)
{
    out.append('\\');
    switch (unit) {
    case u'"':
        out.append('"');
        return;
    case u'\\':
        out.append('\\');
        return;
    case u'\b':
        out.append('b');
        return;
    case u'\f':
        out.append('f');
        return;
    case u'\n':
        out.append('n');
        return;
    case u'\r':
        out.append('r');
        return;
    case u'\t':
        out.append('t');
        return;
    default:
        out.append("u00", 3);
        out.append(hexDigit(unit >> 4));
        out.append(hexDigit(unit));
        return;
    }
}

bool needsEscape(char16_t unit)
{
    return unit < 0x20 || unit == u'"' || unit == u'\\';
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    out.append('"');
    const char16_t *units = text.utf16();
    const qsizetype size = text.size();
    qsizetype i = 0;
    // Plain ASCII runs (nearly every key and value) are copied unit by unit without a
    // detour through QString::toUtf8().
    const qsizetype start = out.size();
    out.resize(start + size);
    char *cursor = out.data() + start;
    for (; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit >= 0x80 || needsEscape(unit))
            break;
        *cursor++ = char(unit);
    }
    out.resize(start + i);
    for (; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit < 0x80) {
            if (needsEscape(unit))
                appendEscapedAscii(out, unit);
            else
                out.append(char(unit));
            continue;
        }
        char32_t code = unit;
        if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(units[i + 1])) {
            code = QChar::surrogateToUcs4(unit, units[i + 1]);
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            // A lone surrogate has no UTF-8 form: escaped, as QJsonDocument does.
            out.append("\\u", 2);
            for (int shift = 12; shift >= 0; shift -= 4)
                out.append(hexDigit(unit >> shift));
            continue;
        }
        if (code < 0x800) {
            out.append(char(0xc0 | (code >> 6)));
            out.append(char(0x80 | (code & 0x3f)));
        } else if (code < 0x10000) {
            out.append(char(0xe0 | (code >> 12)));
            out.append(char(0x80 | ((code >> 6) & 0x3f)));
            out.append(char(0x80 | (code & 0x3f)));
        } else {
            out.append(char(0xf0 | (code >> 18)));
            out.append(char(0x80 | ((code >> 12) & 0x3f)));
            out.append(char(0x80 | ((code >> 6) & 0x3f)));
            out.append(char(0x80 | (code & 0x3f)));
        }
    }
    out.append('"');
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
