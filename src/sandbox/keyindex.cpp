// SPDX-License-Identifier: MIT
#include "keyindex.h"

#include "typecollection.h"

#include <QHashFunctions>

namespace Planhat::Sandbox {

namespace {

// Linear probing stays short below this fill (in percent).
constexpr size_t maxFillPercent = 60;

size_t capacityFor(qsizetype count)
{
    size_t capacity = 16;
    while (capacity * maxFillPercent / 100 < size_t(count) + 1)
        capacity *= 2;
    return capacity;
}

} // namespace

KeyIndex::KeyIndex(KeyKind kind)
    : m_kind(kind)
{ }

void KeyIndex::reserve(qsizetype count)
{
    const size_t capacity = capacityFor(count);
    if (capacity > m_slots.size())
        grow(capacity);
}

void KeyIndex::grow(size_t capacity)
{
    std::vector<Slot> old(capacity);
    old.swap(m_slots);
    const size_t mask = m_slots.size() - 1;
    // Every key is distinct: each goes to the first free slot from its hash.
    for (const Slot &slot : old) {
        if (!slot.object)
            continue;
        size_t at = slot.hash & mask;
        while (m_slots[at].object)
            at = (at + 1) & mask;
        m_slots[at] = slot;
    }
}

size_t KeyIndex::find(const QString &key, size_t hash) const
{
    const size_t mask = m_slots.size() - 1;
    size_t at = hash & mask;
    while (m_slots[at].object) {
        // The full hash is compared first: the object (and its key) is read only on a match.
        if (m_slots[at].hash == hash && m_slots[at].object->key(m_kind) == key)
            return at;
        at = (at + 1) & mask;
    }
    return at;
}

StoredObject *KeyIndex::value(const QString &key) const
{
    if (m_size == 0)
        return nullptr;
    return m_slots[find(key, qHash(key))].object;
}

void KeyIndex::insert(const QString &key, StoredObject *object)
{
    if (m_slots.empty() || size_t(m_size + 1) * 100 > m_slots.size() * maxFillPercent)
        grow(capacityFor(m_size + 1) * 2);
    const size_t hash = qHash(key);
    Slot &slot = m_slots[find(key, hash)];
    if (!slot.object)
        ++m_size;
    slot = {hash, object};
}

bool KeyIndex::tryInsert(const QString &key, StoredObject *object)
{
    if (m_slots.empty() || size_t(m_size + 1) * 100 > m_slots.size() * maxFillPercent)
        grow(capacityFor(m_size + 1) * 2);
    const size_t hash = qHash(key);
    Slot &slot = m_slots[find(key, hash)];
    if (slot.object)
        return false;
    ++m_size;
    slot = {hash, object};
    return true;
}

void KeyIndex::remove(const QString &key, const StoredObject *object)
{
    if (m_size == 0)
        return;
    size_t at = find(key, qHash(key));
    if (m_slots[at].object != object || !object)
        return;
    --m_size;
    m_slots[at] = Slot();
    // Backward-shift deletion: pull later entries of the probe run into the gap so every
    // entry stays reachable from its home slot without tombstones.
    const size_t mask = m_slots.size() - 1;
    size_t next = (at + 1) & mask;
    while (m_slots[next].object) {
        const size_t home = m_slots[next].hash & mask;
        // Move when the gap lies cyclically between the entry's home and its slot.
        const bool movable = at <= next ? (home <= at || home > next) : (home <= at && home > next);
        if (movable) {
            m_slots[at] = m_slots[next];
            m_slots[next] = Slot();
            at = next;
        }
        next = (next + 1) & mask;
    }
}

} // namespace Planhat::Sandbox
