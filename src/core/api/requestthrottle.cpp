// SPDX-License-Identifier: MIT
#include "requestthrottle.h"

#include <algorithm>

namespace Planhat {

namespace {
constexpr qint64 windowMs = 1000;
}

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
    Q_EMIT inFlightChanged(m_inFlight);
    startWaiting();
}

void RequestThrottle::holdFor(std::chrono::milliseconds duration)
{
    m_heldUntil = std::max(m_heldUntil, now() + duration.count());
}

qint64 RequestThrottle::waitBeforeNextStart()
{
    if (m_maxInFlight > 0 && m_inFlight >= m_maxInFlight)
        return -1;
    const qint64 t = now();
    if (m_heldUntil > t)
        return m_heldUntil - t;
    if (m_startsPerSecond <= 0)
        return 0;
    while (!m_recentStarts.empty() && m_recentStarts.front() <= t - windowMs)
        m_recentStarts.pop_front();
    if (int(m_recentStarts.size()) < m_startsPerSecond)
        return 0;
    return m_recentStarts.front() + windowMs - t;
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
        const qint64 wait = waitBeforeNextStart();
        if (wait != 0) {
            if (wait > 0 && (!m_wakeUp.isActive() || m_wakeUp.remainingTime() > wait))
                m_wakeUp.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
            break;
        }
        Waiter waiter = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (m_startsPerSecond > 0)
            m_recentStarts.push_back(now());
        ++m_inFlight;
        Q_EMIT inFlightChanged(m_inFlight);
        waiter.start();
    }
    m_dispatching = false;
}

} // namespace Planhat
