// SPDX-License-Identifier: MIT
#pragma once

#include "api/rawrows.h"
#include "csvwriter.h"
#include "jsonrowcells.h"

#include <QHash>
#include <memory>

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

class QIODevice;

namespace Planhat {

/// Writes Planhat records as CSV: a header row of field names (dotted paths for custom
/// fields, "custom.Region") and one row per record, UTF-8, with the formula guard on.
/// With columns given up front, rows are written as they are added; with none, every field
/// found is a column, so the header can only come at finish(): until then each row's cells
/// wait in a temporary file (memory stays flat in the number of rows). Used by `planhat-cli list
/// --format csv`, `planhat-cli export` and the desktop app's export.
class RecordCsvWriter
{
public:
    /// `columns` are field names or dotted paths; empty = every field found in the rows.
    RecordCsvWriter(QIODevice *device, const QStringList &columns);
    ~RecordCsvWriter();

    void addRows(const QList<QJsonObject> &rows);
    /// The same for rows as JSON text (a list page's bytes): no QJsonObject is built. A row
    /// that is not a JSON object is skipped.
    void addRawRows(const RawRows &rows);
    /// Writes buffered rows (and the header when no row came at all).
    void finish();
    qint64 rowsWritten() const { return m_rowsWritten; }
    /// The columns; empty while they are still being found in the rows.
    QStringList columns() const { return m_buffering ? QStringList() : m_columns; }

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
    struct Cell
    {
        QString column;
        QString text;
        bool hasValue = true;
    };
    void writeRows(const QList<QJsonObject> &rows);
    void writeHeader();
    /// One row given as its cells (columns named): spilled while buffering, else written.
    void addCells(const QList<Cell> &cells);
    /// The same for cells already encoded (JsonRowCells::readEncoded()) into `bytes`.
    void addEncodedCells(const QList<JsonRowCells::EncodedCell> &cells, const QByteArray &bytes);
    int columnIndex(const QString &column, qsizetype position);
    void writeSpilled();

    class Spill;
    CsvWriter m_csv;
    QStringList m_columns;
    QHash<QString, int> m_columnIndex; ///< the columns known so far (given or found)
    QList<int> m_lastIndexes; ///< by cell position in the row before: rows repeat their shape
    QList<QString> m_lastColumns;
    std::unique_ptr<Spill> m_spill;
    QStringList m_rowCells;
    QList<QByteArrayView> m_encodedRow; ///< a row's encoded cells by column
    QList<JsonRowCells::EncodedCell> m_encodedCells;
    QByteArray m_cellBytes;
    QList<QPair<int, QByteArrayView>> m_spilled;
    QByteArray m_spillBytes;
    qint64 m_rowsWritten = 0;
    std::unique_ptr<JsonRowCells> m_rowReader;
    bool m_buffering = false;
    bool m_headerWritten = false;
};

} // namespace Planhat
