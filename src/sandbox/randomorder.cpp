// SPDX-License-Identifier: MIT
#include "randomorder.h"

#include <numeric>
#include <random>

namespace Planhat::Sandbox {

RandomOrder::RandomOrder(quint64 size, quint64 seed)
    : m_size(size == 0 ? 1 : size)
{
    if (m_size < 2)
        return;
    // Draw from the raw engine and reduce by hand: the standard distributions may differ
    // between library implementations, and a seed must replay the same order everywhere.
    std::mt19937_64 random(seed);
    m_shift = random() % m_size;
    do {
        m_step = 1 + random() % (m_size - 1);
    } while (std::gcd(m_step, m_size) != 1);
}

quint64 RandomOrder::requestSeed(quint64 runSeed, quint64 counter)
{
    quint64 z = runSeed + (counter + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace Planhat::Sandbox
