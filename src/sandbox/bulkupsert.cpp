// SPDX-License-Identifier: MIT
#include "bulkupsert.h"

#include "jsonpath.h"
#include "objectwriter.h"
#include "sandboxstore.h"
#include "typecollection.h"

#include <QJsonDocument>

#include <algorithm>

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
{
    QList<MatchKey> keys = m_collection->type().keys;
    // A QJsonObject writes its keys in order: the answer's key objects do the same.
    std::sort(keys.begin(), keys.end(),
              [](const MatchKey &a, const MatchKey &b) { return a.field < b.field; });
    for (const MatchKey &key : keys)
        m_keyFields.push_back({key.kind, JsonPath::encodeCompact(key.field) + ':'});
}

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

void BulkUpsert::appendKeysOf(QByteArray *out, const StoredObject *object) const
{
    *out += '{';
    bool first = true;
    for (const KeyField &key : m_keyFields) {
        const QString &value = object->key(key.kind);
        if (value.isEmpty())
            continue;
        if (!first)
            *out += ',';
        first = false;
        *out += key.quotedName;
        *out += JsonPath::encodeCompact(value);
    }
    *out += '}';
}

BulkUpsert::Result BulkUpsert::run(const QJsonArray &items) const
{
    const ObjectWriter writer(m_store, m_collection);
    int created = 0;
    int updated = 0;
    int nonUpdates = 0;
    QJsonArray createdErrors;
    QJsonArray updatedErrors;
    // The arrays that grow with every row are written as JSON text as they go: building
    // them as QJsonArrays of QJsonObjects cost as much as applying the rows.
    QByteArray insertsKeys = "[";
    QByteArray updatesKeys = "[";
    QByteArray modified = "[";
    QByteArray upsertedIds = "[";
    const auto separate = [](QByteArray *array) {
        if (array->size() > 1)
            *array += ',';
    };
    const QByteArray idOnlyPrefix = "{\"_id\":";

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
                separate(&updatesKeys);
                if (m_updateKeys == UpdateKeys::IdOnly) {
                    updatesKeys += idOnlyPrefix;
                    updatesKeys += JsonPath::encodeCompact(result.object->id());
                    updatesKeys += '}';
                } else {
                    appendKeysOf(&updatesKeys, result.object);
                }
                separate(&modified);
                modified += JsonPath::encodeCompact(result.object->id());
            } else {
                ++nonUpdates;
            }
        } else {
            const WriteResult result = writer.create(item);
            if (!result.isOk()) {
                createdErrors.append(errorEntry(index, carriedKeys(item), result.error));
            } else {
                ++created;
                separate(&insertsKeys);
                appendKeysOf(&insertsKeys, result.object);
                separate(&upsertedIds);
                upsertedIds += JsonPath::encodeCompact(result.object->id());
            }
        }
    }

    Result result;
    const qsizetype failures = createdErrors.size() + updatedErrors.size();
    const int successes = created + updated + nonUpdates;
    result.status = failures == 0 ? 200 : (successes > 0 ? 206 : 400);
    result.changed = created + updated > 0;
    const auto array = [](const QJsonArray &values) {
        return QJsonDocument(values).toJson(QJsonDocument::Compact);
    };
    // The members in QJsonObject's key order, as QJsonDocument wrote this answer before.
    QByteArray &body = result.body;
    body.reserve(insertsKeys.size() + updatesKeys.size() + modified.size() + upsertedIds.size()
                 + 512);
    body += "{\"created\":" + QByteArray::number(created);
    body += ",\"createdErrors\":" + array(createdErrors);
    body += ",\"insertsKeys\":" + insertsKeys + ']';
    body += ",\"modified\":" + modified + ']';
    body += ",\"nonupdates\":" + QByteArray::number(nonUpdates);
    body += ",\"permissionErrors\":[]";
    body += ",\"updated\":" + QByteArray::number(updated);
    body += ",\"updatedErrors\":" + array(updatedErrors);
    body += ",\"updatesKeys\":" + updatesKeys + ']';
    body += ",\"upsertedIds\":" + upsertedIds + "]}";
    return result;
}

} // namespace Planhat::Sandbox
