// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

namespace Planhat::Test {

/// The Python every workbook test reads with: Debian's, which has openpyxl (the python3 on
/// PATH may be another one without it).
inline QString systemPython()
{
    return QStringLiteral("/usr/bin/python3");
}

/// What xlsxinspect.py (openpyxl, independent of our writer) reads in the workbook at
/// `path`: {"sheets": [{name, state, freeze, widths, validations, rows}]}. Empty with
/// `error` set when it cannot run (openpyxl missing is an error, never a skip).
inline QJsonObject inspectWorkbook(const QString &path, QString *error)
{
    QProcess python;
    python.start(systemPython(), {QStringLiteral(PLANHAT_XLSX_INSPECT_SCRIPT), path});
    if (!python.waitForFinished(60000) || python.exitStatus() != QProcess::NormalExit
        || python.exitCode() != 0) {
        *error = QStringLiteral("%1 xlsxinspect.py %2 failed (%3): %4")
                     .arg(systemPython(), path, python.errorString(),
                          QString::fromUtf8(python.readAllStandardError()));
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(python.readAllStandardOutput(), &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("xlsxinspect.py printed no JSON: %1").arg(parseError.errorString());
        return {};
    }
    return document.object();
}

/// Sheet `name` of an inspectWorkbook() answer (the first when `name` is empty).
inline QJsonObject inspectedSheet(const QJsonObject &workbook, const QString &name = QString())
{
    for (const QJsonValue &sheet : workbook.value(QStringLiteral("sheets")).toArray()) {
        if (name.isEmpty() || sheet[QStringLiteral("name")].toString() == name)
            return sheet.toObject();
    }
    return {};
}

/// Cell (row, column), both from 0, of an inspected sheet; null for an empty cell.
inline QJsonValue inspectedCell(const QJsonObject &sheet, int row, int column)
{
    return sheet.value(QStringLiteral("rows")).toArray().at(row).toArray().at(column);
}

} // namespace Planhat::Test
