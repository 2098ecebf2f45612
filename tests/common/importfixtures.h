// SPDX-License-Identifier: MIT
// The companies type and import settings the planner and journal unit tests share.
#pragma once

#include "importer/importsettings.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Planhat::Test {

/// Companies with two custom fields: Region (a list: EMEA, APAC) and Seats (a number).
inline ObjectType companiesWithCustomFields()
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Region"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray {"EMEA", "APAC"}}},
        QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
}

/// An import of /tmp/in.csv into those companies, mapped automatically from `headers`.
inline ImportSettings
companyImportSettings(const QStringList &headers, ImportMode mode = ImportMode::Upsert,
                      const QString &matchField = QStringLiteral("externalId"))
{
    ImportSettings settings;
    settings.filePath = QStringLiteral("/tmp/in.csv");
    settings.type = companiesWithCustomFields();
    settings.mapping = ImportMapping::autoMatch(settings.type, headers);
    settings.mode = mode;
    settings.matchField = matchField;
    return settings;
}

} // namespace Planhat::Test
