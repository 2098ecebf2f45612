// SPDX-License-Identifier: MIT
#include "typecollection.h"

#include "jsonpath.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace Planhat::Sandbox {

namespace {

const QString idField = QStringLiteral("_id");
constexpr KeyKind allKeyKinds[] = {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId};

int indexOf(KeyKind kind)
{
    return int(kind);
}

/// Whether `order` sorts by something no update can change (creation, `_id`): such cached
/// orders survive updates, and removals and most inserts adjust them in place, so a client
/// that pages with `sort=_id` while it writes does not make the sandbox re-sort a million
/// rows per page.
bool isIdentityOrder(const SortOrder &order)
{
    return order.path.isEmpty() || order.path == idField;
}

} // namespace

StoredObject::StoredObject(const QJsonObject &data, quint64 sequence)
    : m_sequence(sequence)
{
    setJson(QJsonDocument(data).toJson(QJsonDocument::Compact));
}

StoredObject::StoredObject(QByteArray compactJson, quint64 sequence,
                           const JsonPath::Nesting *nesting)
    : m_sequence(sequence)
{
    setJson(std::move(compactJson), nesting);
}

void StoredObject::setJson(QByteArray json, const JsonPath::Nesting *nesting)
{
    m_json = std::move(json);
    m_nesting = nesting ? *nesting : JsonPath::Nesting::of(m_json);
}

void StoredObject::setJson(QByteArrayView json, const JsonPath::Nesting *nesting)
{
    // An update mostly keeps an object's size: rewriting its bytes in place spares an
    // allocation, and a new buffer is sized exactly, so the old one's memory serves the next.
    if (m_json.isDetached() && m_json.capacity() >= json.size()) {
        m_json.resize(json.size());
        std::memcpy(m_json.data(), json.data(), size_t(json.size()));
    } else {
        m_json = json.toByteArray();
    }
    m_nesting = nesting ? *nesting : JsonPath::Nesting::of(m_json);
}

QJsonObject StoredObject::data() const
{
    return QJsonDocument::fromJson(m_json).object();
}

SortOrder SortOrder::fromQuery(const QString &text)
{
    SortOrder order;
    QString path = text.trimmed();
    if (path.startsWith(QLatin1Char('-'))) {
        order.direction = Direction::Descending;
        path.remove(0, 1);
    } else if (path.startsWith(QLatin1Char('+'))) {
        path.remove(0, 1);
    }
    order.path = path.trimmed();
    return order;
}

QString SortOrder::cacheKey() const
{
    return (direction == Direction::Descending ? QStringLiteral("-") : QStringLiteral("+")) + path;
}

TypeCollection::TypeCollection(const ObjectType &type)
    : m_type(type)
    , m_keys {KeyIndex(KeyKind::Id), KeyIndex(KeyKind::SourceId), KeyIndex(KeyKind::ExternalId)}
{
    for (const FieldSpec &spec : m_type.fields) {
        if (spec.isReadOnly() && !spec.isCustom())
            m_readOnly.insert(spec.name);
    }
    for (const MatchKey &key : m_type.keys)
        m_keyFields[indexOf(key.kind)] = key.field;
    if (m_keyFields[indexOf(KeyKind::Id)].isEmpty())
        m_keyFields[indexOf(KeyKind::Id)] = idField;
    for (KeyKind kind : allKeyKinds)
        m_keyFieldsUtf8[indexOf(kind)] = m_keyFields[indexOf(kind)].toUtf8();
    for (const QString &name : std::as_const(m_readOnly))
        m_readOnlyUtf8.append(name.toUtf8());

    // Objects owned by one company name it in companyField; objects linked to several
    // (issues) keep a list of company ids.
    if (!m_type.companyField.isEmpty()) {
        m_companyLinkField = m_type.companyField;
        // "companyId" -> "companyName", "cId" -> "cName": derived from the type's own naming.
        if (m_type.companyField.endsWith(QLatin1String("Id"))) {
            const QString nameField = m_type.companyField.chopped(2) + QLatin1String("Name");
            if (m_type.field(nameField))
                m_companyNameField = nameField;
        }
    } else {
        for (const FieldSpec &spec : m_type.fields) {
            if (spec.type == FieldType::List && spec.referenceType == QLatin1String("companies")) {
                m_companyLinkField = spec.name;
                m_companyLinkIsList = true;
                break;
            }
        }
    }
}

