// SPDX-License-Identifier: MIT
#pragma once

#include "csvwriter.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

class QIODevice;

namespace Planhat {

/// Writes Planhat records as CSV: a header row of field names (dotted paths for custom
/// fields, "custom.Region") and one row per record, UTF-8, with the formula guard on.
/// With columns given up front, rows are written as they are added; with none, every field
/// found is a column, so rows are kept until finish(). Used by `planhat-cli list --format
/// csv`, `planhat-cli export` and the desktop app's export.
class RecordCsvWriter
{
public:
    /// `columns` are field names or dotted paths; empty = every field found in the rows.
    RecordCsvWriter(QIODevice *device, const QStringList &columns);

    void addRows(const QList<QJsonObject> &rows);
    /// Writes buffered rows (and the header when no row came at all).
    void finish();
    qint64 rowsWritten() const { return m_rowsWritten; }
    QStringList columns() const { return m_columns; }

    /// What lists are joined with in CSV cells, so an import can split them again.
    static QString listSeparator() { return QStringLiteral(";"); }
    /// The text of one cell: strings as they are, numbers without exponent where exact,
    /// lists joined by `listSeparator`, objects as compact JSON, null as empty.
    static QString cellText(const QJsonValue &value, const QString &listSeparator);
    /// The value at a field name or dotted custom path ("custom.Region").
    static QJsonValue valueAt(const QJsonObject &record, const QString &path);
    /// Columns for `rows` in order of appearance, `_id` first, with `custom` expanded to
    /// "custom.<name>".
    static QStringList columnsOf(const QList<QJsonObject> &rows);

private:
    void writeRows(const QList<QJsonObject> &rows);

    CsvWriter m_csv;
    QStringList m_columns;
    QList<QJsonObject> m_buffered;
    qint64 m_rowsWritten = 0;
    bool m_buffering = false;
    bool m_headerWritten = false;
};

} // namespace Planhat
