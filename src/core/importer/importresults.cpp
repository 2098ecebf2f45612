// SPDX-License-Identifier: MIT
#include "importresults.h"

#include "csv/csvreader.h"
#include "importsettings.h"
#include "xlsx/tablefilewriter.h"

#include <QFile>

namespace Planhat {

ImportResults::ImportResults(qint64 rowCount)
    : m_rows(rowCount)
{ }

qint64 ImportResults::count(RowOutcome::Status status) const
{
    qint64 count = 0;
    for (const RowOutcome &row : m_rows)
        count += row.status == status ? 1 : 0;
    return count;
}

bool ImportResults::allSucceeded() const
{
    for (const RowOutcome &row : m_rows) {
        if (row.status != RowOutcome::Status::Created && row.status != RowOutcome::Status::Updated
            && row.status != RowOutcome::Status::Unchanged)
            return false;
    }
    return true;
}

QList<qint64> ImportResults::failedRows() const
{
    QList<qint64> rows;
    for (qint64 i = 0; i < m_rows.size(); ++i) {
        const RowOutcome::Status status = m_rows.at(i).status;
        if (status == RowOutcome::Status::Failed || status == RowOutcome::Status::OutcomeUnknown
            || status == RowOutcome::Status::Pending)
            rows.append(i);
    }
    return rows;
}

QStringList ImportResults::resultHeaders(const QStringList &inputHeaders)
{
    return inputHeaders
        + QStringList {QStringLiteral("status"), QStringLiteral("_id"), QStringLiteral("message")};
}

QStringList ImportResults::resultRow(const CsvRow &row, qsizetype headerCount,
                                     const RowOutcome &outcome)
{
    QStringList fields = row.toStringList();
    fields.resize(headerCount);
    fields << rowStatusName(outcome.status) << outcome.id << outcome.message;
    return fields;
}

bool ImportResults::writeCsv(const ImportSettings &settings, const QString &path,
                             QString *error) const
{
    const std::unique_ptr<TableReader> reader
        = TableReader::open(settings.filePath, settings.tableOptions(), error);
    if (!reader)
        return false;
    // CSV, or a workbook when the name ends in .xlsx.
    TableFileWriter output(path);
    if (!output.open()) {
        *error = output.errorString();
        return false;
    }
    reader->start();
    // The input columns exactly as read, so the file can be fixed and imported again.
    const QStringList headers = reader->headers();
    output.writeHeader(resultHeaders(headers));
    CsvRow row;
    qint64 index = 0;
    while (reader->readRow(row)) {
        const RowOutcome outcome = index < m_rows.size() ? m_rows.at(index) : RowOutcome();
        if (!output.writeRow(resultRow(row, headers.size(), outcome)))
            break; // commit() fails and says why
        ++index;
    }
    if (!output.commit()) {
        *error = output.errorString();
        return false;
    }
    return true;
}

} // namespace Planhat
