// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"
#include "keyindex.h"

#include <schema/objecttype.h>

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

namespace Planhat::Sandbox {

/// One stored object, kept as its compact JSON: list pages and GETs are built from these
/// bytes directly, and they take a fraction of a parsed QJsonObject's memory. The keys the
/// collection indexes on are kept alongside, so index upkeep never parses.
class StoredObject
{
public:
    StoredObject(const QJsonObject &data, quint64 sequence);
    /// From JSON already in QJsonDocument's compact form (keys sorted), e.g. written by the
    /// seeder: nothing is parsed or re-encoded.
    StoredObject(QByteArray compactJson, quint64 sequence,
                 const JsonPath::Nesting *nesting = nullptr);

    /// The object as compact JSON.
    const QByteArray &compactJson() const { return m_json; }
    /// Where compactJson() holds nested values (for select by byte search).
    const JsonPath::Nesting &nesting() const { return m_nesting; }
    /// The object parsed from its JSON (a few microseconds: callers keep the result).
    QJsonObject data() const;
    const QString &id() const { return key(KeyKind::Id); }
    /// The value of key `kind` as text; empty when the object has none.
    const QString &key(KeyKind kind) const { return m_keys[size_t(kind)]; }
    /// Creation order inside the collection (also the default list order).
    quint64 sequence() const { return m_sequence; }

private:
    friend class TypeCollection;
    /// `nesting` of `json` when the writer knows it; else it is found by a scan.
    void setJson(QByteArray json, const JsonPath::Nesting *nesting = nullptr);
    /// setJson() with a copy of `json`, into the present buffer when it is this object's
    /// alone and large enough.
    void setJson(QByteArrayView json, const JsonPath::Nesting *nesting);

    QByteArray m_json;
    JsonPath::Nesting m_nesting;
    quint64 m_sequence;
    std::array<QString, 3> m_keys; ///< by KeyKind
    QStringList m_companies; ///< ids of the companies the object is linked to
};

/// A list order: a field path ("name", "custom.Region") and a direction. An empty path
/// means creation order.
struct SortOrder
{
    enum class Direction { Ascending, Descending };
    QString path;
    Direction direction = Direction::Ascending;

    /// Parses the `sort` query value: "-name" sorts descending.
    static SortOrder fromQuery(const QString &text);
    QString cacheKey() const;
};

/// All objects of one type with hash indexes on `_id`, `sourceId` and the external-id
/// field, an index on the owning company, and cached sort orders. Every mutation goes
/// through insert/replace/remove so indexes and caches stay consistent.
class TypeCollection
{
public:
    using ObjectList = std::vector<const StoredObject *>;

    explicit TypeCollection(const ObjectType &type);
    ~TypeCollection();
    Q_DISABLE_COPY_MOVE(TypeCollection)

    const ObjectType &type() const { return m_type; }
    qsizetype size() const { return qsizetype(m_objects.size()); }
    /// Makes room for `count` objects (before a bulk seed).
    void reserve(qsizetype count);

    /// Whether the client may not write `fieldName` (top-level name).
    bool isReadOnly(const QString &fieldName) const { return m_readOnly.contains(fieldName); }
    /// The field list filters on `companyId` look at ("companyId", "cId", "companyIds"), or
    /// empty when the type is not linked to companies.
    const QString &companyLinkField() const { return m_companyLinkField; }
    /// The field mirroring the owning company's name ("companyName", "cName"), or empty.
    const QString &companyNameField() const { return m_companyNameField; }

    const StoredObject *find(KeyKind kind, const QString &value) const;
    const StoredObject *findById(const QString &id) const { return find(KeyKind::Id, id); }
    /// Resolves a URL key: an `_id`, "extid-<externalId>" or "srcid-<sourceId>".
    const StoredObject *findByPathKey(const QString &pathKey) const;

