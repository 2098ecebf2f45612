// SPDX-License-Identifier: MIT
#pragma once

#include "schema/objecttype.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace Planhat {

class WorkbookWriter;

/// Writes Planhat records to a sheet of a WorkbookWriter with the columns and header names
/// of RecordCsvWriter (field names, "custom.Region"), each value typed by its field in
/// `type` (custom fields applied) and by its JSON type: numbers as numbers, booleans as
/// booleans, dates and invoice day numbers as Excel dates, text as text even when it looks
/// like a number, lists joined by ";" as in CSV, objects as compact JSON. With no columns
/// given, every field found is a column, so rows are kept until finish().
class RecordWorkbookWriter
{
public:
    RecordWorkbookWriter(WorkbookWriter *workbook, const QStringList &columns,
                         const ObjectType &type);

    /// False once the workbook failed (its errorString() says why).
    bool addRows(const QList<QJsonObject> &rows);
    /// Writes buffered rows (and the header when no row came at all).
    bool finish();
    qint64 rowsWritten() const { return m_rowsWritten; }
    QStringList columns() const { return m_columns; }

    /// The cell for `value` of `field` (nullptr: a field the type does not know).
    static QVariant cellValue(const QJsonValue &value, const FieldSpec *field);

private:
    bool writeRows(const QList<QJsonObject> &rows);

    WorkbookWriter *m_workbook; // not owned
    QStringList m_columns;
    ObjectType m_type;
    QList<const FieldSpec *> m_fields; // per column, into m_type
    QList<QJsonObject> m_buffered;
    qint64 m_rowsWritten = 0;
    bool m_buffering = false;
    bool m_headerWritten = false;
};

} // namespace Planhat
