// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

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

private:
    QJsonObject clientFields(const QJsonObject &payload, Origin origin) const;
    QString resolveCompanies(QJsonObject *fields) const;
    QString checkKeysAreFree(const QJsonObject &data, const StoredObject *self) const;
    void deriveFields(QJsonObject *data) const;
    void propagateCompanyName(const QString &companyId, const QString &name) const;
    /// Whether updates of this collection can merge into the stored JSON (updateCompact).
    bool mergesCompact() const;
    WriteResult updateCompact(const StoredObject *object, const QJsonObject &fields,
                              Stamp stamp) const;
    /// Whether the collection holds custom-field definitions (checked by CustomFieldRules).
    bool isDefinitions() const;

    SandboxStore *m_store;
    TypeCollection *m_collection;
    QString m_timestamp;
    QByteArray m_quotedTimestamp; ///< m_timestamp as a JSON string
};

} // namespace Planhat::Sandbox
