// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"
#include "csv/csvformat.h"
#include "importer/customfieldproposal.h"
#include "importer/importjournal.h"
#include "importer/importresultsstream.h"
#include "importer/importsettings.h"
#include "schema/objecttype.h"

#include <functional>
#include <memory>

namespace Planhat {

class ImportPlan;
class ImportRunner;
class ImportPlanner;
struct ImportPlanResult;
struct ImportRunSummary;

/// The option parsing import and missing share: --delimiter, --encoding, --key, --mapping,
/// --sheet.
class ImportOptions
{
public:
    static QCommandLineOption delimiterOption();
    static QCommandLineOption encodingOption();
    static QCommandLineOption mappingOption();
    static QCommandLineOption keyOption(const QString &description);
    static QCommandLineOption sheetOption();

    /// "," ";" "tab" "\t" "|": one character, or a usage error message.
    static bool parseDelimiter(const QString &text, QChar *delimiter, QString *error);
    /// utf-8, utf-16le, utf-16be, windows-1252 (also cp1252, latin1), case-insensitive.
    static bool parseEncoding(const QString &text, CsvEncoding *encoding, QString *error);
    /// A --key FIELD: any field rows of `type` (custom fields applied) can be matched on
    /// (ImportPolicy::parseMatchField()), or a usage error naming the valid choices.
    static bool parseKey(const QString &text, const ObjectType &type, QString *field,
                         QString *error);
    /// parseKey() before the tenant's custom fields are known: "custom.X" passes (it is
    /// checked once they are), anything else must be a field of the built-in `type`.
    static bool precheckKey(const QString &text, const ObjectType &type, QString *error);
    /// Reads --delimiter and --encoding into `options`; false after printing the problem.
    static bool readCsvOptions(CliContext &context, const QString &filePath, CsvOptions *options);
    /// The header row of `filePath` (a CSV file or a workbook); false after printing why it
    /// cannot be read. `*sheet` is the sheet asked for (empty: the default one; an error
    /// for a CSV file) and is set to the sheet read (empty for CSV).
    static bool readHeaders(CliContext &context, const QString &filePath, const CsvOptions &options,
                            QString *sheet, QStringList *headers);
    /// Fetches the tenant's custom fields and calls `done` with `type` extended by them.
    static void withCustomFields(Command *command, CliContext &context, PlanhatClient *client,
                                 const ObjectType &type,
                                 std::function<void(const ObjectType &type)> done,
                                 std::function<void(ExitCode code)> failed);
};

/// `import TYPE FILE [--mapping FILE] [--key FIELD] [--mode upsert|create|update]
/// [--dry-run] [--skip-invalid] [--results FILE] [--delimiter C] [--encoding NAME]
/// [--sheet NAME] [--resume] [--create-fields] [--yes]`: validates and plans the whole file
/// (rows matched on FIELD client side), prints the problems or the plan, then runs it with a
/// journal.
class ImportCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    ~ImportCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    bool readArguments();
    /// --create-fields: proposes, confirms and creates custom fields for unmapped columns,
    /// then plans with them (CreateFieldsStep); without it, plans at once.
    void offerCustomFields(const ObjectType &type);
    void plan(PlanhatClient *client, const ObjectType &type);
    void handlePlanned(const ImportPlanResult &result);
    void printProblems(const ImportPlan &plan);
    void printPlan(const ImportPlan &plan);
    bool confirm(const ImportPlan &plan);
    void startRun(const std::shared_ptr<const ImportPlan> &plan);
    void handleFinished(const ImportRunSummary &summary);
    /// Prints the counts and the journal, and finishes with the exit code the run earns.
    void reportFinished(const ImportRunSummary &summary);
    /// Rewrites the progress line on stderr (a terminal only); an empty line clears it.
    void showProgress(const QString &line);
    /// Ctrl-C cancels after the chunk in flight; a second one stops at once.
    void watchInterrupts();

    PlanhatClient *m_client = nullptr; // owned by the context
    const ObjectType *m_type = nullptr;
    QString m_filePath;
    CsvOptions m_csvOptions;
    QString m_sheet; ///< workbooks: --sheet, then the sheet read
    QStringList m_headers;
    QList<CustomFieldProposal> m_createdFields; ///< --create-fields: mapped to their columns
    std::optional<QString> m_keyText; ///< --key as given; parsed once custom fields are known
    ImportMode m_mode = ImportMode::Upsert;
    ImportMapping m_loadedMapping;
    bool m_haveMapping = false;
    bool m_dryRun = false;
    bool m_progressLine = false;
    bool m_interrupted = false;
    std::optional<JournalState> m_resume;
    ImportSettings m_settings;
    ImportPlanner *m_planner = nullptr;
    ImportRunner *m_runner = nullptr;
    /// The CSV results file, written as chunks come back (null without --results, or for
    /// .xlsx results, which are written at the end).
    std::unique_ptr<ImportResultsStream> m_resultsStream;
    QString m_resultsError; ///< the first failure to write the results file
};

/// `undo JOURNAL [--yes]`: restores what an import updated and deletes what it created.
class UndoCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;

private:
    void undo(const QString &path, const JournalState &state);
};

/// `missing TYPE FILE --key FIELD`: prints the rows of FILE (as CSV) whose key no object of
/// the tenant has, keys compared as the import compares them (ImportPolicy::normalizedKey()).
class MissingCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;

private:
    void findMissing(PlanhatClient *client, const ObjectType &type);
    void printMissing(const QSet<QString> &existing);

    QString m_filePath;
    CsvOptions m_csvOptions;
    QString m_sheet; ///< workbooks: --sheet, then the sheet read
    QStringList m_headers;
    ImportMapping m_mapping;
    int m_keyColumn = -1;
    QString m_keyField;
    FieldSpec m_keySpec; ///< how the key column's cells are read
};

} // namespace Planhat
