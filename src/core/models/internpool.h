// SPDX-License-Identifier: MIT
#pragma once

#include "chunkedvector.h"

#include <QHashFunctions>
#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace Planhat {

/// std::allocator, but elements made without a value are left unwritten: the table of a
/// pool's next growth is allocated ahead and zeroed a piece at a time (InternPool::prepareSome()).
///
/// Not huge pages: on this kind of machine, a transparent huge page faulting in (2 MB zeroed
/// at once, compacted memory first) took several milliseconds per table, and the tables of a
/// table's columns of distinct values grow together; 4 KB pages fault as the zeroing reaches
/// them, a few per intern().
template<typename T>
struct UninitializedAllocator : std::allocator<T>
{
    template<typename U>
    struct rebind
    {
        using other = UninitializedAllocator<U>;
    };

    UninitializedAllocator() = default;
    template<typename U>
    UninitializedAllocator(const UninitializedAllocator<U> &)
    { }

    template<typename U>
    void construct(U *element) noexcept
    {
        ::new (static_cast<void *>(element)) U;
    }
    template<typename U, typename... Args>
    void construct(U *element, Args &&...args)
    {
        ::new (static_cast<void *>(element)) U(std::forward<Args>(args)...);
    }
};

/// Sequences of `T` (UTF-8 bytes of strings, or the ids of a list's strings) kept once each,
/// back to back in one buffer, and named by a dense id (0, 1, 2... in order of first
/// appearance). Equal sequences get the same id, so a column with a few distinct values costs
/// four bytes a row; a column of distinct values costs the bytes themselves plus about twenty
/// bytes (an end, a hash and hash slots), not a heap object per value.
///
/// Nothing is copied whole as the pool grows: the elements go into blocks that never move (a
/// new block when a sequence does not fit the last), the ends and hashes into ChunkedVectors,
/// and the hash table grows a few ids at a time. Copies share blocks and chunks; a copy that
/// adds starts a block of its own rather than write into a shared one.
///
/// Not thread-safe; ids stay valid until clear().
template<typename T>
class InternPool
{
public:
    static constexpr quint32 noId = ~quint32(0);

    /// The id of `count` elements at `data`, added when new.
    quint32 intern(const T *data, size_t count) { return intern(data, count, hashOf(data, count)); }
    /// The same, with `hash` the hashOf() the elements: taking in another pool's sequences
    /// (hash()) need not hash them again.
    quint32 intern(const T *data, size_t count, quint32 hash)
    {
        if ((size() + 1) * 2 > m_table.size())
            grow();
        else if (m_moved < m_oldCount)
            moveSome();
        else
            prepareSome();
        size_t slot = 0;
        if (const quint32 found = findIn(m_table, hash, data, count, &slot); found != noId)
            return found;
        if (m_moved < m_oldCount) {
            const quint32 old = findIn(m_oldTable, hash, data, count);
            if (old != noId)
                return old;
        }
        const quint32 id = quint32(size());
        if (m_ends.empty())
            m_ends.push_back(0);
        m_ends.push_back(place(data, count));
        m_hashes.push_back(hash);
        m_table[slot] = id + 1;
        return id;
    }

    /// The id of the sequence, or noId when it is not in the pool.
    quint32 find(const T *data, size_t count) const
    {
        const quint32 hash = hashOf(data, count);
        const quint32 found = findIn(m_table, hash, data, count);
        return found == noId && m_moved < m_oldCount ? findIn(m_oldTable, hash, data, count)
                                                     : found;
    }

    const T *data(quint32 id) const
    {
        const quint64 start = startOf(id);
        return m_blocks[size_t(start >> 32)].get() + (start & 0xffffffff);
    }
    size_t length(quint32 id) const { return size_t(m_ends[id + 1] - startOf(id)); }
    size_t size() const { return m_ends.empty() ? 0 : m_ends.size() - 1; }
    /// Room for `count` sequences in the arrays kept per id (ChunkedVector::reserve()).
    void reserve(size_t count)
    {
        m_ends.reserve(count + 1);
        m_hashes.reserve(count);
    }
    /// Brings the table slot where a sequence of hash `hash` belongs into the cache, ahead of
    /// its intern(): a large pool's table is read at random, a cache miss per sequence.
    void prefetch(quint32 hash) const
    {
#if defined(__GNUC__) || defined(__clang__)
        if (!m_table.empty())
            __builtin_prefetch(&m_table[hash & (m_table.size() - 1)]);
#else
        Q_UNUSED(hash);
#endif
    }
    /// The hashOf() sequence `id`.
    quint32 hash(quint32 id) const
    {
        return m_hashes[id];
    }

    static quint32 hashOf(const T *data, size_t count)
    {
        // Qt's hash of the bytes (hardware-assisted where it can), with a fixed seed so that
        // equal sequences always land alike.
        return quint32(qHashBits(data, count * sizeof(T), 0));
    }

    void clear()
    {
        m_blocks = {};
        m_lastUsed = m_lastCapacity = 0;
        m_ends.clear();
        m_hashes.clear();
        m_table = {};
        m_oldTable = {};
        m_oldCount = m_moved = 0;
        m_next = NextTable();
    }

private:
    /// A block holds this many elements, but for a longer sequence (kept in a block of its
    /// own); the first blocks double up to it.
    static constexpr size_t blockSize = size_t(1) << 16;
    static constexpr size_t firstBlockSize = 256;

    /// Where sequence `id` starts: the end of the one before, unless that ended in an earlier
    /// block (the sequence did not fit there), then the start of its own block.
    quint64 startOf(quint32 id) const
    {
        const quint64 before = m_ends[id];
        const quint64 end = m_ends[id + 1];
        return (before >> 32) == (end >> 32) ? before : (end >> 32) << 32;
    }

