// SPDX-License-Identifier: MIT
#pragma once

#include "objectcolumn.h"
#include "recordstore.h"
#include "sortranks.h"
#include "textkeys.h"
#include "valueformatter.h"

#include <QList>
#include <QLocale>
#include <QPair>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace Planhat {

/// What a table shows: the filters and the sort, by index into the table's available
/// columns (ObjectTableModel::availableColumns()).
struct SortFilterSpec
{
    int sortColumn = -1; ///< -1: in the order the rows arrived
    Qt::SortOrder order = Qt::AscendingOrder;
    QString quickFilter; ///< case-folded; empty for none
    QList<int> quickColumns; ///< the columns the quick filter looks in
    QList<QPair<int, QString>> columnFilters; ///< column and case-folded text

    bool sorts() const { return sortColumn >= 0; }
    bool filters() const { return !quickFilter.isEmpty() || !columnFilters.isEmpty(); }
};

/// A table's records and what formats them, as they were at one moment. Copying the store
/// shares its columns (RecordStore is copy-on-write per column), so a snapshot is cheap to
/// take and stays the same while the table goes on changing: another thread may read it.
struct TableSnapshot
{
    RecordStore store;
    QList<ObjectColumn> columns; ///< the available columns the store holds
    ValueFormatter formatter; ///< names of references come from a copy, not the resolver
    QLocale locale; ///< of the collation
    SortRanks ranks; ///< of the sort column when they were current, else empty
    std::shared_ptr<const TextKeys> textKeys; ///< of the sort column's strings, if made
};

/// The rows a SortFilterSpec shows, as record slots in order.
struct SortFilterResult
{
    std::vector<int> order;
    int slotCount = 0; ///< the slots the snapshot had: later ones were not looked at
    SortRanks ranks; ///< of the sort column, to be kept for the next sort
    bool cancelled = false;
};

/// Filters and sorts a TableSnapshot; runs on any thread. Sorting is stable (equal values keep
/// the order the rows arrived in) and puts empty cells last in either order.
class SortFilterTask
{
public:
    /// Stops early (result.cancelled) once `cancelled` becomes true.
    static SortFilterResult run(const TableSnapshot &snapshot, const SortFilterSpec &spec,
                                const std::atomic<bool> *cancelled = nullptr);
};

} // namespace Planhat
