// SPDX-License-Identifier: MIT
#include "sortfiltertask.h"

#include "textmatcher.h"

#include <QCollator>

#include <algorithm>
#include <limits>

namespace Planhat {

namespace {

/// Rows between two looks at the cancel flag.
constexpr int cancelCheckRows = 4096;

bool isCancelled(const std::atomic<bool> *cancelled)
{
    return cancelled && cancelled->load(std::memory_order_relaxed);
}

} // namespace

SortFilterResult SortFilterTask::run(const TableSnapshot &snapshot, const SortFilterSpec &spec,
                                     const std::atomic<bool> *cancelled)
{
    const RecordStore &store = snapshot.store;
    SortFilterResult result;
    result.slotCount = store.slotCount();
    const int rowTotal = store.rowCount();
    result.order.reserve(size_t(rowTotal));

    // Filters: every column filter and the quick filter in one of its columns. Matchers
    // remember their answer per distinct value.
    std::vector<TextMatcher> columnMatchers;
    for (const auto &[column, text] : spec.columnFilters)
        columnMatchers.emplace_back(column, text);
    std::vector<TextMatcher> quickMatchers;
    if (!spec.quickFilter.isEmpty()) {
        for (int column : spec.quickColumns)
            quickMatchers.emplace_back(column, spec.quickFilter);
    }
    for (int row = 0; row < rowTotal; ++row) {
        if (row % cancelCheckRows == 0 && isCancelled(cancelled)) {
            result.cancelled = true;
            return result;
        }
        const int slot = store.slotOf(row);
        bool accepted = true;
        for (TextMatcher &matcher : columnMatchers) {
            if (!matcher.matches(store, slot, snapshot.columns.at(matcher.column()),
                                 snapshot.formatter)) {
                accepted = false;
                break;
            }
        }
        if (accepted && spec.quickFilter.size() > 0) {
            accepted = false;
            for (TextMatcher &matcher : quickMatchers) {
                if (matcher.matches(store, slot, snapshot.columns.at(matcher.column()),
                                    snapshot.formatter)) {
                    accepted = true;
                    break;
                }
            }
        }
        if (accepted)
            result.order.push_back(slot);
    }
    if (!spec.sorts())
        return result;

    result.ranks = snapshot.ranks;
    if (!result.ranks.isCurrent(store, spec.sortColumn)) {
        QCollator collator(snapshot.locale);
        TextKeys::setUpCollator(&collator);
        result.ranks.compute(store, spec.sortColumn, snapshot.columns.at(spec.sortColumn),
                             snapshot.formatter, collator, cancelled, snapshot.textKeys.get());
        if (isCancelled(cancelled)) {
            result.cancelled = true;
            return result;
        }
    }
    // One 64-bit key per row: the rank (turned around for descending order, empty cells last
    // either way) above the row's position, so that a plain sort is stable.
    int maxRank = -1;
    for (int slot : result.order)
        maxRank = std::max(maxRank, result.ranks.rank(store, spec.sortColumn, slot));
    std::vector<quint64> keys(result.order.size());
    for (size_t i = 0; i < result.order.size(); ++i) {
        const int rank = result.ranks.rank(store, spec.sortColumn, result.order[i]);
        quint64 high = std::numeric_limits<quint32>::max();
        if (rank >= 0)
            high = quint64(spec.order == Qt::AscendingOrder ? rank : maxRank - rank);
        keys[i] = (high << 32) | quint64(i);
    }
    if (isCancelled(cancelled)) {
        result.cancelled = true;
        return result;
    }
    std::sort(keys.begin(), keys.end());
    std::vector<int> sorted(result.order.size());
    for (size_t i = 0; i < keys.size(); ++i)
        sorted[i] = result.order[size_t(keys[i] & 0xffffffffU)];
    result.order.swap(sorted);
    return result;
}

} // namespace Planhat
