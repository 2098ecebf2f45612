// SPDX-License-Identifier: MIT
#include "valueconverter.h"

#include "schema/fieldspec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <charconv>

#include <cmath>

namespace Planhat {

namespace {

const QDate unixEpoch(1970, 1, 1);
// Spreadsheets count days from 1899-12-30 (which absorbs Lotus 1-2-3's 1900 leap-year bug).
const QDate spreadsheetEpoch(1899, 12, 30);

QString isoText(const QDateTime &dateTime)
{
    // The same text as toString(Qt::ISODateWithMs) in UTC, which costs microseconds per
    // call: a million date cells would take seconds.
    const QDateTime utc = dateTime.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    if (date.year() < 0 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs);
    // yyyy-MM-ddTHH:mm:ss.zzzZ, digit by digit (snprintf alone costs a microsecond).
    char16_t text[24];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            text[at + i] = char16_t(u'0' + value % 10);
            value /= 10;
        }
    };
    put(0, date.year(), 4);
    text[4] = u'-';
    put(5, date.month(), 2);
    text[7] = u'-';
    put(8, date.day(), 2);
    text[10] = u'T';
    put(11, time.hour(), 2);
    text[13] = u':';
    put(14, time.minute(), 2);
    text[16] = u':';
    put(17, time.second(), 2);
    text[19] = u'.';
    put(20, time.msec(), 3);
    text[23] = u'Z';
    return QString(reinterpret_cast<const QChar *>(text), 24);
}

QString allowedList(const QStringList &values)
{
    constexpr int shown = 12;
    QString list = values.mid(0, shown).join(QLatin1String(", "));
    if (values.size() > shown)
        list += QStringLiteral(", ... (%1 in all)").arg(values.size());
    return list;
}

