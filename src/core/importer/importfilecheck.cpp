// SPDX-License-Identifier: MIT
#include "importfilecheck.h"

#include "csv/csvreader.h"
#include "importvalidator.h"
#include "rowconverter.h"

#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace Planhat {

struct ImportFileCheck::Progress
{
    std::atomic<qint64> rows {0};
    std::atomic<qint64> bytesRead {0};
    std::atomic<qint64> totalBytes {0};
    std::atomic<bool> canceled {false};
};

namespace {

ImportCheckResult checkFile(const ImportCheckRequest &request,
                            const std::function<bool(qint64, qint64)> &progress)
{
    ImportCheckResult result;
    QFile file(request.path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("%1: %2").arg(request.path, file.errorString());
        return result;
    }
    ImportValidator validator(request.type, request.key, request.mode);
    result.mappingProblems
        = request.mapping.problems(request.type) + validator.mappingProblems(request.mapping);

    CsvOptions options = request.csvOptions;
    options.fileName = QFileInfo(request.path).fileName();
    CsvReader reader(&file, options);
    reader.start();
    const RowConverter converter(request.type, request.mapping);

    const auto addProblems = [&result](const QList<ImportProblem> &problems, qint64 row) {
        if (problems.isEmpty())
            return;
        if (result.invalidRows.isEmpty() || result.invalidRows.constLast() != row) {
            result.invalidRows.append(row);
            ++result.invalidRowCount;
        }
        result.problemCount += problems.size();
        for (const ImportProblem &problem : problems) {
            if (result.problems.size() >= ImportCheckResult::maxStoredProblems)
                break;
            result.problems.append(problem);
        }
    };

    CsvRow row;
    QList<ImportProblem> rowProblems;
    while (reader.readRow(row)) {
        rowProblems.clear();
        for (const CsvIssue &issue : row.issues())
            rowProblems.append({row.number(), issue.line, QString(), QString(), issue.message});
        const QStringList cells = row.toStringList();
        const QJsonObject object = converter.convert(cells, row.number(), row.line(), &rowProblems);
        validator.check(object, row.number(), row.line(), &rowProblems);
        addProblems(rowProblems, row.number());
        result.rowCount = row.number();
        if (!progress(result.rowCount, reader.bytesRead())) {
            result.canceled = true;
            return result;
        }
    }
    // A read error or a runaway row ends the reading: the rest of the file is unchecked.
    for (const CsvIssue &issue : reader.issues()) {
        if (issue.kind == CsvIssue::Kind::ReadError || issue.kind == CsvIssue::Kind::RowTooLong)
            result.error = issue.toString(options.fileName);
    }
    return result;
}

} // namespace

ImportFileCheck::ImportFileCheck(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ImportCheckResult>();
}

ImportFileCheck::~ImportFileCheck()
{
    cancel();
}

void ImportFileCheck::start(const ImportCheckRequest &request)
{
    cancel();
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
    }
    auto progress = std::make_shared<Progress>();
    progress->totalBytes = QFileInfo(request.path).size();
    m_progress = progress;
    m_watcher = new QFutureWatcher<ImportCheckResult>(this);
    connect(m_watcher, &QFutureWatcherBase::progressValueChanged, this,
            &ImportFileCheck::handleProgress);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this, watcher = m_watcher] {
        if (watcher == m_watcher)
            Q_EMIT finished(watcher->result());
    });
    m_watcher->setFuture(
        QtConcurrent::run([request, progress](QPromise<ImportCheckResult> &promise) {
            promise.setProgressRange(0, 1000);
            qint64 lastRows = 0;
            const ImportCheckResult result = checkFile(request, [&](qint64 rows, qint64 bytesRead) {
                progress->rows = rows;
                progress->bytesRead = bytesRead;
                // Report every few hundred rows: enough for a smooth bar, cheap to post.
                if (rows - lastRows >= 500) {
                    lastRows = rows;
                    const qint64 total = qMax<qint64>(1, progress->totalBytes);
                    promise.setProgressValue(int(qMin<qint64>(999, bytesRead * 1000 / total)));
                }
                return !progress->canceled && !promise.isCanceled();
            });
            promise.addResult(result);
        }));
}

void ImportFileCheck::cancel()
{
    if (m_progress)
        m_progress->canceled = true;
    if (m_watcher)
        m_watcher->disconnect(this);
}

bool ImportFileCheck::isRunning() const
{
    return m_watcher && m_watcher->isRunning();
}

void ImportFileCheck::handleProgress()
{
    if (m_progress)
        Q_EMIT progressed(m_progress->rows, m_progress->bytesRead, m_progress->totalBytes);
}

ImportCheckResult ImportFileCheck::run(const ImportCheckRequest &request)
{
    return checkFile(request, [](qint64, qint64) { return true; });
}

} // namespace Planhat
