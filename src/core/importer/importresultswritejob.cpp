// SPDX-License-Identifier: MIT
#include "importresultswritejob.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

namespace {

struct WriteOutcome
{
    bool ok = false;
    QString error;
};

} // namespace

ImportResultsWriteJob::ImportResultsWriteJob(const ImportResults &results,
                                             const ImportSettings &settings, const QString &path,
                                             QObject *parent)
    : QObject(parent)
    , m_results(results)
    , m_settings(settings)
    , m_path(path)
{ }

void ImportResultsWriteJob::start()
{
    auto *watcher = new QFutureWatcher<WriteOutcome>(this);
    connect(watcher, &QFutureWatcher<WriteOutcome>::finished, this, [this, watcher] {
        const WriteOutcome outcome = watcher->result();
        Q_EMIT finished(outcome.ok, outcome.error);
        deleteLater();
    });
    // The worker gets its own copies: the job's members stay untouched until it is done.
    watcher->setFuture(
        QtConcurrent::run([results = m_results, settings = m_settings, path = m_path] {
            WriteOutcome outcome;
            outcome.ok = results.writeCsv(settings, path, &outcome.error);
            return outcome;
        }));
}

} // namespace Planhat
