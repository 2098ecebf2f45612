// SPDX-License-Identifier: MIT
#include "importresultsstream.h"

#include "csv/csvrow.h"
#include "csv/csvwriter.h"
#include "xlsx/recordfilewriter.h"
#include "xlsx/tablereader.h"

#include <QFileInfo>

namespace Planhat {

namespace {

bool isFinal(const RowOutcome &outcome)
{
    switch (outcome.status) {
    case RowOutcome::Status::Pending:
        return false;
    case RowOutcome::Status::Created:
    case RowOutcome::Status::Updated:
        // A success without its `_id` may get it from a lookup by key at the end of the run.
        return !outcome.id.isEmpty();
    default:
        return true;
    }
}

} // namespace

ImportResultsStream::ImportResultsStream(const ImportSettings &settings, const QString &path)
    : m_settings(settings)
    , m_path(path)
{ }

ImportResultsStream::~ImportResultsStream() = default;

bool ImportResultsStream::canStream(const ImportSettings &settings, const QString &path)
{
    const QFileInfo input(settings.filePath);
    const QFileInfo output(path);
    if (output.exists() && input.exists()
        && output.canonicalFilePath() == input.canonicalFilePath())
        return false;
    return RecordFileWriter::formatFor(path) != RecordFileFormat::Workbook;
}

bool ImportResultsStream::open()
{
    m_reader = TableReader::open(m_settings.filePath, m_settings.tableOptions(), &m_error);
    if (!m_reader)
        return false;
    // Not a QSaveFile: what is written must be on disk before the run ends, not only after.
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    m_csv = std::make_unique<CsvWriter>(&m_file, CsvWriter::FormulaGuard::Off);
    m_reader->start();
    const QStringList headers = m_reader->headers();
    m_headerCount = headers.size();
    m_csv->writeRow(ImportResults::resultHeaders(headers));
    if (!m_file.flush()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    return true;
}

bool ImportResultsStream::writeRows(const ImportResults &results, bool all)
{
    if (!m_csv)
        return false;
    CsvRow row;
    while (!m_inputDone && (all || (m_next < results.rowCount() && isFinal(results.row(m_next))))) {
        if (!m_reader->readRow(row)) {
            m_inputDone = true;
            break;
        }
        m_csv->writeRow(ImportResults::resultRow(
            row, m_headerCount, m_next < results.rowCount() ? results.row(m_next) : RowOutcome()));
        ++m_next;
    }
    if (!m_file.flush() || m_file.error() != QFileDevice::NoError) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    return true;
}

bool ImportResultsStream::writeSettled(const ImportResults &results)
{
    return writeRows(results, false);
}

bool ImportResultsStream::finish(const ImportResults &results)
{
    const bool ok = writeRows(results, true);
    m_csv.reset();
    m_file.close();
    m_reader.reset();
    return ok;
}

} // namespace Planhat