/// The allowed value `text` names, ignoring case; empty when none does.
QString canonicalValue(const QString &text, const QStringList &allowed)
{
    for (const QString &value : allowed) {
        if (value.compare(text, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QString();
}

bool parseDayMonthYear(const QString &text, bool dayFirst, QDate *date)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    const int first = match.captured(1).toInt();
    const int second = match.captured(2).toInt();
    *date = dayFirst ? QDate(match.captured(3).toInt(), second, first)
                     : QDate(match.captured(3).toInt(), first, second);
    return date->isValid();
}

QString dateFormatName(ColumnOptions::DateFormat format)
{
    switch (format) {
    case ColumnOptions::DateFormat::Iso8601:
        return QStringLiteral("an ISO 8601 date (2024-03-31)");
    case ColumnOptions::DateFormat::DayMonthYear:
        return QStringLiteral("a date as dd/MM/yyyy");
    case ColumnOptions::DateFormat::MonthDayYear:
        return QStringLiteral("a date as MM/dd/yyyy");
    case ColumnOptions::DateFormat::YearMonthDay:
        return QStringLiteral("a date as yyyy-MM-dd");
    case ColumnOptions::DateFormat::ExcelSerial:
        return QStringLiteral("a spreadsheet date number (45383)");
    }
    return QString();
}

} // namespace

bool ValueConverter::parseNumber(const QString &text, bool decimalComma, double *number)
{
    static const QRegularExpression groupedWithDots(
        QStringLiteral("^[+-]?\\d{1,3}(\\.\\d{3})+(,\\d+)?$"));
    static const QRegularExpression groupedWithCommas(
        QStringLiteral("^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$"));
    const QChar group = decimalComma ? QLatin1Char('.') : QLatin1Char(',');
    // Most cells are plain ("1234.5", "-3"): read those without copying the text.
    const bool plain = std::none_of(text.cbegin(), text.cend(), [group](QChar c) {
        return c == QLatin1Char(' ') || c == QChar(0x00A0) || c == QChar(0x202F) || c == group
            || c == QLatin1Char(',');
    });
    if (plain && text.size() < 64) {
        // QString::toDouble() costs thousands of instructions; from_chars on the ASCII
        // bytes gives the same value (and never depends on the C locale).
        char ascii[64];
        qsizetype length = 0;
        for (const QChar c : text) {
            if (c.unicode() > 0x7f)
                return false;
            ascii[length++] = char(c.unicode());
        }
        const char *begin = ascii;
        if (length > 0 && ascii[0] == '+')
            ++begin;
        if (begin == ascii + length || *begin == '+')
            return false;
        double value = 0;
        const std::from_chars_result result = std::from_chars(begin, ascii + length, value);
        if (result.ec != std::errc() || result.ptr != ascii + length || !std::isfinite(value))
            return false;
        *number = value;
        return true;
    }
    QString normal = text;
    normal.remove(QLatin1Char(' ')).remove(QChar(0x00A0)).remove(QChar(0x202F));
    if (normal.contains(group)) {
        const QRegularExpression &grouped = decimalComma ? groupedWithDots : groupedWithCommas;
        if (!grouped.match(normal).hasMatch())
            return false;
        normal.remove(group);
    }
    if (decimalComma)
        normal.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    const double value = normal.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return false;
    *number = value;
    return true;
}

bool ValueConverter::parseBoolean(const QString &text, bool *value)
{
    static const QStringList yes {QStringLiteral("true"), QStringLiteral("yes"),
                                  QStringLiteral("y"),    QStringLiteral("1"),
                                  QStringLiteral("x"),    QStringLiteral("on")};
    static const QStringList no {QStringLiteral("false"), QStringLiteral("no"), QStringLiteral("n"),
                                 QStringLiteral("0"), QStringLiteral("off")};
    const QString lower = text.toLower();
    if (yes.contains(lower)) {
        *value = true;
        return true;
    }
    if (no.contains(lower)) {
        *value = false;
        return true;
    }
    return false;
}

bool ValueConverter::parseDate(const QString &text, ColumnOptions::DateFormat format,
                               QDateTime *dateTime)
{
    QDate date;
    switch (format) {
    case ColumnOptions::DateFormat::Iso8601: {
        // QDate alone would read the date part of a date and time and drop the time.
        const bool hasTime = text.size() > 10;
        if (!hasTime)
            date = QDate::fromString(text, Qt::ISODate);
        if (hasTime) {
            QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!parsed.isValid())
                return false;
            // A time without a zone is taken as UTC, so a file means the same everywhere.
            if (parsed.timeSpec() == Qt::LocalTime)
                parsed.setTimeZone(QTimeZone::utc());
            *dateTime = parsed.toUTC();
            return true;
        }
        break;
    }
    case ColumnOptions::DateFormat::DayMonthYear:
        if (!parseDayMonthYear(text, true, &date))
            return false;
        break;
    case ColumnOptions::DateFormat::MonthDayYear:
        if (!parseDayMonthYear(text, false, &date))
            return false;
        break;
    case ColumnOptions::DateFormat::YearMonthDay: {
        static const QRegularExpression pattern(
            QStringLiteral("^(\\d{4})[/.-](\\d{1,2})[/.-](\\d{1,2})$"));
        const QRegularExpressionMatch match = pattern.match(text);
        if (!match.hasMatch())
            return false;
        date = QDate(match.captured(1).toInt(), match.captured(2).toInt(),
                     match.captured(3).toInt());
        break;
    }
    case ColumnOptions::DateFormat::ExcelSerial: {
        double serial = 0;
        if (!parseNumber(text, false, &serial) || serial < 1 || serial > 2958465)
            return false;
        const qint64 days = qint64(std::floor(serial));
        const qint64 milliseconds = qint64(std::llround((serial - double(days)) * 86400000.0));
        *dateTime = QDateTime(spreadsheetEpoch.addDays(days), QTime(0, 0), QTimeZone::utc())
                        .addMSecs(milliseconds);
        return true;
    }
    }
    if (!date.isValid())
        return false;
    *dateTime = QDateTime(date, QTime(0, 0), QTimeZone::utc());
    return true;
}

bool ValueConverter::isObjectId(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-fA-F]{24}$"));
    return pattern.match(text).hasMatch();
}

