// SPDX-License-Identifier: MIT
#include "ratelimiter.h"

namespace Planhat::Sandbox {

RateLimiter::RateLimiter(int maxPerSecond)
    : m_maxPerSecond(maxPerSecond)
{
    m_clock.start();
}

bool RateLimiter::admit()
{
    if (m_maxPerSecond <= 0)
        return true;
    const qint64 window = m_clock.elapsed() / 1000;
    if (window != m_window) {
        m_window = window;
        m_count = 0;
    }
    ++m_count;
    return m_count <= m_maxPerSecond;
}

} // namespace Planhat::Sandbox
