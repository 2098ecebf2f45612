// SPDX-License-Identifier: MIT
#include "importresultsstream.h"

#include "csv/csvrow.h"
#include "csv/csvwriter.h"
#include "xlsx/recordfilewriter.h"
#include "xlsx/tablereader.h"

#include <QFileInfo>

namespace Planhat {

namespace {

/// Appends `text` as UTF-8 (the bytes QString::toUtf8() gives), without a temporary for
/// ASCII text.
void appendUtf8(QByteArray *out, QStringView text)
{
    const qsizetype start = out->size();
    out->resize(start + text.size());
    char *cursor = out->data() + start;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text.at(i).unicode();
        if (unit >= 0x80) {
            out->resize(start + i);
            out->append(text.sliced(i).toUtf8());
            return;
        }
        *cursor++ = char(unit);
    }
}

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
        writeRow(row, m_next < results.rowCount() ? results.row(m_next) : RowOutcome());
        ++m_next;
    }
    m_csv->flush();
    if (!m_file.flush() || m_file.error() != QFileDevice::NoError) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    return true;
}

void ImportResultsStream::writeRow(const CsvRow &row, const RowOutcome &outcome)
{
    // The line ImportResults::resultRow() makes, encoded as bytes (CsvWriter's encoded rows
    // are the bytes writeRow() writes): no QString per cell nor per line. Most cells are
    // plain ASCII that needs no quotes: those are copied into room made once per row.
    const qsizetype count = m_headerCount + 3;
    const QString status = rowStatusName(outcome.status);
    const QStringView results[] = {status, outcome.id, outcome.message};
    const auto cell = [&](qsizetype i) {
        return i < m_headerCount ? row.field(i) : results[i - m_headerCount];
    };
    qsizetype room = 0;
    for (qsizetype i = 0; i < count; ++i)
        room += cell(i).size();
    if (m_encoded.size() < room)
        m_encoded.resize(room);
    m_encodedEnds.resize(count);
    qsizetype used = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const QStringView text = cell(i); // empty past the row's last field
        if (m_csv->isPlain(text)) {
            char *cursor = m_encoded.data() + used;
            for (const QChar c : text)
                *cursor++ = char(c.unicode());
            used += text.size();
        } else {
            m_cellText.resize(0);
            appendUtf8(&m_cellText, text);
            m_encoded.resize(used);
            m_csv->appendEncoded(&m_encoded, m_cellText);
            used = m_encoded.size();
            // Room for the plain cells that may follow.
            m_encoded.resize(used + room);
        }
        m_encodedEnds[i] = used;
    }
    m_fields.resize(count);
    for (qsizetype i = 0; i < count; ++i) {
        const qsizetype begin = i == 0 ? 0 : m_encodedEnds.at(i - 1);
        m_fields[i] = QByteArrayView(m_encoded.constData() + begin, m_encodedEnds.at(i) - begin);
    }
    m_csv->writeEncodedRow(m_fields);
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
