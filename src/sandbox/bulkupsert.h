// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <schema/objecttype.h>

#include <vector>

namespace Planhat::Sandbox {

class SandboxStore;
class StoredObject;
class TypeCollection;

/// `PUT /<type>` with an array: matches each item on the keyables its type has (the
/// schema's `keys`), in priority order `_id`, `sourceId`, external id; the first of them
/// the item carries decides. A match is merged; a key that matches nothing creates, except
/// an unknown `_id`, which is an error. A field the type does not match on (a note's
/// `externalId`) is plain data. Reports in Planhat's documented response shape.
class BulkUpsert
{
public:
    static constexpr int maxItems = 5000;

    /// What `updatesKeys` names an updated object by: every keyable it has, or `_id` alone
    /// (as the only documented example of that list does).
    enum class UpdateKeys { AllKeys, IdOnly };

    struct Result
    {
        int status = 200; ///< 200 all fine, 206 some items failed, 400 all failed
        QByteArray body; ///< compact JSON, keys in QJsonObject's (sorted) order
        bool changed = false;
    };

    BulkUpsert(SandboxStore *store, TypeCollection *collection,
               UpdateKeys updateKeys = UpdateKeys::AllKeys);

    /// Applies `items` in order. The caller has checked the item limit.
    Result run(const QJsonArray &items) const;

private:
    QJsonObject carriedKeys(const QJsonObject &item) const;
    /// Appends `{"<key field>": value, ...}` for the keys `object` has, as QJsonDocument
    /// would write that object.
    void appendKeysOf(QByteArray *out, const StoredObject *object) const;

    SandboxStore *m_store;
    TypeCollection *m_collection;
    UpdateKeys m_updateKeys;
    struct KeyField
    {
        KeyKind kind;
        QByteArray quotedName; ///< `"externalId":`
    };
    std::vector<KeyField> m_keyFields; ///< the type's keys sorted by field name
};

} // namespace Planhat::Sandbox
