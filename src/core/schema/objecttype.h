// SPDX-License-Identifier: MIT
#pragma once

#include "fieldspec.h"

#include <QFlags>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Planhat {

/// What the API lets a client do with an object type.
enum class Operation {
    Create = 0x01,
    Get = 0x02,
    Update = 0x04,
    Delete = 0x08,
    List = 0x10,
    BulkUpsert = 0x20,
};
Q_DECLARE_FLAGS(Operations, Operation)
Q_DECLARE_OPERATORS_FOR_FLAGS(Operations)

/// The kinds of key an object can be matched on, in the priority order the API applies:
/// `_id` first, then `sourceId`, then `externalId`.
enum class KeyKind {
    Id,
    SourceId,
    ExternalId,
};

/// A key kind and the field that holds it on one object type (invoices keep their
/// external id in `extId`).
struct MatchKey
{
    KeyKind kind;
    QString field;
};

/// The URL path prefix that addresses an object by a key: "", "srcid-" or "extid-".
QString keyPathPrefix(KeyKind kind);
/// "_id", "sourceId" or "externalId": the name users pass on the command line.
QString keyKindName(KeyKind kind);
/// Reads keyKindName()'s output, case-insensitively ("externalid" is ExternalId). False
/// (and `kind` untouched) for anything else.
bool keyKindFromName(const QString &text, KeyKind *kind);

/// One Planhat object type: where it lives, what it holds and what may be done with it.
class ObjectType
{
public:
    QString name; ///< registry name and endpoint path segment, e.g. "companies"
    QString singularName; ///< "Company"
    QString pluralName; ///< "Companies"
    QString description; ///< one line for `types` and tooltips
    Operations operations;
    QList<FieldSpec> fields;
    QList<MatchKey> keys; ///< in priority order, `_id` first
    QString companyField; ///< "companyId", "cId" or empty when not company-owned
    QString customFieldParent; ///< the `parent` value of this type's /customfields entries
    int pageLimit = 2000; ///< largest `limit` the list endpoint accepts

    /// "/companies"
    QString endpoint() const { return QLatin1Char('/') + name; }
    bool supports(Operation operation) const { return operations.testFlag(operation); }

    /// The field called `fieldName`, or nullptr.
    const FieldSpec *field(const QString &fieldName) const;
    QStringList fieldNames() const;
    QStringList requiredFieldNames() const;
    /// The few fields that identify an object to a person (id, name or title, company,
    /// external key): the default columns of lean lists and tables.
    QStringList summaryFieldNames() const;
    bool isReadOnly(const QString &fieldName) const;

    /// The field that holds `kind` on this type, or empty when the type cannot be matched on it.
    QString keyField(KeyKind kind) const;
    /// The highest-priority key `object` carries, if any: its kind and value.
    bool findKey(const QJsonObject &object, KeyKind *kind, QString *value) const;

    /// `object` without the fields the server maintains (read-only fields, `__v`, timestamps,
    /// denormalised names). Unknown fields are kept: the server is the authority on them.
    /// `_id` is removed too unless `keepId` is IdHandling::Keep (bulk upsert matches on it).
    enum class IdHandling { Remove, Keep };
    QJsonObject writablePayload(const QJsonObject &object, IdHandling idHandling) const;

    /// The names of required fields missing or empty in `object`.
    QStringList missingRequiredFields(const QJsonObject &object) const;

    /// A copy with `customFields` appended (replacing custom fields it had before).
    ObjectType withCustomFields(const QList<FieldSpec> &customFields) const;
};

} // namespace Planhat
