// SPDX-License-Identifier: MIT
#pragma once

#include "api/listjob.h"

#include <QJsonObject>
#include <QList>
#include <QSignalSpy>
#include <QTest>

namespace Planhat::Test {

/// Starts `job` and waits (spinning the event loop, test code only) for its finished()
/// signal; returns the result it carried, or a default result after `timeoutMs`.
template<typename Result, typename Job>
Result startAndWait(Job *job, int timeoutMs = 60000)
{
    QSignalSpy spy(job, &Job::finished);
    job->start();
    if (spy.isEmpty() && !spy.wait(timeoutMs))
        return Result();
    return spy.takeFirst().at(0).template value<Result>();
}

/// Starts `job`, collects every row it delivers and waits for it to finish. The job's
/// result goes to `result` when given; a failure or a row count that disagrees with the
/// rows delivered is also warned about, so a test's later mismatch has its cause in the log.
inline QList<QJsonObject> collectRows(ListJob *job, ListResult *result = nullptr,
                                      int timeoutMs = 60000)
{
    QList<QJsonObject> rows;
    QObject::connect(job, &ListJob::rowsReceived, job,
                     [&rows](const QList<QJsonObject> &page) { rows.append(page); });
    const ListResult finished = startAndWait<ListResult>(job, timeoutMs);
    if (finished.error.isError()) {
        qWarning("listing %s failed: %s", qPrintable(job->type().name),
                 qPrintable(finished.error.toString()));
    } else if (finished.rowCount != rows.size()) {
        qWarning("rowCount %lld but %lld rows delivered", finished.rowCount, qint64(rows.size()));
    }
    if (result)
        *result = finished;
    return rows;
}

} // namespace Planhat::Test
