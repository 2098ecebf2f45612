// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvpreview.h"
#include "importer/importfilecheck.h"
#include "importer/importmapping.h"
#include "importer/importmode.h"
#include "schema/customfieldcatalog.h"
#include "schema/objecttype.h"

#include <QString>

namespace Planhat {

class PlanhatClient;

/// What the import wizard's pages have chosen so far: each page reads what the pages before
/// it settled and writes its own part when the user moves on. Owned by ImportWizard.
struct ImportWizardState
{
    PlanhatClient *client = nullptr; // not owned
    CustomFieldCatalog customFields;

    // File page
    QString filePath;
    /// How the file is read. Once the file page is left, encoding and delimiter are the ones
    /// detected (or forced), so every later read agrees with the preview.
    CsvOptions csvOptions;
    CsvPreview preview;

    // Target page
    QString typeName;
    KeyKind key = KeyKind::ExternalId;
    ImportMode mode = ImportMode::Upsert;

    // Mapping page
    ImportMapping mapping;

    // Validation page
    ImportCheckResult check;
    bool skipInvalidRows = false;

    /// The target type with the tenant's custom fields.
    ObjectType type() const;
    ImportCheckRequest checkRequest() const;
};

} // namespace Planhat
