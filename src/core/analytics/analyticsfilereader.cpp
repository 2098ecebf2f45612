// SPDX-License-Identifier: MIT
#include "analyticsfilereader.h"

#include "analyticsbatcher.h"

#include <QJsonDocument>

namespace Planhat {

QString AnalyticsFileContent::lineWord() const
{
    return isWorkbook ? QStringLiteral("sheet row") : QStringLiteral("line");
}

AnalyticsFileContent AnalyticsFileReader::read(const QString &path, const TableOptions &options,
                                               AnalyticsTarget target,
                                               const QHash<QString, int> &columns,
                                               const QSet<QString> &knownDimensions,
                                               qint64 maxBodyBytes)
{
    AnalyticsFileContent content;
    QString error;
    const std::unique_ptr<TableReader> reader = TableReader::open(path, options, &error);
    if (!reader) {
        content.error = error;
        return content;
    }
    content.isWorkbook = reader->format() == TableReader::Format::Workbook;
    reader->start();
    content.headers = reader->headers();
    content.sheet = reader->sheetName();
    if (content.headers.isEmpty() && reader->stoppedEarly()) {
        content.error = QStringLiteral("%1: %2").arg(path, reader->stopReason());
        return content;
    }
    content.columns = columns.isEmpty()
        ? AnalyticsRowConverter::guessColumns(target, content.headers)
        : columns;
    AnalyticsRowConverter converter(target, content.headers, content.columns);
    converter.setKnownDimensions(knownDimensions);
    if (const QString mappingError = converter.mappingError(); !mappingError.isEmpty()) {
        content.error = QStringLiteral("%1: %2; the columns are: %3")
                            .arg(path, mappingError, content.headers.join(QLatin1String(", ")));
        return content;
    }

    auto reject = [&content](const AnalyticsRowProblem &problem) {
        if (content.problems.size() < AnalyticsFileContent::maxProblems)
            content.problems.append(problem);
    };
    CsvRow row;
    QJsonObject object;
    QList<AnalyticsRowProblem> problems;
    while (reader->readRow(row)) {
        const QStringList cells = row.toStringList();
        if (std::all_of(cells.cbegin(), cells.cend(),
                        [](const QString &cell) { return cell.trimmed().isEmpty(); }))
            continue;
        ++content.rowsRead;
        const qint64 number = row.number();
        problems.clear();
        for (const CsvIssue &issue : row.issues())
            problems.append(
                {number, row.line(), QString(), QString(), reader->rowIssueText(issue)});
        const bool valid = converter.convert(cells, number, row.line(), &object, &problems)
            && problems.isEmpty();
        if (valid) {
            QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
            if (AnalyticsBatcher::fitsAlone(json, maxBodyBytes)) {
                content.rows.append(std::move(json));
                content.rowNumbers.append(number);
                continue;
            }
            problems.append({number, row.line(), QString(), QString(),
                             QStringLiteral("the row is %1 bytes as JSON: more than one "
                                            "request to the analytics host may carry")
                                 .arg(json.size())});
        }
        ++content.rowsRejected;
        for (const AnalyticsRowProblem &problem : std::as_const(problems))
            reject(problem);
    }
    if (reader->stoppedEarly())
        content.error = QStringLiteral("%1: %2").arg(path, reader->stopReason());
    return content;
}

} // namespace Planhat
