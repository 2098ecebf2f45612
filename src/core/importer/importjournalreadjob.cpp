// SPDX-License-Identifier: MIT
#include "importjournalreadjob.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

namespace {

struct ReadOutcome
{
    bool ok = false;
    JournalState state;
    QString error;
};

} // namespace

ImportJournalReadJob::ImportJournalReadJob(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{ }

void ImportJournalReadJob::start()
{
    auto *watcher = new QFutureWatcher<ReadOutcome>(this);
    connect(watcher, &QFutureWatcher<ReadOutcome>::finished, this, [this, watcher] {
        const ReadOutcome outcome = watcher->result();
        Q_EMIT finished(outcome.ok, outcome.state, outcome.error);
        deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([path = m_path] {
        ReadOutcome outcome;
        outcome.ok = ImportJournal::read(path, &outcome.state, &outcome.error);
        return outcome;
    }));
}

} // namespace Planhat
