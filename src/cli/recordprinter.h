// SPDX-License-Identifier: MIT
#pragma once

#include "api/rawrows.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <memory>

class QIODevice;

namespace Planhat {

class RecordCsvWriter;

/// The output formats of planhat-cli.
enum class OutputFormat {
    Json, ///< one JSON array (lists) or one object (single records)
    Csv, ///< header row, one row per object
    Table, ///< aligned columns for people
};

/// Reads a --format value ("json", "csv", "table"); false for anything else.
bool outputFormatFromName(const QString &name, OutputFormat *format);

/// Prints records to a device in one of the output formats. Lists are streamed as pages
/// arrive when the columns are known up front; otherwise (all fields in CSV or a table,
/// where columns come from the data) rows are kept until finish(). Nothing is written before
/// the first row or finish(), so a list that fails before its first page can print nothing
/// at all (an empty "[]" would read as an empty tenant).
class RecordPrinter
{
public:
    /// `columns` are field names or dotted paths ("custom.Region"); empty = every field found.
    RecordPrinter(QIODevice *device, OutputFormat format, const QStringList &columns);
    ~RecordPrinter();

    void addRows(const QList<QJsonObject> &rows);
    /// Rows as the server's JSON text: JSON output copies each row's bytes (a list page's
    /// rows are compact JSON objects already), CSV reads its cells without a QJsonObject.
    /// Tables need parsed rows: use addRows() for them.
    void addRawRows(const RawRows &rows);
    /// Whether addRawRows() serves this format.
    bool takesRawRows() const;
    /// Completes the output (opening and closing bracket, buffered rows, table).
    void finish();
    /// The rows given to addRows() so far.
    qint64 rowsAdded() const { return m_rowsAdded; }

    /// Prints one record: an indented object (JSON), a header and one row (CSV), or one
    /// "field  value" line per field (table).
    static void printRecord(QIODevice *device, OutputFormat format, const QJsonObject &record);

private:
    bool streams() const;
    void open();
    void writeJsonRows(const QList<QJsonObject> &rows);
    void printTable();

    QIODevice *m_device; // not owned
    OutputFormat m_format;
    QStringList m_columns;
    std::unique_ptr<RecordCsvWriter> m_csv;
    QList<QJsonObject> m_buffered;
    QByteArray m_page; ///< addRawRows()'s output, reused
    qint64 m_rowsWritten = 0;
    qint64 m_rowsAdded = 0;
    bool m_opened = false;
};

} // namespace Planhat
