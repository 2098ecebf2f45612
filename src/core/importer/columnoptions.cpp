// SPDX-License-Identifier: MIT
#include "columnoptions.h"

#include <QJsonValue>

namespace Planhat {

namespace {

// The names used in saved mapping files. Files outlive versions: never rename.
const std::pair<ColumnOptions::DateFormat, const char *> dateFormatNames[] = {
    {ColumnOptions::DateFormat::Iso8601, "iso8601"},
    {ColumnOptions::DateFormat::DayMonthYear, "dd/MM/yyyy"},
    {ColumnOptions::DateFormat::MonthDayYear, "MM/dd/yyyy"},
    {ColumnOptions::DateFormat::YearMonthDay, "yyyy-MM-dd"},
    {ColumnOptions::DateFormat::ExcelSerial, "excel-serial"},
};

} // namespace

QJsonObject ColumnOptions::toJson() const
{
    QJsonObject json;
    for (const auto &[format, name] : dateFormatNames) {
        if (format == dateFormat)
            json.insert(QStringLiteral("dateFormat"), QLatin1String(name));
    }
    json.insert(QStringLiteral("decimalComma"), decimalComma);
    json.insert(QStringLiteral("listSeparator"), listSeparator);
    json.insert(QStringLiteral("trim"), trim);
    json.insert(QStringLiteral("emptyCell"),
                emptyCell == EmptyCell::Clear ? QStringLiteral("clear") : QStringLiteral("leave"));
    return json;
}

bool ColumnOptions::fromJson(const QJsonObject &json, ColumnOptions *options, QString *error)
{
    ColumnOptions result;
    if (json.contains(QStringLiteral("dateFormat"))) {
        const QString name = json.value(QStringLiteral("dateFormat")).toString();
        bool known = false;
        for (const auto &[format, formatName] : dateFormatNames) {
            if (name == QLatin1String(formatName)) {
                result.dateFormat = format;
                known = true;
            }
        }
        if (!known) {
            *error = QStringLiteral("unknown date format '%1'").arg(name);
            return false;
        }
    }
    result.decimalComma = json.value(QStringLiteral("decimalComma")).toBool(result.decimalComma);
    result.listSeparator
        = json.value(QStringLiteral("listSeparator")).toString(result.listSeparator);
    if (result.listSeparator.isEmpty()) {
        *error = QStringLiteral("the list separator is empty");
        return false;
    }
    result.trim = json.value(QStringLiteral("trim")).toBool(result.trim);
    const QString empty = json.value(QStringLiteral("emptyCell")).toString(QStringLiteral("leave"));
    if (empty != QLatin1String("leave") && empty != QLatin1String("clear")) {
        *error = QStringLiteral("emptyCell must be \"leave\" or \"clear\", not '%1'").arg(empty);
        return false;
    }
    result.emptyCell = empty == QLatin1String("clear") ? EmptyCell::Clear : EmptyCell::LeaveAlone;
    *options = result;
    return true;
}

bool ColumnOptions::operator==(const ColumnOptions &other) const
{
    return dateFormat == other.dateFormat && decimalComma == other.decimalComma
        && listSeparator == other.listSeparator && trim == other.trim
        && emptyCell == other.emptyCell;
}

} // namespace Planhat
