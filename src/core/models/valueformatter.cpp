// SPDX-License-Identifier: MIT
#include "valueformatter.h"

#include "objectcolumn.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Planhat {

namespace {

const QString listSeparator = QStringLiteral(", ");

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

/// The ids a reference value holds: one for an ObjectId, each string of a list.
QStringList referenceIds(const QJsonValue &value)
{
    QStringList ids;
    if (value.isString()) {
        ids.append(value.toString());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (item.isString())
                ids.append(item.toString());
        }
    }
    return ids;
}

/// The two-digit number at `text[at]`, or -1.
int twoDigits(QStringView text, qsizetype at)
{
    const char16_t high = text[at].unicode();
    const char16_t low = text[at + 1].unicode();
    if (high < u'0' || high > u'9' || low < u'0' || low > u'9')
        return -1;
    return (high - u'0') * 10 + (low - u'0');
}

/// Reads the API's own timestamp form, "2024-01-15T09:30:12Z" or "2024-01-15T09:30:12.250Z",
/// without the general ISO parser (tables format tens of thousands of them). Invalid for
/// anything else, which then goes the general way.
QDateTime parseApiTimestamp(QStringView text)
{
    if ((text.size() != 20 && text.size() != 24) || text.back() != u'Z' || text[4] != u'-'
        || text[7] != u'-' || text[10] != u'T' || text[13] != u':' || text[16] != u':')
        return QDateTime();
    const int century = twoDigits(text, 0);
    const int yearInCentury = twoDigits(text, 2);
    const int month = twoDigits(text, 5);
    const int day = twoDigits(text, 8);
    const int hour = twoDigits(text, 11);
    const int minute = twoDigits(text, 14);
    const int second = twoDigits(text, 17);
    int millisecond = 0;
    if (text.size() == 24) {
        const int hundreds = twoDigits(text, 20);
        const char16_t last = text[22].unicode();
        if (text[19] != u'.' || hundreds < 0 || last < u'0' || last > u'9')
            return QDateTime();
        millisecond = hundreds * 10 + (last - u'0');
    }
    if (century < 0 || yearInCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0
        || second < 0)
        return QDateTime();
    const QDate date(century * 100 + yearInCentury, month, day);
    const QTime time(hour, minute, second, millisecond);
    if (!date.isValid() || !time.isValid())
        return QDateTime();
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

ValueFormatter::ValueFormatter(const QLocale &locale)
{
    setLocale(locale);
}

void ValueFormatter::setLocale(const QLocale &locale)
{
    m_locale = locale;
    m_dateTexts.clear();
    m_dateTimeFormat = locale.dateTimeFormat(QLocale::ShortFormat);
    m_dateTextsByMinute = !locale.timeFormat(QLocale::ShortFormat).contains(QLatin1Char('s'));
}

QString ValueFormatter::displayText(const ObjectColumn &column, const QJsonValue &value) const
{
    if (value.isUndefined() || value.isNull())
        return QString();
    if (column.isReference())
        return referenceText(column.field().referenceType, value);
    switch (column.type()) {
    case FieldType::Boolean:
        return QString();
    case FieldType::Number:
        return numberText(value);
    case FieldType::Date:
        return dateText(value);
    case FieldType::DayNumber: {
        bool ok = false;
        const double days = toNumber(value, &ok);
        return ok ? m_locale.toString(dateFromDayNumber(qint64(days)), QLocale::ShortFormat)
                  : plainText(value);
    }
    case FieldType::Text:
    case FieldType::ObjectId:
    case FieldType::Enum:
    case FieldType::List:
    case FieldType::Object:
        break;
    }
    return plainText(value);
}

QString ValueFormatter::toolTip(const ObjectColumn &column, const QJsonValue &value) const
{
    if (value.isUndefined() || value.isNull())
        return QString();
    if (column.isReference())
        return referenceIds(value).join(listSeparator);
    if (column.type() == FieldType::Boolean)
        return QString();
    const QString text = displayText(column, value);
    if (text.size() > longTextLength || text.contains(QLatin1Char('\n')))
        return text;
    return QString();
}

int ValueFormatter::checkState(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? Qt::Checked : Qt::Unchecked;
    if (value.isString()) {
        const QString text = value.toString();
        if (text == QLatin1String("true"))
            return Qt::Checked;
        if (text == QLatin1String("false"))
            return Qt::Unchecked;
    }
    return -1;
}

QDateTime ValueFormatter::parseDateTime(const QJsonValue &value)
{
    if (value.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
    if (!value.isString())
        return QDateTime();
    const QString text = value.toString().trimmed();
    const QDateTime timestamp = parseApiTimestamp(text);
    if (timestamp.isValid())
        return timestamp;
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        return date.isValid() ? QDateTime(date, QTime(0, 0), Qt::UTC) : QDateTime();
    }
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

QDate ValueFormatter::dateFromDayNumber(qint64 days)
{
    return QDate(1970, 1, 1).addDays(days);
}

QDate ValueFormatter::calendarDay(FieldType type, const QJsonValue &value)
{
    if (type == FieldType::DayNumber) {
        bool ok = false;
        const double days = toNumber(value, &ok);
        return ok ? dateFromDayNumber(qint64(days)) : QDate();
    }
    const QDateTime utc = parseDateTime(value).toUTC();
    if (!utc.isValid())
        return QDate();
    return isCalendarDay(utc) ? utc.date() : utc.toLocalTime().date();
}

QJsonValue ValueFormatter::valueOfDay(FieldType type, const QDate &day)
{
    if (!day.isValid())
        return QJsonValue(QJsonValue::Null);
    if (type == FieldType::DayNumber)
        return double(QDate(1970, 1, 1).daysTo(day));
    return day.toString(Qt::ISODate) + QStringLiteral("T00:00:00.000Z");
}

bool ValueFormatter::isCalendarDay(const QDateTime &utc)
{
    return utc.time() == QTime(0, 0);
}

double ValueFormatter::toNumber(const QJsonValue &value, bool *ok)
{
    if (value.isDouble()) {
        *ok = true;
        return value.toDouble();
    }
    if (value.isString())
        return value.toString().trimmed().toDouble(ok);
    *ok = false;
    return 0;
}

QString ValueFormatter::possibleCharacters(FieldType type) const
{
    // Every digit, the minus sign and both separators.
    QString texts = numberText(QJsonValue(-1234567890.25));
    if (type == FieldType::Date) {
        if (m_dateTimeFormat.contains(QLatin1Char('t')))
            return QString(); // names of time zones
        // A whole year at four times of day, through the same code as displayText(): every
        // month and weekday name, both halves of the day, midnight UTC as a plain date, and
        // the formats' literal text.
        const QDate first(2023, 1, 1);
        for (int day = 0; day < 365; ++day) {
            const QString date = first.addDays(day).toString(Qt::ISODate);
            texts += formatDate(QJsonValue(date + QStringLiteral("T00:00:00.000Z")));
            for (const char *time :
                 {"T01:23:00.000Z", "T07:23:00.000Z", "T13:23:00.000Z", "T19:23:00.000Z"})
                texts += formatDate(QJsonValue(date + QLatin1String(time)));
        }
    } else if (type != FieldType::Number) {
        return QString();
    }
    const QString folded = texts.toCaseFolded();
    QString characters;
    for (QChar c : folded) {
        if (!characters.contains(c))
            characters.append(c);
    }
    return characters;
}

QString ValueFormatter::dateText(const QJsonValue &value) const
{
    // "2024-01-15T09:30:12.250Z": everything after the minute is irrelevant to the text,
    // unless the time is 00:00 (midnight UTC shows as a plain date, exactly at midnight).
    QString cacheKey;
    if (m_dateTextsByMinute && value.isString()) {
        const QString text = value.toString();
        if ((text.size() == 20 || text.size() == 24) && text.endsWith(QLatin1Char('Z'))
            && text.at(10) == QLatin1Char('T')) {
            cacheKey
                = QStringView(text).mid(11, 5) == QLatin1String("00:00") ? text : text.left(16);
            const auto cached = m_dateTexts.constFind(cacheKey);
            if (cached != m_dateTexts.constEnd())
                return cached.value();
        }
    }
    const QString text = formatDate(value);
    if (!cacheKey.isEmpty()) {
        if (m_dateTexts.size() > 100000)
            m_dateTexts.clear();
        m_dateTexts.insert(cacheKey, text);
    }
    return text;
}

QString ValueFormatter::formatDate(const QJsonValue &value) const
{
    const QDateTime dateTime = parseDateTime(value);
    if (!dateTime.isValid())
        return plainText(value);
    // Planhat stores calendar days (renewal dates, day custom fields) as midnight UTC: show
    // them as that day, not as the evening before in time zones west of UTC (calendarDay()).
    const QDateTime utc = dateTime.toUTC();
    if (isCalendarDay(utc))
        return m_locale.toString(utc.date(), QLocale::ShortFormat);
    const int offset = localOffset(utc);
    if (offset == unknownOffset || m_dateTimeFormat.contains(QLatin1Char('t')))
        return m_locale.toString(dateTime.toLocalTime(), QLocale::ShortFormat);
    // The local wall-clock time, written without asking the C library for each value
    // (which reads the time-zone file's status every time).
    const QDateTime local = utc.addSecs(offset);
    return m_locale.toString(QDateTime(local.date(), local.time(), Qt::UTC), m_dateTimeFormat);
}

int ValueFormatter::localOffset(const QDateTime &utc) const
{
    constexpr qint64 hourMs = 3600 * 1000;
    const qint64 milliseconds = utc.toMSecsSinceEpoch();
    const qint64 hour = milliseconds >= 0 ? milliseconds / hourMs : (milliseconds + 1) / hourMs - 1;
    const auto known = m_localOffsets.constFind(hour);
    if (known != m_localOffsets.constEnd())
        return known.value();
    // One offset for the whole hour when its first and last millisecond agree (a change
    // of offset within the hour makes its times go the slow, exact way).
    const int first
        = QDateTime::fromMSecsSinceEpoch(hour * hourMs, Qt::UTC).toLocalTime().offsetFromUtc();
    const int last = QDateTime::fromMSecsSinceEpoch(hour * hourMs + hourMs - 1, Qt::UTC)
                         .toLocalTime()
                         .offsetFromUtc();
    const int offset = first == last ? first : unknownOffset;
    if (m_localOffsets.size() > 100000)
        m_localOffsets.clear();
    m_localOffsets.insert(hour, offset);
    return offset;
}

QString ValueFormatter::numberText(const QJsonValue &value) const
{
    bool ok = false;
    const double number = toNumber(value, &ok);
    if (!ok)
        return plainText(value);
    return m_locale.toString(number, 'f', QLocale::FloatingPointShortest);
}

QString ValueFormatter::plainText(const QJsonValue &value) const
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return m_locale.toString(value.toDouble(), 'f', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array: {
        QStringList parts;
        const QJsonArray array = value.toArray();
        parts.reserve(array.size());
        for (const QJsonValue &item : array) {
            if (item.isObject() || item.isArray())
                parts.append(compactJson(item));
            else
                parts.append(plainText(item));
        }
        return parts.join(listSeparator);
    }
    case QJsonValue::Object:
        return compactJson(value);
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

QString ValueFormatter::referenceText(const QString &typeName, const QJsonValue &value) const
{
    if (!value.isString() && !value.isArray())
        return plainText(value);
    const QStringList ids = referenceIds(value);
    QStringList names;
    names.reserve(ids.size());
    for (const QString &id : ids) {
        const QString name = m_nameLookup ? m_nameLookup(typeName, id) : QString();
        names.append(name.isEmpty() ? id : name);
    }
    return names.join(listSeparator);
}

} // namespace Planhat
