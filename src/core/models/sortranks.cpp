// SPDX-License-Identifier: MIT
#include "sortranks.h"

#include "objectcolumn.h"
#include "recordstore.h"

#include <QHash>

#include <algorithm>
#include <cstring>

namespace Planhat {

namespace {

using Tag = RecordStore::Tag;

/// Whether a stored number compares as itself in this column (SortKey's numeric key).
bool isNumericKey(const ObjectColumn &spec, Tag tag, quint32 payload)
{
    if (spec.isReference())
        return false;
    if (tag == Tag::Number)
        return spec.type() == FieldType::Number || spec.type() == FieldType::DayNumber;
    // Only the full UTC form: a bare day is placed by the local time zone.
    return tag == Tag::Date && payload == 0 && spec.type() == FieldType::Date;
}

} // namespace

SortKey SortRanks::keyOf(const RecordStore &store, int column, int slot, const ObjectColumn &spec,
                         const ValueFormatter &formatter, const QCollator &collator)
{
    if (store.isStored(column)) {
        const quint32 code = store.code(slot, column);
        const Tag tag = RecordStore::tagOf(code);
        if (tag == Tag::Missing || tag == Tag::Null)
            return SortKey();
        if (isNumericKey(spec, tag, RecordStore::payloadOf(code)))
            return SortKey::fromNumber(store.number(slot, column));
    }
    return SortKey::forValue(spec, store.value(slot, column), formatter, collator);
}

void SortRanks::compute(const RecordStore &store, int column, const ObjectColumn &spec,
                        const ValueFormatter &formatter, const QCollator &collator,
                        const std::atomic<bool> *cancelled)
{
    clear();
    const int slotTotal = store.slotCount();
    // Each distinct value gets one key: strings and lists by their pool id, numbers by value,
    // anything else per slot.
    std::vector<SortKey> keys;
    std::vector<int> distinctOfSlot(size_t(slotTotal), -1);
    const bool stored = store.isStored(column);
    std::vector<int> byString(stored ? store.stringCount(column) : 0, -1);
    std::vector<int> byList(stored ? store.listCount(column) : 0, -1);
    QHash<quint64, int> byNumber;
    QHash<quint64, int> byDate[2];
    int byBoolean[2] = {-1, -1};
    for (int slot = 0; slot < slotTotal; ++slot) {
        if (cancelled && slot % 4096 == 0 && cancelled->load(std::memory_order_relaxed))
            return;
        int *known = nullptr;
        if (stored) {
            const quint32 code = store.code(slot, column);
            const quint32 payload = RecordStore::payloadOf(code);
            switch (RecordStore::tagOf(code)) {
            case Tag::Missing:
            case Tag::Null:
                continue; // empty: rank -1
            case Tag::Boolean:
                known = &byBoolean[payload];
                break;
            case Tag::String:
                known = &byString[payload];
                break;
            case Tag::StringList:
                known = &byList[payload];
                break;
            case Tag::Number:
            case Tag::Date: {
                const double number = store.number(slot, column);
                quint64 bits = 0;
                std::memcpy(&bits, &number, sizeof bits);
                QHash<quint64, int> &seen
                    = RecordStore::tagOf(code) == Tag::Number ? byNumber : byDate[payload & 1];
                auto it = seen.find(bits);
                if (it == seen.end())
                    it = seen.insert(bits, -1);
                known = &it.value(); // used before the next insertion
                break;
            }
            case Tag::Other:
                break;
            }
        }
        if (known && *known >= 0) {
            distinctOfSlot[size_t(slot)] = *known;
            continue;
        }
        const SortKey key = keyOf(store, column, slot, spec, formatter, collator);
        if (key.isEmpty())
            continue;
        keys.push_back(key);
        const int distinct = int(keys.size()) - 1;
        if (known)
            *known = distinct;
        distinctOfSlot[size_t(slot)] = distinct;
    }
    std::vector<int> order(keys.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&keys](int left, int right) {
        return keys[size_t(left)].compare(keys[size_t(right)]) < 0;
    });
    std::vector<int> rankOfDistinct(keys.size(), -1);
    int rank = -1;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i == 0 || keys[size_t(order[i - 1])].compare(keys[size_t(order[i])]) != 0)
            ++rank;
        rankOfDistinct[size_t(order[i])] = rank;
    }
    m_ranks.assign(size_t(slotTotal), -1);
    for (size_t slot = 0; slot < size_t(slotTotal); ++slot) {
        const int distinct = distinctOfSlot[slot];
        if (distinct >= 0)
            m_ranks[slot] = rankOfDistinct[size_t(distinct)];
    }
    m_version = store.version(column);
    m_valid = true;
}

void SortRanks::clear()
{
    m_ranks = {};
    m_valid = false;
}

int SortRanks::rank(const RecordStore &store, int column, int slot) const
{
    if (!m_valid || m_version != store.version(column) || size_t(slot) >= m_ranks.size())
        return notRanked;
    return m_ranks[size_t(slot)];
}

bool SortRanks::isCurrent(const RecordStore &store, int column) const
{
    return m_valid && m_version == store.version(column)
        && m_ranks.size() == size_t(store.slotCount());
}

} // namespace Planhat