TypeCollection::~TypeCollection() = default;

bool TypeCollection::isReadOnlyUtf8(QByteArrayView fieldName) const
{
    return std::any_of(m_readOnlyUtf8.begin(), m_readOnlyUtf8.end(),
                       [fieldName](const QByteArray &name) { return name == fieldName; });
}

void TypeCollection::reserve(qsizetype count)
{
    m_objects.reserve(size_t(count));
    for (KeyKind kind : allKeyKinds) {
        if (!m_keyFields[indexOf(kind)].isEmpty())
            m_keys[indexOf(kind)].reserve(count);
    }
}

QString TypeCollection::keyValue(const QJsonObject &object, KeyKind kind) const
{
    const QString &field = m_keyFields[indexOf(kind)];
    if (field.isEmpty())
        return QString();
    return JsonPath::toText(object.value(field)).trimmed();
}

const StoredObject *TypeCollection::find(KeyKind kind, const QString &value) const
{
    if (value.isEmpty())
        return nullptr;
    return m_keys[indexOf(kind)].value(value);
}

const StoredObject *TypeCollection::findByPathKey(const QString &pathKey) const
{
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId}) {
        const QString prefix = keyPathPrefix(kind);
        if (pathKey.startsWith(prefix))
            return find(kind, pathKey.mid(prefix.size()));
    }
    return find(KeyKind::Id, pathKey);
}

QStringList TypeCollection::linkedCompanies(const QJsonObject &data) const
{
    QStringList ids;
    if (m_companyLinkField.isEmpty())
        return ids;
    const QJsonValue value = data.value(m_companyLinkField);
    if (m_companyLinkIsList) {
        for (const QJsonValue &element : value.toArray()) {
            const QString id = JsonPath::toText(element);
            if (!id.isEmpty() && !ids.contains(id))
                ids.append(id);
        }
    } else {
        const QString id = JsonPath::toText(value);
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

void TypeCollection::describe(StoredObject *object, const QJsonObject &data) const
{
    for (KeyKind kind : allKeyKinds)
        object->m_keys[size_t(kind)] = keyValue(data, kind);
    object->m_companies = linkedCompanies(data);
}

void TypeCollection::addToIndexes(StoredObject *object)
{
    for (KeyKind kind : allKeyKinds) {
        const QString &value = object->key(kind);
        if (!value.isEmpty())
            m_keys[indexOf(kind)].insert(value, object);
    }
    for (const QString &companyId : std::as_const(object->m_companies))
        m_byCompany[companyId].push_back(object);
}

void TypeCollection::removeFromIndexes(StoredObject *object)
{
    for (KeyKind kind : allKeyKinds) {
        m_keys[indexOf(kind)].remove(object->key(kind), object);
    }
    for (const QString &companyId : std::as_const(object->m_companies)) {
        const auto it = m_byCompany.find(companyId);
        if (it == m_byCompany.end())
            continue;
        std::vector<StoredObject *> &owned = it.value();
        owned.erase(std::remove(owned.begin(), owned.end(), object), owned.end());
        if (owned.empty())
            m_byCompany.erase(it);
    }
}

const StoredObject *TypeCollection::insert(const QJsonObject &data)
{
    const QString id = keyValue(data, KeyKind::Id);
    if (id.isEmpty() || m_keys[indexOf(KeyKind::Id)].value(id))
        return nullptr;
    auto stored = std::make_unique<StoredObject>(data, m_nextSequence++);
    describe(stored.get(), data);
    return append(std::move(stored));
}

const StoredObject *TypeCollection::insertCompact(QByteArray compactJson,
                                                  std::array<QString, 3> keys,
                                                  const JsonPath::Nesting *nesting)
{
    Q_ASSERT(m_companyLinkField.isEmpty());
    const QString &id = keys[size_t(KeyKind::Id)];
    if (id.isEmpty())
        return nullptr;
    auto stored = std::make_unique<StoredObject>(std::move(compactJson), m_nextSequence++, nesting);
    stored->m_keys = std::move(keys);
    // One lookup claims the id (a million seeded objects made a second one count).
    if (!m_keys[indexOf(KeyKind::Id)].tryInsert(stored->id(), stored.get())) {
        --m_nextSequence;
        return nullptr;
    }
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId}) {
        const QString &value = stored->key(kind);
        if (!value.isEmpty())
            m_keys[indexOf(kind)].insert(value, stored.get());
    }
    return append(std::move(stored), false);
}

