// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>

namespace Planhat::Sandbox {

/// Counts requests in fixed windows on a monotonic clock and refuses those beyond the
/// limit. One class serves both the per-second limit (`--rate-limit`) and the quota of
/// `--minute-quota`; they differ only in window length and in how the server answers.
///
/// A window opens with the first request after the previous window ended, as a quota that
/// "resets after 60 s" does, rather than on a grid fixed at start-up.
class RateLimiter
{
public:
    /// `limit` 0 means no limit; `windowMs` is the window length in milliseconds.
    RateLimiter(int limit, qint64 windowMs);

    bool isActive() const { return m_limit > 0; }
    int limit() const { return m_limit; }

    /// Counts one request; false when it is over the limit of the current window.
    bool admit();
    /// Requests the window of the last admit() still admits (0 once it is used up).
    int remaining() const;

private:
    int m_limit;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    qint64 m_windowStart = -1; ///< ms on m_clock; -1 before the first request
    int m_count = 0;
};

} // namespace Planhat::Sandbox
