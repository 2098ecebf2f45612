// SPDX-License-Identifier: MIT
#include "bulkupsert.h"

#include "jsonpath.h"
#include "objectwriter.h"
#include "sandboxstore.h"
#include "typecollection.h"

#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>

namespace Planhat::Sandbox {

namespace {

QJsonObject errorEntry(qsizetype index, const QJsonObject &keys, const QString &message)
{
    return QJsonObject {{QStringLiteral("index"), qint64(index)},
                        {QStringLiteral("item"), keys},
                        {QStringLiteral("message"), message}};
}

/// `element` as QJsonDocument writes it, through Qt itself: for values whose form the
/// fast paths below do not know for sure (fractions, huge numbers, escapes).
QByteArray encodeThroughQt(simdjson::dom::element element)
{
    const std::string text = simdjson::minify(element);
    const QByteArray wrapped = '[' + QByteArray(text.data(), qsizetype(text.size())) + ']';
    return JsonPath::encodeCompact(QJsonDocument::fromJson(wrapped).array().at(0));
}

bool readMembers(simdjson::dom::object object, JsonPath::Members *members);

/// `element` in QJsonDocument's compact form; `member` gets its members when it is an object.
QByteArray encode(simdjson::dom::element element, JsonPath::Member *member = nullptr)
{
    using simdjson::dom::element_type;
    switch (element.type()) {
    case element_type::STRING: {
        std::string_view text;
        if (element.get(text) != simdjson::SUCCESS)
            break;
        // Printable ASCII other than quote and backslash is written as it is.
        const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
        });
        if (!plain) {
            return JsonPath::encodeCompact(QString::fromUtf8(text.data(), qsizetype(text.size())));
        }
        QByteArray out(qsizetype(text.size()) + 2, Qt::Uninitialized);
        char *data = out.data();
        data[0] = '"';
        std::memcpy(data + 1, text.data(), text.size());
        data[text.size() + 1] = '"';
        return out;
    }
    case element_type::INT64: {
        // Qt keeps integers as integers: those a double holds exactly are written as they are.
        int64_t number = 0;
        if (element.get(number) != simdjson::SUCCESS)
            break;
        constexpr int64_t exact = int64_t(1) << 53;
        if (number > -exact && number < exact)
            return QByteArray::number(qint64(number));
        return encodeThroughQt(element);
    }
    case element_type::BOOL: {
        bool value = false;
        if (element.get(value) != simdjson::SUCCESS)
            break;
        return value ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    }
    case element_type::NULL_VALUE:
        return QByteArrayLiteral("null");
    case element_type::ARRAY: {
        simdjson::dom::array array;
        if (element.get(array) != simdjson::SUCCESS)
            break;
        QByteArray out = "[";
        for (simdjson::dom::element child : array) {
            if (out.size() > 1)
                out += ',';
            out += encode(child);
        }
        out += ']';
        return out;
    }
    case element_type::OBJECT: {
        simdjson::dom::object object;
        if (element.get(object) != simdjson::SUCCESS)
            break;
        JsonPath::Members members;
        if (!readMembers(object, &members)) {
            // A key given twice: QJsonObject decides which one stays.
            const QByteArray encoded = encodeThroughQt(element);
            if (member) {
                member->isObject = true;
                member->members = JsonPath::membersOf(QJsonDocument::fromJson(encoded).object());
            }
            return encoded;
        }
        QByteArray out = JsonPath::writeObject(members);
        if (member) {
            member->isObject = true;
            member->members = std::move(members);
        }
        return out;
    }
    case element_type::UINT64:
    case element_type::DOUBLE:
        break;
    }
    return encodeThroughQt(element);
}

/// The members of `object`, sorted; false when a key appears twice. The keys refer to the
/// parser's text, which outlives the request's rows: nothing keeps them past it.
bool readMembers(simdjson::dom::object object, JsonPath::Members *members)
{
    members->reserve(object.size());
    for (const simdjson::dom::key_value_pair field : object) {
        JsonPath::Member member;
        member.key = QByteArray::fromRawData(field.key.data(), qsizetype(field.key.size()));
        member.value = encode(field.value, &member);
        members->push_back(std::move(member));
    }
    return JsonPath::sortMembers(members);
}

} // namespace

