// SPDX-License-Identifier: MIT
#pragma once

#include "api/bulkupsertjob.h"

#include <QList>
#include <QString>

namespace Planhat {

class CsvRow;
struct ImportSettings;

/// What happened to every data row of an import file (index 0 = data row 1): created,
/// updated, unchanged, failed (with the server's or the validator's message) or outcome
/// unknown; Pending for rows not sent yet.
class ImportResults
{
public:
    ImportResults() = default;
    explicit ImportResults(qint64 rowCount);

    qint64 rowCount() const { return m_rows.size(); }
    const RowOutcome &row(qint64 index) const { return m_rows.at(index); }
    void set(qint64 index, const RowOutcome &outcome) { m_rows[index] = outcome; }

    qint64 count(RowOutcome::Status status) const;
    /// Every row ended created, updated or unchanged.
    bool allSucceeded() const;
    /// Rows that retryFailed() sends again: failed ones, and unknown ones with a key.
    QList<qint64> failedRows() const;

    /// Writes the results file: the input file's columns as read, then `status`, `_id` and
    /// `message`, one line per data row in file order (it reads the input file again). An
    /// Excel workbook when `path` ends in .xlsx, CSV otherwise.
    bool writeCsv(const ImportSettings &settings, const QString &path, QString *error) const;

    /// The results file's header line for an input with `inputHeaders`.
    static QStringList resultHeaders(const QStringList &inputHeaders);
    /// The results file's line for one input row (`headerCount` input columns) and its
    /// outcome.
    static QStringList resultRow(const CsvRow &row, qsizetype headerCount,
                                 const RowOutcome &outcome);

private:
    QList<RowOutcome> m_rows;
};

} // namespace Planhat
