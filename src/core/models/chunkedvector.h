// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

namespace Planhat {

/// A growable array kept in chunks of a fixed size, so that growing never copies what it
/// holds: a std::vector that doubles copies every element (with old and new alive at once),
/// and at half a million rows the copies of a table's columns held the window up for a
/// hundred milliseconds and more.
///
/// Element `i` is item i % chunkSize of chunk i / chunkSize: one load more than a vector. The
/// first chunk doubles up to chunkSize, so a small array does not cost a whole chunk; later
/// chunks are made whole. Elements past size() are uninitialized for trivial types.
///
/// Copies share their chunks until one of them writes into a chunk (copy on write per chunk:
/// at most one chunk is copied per write), so a copy costs a pointer per chunk, and another
/// thread may read a copy while this one appends or changes elements.
///
/// For numbers, chunks start as one chunk of zeros shared by every array, and zeros written
/// into it are not stored: a column no record has a value in (a table's codes for a
/// field its records lack are all zero) then costs a pointer per chunk, not four megabytes a
/// million rows.
template<typename T, int ChunkBits = 16>
class ChunkedVector
{
public:
    static constexpr size_t chunkSize = size_t(1) << ChunkBits;

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    const T &operator[](size_t i) const { return m_chunks[i >> ChunkBits].get()[i & mask]; }
    /// Sets element `i` (below size()).
    void set(size_t i, const T &value)
    {
        const size_t chunk = i >> ChunkBits;
        if (isZero(value) && isZeroChunk(chunk))
            return;
        writable(chunk, m_size)[i & mask] = value;
    }

    void push_back(const T &value)
    {
        if (m_size == m_capacity)
            reserve(m_size + 1);
        if (!isZero(value) || !isZeroChunk(m_size >> ChunkBits))
            writable(m_size >> ChunkBits, m_size)[m_size & mask] = value;
        ++m_size;
    }

    /// Appends `count` elements, `make(i)` for i from 0 to count - 1, a chunk at a time.
    template<typename Make>
    void append(size_t count, Make make)
    {
        reserve(m_size + count);
        for (size_t done = 0; done < count;) {
            const size_t chunk = m_size >> ChunkBits;
            const size_t from = m_size & mask;
            const size_t stop = std::min(chunkSize, from + (count - done));
            size_t item = from;
            if (isZeroChunk(chunk)) {
                // Zeros need no storing until the first other value.
                for (; item < stop; ++item) {
                    const T value = make(done++);
                    if (!isZero(value)) {
                        writable(chunk, (chunk << ChunkBits) + item)[item] = value;
                        ++item;
                        break;
                    }
                }
            }
            if (item < stop) {
                T *items = writable(chunk, m_size);
                for (; item < stop; ++item)
                    items[item] = make(done++);
            }
            m_size += stop - from;
        }
    }

    /// Room for `count` elements without copying: up to a chunk, the first and only chunk
    /// doubles to hold them (copying what it holds), past it whole chunks are added. Their
    /// memory is not written, so pages the elements do not reach yet cost no page faults.
    void reserve(size_t count)
    {
        if (count <= m_capacity)
            return;
        if (m_capacity < chunkSize) {
            const size_t capacity
                = std::min(chunkSize, std::max({count, m_capacity * 2, firstCapacity}));
            bool onlyZeros = false;
            if constexpr (sharesZeros) {
                // Nothing but zeros yet: the first chunk too stays the shared one (of a
                // whole chunk's size) until a value comes; then it is made this big.
                onlyZeros = m_chunks.empty() || isZeroChunk(0);
                if (m_chunks.empty())
                    m_chunks.push_back(zeroChunk());
            }
            if (!onlyZeros) {
                std::shared_ptr<T[]> grown = allocate(capacity);
                if (m_chunks.empty()) {
                    m_chunks.push_back(std::move(grown));
                } else {
                    std::copy_n(m_chunks[0].get(), m_size, grown.get());
                    m_chunks[0] = std::move(grown);
                }
            }
            m_capacity = capacity;
        }
        while (m_capacity < count) {
            if constexpr (sharesZeros)
                m_chunks.push_back(zeroChunk());
            else
                m_chunks.push_back(allocate(chunkSize));
            m_capacity += chunkSize;
        }
    }

    /// Grows to `count` elements set to `value`, or drops the elements from `count` on.
    void resize(size_t count, const T &value = T())
    {
        if (count <= m_size) {
            m_size = count;
            return;
        }
        append(count - m_size, [&value](size_t) { return value; });
    }

    void clear()
    {
        m_chunks = {};
        m_size = m_capacity = 0;
    }

private:
    static constexpr size_t mask = chunkSize - 1;
    static constexpr size_t firstCapacity = 16;

    /// Whether whole chunks start as the shared chunk of zeros.
    static constexpr bool sharesZeros = std::is_arithmetic_v<T>;

    static std::shared_ptr<T[]> allocate(size_t count)
    {
        // new T[] without (): trivial elements stay uninitialized, their pages untouched.
        return std::shared_ptr<T[]>(new T[count]);
    }

    /// The chunk of zeros whole chunks start as. Never written; calloc() leaves its pages
    /// untouched, so that reading it costs no memory of its own.
    static const std::shared_ptr<T[]> &zeroChunk()
    {
        static const std::shared_ptr<T[]> zeros(static_cast<T *>(std::calloc(chunkSize, sizeof(T))),
                                                [](T *items) { std::free(items); });
        return zeros;
    }

    static bool isZero(const T &value)
    {
        if constexpr (sharesZeros) {
            const T zero {};
            return std::memcmp(&value, &zero, sizeof(T)) == 0; // not -0.0
        } else {
            return false;
        }
    }

    bool isZeroChunk(size_t chunk) const
    {
        if constexpr (sharesZeros)
            return m_chunks[chunk] == zeroChunk();
        else
            return false;
    }

    /// The items of chunk `chunk`, copied first when a copy of this array shares them (or
    /// made when it is the chunk of zeros: its elements below `used` are zeros to keep).
    T *writable(size_t chunk, size_t used)
    {
        std::shared_ptr<T[]> &items = m_chunks[chunk];
        if (items.use_count() > 1) {
            const size_t start = chunk << ChunkBits;
            const size_t capacity = std::min(chunkSize, m_capacity - start);
            std::shared_ptr<T[]> copy = allocate(capacity);
            if (isZeroChunk(chunk)) {
                std::fill_n(copy.get(), std::min(capacity, used - std::min(used, start)), T());
            } else {
                std::copy_n(items.get(), std::min(capacity, m_size - std::min(m_size, start)),
                            copy.get());
            }
            items = std::move(copy);
        }
        return items.get();
    }

    std::vector<std::shared_ptr<T[]>> m_chunks;
    size_t m_size = 0;
    size_t m_capacity = 0; ///< every chunk is whole but a first and only one
};

} // namespace Planhat