/// The answer of one bulk upsert, written as rows are applied.
class BulkUpsert::Tally
{
public:
    explicit Tally(const BulkUpsert *upsert)
        : m_upsert(upsert)
    { }

    void createdError(qsizetype index, const QJsonObject &keys, const QString &message)
    {
        m_createdErrors.append(errorEntry(index, keys, message));
    }
    void updatedError(qsizetype index, const QJsonObject &keys, const QString &message)
    {
        m_updatedErrors.append(errorEntry(index, keys, message));
    }
    void created(const StoredObject *object)
    {
        ++m_created;
        separate(&m_insertsKeys);
        m_upsert->appendKeysOf(&m_insertsKeys, object);
        separate(&m_upsertedIds);
        appendId(&m_upsertedIds, object);
    }
    void updated(const StoredObject *object)
    {
        ++m_updated;
        separate(&m_updatesKeys);
        if (m_upsert->m_updateKeys == UpdateKeys::IdOnly) {
            m_updatesKeys += "{\"_id\":";
            appendId(&m_updatesKeys, object);
            m_updatesKeys += '}';
        } else {
            m_upsert->appendKeysOf(&m_updatesKeys, object);
        }
        separate(&m_modified);
        appendId(&m_modified, object);
    }
    void unchanged() { ++m_nonUpdates; }

    Result finish()
    {
        Result result;
        const qsizetype failures = m_createdErrors.size() + m_updatedErrors.size();
        const int successes = m_created + m_updated + m_nonUpdates;
        result.status = failures == 0 ? 200 : (successes > 0 ? 206 : 400);
        result.changed = m_created + m_updated > 0;
        const auto array = [](const QJsonArray &values) {
            return QJsonDocument(values).toJson(QJsonDocument::Compact);
        };
        // The members in QJsonObject's key order, as QJsonDocument wrote this answer before.
        QByteArray &body = result.body;
        body.reserve(m_insertsKeys.size() + m_updatesKeys.size() + m_modified.size()
                     + m_upsertedIds.size() + 512);
        body += "{\"created\":" + QByteArray::number(m_created);
        body += ",\"createdErrors\":" + array(m_createdErrors);
        body += ",\"insertsKeys\":" + m_insertsKeys + ']';
        body += ",\"modified\":" + m_modified + ']';
        body += ",\"nonupdates\":" + QByteArray::number(m_nonUpdates);
        body += ",\"permissionErrors\":[]";
        body += ",\"updated\":" + QByteArray::number(m_updated);
        body += ",\"updatedErrors\":" + array(m_updatedErrors);
        body += ",\"updatesKeys\":" + m_updatesKeys + ']';
        body += ",\"upsertedIds\":" + m_upsertedIds + "]}";
        return result;
    }

private:
    static void separate(QByteArray *array)
    {
        if (array->size() > 1)
            *array += ',';
    }
    static void appendId(QByteArray *out, const StoredObject *object)
    {
        JsonPath::appendCompact(out, object->id());
    }

    const BulkUpsert *m_upsert;
    int m_created = 0;
    int m_updated = 0;
    int m_nonUpdates = 0;
    QJsonArray m_createdErrors;
    QJsonArray m_updatedErrors;
    // The arrays that grow with every row are written as JSON text as they go: building
    // them as QJsonArrays of QJsonObjects cost as much as applying the rows.
    QByteArray m_insertsKeys = "[";
    QByteArray m_updatesKeys = "[";
    QByteArray m_modified = "[";
    QByteArray m_upsertedIds = "[";
};

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
        m_keyFields.push_back(
            {key.kind, JsonPath::encodeCompact(key.field) + ':', key.field.toUtf8()});
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

QJsonObject BulkUpsert::carriedKeys(const JsonPath::Members &item, const ObjectWriter &writer) const
{
    QJsonObject keys;
    for (const MatchKey &key : m_collection->type().keys) {
        const JsonPath::Member *member = JsonPath::findMember(item, key.field.toUtf8());
        if (member && !writer.keyValue(item, key.kind).isEmpty())
            keys.insert(key.field, JsonPath::decodeCompact(member->value));
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
        JsonPath::appendCompact(out, value);
    }
    *out += '}';
}