    /// Copies the sequence into the last block (a new one when it does not fit, or when a
    /// copy of this pool shares it); returns its end.
    quint64 place(const T *data, size_t count)
    {
        if (m_blocks.empty() || count > m_lastCapacity - m_lastUsed
            || m_blocks.back().use_count() > 1) {
            const size_t capacity = std::max(
                count, std::min(blockSize, std::max(firstBlockSize, m_lastCapacity * 2)));
            m_blocks.push_back(std::shared_ptr<T[]>(new T[capacity]));
            m_lastCapacity = capacity;
            m_lastUsed = 0;
        }
        std::copy_n(data, count, m_blocks.back().get() + m_lastUsed);
        m_lastUsed += count;
        return (quint64(m_blocks.size() - 1) << 32) | m_lastUsed;
    }

    bool equals(quint32 id, const T *data, size_t count) const
    {
        return length(id) == count
            && (count == 0 || std::memcmp(this->data(id), data, count * sizeof(T)) == 0);
    }

    /// The id of the sequence in `table`, or noId; then `freeSlot` (when given) is the free
    /// slot the search ended on, where the sequence belongs.
    using Table = std::vector<quint32, UninitializedAllocator<quint32>>;

    quint32 findIn(const Table &table, quint32 hash, const T *data, size_t count,
                   size_t *freeSlot = nullptr) const
    {
        if (table.empty())
            return noId;
        size_t slot = hash & (table.size() - 1);
        while (table[slot] != 0) {
            const quint32 id = table[slot] - 1;
            // The hashes kept spare reading the sequences of the ids that only share a slot:
            // in a large pool each sequence read is a cache miss or two (its end, its bytes).
            if (m_hashes[id] == hash && equals(id, data, count))
                return id;
            slot = (slot + 1) & (table.size() - 1);
        }
        if (freeSlot)
            *freeSlot = slot;
        return noId;
    }

    /// A larger table, filled a few ids per intern() (moveSome()): filling it at once, with
    /// a million strings, held the window up for tens of milliseconds. Until every id moved,
    /// lookups ask the old table too (it still holds every id it had).
    void grow()
    {
        while (m_moved < m_oldCount)
            moveSome();
        m_oldTable.swap(m_table);
        const size_t grown = qMax<size_t>(64, m_oldTable.size() * 2);
        if (m_next.table.size() == grown) {
            std::fill(m_next.table.begin() + qsizetype(m_next.zeroed), m_next.table.end(), 0);
            m_table.swap(m_next.table);
            m_next = NextTable();
        } else {
            m_table.assign(grown, 0);
        }
        m_oldCount = size();
        m_moved = 0;
        if (m_oldCount == 0)
            m_oldTable = {};
    }

    /// Zeroes the table of the next grow() a piece per intern() once this one is 3/8 full,
    /// so that the growth finds it ready. Zeroed at once, its pages faulting one after
    /// another, a table of 65,536 strings took 10 ms, and a table's columns of distinct values
    /// (ids, names) all grow on the same page.
    void prepareSome()
    {
        if (size() * 8 < m_table.size() * 3)
            return;
        if (m_next.table.empty()) {
            m_next.table.resize(m_table.size() * 2); // not written yet
            m_next.zeroed = 0;
        }
        // The table grows after m_table.size() / 8 more ids: 16 elements per intern() would
        // do, and strings seen before call too.
        constexpr size_t perCall = 32;
        const size_t end = qMin(m_next.table.size(), m_next.zeroed + perCall);
        std::fill(m_next.table.begin() + qsizetype(m_next.zeroed),
                  m_next.table.begin() + qsizetype(end), 0);
        m_next.zeroed = end;
    }

    /// Puts the next few ids of the old table into the new one, by the hashes kept.
    void moveSome()
    {
        // The table grows again once its ids doubled, long after the last moved.
        constexpr size_t perCall = 8;
        const size_t last = qMin(m_oldCount, m_moved + perCall);
        for (; m_moved < last; ++m_moved) {
            size_t slot = m_hashes[m_moved] & (m_table.size() - 1);
            while (m_table[slot] != 0)
                slot = (slot + 1) & (m_table.size() - 1);
            m_table[slot] = quint32(m_moved) + 1;
        }
        if (m_moved == m_oldCount)
            m_oldTable = {};
    }

    std::vector<std::shared_ptr<T[]>> m_blocks;
    size_t m_lastUsed = 0; ///< elements of the last block taken
    size_t m_lastCapacity = 0;
    /// m_ends[id + 1] is where sequence `id` ends (m_ends[0] is 0): the block number in the
    /// high 32 bits, the index in the block in the low ones. Empty until the first intern().
    ChunkedVector<quint64> m_ends;
    ChunkedVector<quint32> m_hashes; ///< per id: the low bits of its hash
    Table m_table; ///< open addressing: 0 free, else id + 1
    Table m_oldTable; ///< the table before the last grow(), while ids move
    size_t m_oldCount = 0; ///< ids the old table holds
    size_t m_moved = 0; ///< of them, moved to m_table
    /// The table of the next grow() while it is zeroed, its elements from `zeroed` on not
    /// written yet (and not copied with it).
    struct NextTable
    {
        Table table;
        size_t zeroed = 0;

        NextTable() = default;
        NextTable(const NextTable &other)
            : zeroed(other.zeroed)
        {
            table.resize(other.table.size());
            std::copy_n(other.table.begin(), zeroed, table.begin());
        }
        NextTable(NextTable &&other) noexcept = default;
        NextTable &operator=(const NextTable &other)
        {
            NextTable copy(other);
            return *this = std::move(copy);
        }
        NextTable &operator=(NextTable &&other) noexcept = default;
    };
    NextTable m_next;
};

} // namespace Planhat
