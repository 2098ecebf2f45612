// SPDX-License-Identifier: MIT
#include "sortranks.h"

#include "objectcolumn.h"
#include "parallelsort.h"
#include "recordstore.h"
#include "textkeys.h"
#include "valueformatter.h"

#include <QCollator>
#include <QHash>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <numeric>

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

/// The eight bytes of `key`'s text key from `depth` on, big-endian, zero past its end.
quint64 wordAt(const SortKey &key, qsizetype depth)
{
    if (depth == 0)
        return key.textPrefix(); // kept beside the key: no look at its bytes
    const QByteArrayView bytes = key.textKey();
    if (depth + 8 <= bytes.size())
        return qFromBigEndian<quint64>(bytes.data() + depth);
    quint64 word = 0;
    for (qsizetype i = depth; i < depth + 8; ++i)
        word = (word << 8) | (i < bytes.size() ? quint8(bytes[i]) : 0);
    return word;
}

/// Keys by index: most point into a TextKeys, so a million keys are not copied.
using KeyList = std::vector<const SortKey *>;

/// Sixteen bytes of a key from some depth on, and whose key.
struct Words
{
    quint64 high;
    quint64 low;
    int item;

    bool operator<(const Words &other) const
    {
        return high != other.high ? high < other.high : low < other.low;
    }
    bool sameBytes(const Words &other) const { return high == other.high && low == other.low; }
};

/// Sets `starts[i]` (for i from 1) to whether the key of `items[i]` differs from the one before.
void markStarts(const int *items, size_t count, const KeyList &keys, quint8 *starts)
{
    for (size_t i = 1; i < count; ++i)
        starts[i] = keys[size_t(items[i - 1])]->compare(*keys[size_t(items[i])]) != 0 ? 1 : 0;
}

/// Sorts `items` (indexes into `keys`, all texts, alike in their bytes before `depth`) by
/// their keys' bytes from `depth` on, sixteen bytes at a time: each pass sorts words held
/// side by side, so the keys themselves are read once a pass rather than at every comparison
/// (which, over a million keys spread through memory, costs a cache miss each). Equal words
/// go on to the next sixteen bytes. Sets `starts[i]` (for i from 1) to whether the key of
/// `items[i]` differs from the one before: known from the words, with no second look at the
/// keys.
void sortByBytes(int *items, quint8 *starts, size_t count, const KeyList &keys, qsizetype depth,
                 std::vector<Words> *scratch)
{
    if (count < 2)
        return;
    const auto less = [&keys](int left, int right) {
        return keys[size_t(left)]->compare(*keys[size_t(right)]) < 0;
    };
    if (count <= 16) {
        std::sort(items, items + count, less);
        markStarts(items, count, keys, starts);
        return;
    }
    scratch->resize(count);
    for (size_t i = 0; i < count; ++i) {
        const SortKey &key = *keys[size_t(items[i])];
        (*scratch)[i] = {wordAt(key, depth), wordAt(key, depth + 8), items[i]};
    }
    std::sort(scratch->begin(), scratch->begin() + std::ptrdiff_t(count));
    std::vector<std::pair<size_t, size_t>> runs; // of equal words, before scratch is reused
    size_t runStart = 0;
    for (size_t i = 0; i < count; ++i) {
        items[i] = (*scratch)[i].item;
        if (i > 0)
            starts[i] = i == runStart ? 1 : 0;
        if (i + 1 == count || !(*scratch)[i + 1].sameBytes((*scratch)[runStart])) {
            if (i > runStart)
                runs.emplace_back(runStart, i + 1);
            runStart = i + 1;
        }
    }
    for (const auto &[from, to] : runs) {
        // Keys that end within these bytes come first (the longer ones differ from them);
        // they are alike but for their length (zero bytes at the end).
        int *rest = std::partition(items + from, items + to, [&](int item) {
            return keys[size_t(item)]->textKey().size() <= depth + 16;
        });
        const size_t ended = size_t(rest - (items + from));
        if (ended > 1) {
            std::sort(items + from, rest, less);
            markStarts(items + from, ended, keys, starts + from);
        }
        if (rest == items + to)
            continue;
        if (ended > 0)
            starts[size_t(rest - items)] = 1;
        sortByBytes(rest, starts + (rest - items), size_t(items + to - rest), keys, depth + 16,
                    scratch);
    }
}

