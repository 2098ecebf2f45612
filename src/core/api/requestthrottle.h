// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <limits>

namespace Planhat {

/// Lets requests start only within three limits: at most `startsPerSecond` starts in any
/// sliding second, at most `startsPerMinute` in any sliding minute (bursts within the minute
/// stay allowed) and at most `maxInFlight` started and not yet released. Callers wait in
/// FIFO order; a QTimer wakes the queue when the window opens again (no busy waiting).
/// Lives on one thread; not thread-safe.
class RequestThrottle : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; ///< monotonic milliseconds

    explicit RequestThrottle(QObject *parent = nullptr);
    ~RequestThrottle() override;

    /// Values <= 0 mean "no limit".
    void setLimits(int startsPerSecond, int maxInFlight);
    /// Starts in any sliding 60 s; <= 0 means "no limit".
    void setStartsPerMinute(int startsPerMinute);
    /// For tests: replaces the monotonic clock.
    void setClock(Clock clock);

    /// Calls `start` as soon as a slot is free, possibly before returning. Every started
    /// caller must call release() exactly once when its request ends. Dropped without a call
    /// if `context` is destroyed first.
    void acquire(QObject *context, std::function<void()> start);
    void release();
    /// No start before `duration` from now (a 429 told us to slow down). Also halves the
    /// requests allowed in flight, which then grow back by one per request that ends.
    void holdFor(std::chrono::milliseconds duration);
    /// The requests allowed in flight now: maxInFlight, or less after a 429 (<= 0: no limit).
    int effectiveMaxInFlight() const;

    int inFlight() const { return m_inFlight; }
    int waiting() const { return int(m_waiting.size()); }

Q_SIGNALS:
    void inFlightChanged(int count);
    /// The per-minute limit holds the next start back for `milliseconds` (>= 1 s); emitted
    /// once per wait, so front ends can say why nothing moves.
    void paced(qint64 milliseconds);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void()> start;
    };

    void startWaiting();
    qint64 now() const;
    /// 0 when a start is allowed now, else milliseconds until it is; -1 when only a release
    /// can free a slot. `byMinuteLimit` tells whether the per-minute limit is the reason.
    qint64 waitBeforeNextStart(bool *byMinuteLimit);

    int m_startsPerSecond = 0;
    int m_startsPerMinute = 0;
    int m_maxInFlight = 0;
    int m_inFlight = 0;
    int m_adaptiveLimit = 0; ///< in-flight cap after a 429; 0 = none
    qint64 m_heldUntil = 0;
    bool m_dispatching = false;
    std::deque<qint64> m_recentStarts; ///< within the last second
    std::deque<qint64> m_minuteStarts; ///< within the last minute
    qint64 m_pacedUntil = -1; ///< the end of the last wait reported through paced()
    std::deque<Waiter> m_waiting;
    QTimer m_wakeUp;
    QElapsedTimer m_elapsed;
    Clock m_clock;
};

} // namespace Planhat
