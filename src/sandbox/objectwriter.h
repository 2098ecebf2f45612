// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"

#include <schema/objecttype.h>

#include <QJsonObject>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace Planhat::Sandbox {

class SandboxStore;
class StoredObject;
class TypeCollection;

/// The outcome of one write: the object written, or a readable reason it was refused.
struct WriteResult
{
    const StoredObject *object = nullptr;
    QString error; ///< empty on success
    bool changed = false; ///< for updates: whether any value actually changed

    bool isOk() const { return error.isEmpty(); }
};

/// Applies Planhat's write rules to one collection: required fields, company references
/// given as `_id`, "extid-…" or "srcid-…", unique sourceId/externalId, read-only fields
/// ignored, denormalised fields (companyName/cName, enduser name, ownerName) and
/// timestamps maintained. One writer serves one request: its timestamp is fixed at
/// construction so every object a bulk request touches carries the same time.
class ObjectWriter
{
public:
    /// Who supplies the data: clients may not set read-only fields; the sandbox's own
    /// seeder may (it plays the part of Planhat computing status, domains, ...).
    enum class Origin { Client, Sandbox };
    /// Whether an update that changes nothing still bumps updatedAt (single PUT does, as
    /// Planhat does; bulk upsert counts such rows as "nonupdates" and leaves them alone).
    enum class Stamp { Always, WhenChanged };

    ObjectWriter(SandboxStore *store, TypeCollection *collection);

    WriteResult create(const QJsonObject &payload, Origin origin = Origin::Client) const;
    WriteResult update(const StoredObject *object, const QJsonObject &payload, Stamp stamp) const;
    bool remove(const StoredObject *object) const;

    /// Whether writes to this collection work on compact JSON directly: no field of it is
    /// derived or resolved from another object's. Only then may the Members overloads of
    /// create() and update() be used.
    bool mergesCompact() const;
    /// create() with the payload as members (a bulk upsert's rows, never parsed into a
    /// QJsonObject): the stored JSON is written from them directly.
    WriteResult create(JsonPath::Members payload, Origin origin = Origin::Client) const;
    /// update() with the payload as members, merged into the stored JSON.
    WriteResult update(const StoredObject *object, JsonPath::Members payload, Stamp stamp) const;

    /// The text of key `kind` in `members` (as TypeCollection::keyValue() reads a
    /// QJsonObject); `found` tells whether the key field is there at all.
    QString keyValue(const JsonPath::Members &members, KeyKind kind, bool *found = nullptr) const;

private:
    QJsonObject clientFields(const QJsonObject &payload, Origin origin) const;
    /// clientFields() on members.
    void dropIgnoredFields(JsonPath::Members *fields, Origin origin) const;
    bool isIgnored(const QString &key, Origin origin) const;
    QString resolveCompanies(QJsonObject *fields) const;
    /// An error when another object holds the sourceId or external id in `keys` (by KeyKind).
    QString checkKeysAreFree(const std::array<QString, 3> &keys, const StoredObject *self) const;
    QString checkKeysAreFree(const QJsonObject &data, const StoredObject *self) const;
    /// The first required field `fields` lacks, or empty.
    QString missingRequiredField(const JsonPath::Members &fields) const;
    void deriveFields(QJsonObject *data) const;
    void propagateCompanyName(const QString &companyId, const QString &name) const;
    /// Whether an object of any type keeps a copy of company `companyId`'s name.
    bool copiesCompanyName(const QString &companyId) const;
    /// Whether the collection holds custom-field definitions (checked by CustomFieldRules).
    bool isDefinitions() const;

    struct RequiredField
    {
        QString name; ///< as errors name it ("custom.Seats" for a custom field)
        QByteArray key; ///< UTF-8; for a custom field its key inside `custom`
        bool isCustom;
    };

    SandboxStore *m_store;
    TypeCollection *m_collection;
    /// The fields a create must have, made on first use.
    mutable std::unique_ptr<std::vector<RequiredField>> m_requiredFields;
    QString m_timestamp;
    QByteArray m_quotedTimestamp; ///< m_timestamp as a JSON string
    /// Where update() merges an object before it is stored: one buffer for all the rows of
    /// a bulk upsert (a new one a row faulted in fresh memory for each).
    mutable QByteArray m_merged;
};

} // namespace Planhat::Sandbox