/// sortByBytes() on the global pool: the items are split by the first eight bytes of their
/// keys into parts of about the same size (cut where a sample of them says), each part is
/// sorted on its own, and the parts put one after the other: every key of a part sorts
/// before the next part's, so nothing needs merging. `starts` gets whether each key in the
/// order differs from the one before.
void sortByBytesInParallel(std::vector<int> *items, std::vector<quint8> *starts,
                           const KeyList &keys)
{
    const size_t count = items->size();
    starts->assign(count, 1);
    const int parts = poolParts();
    if (count < parallelMinimum) {
        std::vector<Words> scratch;
        sortByBytes(items->data(), starts->data(), count, keys, 0, &scratch);
        return;
    }
    std::vector<quint64> prefixes(count);
    for (size_t i = 0; i < count; ++i)
        prefixes[i] = keys[size_t((*items)[i])]->textPrefix();
    std::vector<quint64> sample;
    const size_t step = std::max<size_t>(1, count / 4096);
    for (size_t i = 0; i < count; i += step)
        sample.push_back(prefixes[i]);
    std::sort(sample.begin(), sample.end());
    // A part holds the prefixes below its upper cut (equal prefixes share a part, so the
    // first key of a part differs from the last of the one before).
    std::vector<quint64> cuts;
    for (int part = 1; part < parts; ++part) {
        const quint64 cut = sample[sample.size() * size_t(part) / size_t(parts)];
        if (cuts.empty() || cut > cuts.back())
            cuts.push_back(cut);
    }
    std::vector<std::vector<int>> partItems(cuts.size() + 1);
    for (auto &part : partItems)
        part.reserve(count / partItems.size() + count / 16);
    for (size_t i = 0; i < count; ++i) {
        const size_t part
            = size_t(std::upper_bound(cuts.begin(), cuts.end(), prefixes[i]) - cuts.begin());
        partItems[part].push_back((*items)[i]);
    }
    prefixes = {};
    std::vector<size_t> partStarts; // where each part goes in items
    size_t at = 0;
    for (const auto &part : partItems) {
        partStarts.push_back(at);
        at += part.size();
    }
    std::vector<size_t> indexes(partItems.size());
    std::iota(indexes.begin(), indexes.end(), size_t(0));
    mapOnPool(indexes, [&](size_t index) {
        std::vector<int> &part = partItems[index];
        std::vector<Words> scratch;
        sortByBytes(part.data(), starts->data() + partStarts[index], part.size(), keys, 0,
                    &scratch);
        std::copy(part.begin(), part.end(), items->begin() + std::ptrdiff_t(partStarts[index]));
        part = {};
    });
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
                        const std::atomic<bool> *cancelled, const TextKeys *textKeys)
{
    clear();
    if (textKeys && (!store.isStored(column) || textKeys->locale() != collator.locale()))
        textKeys = nullptr;
    const auto isCancelled = [cancelled] {
        return cancelled && cancelled->load(std::memory_order_relaxed);
    };
    const int slotTotal = store.slotCount();
    // Each distinct value gets one key: strings and lists by their pool id, numbers by value,
    // anything else per slot. First the distinct values, then their keys (collation keys
    // cost most: they are made on several threads), then their order.
    std::vector<int> representatives; ///< a slot per distinct value
    std::vector<int> distinctOfSlot(size_t(slotTotal), -1);
    const bool stored = store.isStored(column);
    std::vector<int> byString(stored ? store.stringCount(column) : 0, -1);
    std::vector<int> byList(stored ? store.listCount(column) : 0, -1);
    QHash<quint64, int> byNumber;
    QHash<quint64, int> byDate[2];
    int byBoolean[2] = {-1, -1};
    for (int slot = 0; slot < slotTotal; ++slot) {
        if (slot % 4096 == 0 && isCancelled())
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
        representatives.push_back(slot);
        const int distinct = int(representatives.size()) - 1;
        if (known)
            *known = distinct;
        distinctOfSlot[size_t(slot)] = distinct;
    }

    // What found the distinct values goes before the sort's own memory comes (a million
    // rows: the peak of a table's memory is its first sort).
    byString = {};
    byList = {};
    byNumber = {};
    byDate[0] = {};
    byDate[1] = {};

    // The keys a TextKeys holds are used where they are; the others are made here (collation
    // keys cost most: they are made on several threads).
    KeyList keys(representatives.size(), nullptr);
    std::vector<size_t> missing; ///< indexes into keys
    for (size_t i = 0; i < keys.size(); ++i) {
        if (textKeys) {
            const quint32 code = store.code(representatives[i], column);
            if (RecordStore::tagOf(code) == Tag::String)
                keys[i] = textKeys->key(RecordStore::payloadOf(code));
        }
        if (!keys[i])
            missing.push_back(i);
    }
    std::vector<SortKey> made(missing.size());
    constexpr size_t chunkSize = 4096;
    std::vector<size_t> chunks;
    for (size_t from = 0; from < made.size(); from += chunkSize)
        chunks.push_back(from);
    if (!chunks.empty())
        mapOnPool(chunks, [&](size_t from) {
            // A collator and a formatter of its own: QCollator sets itself up lazily and the
            // formatter fills caches (date texts), which is no const use.
            const ValueFormatter ownFormatter = formatter;
            QCollator own(collator.locale());
            own.setCaseSensitivity(collator.caseSensitivity());
            own.setNumericMode(collator.numericMode());
            own.setIgnorePunctuation(collator.ignorePunctuation());
            if (isCancelled())
                return;
            const size_t to = std::min(made.size(), from + chunkSize);
            for (size_t i = from; i < to; ++i)
                made[i]
                    = keyOf(store, column, representatives[missing[i]], spec, ownFormatter, own);
        });
    if (isCancelled())
        return;
    for (size_t i = 0; i < missing.size(); ++i)
        keys[missing[i]] = &made[i];
    missing = {};
    representatives = {};

    std::vector<int> order;
    order.reserve(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        if (!keys[i]->isEmpty())
            order.push_back(int(i));
    }
    const auto less = [&keys](int left, int right) {
        return keys[size_t(left)]->compare(*keys[size_t(right)]) < 0;
    };
    const bool texts = std::all_of(order.begin(), order.end(), [&keys](int item) {
        return keys[size_t(item)]->kind() == SortKey::Kind::Text;
    });
    // Which keys differ from the one before: texts learn it as they sort; others by a
    // compare each (over a million keys spread through memory: in parts on the pool).
    std::vector<quint8> startsRank;
    if (texts) {
        sortByBytesInParallel(&order, &startsRank, keys);
    } else {
        sortInParallel(order.begin(), order.end(), less);
        startsRank.assign(order.size(), 1);
        std::vector<size_t> from;
        for (size_t at = 1; at < order.size(); at += chunkSize)
            from.push_back(at);
        mapOnPool(from, [&](size_t first) {
            const size_t last = std::min(order.size(), first + chunkSize);
            markStarts(order.data() + first - 1, last - first + 1, keys,
                       startsRank.data() + first - 1);
        });
    }
    if (isCancelled())
        return;
    std::vector<int> rankOfDistinct(keys.size(), -1);
    int rank = -1;
    for (size_t i = 0; i < order.size(); ++i) {
        rank += startsRank[i];
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
