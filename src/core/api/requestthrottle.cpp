// SPDX-License-Identifier: MIT
#include "requestthrottle.h"

#include <algorithm>

namespace Planhat {

namespace {
constexpr qint64 secondMs = 1000;
constexpr qint64 minuteMs = 60000;
/// Shorter waits pass unremarked: only a pause people notice is worth a message.
constexpr qint64 reportedPaceMs = 1000;

/// Drops starts older than `window` from `starts`; then 0 when fewer than `limit` remain,
/// else the milliseconds until enough have left the window for one more start.
qint64 slidingWait(std::deque<qint64> &starts, int limit, qint64 window, qint64 now)
{
    while (!starts.empty() && starts.front() <= now - window)
        starts.pop_front();
    if (limit <= 0 || int(starts.size()) < limit)
        return 0;
    return starts.at(starts.size() - size_t(limit)) + window - now;
}
} // namespace

RequestThrottle::RequestThrottle(QObject *parent)
    : QObject(parent)
{
    m_elapsed.start();
    m_wakeUp.setSingleShot(true);
    m_wakeUp.setTimerType(Qt::PreciseTimer);
    connect(&m_wakeUp, &QTimer::timeout, this, &RequestThrottle::startWaiting);
}

RequestThrottle::~RequestThrottle() = default;

void RequestThrottle::setLimits(int startsPerSecond, int maxInFlight)
{
    m_startsPerSecond = startsPerSecond;
    m_maxInFlight = maxInFlight;
    startWaiting();
}

void RequestThrottle::setStartsPerMinute(int startsPerMinute)
{
    m_startsPerMinute = startsPerMinute;
    startWaiting();
}

void RequestThrottle::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 RequestThrottle::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

void RequestThrottle::acquire(QObject *context, std::function<void()> start)
{
    m_waiting.push_back({context, std::move(start)});
    startWaiting();
}

void RequestThrottle::release()
{
    if (m_inFlight <= 0)
        return;
    --m_inFlight;
    // After a 429 the burst grows back one request per request that ended outside a hold.
    if (m_adaptiveLimit > 0 && now() >= m_heldUntil && ++m_adaptiveLimit >= m_maxInFlight)
        m_adaptiveLimit = 0;
    Q_EMIT inFlightChanged(m_inFlight);
    startWaiting();
}

void RequestThrottle::holdFor(std::chrono::milliseconds duration)
{
    m_heldUntil = std::max(m_heldUntil, now() + duration.count());
    // Too many at once: halve the burst (what was in flight when the 429 came), so the
    // pages a list keeps in flight adapt down instead of drawing 429s again.
    const int burst = std::max(m_inFlight, 2);
    const int halved = std::max(1, burst / 2);
    m_adaptiveLimit = m_adaptiveLimit > 0 ? std::min(m_adaptiveLimit, halved) : halved;
}

int RequestThrottle::effectiveMaxInFlight() const
{
    if (m_adaptiveLimit <= 0)
        return m_maxInFlight;
    return m_maxInFlight > 0 ? std::min(m_maxInFlight, m_adaptiveLimit) : m_adaptiveLimit;
}

qint64 RequestThrottle::waitBeforeNextStart(bool *byMinuteLimit)
{
    *byMinuteLimit = false;
    const int maxInFlight = effectiveMaxInFlight();
    if (maxInFlight > 0 && m_inFlight >= maxInFlight)
        return -1;
    const qint64 t = now();
    const qint64 held = std::max<qint64>(0, m_heldUntil - t);
    const qint64 second = slidingWait(m_recentStarts, m_startsPerSecond, secondMs, t);
    const qint64 minute = slidingWait(m_minuteStarts, m_startsPerMinute, minuteMs, t);
    *byMinuteLimit = minute > 0 && minute >= held && minute >= second;
    return std::max({held, second, minute});
}

void RequestThrottle::startWaiting()
{
    // A start callback may release or acquire again; the outer loop picks that up.
    if (m_dispatching)
        return;
    m_dispatching = true;
    while (!m_waiting.empty()) {
        if (!m_waiting.front().context) {
            m_waiting.pop_front();
            continue;
        }
        bool byMinuteLimit = false;
        const qint64 wait = waitBeforeNextStart(&byMinuteLimit);
        if (wait != 0) {
            if (wait > 0 && (!m_wakeUp.isActive() || m_wakeUp.remainingTime() > wait))
                m_wakeUp.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
            const qint64 until = now() + wait;
            if (byMinuteLimit && wait >= reportedPaceMs && until > m_pacedUntil) {
                m_pacedUntil = until;
                Q_EMIT paced(wait);
            }
            break;
        }
        Waiter waiter = std::move(m_waiting.front());
        m_waiting.pop_front();
        const qint64 startedAt = now();
        if (m_startsPerSecond > 0)
            m_recentStarts.push_back(startedAt);
        // Kept without a per-minute limit too: a limit learnt later (a 429 naming the
        // server's quota) then counts the starts already made.
        m_minuteStarts.push_back(startedAt);
        ++m_inFlight;
        Q_EMIT inFlightChanged(m_inFlight);
        waiter.start();
    }
    m_dispatching = false;
}

} // namespace Planhat
