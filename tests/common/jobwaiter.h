// SPDX-License-Identifier: MIT
#pragma once

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

} // namespace Planhat::Test
