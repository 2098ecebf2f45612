// SPDX-License-Identifier: MIT
#pragma once

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <numeric>
#include <vector>

namespace Planhat {

/// Below this many items, work is done on the calling thread alone: parts would cost more
/// than they save.
constexpr std::size_t parallelMinimum = 32768;

/// How many parts work that runs on the global pool is cut into: a few per thread, so that
/// a thread done early takes another part.
inline int poolParts()
{
    return 2 * std::max(1, QThreadPool::globalInstance()->maxThreadCount());
}

/// Runs `function` on every item of `sequence` on the global pool and waits for all of them.
/// The waiting thread is mostly a pool thread itself (a sort or filter task), so it gives its
/// place in the pool back while it waits: else, with every pool thread waiting like this (one
/// core, or a cancelled task still running beside its successor), no part would ever start.
template<typename Sequence, typename Function>
void mapOnPool(Sequence &sequence, Function function)
{
    QThreadPool *pool = QThreadPool::globalInstance();
    pool->releaseThread();
    QtConcurrent::blockingMap(pool, sequence, function);
    pool->reserveThread();
}

/// Runs `function(part)` for every part in [0, parts): on the pool (mapOnPool()) when there
/// are several, on the calling thread when there is one (no hop to the pool and back).
template<typename Function>
void forEachPart(int parts, Function function)
{
    if (parts == 1) {
        function(0);
        return;
    }
    std::vector<int> indexes(static_cast<size_t>(parts));
    std::iota(indexes.begin(), indexes.end(), 0);
    mapOnPool(indexes, function);
}

/// Sorts [begin, end) like std::sort with `less`, in parts on the global pool (the calling
/// thread waits), then merged. Small ranges are sorted on the calling thread.
template<typename Iterator, typename Less>
void sortInParallel(Iterator begin, Iterator end, Less less)
{
    const std::ptrdiff_t count = std::distance(begin, end);
    const int parts = poolParts();
    if (count < std::ptrdiff_t(parallelMinimum)) {
        std::sort(begin, end, less);
        return;
    }
    std::vector<Iterator> bounds;
    for (int part = 0; part <= parts; ++part)
        bounds.push_back(begin + count * part / parts);
    forEachPart(parts,
                [&](int part) { std::sort(bounds[size_t(part)], bounds[size_t(part) + 1], less); });
    // Merge neighbours pairwise, the pairs of one round at once.
    for (size_t width = 1; width < size_t(parts); width *= 2) {
        std::vector<size_t> firsts;
        for (size_t first = 0; first + width < size_t(parts); first += 2 * width)
            firsts.push_back(first);
        mapOnPool(firsts, [&](size_t first) {
            const size_t last = std::min(size_t(parts), first + 2 * width);
            std::inplace_merge(bounds[first], bounds[first + width], bounds[last], less);
        });
    }
}

} // namespace Planhat
