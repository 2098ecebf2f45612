// SPDX-License-Identifier: MIT
#include "bulkupsert.h"

#include "objectwriter.h"
#include "sandboxstore.h"
#include "typecollection.h"

namespace Planhat::Sandbox {

namespace {

QJsonObject errorEntry(qsizetype index, const QJsonObject &keys, const QString &message)
{
    return QJsonObject {{QStringLiteral("index"), qint64(index)},
                        {QStringLiteral("item"), keys},
                        {QStringLiteral("message"), message}};
}

} // namespace

BulkUpsert::BulkUpsert(SandboxStore *store, TypeCollection *collection, UpdateKeys updateKeys)
    : m_store(store)
    , m_collection(collection)
    , m_updateKeys(updateKeys)
{ }

QJsonObject BulkUpsert::carriedKeys(const QJsonObject &item) const
{
    QJsonObject keys;
    for (const MatchKey &key : m_collection->type().keys) {
        const auto it = item.constFind(key.field);
        if (it != item.constEnd() && !m_collection->keyValue(item, key.kind).isEmpty())
            keys.insert(key.field, it.value());
    }
    return keys;
}

QJsonObject BulkUpsert::keysOf(const StoredObject *object) const
{
    QJsonObject keys;
    for (const MatchKey &key : m_collection->type().keys) {
        const QString &value = object->key(key.kind);
        if (!value.isEmpty())
            keys.insert(key.field, value);
    }
    return keys;
}

BulkUpsert::Result BulkUpsert::run(const QJsonArray &items) const
{
    const ObjectWriter writer(m_store, m_collection);
    int created = 0;
    int updated = 0;
    int nonUpdates = 0;
    QJsonArray createdErrors;
    QJsonArray updatedErrors;
    QJsonArray insertsKeys;
    QJsonArray updatesKeys;
    QJsonArray modified;
    QJsonArray upsertedIds;

    for (qsizetype index = 0; index < items.size(); ++index) {
        const QJsonValue value = items.at(index);
        if (!value.isObject()) {
            createdErrors.append(
                errorEntry(index, QJsonObject(), QStringLiteral("Item is not a JSON object")));
            continue;
        }
        const QJsonObject item = value.toObject();

        // The highest-priority key the item carries decides how it is matched; an `_id`
        // must name an existing object, the other keys create when nothing matches.
        const StoredObject *match = nullptr;
        bool unknownId = false;
        for (const MatchKey &key : m_collection->type().keys) {
            const QString keyValue = m_collection->keyValue(item, key.kind);
            if (keyValue.isEmpty())
                continue;
            match = m_collection->find(key.kind, keyValue);
            if (!match && key.kind == KeyKind::Id) {
                unknownId = true;
                updatedErrors.append(
                    errorEntry(index, carriedKeys(item),
                               QStringLiteral("No object with _id %1").arg(keyValue)));
            }
            break;
        }
        if (unknownId)
            continue;

        if (match) {
            const WriteResult result = writer.update(match, item, ObjectWriter::Stamp::WhenChanged);
            if (!result.isOk()) {
                updatedErrors.append(errorEntry(index, carriedKeys(item), result.error));
            } else if (result.changed) {
                ++updated;
                updatesKeys.append(m_updateKeys == UpdateKeys::IdOnly
                                       ? QJsonObject {{QStringLiteral("_id"), result.object->id()}}
                                       : keysOf(result.object));
                modified.append(result.object->id());
            } else {
                ++nonUpdates;
            }
        } else {
            const WriteResult result = writer.create(item);
            if (!result.isOk()) {
                createdErrors.append(errorEntry(index, carriedKeys(item), result.error));
            } else {
                ++created;
                insertsKeys.append(keysOf(result.object));
                upsertedIds.append(result.object->id());
            }
        }
    }

    Result result;
    const qsizetype failures = createdErrors.size() + updatedErrors.size();
    const int successes = created + updated + nonUpdates;
    result.status = failures == 0 ? 200 : (successes > 0 ? 206 : 400);
    result.changed = created + updated > 0;
    result.body = QJsonObject {
        {QStringLiteral("created"), created},
        {QStringLiteral("createdErrors"), createdErrors},
        {QStringLiteral("insertsKeys"), insertsKeys},
        {QStringLiteral("updated"), updated},
        {QStringLiteral("updatedErrors"), updatedErrors},
        {QStringLiteral("updatesKeys"), updatesKeys},
        {QStringLiteral("nonupdates"), nonUpdates},
        {QStringLiteral("modified"), modified},
        {QStringLiteral("upsertedIds"), upsertedIds},
        {QStringLiteral("permissionErrors"), QJsonArray()},
    };
    return result;
}

} // namespace Planhat::Sandbox