ConvertedValue ValueConverter::convert(const QString &rawText, const FieldSpec &field,
                                       const ColumnOptions &options)
{
    const QString text = options.trim ? rawText.trimmed() : rawText;
    if (text.isEmpty()) {
        return options.emptyCell == ColumnOptions::EmptyCell::Clear
            ? ConvertedValue::of(QJsonValue(QJsonValue::Null))
            : ConvertedValue::skip();
    }

    switch (field.type) {
    case FieldType::Text:
        return ConvertedValue::of(text);
    case FieldType::Number: {
        double number = 0;
        if (!parseNumber(text, options.decimalComma, &number)) {
            return ConvertedValue::invalid(
                options.decimalComma
                    ? QStringLiteral("\"%1\" is not a number (decimal comma expected)").arg(text)
                    : QStringLiteral("\"%1\" is not a number").arg(text));
        }
        return ConvertedValue::of(number);
    }
    case FieldType::Boolean: {
        bool value = false;
        if (!parseBoolean(text, &value)) {
            return ConvertedValue::invalid(
                QStringLiteral("\"%1\" is not yes or no (true/false, yes/no, 1/0)").arg(text));
        }
        return ConvertedValue::of(value);
    }
    case FieldType::Date:
    case FieldType::DayNumber: {
        QDateTime dateTime;
        // Day numbers may also come as the number itself.
        bool isInteger = false;
        const qint64 dayNumber = text.toLongLong(&isInteger);
        if (field.type == FieldType::DayNumber && isInteger
            && options.dateFormat != ColumnOptions::DateFormat::ExcelSerial)
            return ConvertedValue::of(double(dayNumber));
        if (!parseDate(text, options.dateFormat, &dateTime)) {
            return ConvertedValue::invalid(
                QStringLiteral("\"%1\" is not %2").arg(text, dateFormatName(options.dateFormat)));
        }
        if (field.type == FieldType::DayNumber)
            return ConvertedValue::of(double(unixEpoch.daysTo(dateTime.date())));
        return ConvertedValue::of(isoText(dateTime));
    }
    case FieldType::ObjectId:
        if (isObjectId(text) || text.startsWith(QLatin1String("extid-"))
            || text.startsWith(QLatin1String("srcid-")))
            return ConvertedValue::of(text);
        return ConvertedValue::invalid(
            QStringLiteral("\"%1\" is not an id (24 hexadecimal digits, or extid-... / "
                           "srcid-...)")
                .arg(text));
    case FieldType::Enum: {
        if (field.allowedValues.isEmpty())
            return ConvertedValue::of(text);
        const QString value = canonicalValue(text, field.allowedValues);
        if (value.isEmpty()) {
            return ConvertedValue::invalid(QStringLiteral("\"%1\" is not one of: %2")
                                               .arg(text, allowedList(field.allowedValues)));
        }
        return ConvertedValue::of(value);
    }
    case FieldType::List: {
        QJsonArray values;
        for (QString item : text.split(options.listSeparator, Qt::SkipEmptyParts)) {
            item = item.trimmed();
            if (item.isEmpty())
                continue;
            if (!field.allowedValues.isEmpty()) {
                const QString value = canonicalValue(item, field.allowedValues);
                if (value.isEmpty()) {
                    return ConvertedValue::invalid(
                        QStringLiteral("\"%1\" is not one of: %2")
                            .arg(item, allowedList(field.allowedValues)));
                }
                item = value;
            } else if (!field.referenceType.isEmpty() && !isObjectId(item)) {
                return ConvertedValue::invalid(
                    QStringLiteral("\"%1\" is not an id (24 hexadecimal digits)").arg(item));
            }
            values.append(item);
        }
        return ConvertedValue::of(values);
    }
    case FieldType::Object: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            return ConvertedValue::invalid(
                QStringLiteral("\"%1\" is not a JSON object such as {\"key\": \"value\"}")
                    .arg(text));
        }
        return ConvertedValue::of(document.object());
    }
    }
    return ConvertedValue::of(text);
}

} // namespace Planhat
