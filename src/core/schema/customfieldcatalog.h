// SPDX-License-Identifier: MIT
#pragma once

#include "fieldspec.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace Planhat {

class ObjectType;

/// The tenant's custom-field definitions, read from `GET /customfields` at run time and
/// turned into FieldSpecs typed by their Planhat `type` ("number", "multipicklist", ...).
class CustomFieldCatalog
{
public:
    /// Builds the catalog from the JSON array the API returns. Entries without a name or
    /// parent are skipped; unknown types become Text so nothing is hidden from the user.
    static CustomFieldCatalog fromJson(const QJsonArray &definitions);

    /// The custom fields of `type` (matched through ObjectType::customFieldParent).
    QList<FieldSpec> fieldsFor(const ObjectType &type) const;
    /// `type` with its custom fields appended.
    ObjectType apply(const ObjectType &type) const;
    int size() const;

    /// The FieldSpec for one definition; exposed for tests and for the sandbox's validation.
    static FieldSpec fieldFromDefinition(const QString &name, const QString &planhatType,
                                         const QStringList &listValues);

private:
    QHash<QString, QList<FieldSpec>> m_fieldsByParent; ///< lower-case parent -> fields
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::CustomFieldCatalog)
