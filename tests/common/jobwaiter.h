// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "api/listjob.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSignalSpy>
#include <QTest>

#include <type_traits>

namespace Planhat::Test {

/// Waits (spinning the event loop, test code only) until `spy` has caught a signal. On a
/// timeout the running test fails, naming `what`: a helper that returns a default result
/// instead would let a test pass on a hang.
inline bool waitForSignal(QSignalSpy &spy, int timeoutMs, const char *what)
{
    if (!spy.isEmpty() || spy.wait(timeoutMs))
        return true;
    const QByteArray message
        = QByteArray(what) + " did not finish within " + QByteArray::number(timeoutMs) + " ms";
    QTest::qFail(message.constData(), __FILE__, __LINE__);
    return false;
}

/// Starts `job` and waits for its finished() signal; returns the result it carried. On a
/// timeout the test fails, and the result returned carries a timeout error (for results
/// with an ApiError), never a clean "no error".
template<typename Result, typename Job>
Result startAndWait(Job *job, int timeoutMs = 60000)
{
    QSignalSpy spy(job, &Job::finished);
    job->start();
    if (!waitForSignal(spy, timeoutMs, job->metaObject()->className())) {
        Result timedOut;
        if constexpr (std::is_same_v<decltype(timedOut.error), ApiError>) {
            timedOut.error = ApiError(ApiError::Kind::Timeout, 0,
                                      QStringLiteral("the test gave up waiting for the job"));
        }
        return timedOut;
    }
    return spy.takeFirst().at(0).template value<Result>();
}

/// Starts `job`, collects every row it delivers and waits for it to finish (failing the
/// test on a timeout). The job's result goes to `result` when given; a failure or a row
/// count that disagrees with the rows delivered is also warned about, so a test's later
/// mismatch has its cause in the log.
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
