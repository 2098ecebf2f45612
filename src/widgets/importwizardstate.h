// SPDX-License-Identifier: MIT
#pragma once

#include "analytics/analyticsfilereader.h"
#include "analytics/analyticstarget.h"
#include "csv/csvpreview.h"
#include "importer/importjournal.h"
#include "importer/importmapping.h"
#include "importer/importmode.h"
#include "importer/importplan.h"
#include "importer/importsettings.h"
#include "schema/customfieldcatalog.h"
#include "schema/objecttype.h"

#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

namespace Planhat {

class ImportRunner;
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
    /// Workbooks: the sheet read (settled to the one previewed once the file page is left)
    /// and the row its header is on (0: none). Unused for CSV files.
    QString sheet;
    int headerRow = 1;
    CsvPreview preview;

    // Target page
    QString typeName;
    /// The field rows are matched on (ImportSettings::matchField); empty until chosen.
    QString matchField;
    ImportMode mode = ImportMode::Upsert;
    int chunkSize = 5000; ///< rows per bulk request
    /// Set when the user continues an interrupted import of the file: its journal, whose
    /// settings then replace the pages' choices (a resumed import is the same import).
    std::optional<JournalState> resume;

    // Mapping page
    ImportMapping mapping;

    // Validation page: the dry run against the tenant, and the user's choice to go on
    // without the invalid rows.
    std::shared_ptr<const ImportPlan> plan;
    bool skipInvalidRows = false;

    // Run page: the runner stays for the results page (retry, results file, undo).
    QPointer<ImportRunner> runner;

    // User activities and metrics (the analytics host) instead of an object type: the
    // target page sets analyticsTarget, and the analytics mapping, check and results pages
    // follow instead of the ones above.
    std::optional<AnalyticsTarget> analyticsTarget;
    /// Analytics mapping page: field name -> column index, chosen for analyticsColumnsTarget.
    QHash<QString, int> analyticsColumns;
    std::optional<AnalyticsTarget> analyticsColumnsTarget;
    /// Analytics check page: the file read and checked, the rows ready to send.
    std::shared_ptr<const AnalyticsFileContent> analyticsContent;

    /// The target type with the tenant's custom fields.
    ObjectType type() const;
    /// The settings of the import the pages describe.
    ImportSettings settings() const;
    /// Takes over the settings recorded in `journal` and remembers it for the run; false
    /// with `error` when the journal's settings do not fit the type.
    bool resumeFrom(const JournalState &journal, QString *error);
};

} // namespace Planhat
