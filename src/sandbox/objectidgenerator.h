// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Planhat::Sandbox {

/// Makes Mongo-style 24-hex ObjectIds deterministically: a fixed 4-byte timestamp prefix
/// followed by a 64-bit counter. Ids are unique across all object types of one store, and
/// a fresh generator hands out the same sequence on every run (stable demo data).
class ObjectIdGenerator
{
public:
    /// The next unused id; advances the counter.
    QString next();

    /// The counter value the next id will carry.
    quint64 counter() const { return m_counter; }
    void setCounter(quint64 counter) { m_counter = counter; }

    /// Makes sure ids generated later do not collide with `existingId` (after loading data).
    void reserve(const QString &existingId);

    /// The counter encoded in `id` when it follows this scheme; 0 otherwise.
    static quint64 counterOf(const QString &id);

private:
    quint64 m_counter = 1;
};

} // namespace Planhat::Sandbox