void BulkUpsert::apply(const Item &item, qsizetype index, Tally *tally) const
{
    // The highest-priority key the item carries decides how it is matched; an `_id` must
    // name an existing object, the other keys create when nothing matches.
    const StoredObject *match = nullptr;
    for (const MatchKey &key : m_collection->type().keys) {
        const QString keyValue = item.keyValue(key.kind);
        if (keyValue.isEmpty())
            continue;
        match = m_collection->find(key.kind, keyValue);
        if (!match && key.kind == KeyKind::Id) {
            tally->updatedError(index, item.carriedKeys(),
                                QStringLiteral("No object with _id %1").arg(keyValue));
            return;
        }
        break;
    }
    const WriteResult result = item.write(match);
    if (!result.isOk()) {
        if (match)
            tally->updatedError(index, item.carriedKeys(), result.error);
        else
            tally->createdError(index, item.carriedKeys(), result.error);
    } else if (!match) {
        tally->created(result.object);
    } else if (result.changed) {
        tally->updated(result.object);
    } else {
        tally->unchanged();
    }
}

void BulkUpsert::apply(const QJsonObject &object, qsizetype index, const ObjectWriter &writer,
                       Tally *tally) const
{
    const Item item {[&](KeyKind kind) { return m_collection->keyValue(object, kind); },
                     [&] { return carriedKeys(object); },
                     [&](const StoredObject *match) {
                         return match
                             ? writer.update(match, object, ObjectWriter::Stamp::WhenChanged)
                             : writer.create(object);
                     }};
    apply(item, index, tally);
}

void BulkUpsert::apply(JsonPath::Members members, qsizetype index, const ObjectWriter &writer,
                       Tally *tally) const
{
    // The writer takes the members; error entries name the item's keys, so those few are
    // kept aside (copying whole rows was a tenth of a bulk upsert's time).
    JsonPath::Members keyMembers;
    for (const KeyField &key : m_keyFields) {
        if (const JsonPath::Member *member = JsonPath::findMember(members, key.utf8Name))
            keyMembers.push_back(*member);
    }
    JsonPath::sortMembers(&keyMembers);
    const Item item {[&](KeyKind kind) { return writer.keyValue(keyMembers, kind); },
                     [&] { return carriedKeys(keyMembers, writer); },
                     [&](const StoredObject *match) {
                         return match ? writer.update(match, std::move(members),
                                                      ObjectWriter::Stamp::WhenChanged)
                                      : writer.create(std::move(members));
                     }};
    apply(item, index, tally);
}

BulkUpsert::Result BulkUpsert::run(const QJsonArray &items) const
{
    const ObjectWriter writer(m_store, m_collection);
    Tally tally(this);
    for (qsizetype index = 0; index < items.size(); ++index) {
        const QJsonValue value = items.at(index);
        if (!value.isObject()) {
            tally.createdError(index, QJsonObject(), QStringLiteral("Item is not a JSON object"));
            continue;
        }
        apply(value.toObject(), index, writer, &tally);
    }
    return tally.finish();
}

bool BulkUpsert::runCompact(const QByteArray &body, Result *result) const
{
    const ObjectWriter writer(m_store, m_collection);
    if (!writer.mergesCompact())
        return false;
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    if (parser.parse(body.constData(), size_t(body.size())).get(document) != simdjson::SUCCESS)
        return false;
    simdjson::dom::array items;
    if (document.get(items) != simdjson::SUCCESS || items.size() > size_t(maxItems))
        return false;
    Tally tally(this);
    qsizetype index = 0;
    for (simdjson::dom::element value : items) {
        simdjson::dom::object object;
        if (value.get(object) != simdjson::SUCCESS) {
            tally.createdError(index++, QJsonObject(), QStringLiteral("Item is not a JSON object"));
            continue;
        }
        JsonPath::Members item;
        if (readMembers(object, &item)) {
            apply(std::move(item), index, writer, &tally);
        } else {
            // A key given twice: the QJsonObject Qt parses decides which value counts.
            const std::string text = simdjson::minify(value);
            apply(QJsonDocument::fromJson(QByteArray(text.data(), qsizetype(text.size()))).object(),
                  index, writer, &tally);
        }
        ++index;
    }
    *result = tally.finish();
    return true;
}

} // namespace Planhat::Sandbox
