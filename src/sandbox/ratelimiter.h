// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>

namespace Planhat::Sandbox {

/// Counts requests per second (fixed one-second windows on a monotonic clock) and refuses
/// those beyond the limit.
class RateLimiter
{
public:
    /// `maxPerSecond` 0 means no limit.
    explicit RateLimiter(int maxPerSecond);

    /// Counts one request; false when it is over the limit of the current second.
    bool admit();

private:
    int m_maxPerSecond;
    QElapsedTimer m_clock;
    qint64 m_window = -1;
    int m_count = 0;
};

} // namespace Planhat::Sandbox