const StoredObject *TypeCollection::append(std::unique_ptr<StoredObject> stored, bool index)
{
    m_objects.push_back(std::move(stored));
    StoredObject *object = m_objects.back().get();
    if (index)
        addToIndexes(object);
    if (m_orderCache.isEmpty())
        return object;
    // A new object comes last in creation order, and mostly last in `_id` order too
    // (generated ids grow); other cached orders are rebuilt when next asked for.
    for (auto it = m_orderCache.begin(); it != m_orderCache.end();) {
        ObjectList &list = it.value().objects;
        const SortOrder &order = it.value().order;
        const bool appends = order.direction == SortOrder::Direction::Ascending
            && (order.path.isEmpty() || list.empty() || list.back()->id() < object->id());
        if (appends && isIdentityOrder(order)) {
            list.push_back(object);
            ++it;
        } else {
            it = m_orderCache.erase(it);
        }
    }
    return object;
}

const StoredObject *TypeCollection::replace(const QString &id, const QJsonObject &data)
{
    StoredObject *object = m_keys[indexOf(KeyKind::Id)].value(id);
    if (!object)
        return nullptr;
    StoredObject updated(data, object->m_sequence);
    describe(&updated, data);
    // Most updates leave keys and company links alone: re-index only when they change.
    const bool reindex
        = updated.m_keys != object->m_keys || updated.m_companies != object->m_companies;
    if (reindex)
        removeFromIndexes(object);
    object->m_json = std::move(updated.m_json);
    object->m_nesting = updated.m_nesting;
    object->m_keys = std::move(updated.m_keys);
    object->m_companies = std::move(updated.m_companies);
    if (reindex)
        addToIndexes(object);
    // Orders by creation or `_id` survive an update; orders by other fields may not.
    dropOrdersByFields();
    return object;
}

const StoredObject *TypeCollection::replaceCompact(const StoredObject *stored,
                                                   QByteArrayView compactJson,
                                                   std::array<QString, 3> keys,
                                                   const JsonPath::Nesting *nesting)
{
    Q_ASSERT(m_companyLinkField.isEmpty());
    Q_ASSERT(m_keys[indexOf(KeyKind::Id)].value(stored->id()) == stored);
    // The collection owns its objects: the const is for everyone else (looking the object
    // up again by `_id` was a cache miss a row).
    auto *object = const_cast<StoredObject *>(stored);
    const bool reindex = keys != object->m_keys;
    if (reindex)
        removeFromIndexes(object);
    object->setJson(std::move(compactJson), nesting);
    object->m_keys = std::move(keys);
    if (reindex)
        addToIndexes(object);
    dropOrdersByFields();
    return object;
}

qsizetype TypeCollection::positionOf(const StoredObject *object) const
{
    // Sequences grow with every insert, so the vector is sorted by them.
    const auto it
        = std::lower_bound(m_objects.begin(), m_objects.end(), object->sequence(),
                           [](const std::unique_ptr<StoredObject> &stored, quint64 sequence) {
                               return stored->sequence() < sequence;
                           });
    if (it == m_objects.end() || it->get() != object)
        return -1;
    return qsizetype(it - m_objects.begin());
}

bool TypeCollection::remove(const QString &id)
{
    StoredObject *object = m_keys[indexOf(KeyKind::Id)].value(id);
    if (!object)
        return false;
    const qsizetype position = positionOf(object);
    removeFromIndexes(object);
    dropOrdersByFields();
    for (CachedOrder &cached : m_orderCache) {
        ObjectList &list = cached.objects;
        list.erase(std::remove(list.begin(), list.end(), object), list.end());
    }
    if (position >= 0)
        m_objects.erase(m_objects.begin() + position);
    return true;
}

void TypeCollection::dropOrdersByFields()
{
    // Called for every row a bulk upsert updates: walking the cache's buckets each time
    // cost as much as the merge.
    if (!m_hasOrdersByFields)
        return;
    m_hasOrdersByFields = false;
    for (auto it = m_orderCache.begin(); it != m_orderCache.end();) {
        if (isIdentityOrder(it.value().order))
            ++it;
        else
            it = m_orderCache.erase(it);
    }
}

