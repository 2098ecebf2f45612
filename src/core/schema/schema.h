// SPDX-License-Identifier: MIT
#pragma once

#include "objecttype.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace Planhat {

/// The registry of every Planhat object type this tool knows (planhat-api.md §3).
/// Built once; immutable and safe to read from any thread.
class Schema
{
public:
    /// The built-in registry.
    static const Schema &builtin();

    /// The type registered as `name` ("companies") or under an alias ("company", "notes",
    /// "Company"); nullptr when unknown.
    const ObjectType *type(const QString &name) const;
    /// All types, in the order of planhat-api.md §3's list in the issue.
    const QList<ObjectType> &types() const { return m_types; }
    QStringList typeNames() const;

private:
    Schema();
    void add(ObjectType type, const QStringList &aliases);

    QList<ObjectType> m_types;
    QHash<QString, int> m_indexByName; ///< lower-case names and aliases -> index in m_types
};

} // namespace Planhat
