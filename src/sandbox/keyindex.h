// SPDX-License-Identifier: MIT
#pragma once

#include <schema/objecttype.h>

#include <QString>

#include <vector>

namespace Planhat::Sandbox {

class StoredObject;

/// A hash index from one key of stored objects (`_id`, sourceId or external id, by KeyKind)
/// to the object. Open addressing that keeps each key's full hash beside the object and
/// reads the key from the object itself: a million seeded companies made QHash<QString, ...>
/// the larger part of seeding, by the cache misses of its separate key strings.
/// An object must stay indexed under the key it has (TypeCollection re-indexes before
/// changing a key).
class KeyIndex
{
public:
    explicit KeyIndex(KeyKind kind);

    qsizetype size() const { return m_size; }
    void reserve(qsizetype count);

    /// The object indexed under `key`, or nullptr.
    StoredObject *value(const QString &key) const;
    /// Indexes `object` under `key` (its key of this index's kind), replacing another
    /// object indexed under it.
    void insert(const QString &key, StoredObject *object);
    /// Indexes `object` under `key` unless something is indexed under it already; false then.
    bool tryInsert(const QString &key, StoredObject *object);
    /// Forgets `key` when it names `object`.
    void remove(const QString &key, const StoredObject *object);

private:
    struct Slot
    {
        size_t hash = 0;
        StoredObject *object = nullptr; ///< nullptr: free
    };
    /// The slot holding `key`, or the free slot where it would go.
    size_t find(const QString &key, size_t hash) const;
    void grow(size_t capacity);

    KeyKind m_kind;
    std::vector<Slot> m_slots; ///< size a power of two, or empty
    qsizetype m_size = 0;
};

} // namespace Planhat::Sandbox
