// SPDX-License-Identifier: MIT
#pragma once

#include "sortkey.h"

#include <QtGlobal>

#include <atomic>
#include <vector>

class QCollator;

namespace Planhat {

class ObjectColumn;
class RecordStore;
class TextKeys;
class ValueFormatter;

/// The sort order of one stored column, as a rank per record slot: equal values share a
/// rank, empty cells get -1. A full sort then compares integers.
///
/// Ranks are computed per distinct value, not per row: a column of regions collates a
/// handful of texts, numbers and ISO dates compare as numbers without being formatted.
/// Ranks cover the slots that existed when they were computed, until a cell of the column
/// changes (RecordStore::version()); rows beyond compare by keyOf().
class SortRanks
{
public:
    static constexpr int notRanked = -2;

    /// Stops early, leaving no ranks, once `cancelled` becomes true. Strings with a key in
    /// `textKeys` (made for `collator`'s locale) are not collated again.
    void compute(const RecordStore &store, int column, const ObjectColumn &spec,
                 const ValueFormatter &formatter, const QCollator &collator,
                 const std::atomic<bool> *cancelled = nullptr, const TextKeys *textKeys = nullptr);
    void clear();
    /// The rank of `slot`, -1 for an empty cell, or notRanked when the ranks do not cover it
    /// or are stale.
    int rank(const RecordStore &store, int column, int slot) const;
    bool isCurrent(const RecordStore &store, int column) const;

    /// What the cell in `slot` sorts by (see SortKey).
    static SortKey keyOf(const RecordStore &store, int column, int slot, const ObjectColumn &spec,
                         const ValueFormatter &formatter, const QCollator &collator);

private:
    std::vector<int> m_ranks; ///< per slot
    quint64 m_version = 0;
    bool m_valid = false;
};

} // namespace Planhat
