// SPDX-License-Identifier: MIT
#pragma once

#include "../xlsx/tablereader.h"
#include "analyticsrowconverter.h"
#include "analyticstarget.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Planhat {

/// A file of activities or metrics, read and checked, ready to send.
struct AnalyticsFileContent
{
    QString error; ///< the file cannot be used at all (unreadable, no column for a field)
    QStringList headers;
    QString sheet; ///< workbooks: the sheet read
    bool isWorkbook = false;
    QHash<QString, int> columns; ///< field name -> column index, as used
    QList<QByteArray> rows; ///< the valid rows, each one compact JSON object
    QList<qint64> rowNumbers; ///< the data row number of each of `rows`
    QList<AnalyticsRowProblem> problems; ///< of the rejected rows, at most maxProblems
    qint64 rowsRead = 0; ///< data rows in the file (blank rows skipped)
    qint64 rowsRejected = 0; ///< rows with a problem: never sent

    static constexpr int maxProblems = 10000;
    /// "line" for CSV, "sheet row" for a workbook (analyticsProblemText()).
    QString lineWord() const;
};

/// Reads a CSV file or a workbook sheet (TableReader) of activities or metrics: maps the
/// columns (given, else guessed from the headers), converts and checks every row
/// (AnalyticsRowConverter) and refuses a row too large for one request.
class AnalyticsFileReader
{
public:
    /// `columns` empty: guessed from the headers (AnalyticsRowConverter::guessColumns()).
    static AnalyticsFileContent read(const QString &path, const TableOptions &options,
                                     AnalyticsTarget target,
                                     const QHash<QString, int> &columns = {},
                                     const QSet<QString> &knownDimensions = {},
                                     qint64 maxBodyBytes = AnalyticsTargets::maxBodyBytes);
};

} // namespace Planhat
