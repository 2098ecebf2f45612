// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Planhat::Sandbox {

/// A random permutation of the positions 0..size-1, drawn from a seed: position p maps to
/// (step * p + shift) mod size with `step` coprime to `size`. Looking up one position costs
/// O(1), so a page of a million-row list in random order costs only its own rows, unlike a
/// shuffle of the whole list per request. It is no uniform shuffle, but every seed gives
/// another order, which is all `--unordered` needs: a list without `sort` whose order
/// changes between requests, so offset paging without `sort` skips and repeats rows.
class RandomOrder
{
public:
    /// `size` must stay below 2^32 (so step * position fits in 64 bits).
    RandomOrder(quint64 size, quint64 seed);

    /// The index at `position` (0 <= position < size).
    quint64 at(quint64 position) const { return (m_step * position + m_shift) % m_size; }

    /// The seed of request `counter` in a run seeded with `runSeed`: distinct, well-mixed
    /// seeds from consecutive counters (SplitMix64), the same on every platform.
    static quint64 requestSeed(quint64 runSeed, quint64 counter);

private:
    quint64 m_size;
    quint64 m_step = 1;
    quint64 m_shift = 0;
};

} // namespace Planhat::Sandbox
