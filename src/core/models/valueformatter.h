// SPDX-License-Identifier: MIT
#pragma once

#include "schema/fieldspec.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QLocale>
#include <QString>

#include <functional>
#include <limits>

namespace Planhat {

class ObjectColumn;

/// Turns field values into the text people read, by field type: dates and numbers in the
/// locale's short formats, day numbers as dates, lists joined with ", ", objects as compact
/// JSON, and references by the referenced object's name (falling back to the id).
/// Booleans have no text: views show them as check boxes (see checkState()).
/// Not thread-safe (it caches date texts); copies may be used on other threads.
class ValueFormatter
{
public:
    /// The name of the object `id` of type `typeName`, or an empty string when unknown.
    using NameLookup = std::function<QString(const QString &typeName, const QString &id)>;

    explicit ValueFormatter(const QLocale &locale = QLocale());

    QLocale locale() const { return m_locale; }
    void setLocale(const QLocale &locale);
    void setNameLookup(NameLookup lookup) { m_nameLookup = std::move(lookup); }

    QString displayText(const ObjectColumn &column, const QJsonValue &value) const;
    /// The id(s) for references, the full text for long values, otherwise empty.
    QString toolTip(const ObjectColumn &column, const QJsonValue &value) const;
    /// Every character, case-folded, that the display text of a number (`FieldType::Number`)
    /// or of an ISO date (`FieldType::Date`) can hold, so that a filter can tell no such value
    /// contains its text without writing each one; empty when that cannot be told.
    QString possibleCharacters(FieldType type) const;

    /// Qt::Checked or Qt::Unchecked for a boolean (also "true"/"false" strings); -1 when
    /// the value is missing or not a boolean.
    static int checkState(const QJsonValue &value);
    /// Parses the API's date strings: ISO 8601 with or without milliseconds and offset, or
    /// a plain "YYYY-MM-DD" (taken as midnight UTC); numbers are milliseconds since the epoch.
    /// Invalid when the value is no date.
    static QDateTime parseDateTime(const QJsonValue &value);
    /// The date `days` days after 1970-01-01 (invoice dates).
    static QDate dateFromDayNumber(qint64 days);
    /// The calendar day a Date or DayNumber value stands for: the one rule by which the
    /// table, the cell editor and the record form show and edit dates, in every time zone.
    /// A day number is its day. A timestamp at exactly midnight UTC (or a plain
    /// "YYYY-MM-DD") is that UTC day: Planhat stores calendar days (renewal dates, day custom
    /// fields) that way. Any other timestamp is the day of its local time, as the table shows
    /// it with its time. Invalid when the value is no date.
    static QDate calendarDay(FieldType type, const QJsonValue &value);
    /// The value that stores the calendar day `day` (the inverse of calendarDay()): its day
    /// number for DayNumber, else midnight UTC of it written as the API writes dates
    /// ("2024-03-01T00:00:00.000Z").
    static QJsonValue valueOfDay(FieldType type, const QDate &day);
    /// A number from a JSON number or a numeric string; false in `ok` otherwise.
    static double toNumber(const QJsonValue &value, bool *ok);
    /// Values longer than this get their full text as a tooltip.
    static constexpr int longTextLength = 60;

private:
    /// Whether a timestamp (in UTC) stands for a whole calendar day: exactly midnight UTC.
    static bool isCalendarDay(const QDateTime &utc);
    QString dateText(const QJsonValue &value) const;
    QString formatDate(const QJsonValue &value) const;
    QString numberText(const QJsonValue &value) const;
    QString plainText(const QJsonValue &value) const;
    QString referenceText(const QString &typeName, const QJsonValue &value) const;
    /// Seconds the local time zone is ahead of UTC at `utc`, or unknownOffset when the
    /// offset changes within that hour.
    int localOffset(const QDateTime &utc) const;
    static constexpr int unknownOffset = std::numeric_limits<int>::min();

    QLocale m_locale;
    NameLookup m_nameLookup;
    /// Date texts by the part of the ISO string that decides them (up to the minute, as
    /// short formats show no seconds): tables hold many timestamps of the same minute, and
    /// formatting one in local time costs microseconds.
    mutable QHash<QString, QString> m_dateTexts;
    bool m_dateTextsByMinute = true;
    QString m_dateTimeFormat; ///< the locale's short date-and-time format
    /// The local time zone's offset per hour since the epoch (see localOffset()).
    mutable QHash<qint64, int> m_localOffsets;
};

} // namespace Planhat