    /// Adds `data`, which must carry a unique `_id`. Returns nullptr when `_id` is missing
    /// or taken.
    const StoredObject *insert(const QJsonObject &data);
    /// Adds an object given as compact JSON (QJsonDocument's form) with its keys by KeyKind,
    /// for a type not linked to companies: the fast path of bulk seeding. Returns nullptr
    /// when the `_id` is missing or taken.
    const StoredObject *insertCompact(QByteArray compactJson, std::array<QString, 3> keys,
                                      const JsonPath::Nesting *nesting = nullptr);
    /// Replaces the data of the object with `id` (which must exist and keep its `_id`).
    const StoredObject *replace(const QString &id, const QJsonObject &data);
    /// replace() of `object` (one of this collection's) with the new data given as compact
    /// JSON and its keys by KeyKind (`_id` unchanged), for a type not linked to companies:
    /// the bulk upsert's update path.
    const StoredObject *replaceCompact(const StoredObject *object, QByteArrayView compactJson,
                                       std::array<QString, 3> keys,
                                       const JsonPath::Nesting *nesting = nullptr);
    /// Removes the object with `id`; false when there is none.
    bool remove(const QString &id);

    /// Every object in `order`; cached until a change can move objects in that order
    /// (orders by creation or `_id` are adjusted in place rather than dropped). Ties go by
    /// `_id`.
    const ObjectList &ordered(const SortOrder &order);
    /// Whether any object is linked to company `companyId`.
    bool hasLinksTo(const QString &companyId) const { return m_byCompany.contains(companyId); }
    /// The objects linked to any of `companyIds`, in creation order.
    ObjectList linkedTo(const QStringList &companyIds) const;
    /// Sorts `objects` (a subset of this collection) by `order`, ties by `_id`.
    void sort(ObjectList *objects, const SortOrder &order) const;

    /// Objects in creation order.
    const std::vector<std::unique_ptr<StoredObject>> &objects() const { return m_objects; }

    /// The field holding key `kind` ("_id", "sourceId", "externalId"...); empty when the
    /// type has no such key.
    const QString &keyField(KeyKind kind) const { return m_keyFields[size_t(kind)]; }
    /// keyField() in UTF-8.
    const QByteArray &keyFieldUtf8(KeyKind kind) const { return m_keyFieldsUtf8[size_t(kind)]; }
    /// isReadOnly() of a name in UTF-8.
    bool isReadOnlyUtf8(QByteArrayView fieldName) const;
    /// The key value of `object` for `kind` as text; empty when it has none.
    QString keyValue(const QJsonObject &object, KeyKind kind) const;

private:
    void describe(StoredObject *object, const QJsonObject &data) const;
    /// Adds `stored` last; `index` false when the caller has indexed it already.
    const StoredObject *append(std::unique_ptr<StoredObject> stored, bool index = true);
    void addToIndexes(StoredObject *object);
    void removeFromIndexes(StoredObject *object);
    QStringList linkedCompanies(const QJsonObject &data) const;
    qsizetype positionOf(const StoredObject *object) const;
    /// Forgets the cached orders an update may change (all but creation and `_id` order).
    void dropOrdersByFields();

    ObjectType m_type;
    QSet<QString> m_readOnly;
    QString m_companyLinkField;
    QString m_companyNameField;
    bool m_companyLinkIsList = false;
    std::array<QString, 3> m_keyFields; ///< by KeyKind; empty when absent
    std::array<QByteArray, 3> m_keyFieldsUtf8;
    QList<QByteArray> m_readOnlyUtf8;
    std::array<KeyIndex, 3> m_keys; ///< by KeyKind
    QHash<QString, std::vector<StoredObject *>> m_byCompany;
    std::vector<std::unique_ptr<StoredObject>> m_objects; ///< creation order
    struct CachedOrder
    {
        SortOrder order;
        ObjectList objects;
    };
    QHash<QString, CachedOrder> m_orderCache; ///< by SortOrder::cacheKey()
    /// Whether m_orderCache may hold an order other than by creation or `_id`.
    bool m_hasOrdersByFields = false;
    quint64 m_nextSequence = 1;
};

} // namespace Planhat::Sandbox
