// SPDX-License-Identifier: MIT
#pragma once

#include "importresults.h"
#include "importsettings.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QList>
#include <QString>

#include <memory>

namespace Planhat {

class CsvRow;
class CsvWriter;
class TableReader;

/// Writes an import's CSV results file (the file ImportResults::writeCsv() writes, byte for
/// byte) while the import runs: after each chunk, writeSettled() appends the rows, in file
/// order, whose outcome is final, and flushes them, so a run that dies half way leaves the
/// results of its finished chunks on disk. finish() writes the rest. The input file is read
/// once, alongside. Workbook results (.xlsx) cannot grow row by row: canStream() says no.
class ImportResultsStream
{
public:
    ImportResultsStream(const ImportSettings &settings, const QString &path);
    ~ImportResultsStream();
    Q_DISABLE_COPY_MOVE(ImportResultsStream)

    /// Whether a results file at `path` can be written as outcomes arrive: CSV (not .xlsx),
    /// and not the input file itself, which is read until the end.
    static bool canStream(const ImportSettings &settings, const QString &path);

    /// Opens the input and creates the results file with its header line; false with
    /// errorString() ("cannot write FILE: reason" or why the input cannot be read).
    bool open();
    /// Appends the rows from where the last call stopped up to the first one whose outcome
    /// is not final yet (pending, or succeeded without its `_id`, which a later lookup may
    /// still find), and flushes them to the file.
    bool writeSettled(const ImportResults &results);
    /// Appends every row not written yet, whatever its outcome, and closes the file.
    bool finish(const ImportResults &results);
    QString errorString() const { return m_error; }

private:
    bool writeRows(const ImportResults &results, bool all);
    void writeRow(const CsvRow &row, const RowOutcome &outcome);

    ImportSettings m_settings;
    QString m_path;
    std::unique_ptr<TableReader> m_reader;
    QFile m_file;
    std::unique_ptr<CsvWriter> m_csv;
    qsizetype m_headerCount = 0;
    qint64 m_next = 0; ///< the data row written next
    bool m_inputDone = false; ///< the input has no more rows
    // Reused for every row: a cell that needs encoding as UTF-8; the row's cells encoded
    // for the file (its size is room, not content: m_encodedEnds say where each cell ends).
    QByteArray m_cellText;
    QByteArray m_encoded;
    QList<qsizetype> m_encodedEnds;
    QList<QByteArrayView> m_fields;
    QString m_error;
};

} // namespace Planhat
