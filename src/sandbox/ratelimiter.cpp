// SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <algorithm>

namespace Planhat::Sandbox {

RateLimiter::RateLimiter(int limit, qint64 windowMs)
    : m_limit(limit)
    , m_windowMs(std::max<qint64>(windowMs, 1))
{
    m_clock.start();
}

bool RateLimiter::admit()
{
    if (m_limit <= 0)
        return true;
    const qint64 now = m_clock.elapsed();
    if (m_windowStart < 0 || now - m_windowStart >= m_windowMs) {
        m_windowStart = now;
        m_count = 0;
    }
    // Refused requests count too, but the count need not grow past the point of refusal.
    if (m_count <= m_limit)
        ++m_count;
    return m_count <= m_limit;
}

int RateLimiter::remaining() const
{
    return std::max(0, m_limit - m_count);
}

} // namespace Planhat::Sandbox
