// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"
#include "objectwriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <schema/objecttype.h>

#include <functional>
#include <vector>

namespace Planhat::Sandbox {

class ObjectWriter;
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
    /// run() on the request body as it came, read with simdjson: rows of a collection whose
    /// writes merge compact JSON are never built as QJsonObjects. False, with nothing
    /// applied, when the body is not a JSON array of at most maxItems items or the
    /// collection needs the QJsonObject path: the caller then parses it and calls run().
    bool runCompact(const QByteArray &body, Result *result) const;

private:
    class Tally;
    /// What matching and writing need of an item, whichever form it came in.
    struct Item
    {
        std::function<QString(KeyKind)> keyValue; ///< TypeCollection::keyValue() of the item
        std::function<QJsonObject()> carriedKeys; ///< the keys error entries name
        /// Updates `match`, or creates when it is nullptr; called once.
        std::function<WriteResult(const StoredObject *match)> write;
    };
    /// Matches `item` on its keys, writes it and tallies the outcome.
    void apply(const Item &item, qsizetype index, Tally *tally) const;
    void apply(const QJsonObject &object, qsizetype index, const ObjectWriter &writer,
               Tally *tally) const;
    void apply(JsonPath::Members members, qsizetype index, const ObjectWriter &writer,
               Tally *tally) const;
    QJsonObject carriedKeys(const QJsonObject &item) const;
    QJsonObject carriedKeys(const JsonPath::Members &item, const ObjectWriter &writer) const;
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
        QByteArray utf8Name; ///< `externalId`
    };
    std::vector<KeyField> m_keyFields; ///< the type's keys sorted by field name
};

} // namespace Planhat::Sandbox
