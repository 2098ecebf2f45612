// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvformat.h"
#include "importmapping.h"
#include "importmode.h"
#include "schema/objecttype.h"
#include "xlsx/tablereader.h"

#include <QString>

namespace Planhat {

/// Everything that defines one import: the file and how to read it, the object type (with
/// the tenant's custom fields applied by the caller), the mapping, the match field and the
/// mode. A plain value: the planner, the runner and the journal each keep a copy.
struct ImportSettings
{
    QString filePath;
    CsvOptions csvOptions; ///< delimiter and encoding; detection when left unset
    /// Workbooks: the sheet read (set to the sheet actually read, so a resume or an undo
    /// reopens the same one) and the row the header is looked for from. Unused for CSV.
    QString sheet;
    int headerRow = 1;
    ObjectType type; ///< with CustomFieldCatalog::apply() done: enums and lists are checked
    ImportMapping mapping;
    /// The field rows are matched to the tenant's records on, client side: "_id",
    /// "sourceId", "externalId" ("extId" on invoices), "email", "name", "domains",
    /// "custom.<Field name>"... (ImportPolicy::candidateMatchFields()). Empty: the
    /// default for the mapping (ImportPolicy::defaultMatchField()).
    QString matchField;
    ImportMode mode = ImportMode::Upsert;
    /// Send the valid rows even when other rows have problems; the invalid rows end as
    /// failed with their problems as the message. Without it nothing is sent while any
    /// problem remains.
    bool skipInvalidRows = false;
    /// Rows sent per bulk request (the API takes at most 5,000).
    int chunkSize = 5000;

    /// How to open filePath: csvOptions (with the file named by its path), sheet, headerRow.
    TableOptions tableOptions() const;

    /// The match field: matchField, or the default for the mapping when it is empty.
    QString keyField() const;

    /// The JSON stored in a journal; `type` is stored by name and its custom fields are
    /// re-applied by whoever reads it.
    QJsonObject toJson() const;
    /// Reads toJson()'s output (and that of versions that stored a key kind, "key":
    /// "externalId"). `type` must be the same type with custom fields applied.
    static bool fromJson(const QJsonObject &json, const ObjectType &type, ImportSettings *settings,
                         QString *error);
};

} // namespace Planhat
