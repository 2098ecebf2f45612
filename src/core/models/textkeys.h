// SPDX-License-Identifier: MIT
#pragma once

#include "chunkedvector.h"
#include "sortkey.h"

#include <QLocale>

#include <vector>

class QCollator;

namespace Planhat {

class ObjectColumn;
class RecordStore;

/// The sort keys of the strings of one stored column's pool, by string id, made ahead of a
/// sort: collating is what a first sort by text spends its time on, so RecordLoader makes the
/// keys of each page's strings on the worker thread that encodes the page, and the table
/// merges them as it takes the page in. SortRanks then collates only strings it has no key
/// for (those edited in, say). Ids of a pool never change their text, so keys never go stale;
/// they hold for the collator of their locale only.
class TextKeys
{
public:
    explicit TextKeys(const QLocale &locale = QLocale());

    /// Whether the string cells of `column` sort by their own text (not references, numbers
    /// or dates), so that a key per pool string serves every cell.
    static bool appliesTo(const ObjectColumn &column);
    /// Sets `collator` up as sorting a table does: numbers in text by value, case ignored.
    static void setUpCollator(QCollator *collator);

    QLocale locale() const { return m_locale; }
    /// Makes the keys of every string of `store`'s column `column`.
    void compute(const RecordStore &store, int column);
    /// Takes in the keys of a block whose string `id` became this pool's `stringMap[id]`.
    void merge(const TextKeys &block, const std::vector<quint32> &stringMap);
    /// The key of string `id`, or nullptr when none was made.
    const SortKey *key(quint32 id) const
    {
        return id < m_known.size() && m_known[id] ? &m_keys[id] : nullptr;
    }
    void clear();

private:
    // Chunked: a million keys are not copied when they grow, and a copy of the keys (made
    // when a snapshot reads them while pages arrive) shares all but the chunks it changes.
    // Keys are constructed as their chunk is made, so chunks of keys are small: a chunk of
    // 65,536 took 10-20 ms of page faults at once.
    QLocale m_locale;
    ChunkedVector<SortKey, 12> m_keys; ///< by string id
    ChunkedVector<bool> m_known;
};

} // namespace Planhat
