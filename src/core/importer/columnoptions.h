// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Planhat {

/// How the text of one CSV column is read before it becomes a field value.
struct ColumnOptions
{
    /// How dates in the column are written.
    enum class DateFormat {
        Iso8601, ///< 2024-03-01, 2024-03-01T10:00:00Z, ...
        DayMonthYear, ///< dd/MM/yyyy (also with - or .)
        MonthDayYear, ///< MM/dd/yyyy (also with - or .)
        YearMonthDay, ///< yyyy-MM-dd (also with / or .)
        ExcelSerial, ///< days since 1899-12-30, as spreadsheets store them
    };
    /// What an empty cell means.
    enum class EmptyCell {
        LeaveAlone, ///< the field is not sent: the tenant keeps its value
        Clear, ///< the field is sent empty (null): the tenant's value is removed
    };

    DateFormat dateFormat = DateFormat::Iso8601;
    bool decimalComma = false; ///< "1.234,5" means 1234.5
    QString listSeparator = QStringLiteral(";"); ///< between values of multi-pick fields
    bool trim = true; ///< strip surrounding white space
    EmptyCell emptyCell = EmptyCell::LeaveAlone;

    QJsonObject toJson() const;
    /// Reads what toJson() wrote; unknown or missing keys keep their defaults. Returns false
    /// and sets `error` for values it cannot understand.
    static bool fromJson(const QJsonObject &json, ColumnOptions *options, QString *error);

    bool operator==(const ColumnOptions &other) const;
};

} // namespace Planhat
