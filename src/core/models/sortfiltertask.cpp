// SPDX-License-Identifier: MIT
#include "sortfiltertask.h"

#include "parallelsort.h"
#include "textmatcher.h"

#include <QCollator>

#include <algorithm>

namespace Planhat {

namespace {

/// Rows between two looks at the cancel flag.
constexpr int cancelCheckRows = 4096;

bool isCancelled(const std::atomic<bool> *cancelled)
{
    return cancelled && cancelled->load(std::memory_order_relaxed);
}

/// A filter's matchers, prepared (TextMatcher::prepare()) and still without answers.
struct Matchers
{
    std::vector<TextMatcher> columns;
    std::vector<TextMatcher> quick;
};

Matchers prepareMatchers(const TableSnapshot &snapshot, const SortFilterSpec &spec)
{
    Matchers matchers;
    for (const auto &[column, text] : spec.columnFilters)
        matchers.columns.emplace_back(column, text);
    if (!spec.quickFilter.isEmpty()) {
        for (int column : spec.quickColumns)
            matchers.quick.emplace_back(column, spec.quickFilter);
    }
    for (std::vector<TextMatcher> *list : {&matchers.columns, &matchers.quick}) {
        for (TextMatcher &matcher : *list)
            matcher.prepare(snapshot.columns.at(matcher.column()), snapshot.formatter);
    }
    return matchers;
}

/// The slots of rows [from, to) that pass the filters, in row order. Matchers remember their
/// answer per distinct value, so each range has its own copies of `prepared`.
std::vector<int> filterRows(const TableSnapshot &snapshot, const SortFilterSpec &spec,
                            const Matchers &prepared, int from, int to,
                            const std::atomic<bool> *cancelled)
{
    const RecordStore &store = snapshot.store;
    std::vector<TextMatcher> columnMatchers = prepared.columns;
    std::vector<TextMatcher> quickMatchers = prepared.quick;
    // A formatter of its own: formatting fills caches (date texts), which is no const use,
    // and the parts run at once.
    const ValueFormatter formatter = snapshot.formatter;
    std::vector<int> passed;
    for (int row = from; row < to; ++row) {
        if ((row - from) % cancelCheckRows == 0 && isCancelled(cancelled))
            return {};
        const int slot = store.slotOf(row);
        bool accepted = true;
        for (TextMatcher &matcher : columnMatchers) {
            if (!matcher.matches(store, slot, snapshot.columns.at(matcher.column()), formatter)) {
                accepted = false;
                break;
            }
        }
        if (accepted && !spec.quickFilter.isEmpty()) {
            accepted = false;
            for (TextMatcher &matcher : quickMatchers) {
                if (matcher.matches(store, slot, snapshot.columns.at(matcher.column()),
                                    formatter)) {
                    accepted = true;
                    break;
                }
            }
        }
        if (accepted)
            passed.push_back(slot);
    }
    return passed;
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

    // Filters: every column filter and the quick filter in one of its columns, over ranges
    // of rows on the pool.
    if (!spec.filters()) {
        for (int row = 0; row < rowTotal; ++row)
            result.order.push_back(store.slotOf(row));
    } else {
        const Matchers matchers = prepareMatchers(snapshot, spec);
        const int parts = size_t(rowTotal) < parallelMinimum ? 1 : poolParts();
        std::vector<std::vector<int>> kept(static_cast<size_t>(parts));
        forEachPart(parts, [&](int part) {
            kept[size_t(part)]
                = filterRows(snapshot, spec, matchers, int(qint64(rowTotal) * part / parts),
                             int(qint64(rowTotal) * (part + 1) / parts), cancelled);
        });
        if (isCancelled(cancelled)) {
            result.cancelled = true;
            return result;
        }
        for (const std::vector<int> &part : kept)
            result.order.insert(result.order.end(), part.begin(), part.end());
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
    // Ranks are small integers, one per distinct value: a counting sort by them is linear,
    // and stable (rows of one rank keep their order). Descending order turns the ranks
    // around; empty cells go last either way.
    std::vector<int> bucketOf(result.order.size());
    int maxRank = -1;
    for (size_t i = 0; i < result.order.size(); ++i) {
        bucketOf[i] = result.ranks.rank(store, spec.sortColumn, result.order[i]);
        maxRank = std::max(maxRank, bucketOf[i]);
    }
    const int emptyBucket = maxRank + 1;
    std::vector<int> starts(size_t(emptyBucket) + 2, 0);
    for (int &bucket : bucketOf) {
        if (bucket < 0)
            bucket = emptyBucket;
        else if (spec.order == Qt::DescendingOrder)
            bucket = maxRank - bucket;
        ++starts[size_t(bucket) + 1];
    }
    if (isCancelled(cancelled)) {
        result.cancelled = true;
        return result;
    }
    for (size_t bucket = 1; bucket < starts.size(); ++bucket)
        starts[bucket] += starts[bucket - 1];
    std::vector<int> sorted(result.order.size());
    for (size_t i = 0; i < result.order.size(); ++i)
        sorted[size_t(starts[size_t(bucketOf[i])]++)] = result.order[i];
    result.order.swap(sorted);
    return result;
}

} // namespace Planhat