const TypeCollection::ObjectList &TypeCollection::ordered(const SortOrder &order)
{
    const QString key = order.cacheKey();
    auto it = m_orderCache.find(key);
    if (it != m_orderCache.end())
        return it.value().objects;
    ObjectList list;
    list.reserve(m_objects.size());
    for (const auto &object : m_objects)
        list.push_back(object.get());
    sort(&list, order);
    if (!isIdentityOrder(order))
        m_hasOrdersByFields = true;
    return m_orderCache.insert(key, {order, std::move(list)}).value().objects;
}

TypeCollection::ObjectList TypeCollection::linkedTo(const QStringList &companyIds) const
{
    ObjectList list;
    for (const QString &companyId : companyIds) {
        const auto it = m_byCompany.constFind(companyId);
        if (it == m_byCompany.constEnd())
            continue;
        list.insert(list.end(), it.value().begin(), it.value().end());
    }
    std::sort(list.begin(), list.end(), [](const StoredObject *a, const StoredObject *b) {
        return a->sequence() < b->sequence();
    });
    // An object linked to two of the requested companies appears once.
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

void TypeCollection::sort(ObjectList *objects, const SortOrder &order) const
{
    const bool descending = order.direction == SortOrder::Direction::Descending;
    if (order.path.isEmpty()) {
        const auto earlier = [](const StoredObject *a, const StoredObject *b) {
            return a->sequence() < b->sequence();
        };
        // Lists taken from the collection are in creation order already.
        if (!std::is_sorted(objects->begin(), objects->end(), earlier))
            std::sort(objects->begin(), objects->end(), earlier);
        if (descending)
            std::reverse(objects->begin(), objects->end());
        return;
    }
    // Ties go by `_id`, whatever the direction: pages of one sorted list never disagree.
    const auto keyField = std::find(m_keyFields.begin(), m_keyFields.end(), order.path);
    if (keyField != m_keyFields.end()) {
        // Key fields are kept as text beside the JSON: compare them without parsing. An
        // empty key (none) sorts first, as a missing value does below.
        const KeyKind kind = KeyKind(keyField - m_keyFields.begin());
        const auto before = [kind, descending](const StoredObject *a, const StoredObject *b) {
            const int result = a->key(kind).compare(b->key(kind));
            if (result != 0)
                return descending ? result > 0 : result < 0;
            return a->id() < b->id();
        };
        // Generated ids grow with creation, so a list in creation order is mostly in `_id`
        // order already: a linear check spares a million-row sort.
        if (std::is_sorted(objects->begin(), objects->end(), before))
            return;
        if (kind == KeyKind::Id && descending) {
            std::reverse(objects->begin(), objects->end()); // ids are unique: no ties
            if (std::is_sorted(objects->begin(), objects->end(), before))
                return;
        }
        std::sort(objects->begin(), objects->end(), before);
        return;
    }
    // Extract each sort value once instead of parsing per comparison.
    struct Keyed
    {
        QJsonValue value; ///< unset for strings: a string value would keep its parsed object
        QString text; ///< the value when it is a string
        bool isText;
        const StoredObject *object;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(objects->size());
    const QByteArray utf8Path = order.path.toUtf8();
    for (const StoredObject *object : *objects) {
        const QJsonValue value = JsonPath::valueInCompact(object->compactJson(), object->nesting(),
                                                          utf8Path, order.path);
        if (value.isString())
            keyed.push_back({QJsonValue(), value.toString(), true, object});
        else
            keyed.push_back({value, QString(), false, object});
    }
    // Strings, the common case, compare as JsonPath::compare would, without building values.
    const auto compare = [](const Keyed &a, const Keyed &b) {
        if (a.isText && b.isText)
            return a.text.compare(b.text);
        return JsonPath::compare(a.isText ? QJsonValue(a.text) : a.value,
                                 b.isText ? QJsonValue(b.text) : b.value);
    };
    std::sort(keyed.begin(), keyed.end(), [descending, &compare](const Keyed &a, const Keyed &b) {
        const int result = compare(a, b);
        if (result != 0)
            return descending ? result > 0 : result < 0;
        return a.object->id() < b.object->id();
    });
    for (size_t i = 0; i < keyed.size(); ++i)
        (*objects)[i] = keyed[i].object;
}

} // namespace Planhat::Sandbox
