// SPDX-License-Identifier: MIT
#include "importcommand.h"

#include "api/customfieldsjob.h"
#include "api/planhatclient.h"
#include "clicontext.h"
#include "createfieldsstep.h"
#include "csv/csvreader.h"
#include "csv/csvwriter.h"
#include "data/fieldpath.h"
#include "importer/importjournalreadjob.h"
#include "importer/importplanner.h"
#include "importer/importpolicy.h"
#include "importer/importresultswritejob.h"
#include "importer/importrunner.h"
#include "importer/importundo.h"
#include "importer/valueconverter.h"
#include "platform/console.h"
#include "platform/signalwatcher.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"
#include "xlsx/tablereader.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <csignal>
#include <cstdio>

namespace Planhat {

namespace {

/// How many problems are printed before "... and N more".
constexpr qsizetype printedProblems = 1000;

QString shown(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QStringLiteral("(empty)");
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QString problemLine(const ImportProblem &problem)
{
    QString text = QStringLiteral("row %1").arg(problem.row);
    if (problem.line > 0)
        text += QStringLiteral(" (line %1)").arg(problem.line);
    if (!problem.column.isEmpty())
        text += QStringLiteral(", column \"%1\"").arg(problem.column);
    if (!problem.value.isEmpty())
        text += QStringLiteral(", value \"%1\"").arg(problem.value);
    return text + QStringLiteral(": ") + problem.message;
}

} // namespace

// ---- ImportOptions ------------------------------------------------------------------------

QCommandLineOption ImportOptions::delimiterOption()
{
    return QCommandLineOption(QStringLiteral("delimiter"),
                              QStringLiteral("Field delimiter: one character, or tab "
                                             "(default: detected)."),
                              QStringLiteral("C"));
}

QCommandLineOption ImportOptions::encodingOption()
{
    return QCommandLineOption(QStringLiteral("encoding"),
                              QStringLiteral("utf-8, utf-16le, utf-16be or windows-1252 "
                                             "(default: detected)."),
                              QStringLiteral("NAME"));
}

QCommandLineOption ImportOptions::mappingOption()
{
    return QCommandLineOption(QStringLiteral("mapping"),
                              QStringLiteral("Column mapping file (JSON, as the desktop app "
                                             "saves it); default: match headers to fields."),
                              QStringLiteral("FILE"));
}

QCommandLineOption ImportOptions::keyOption(const QString &description)
{
    return QCommandLineOption(QStringLiteral("key"), description, QStringLiteral("FIELD"));
}

QCommandLineOption ImportOptions::sheetOption()
{
    return QCommandLineOption(QStringLiteral("sheet"),
                              QStringLiteral("The sheet of an .xlsx workbook to read (default: "
                                             "the first sheet with data)."),
                              QStringLiteral("NAME"));
}

bool ImportOptions::parseDelimiter(const QString &text, QChar *delimiter, QString *error)
{
    if (text.compare(QLatin1String("tab"), Qt::CaseInsensitive) == 0
        || text == QLatin1String("\\t")) {
        *delimiter = QLatin1Char('\t');
        return true;
    }
    if (text.size() != 1 || text.at(0) == QLatin1Char('"') || text.at(0) == QLatin1Char('\n')
        || text.at(0) == QLatin1Char('\r')) {
        *error = QStringLiteral("--delimiter takes one character (or tab), not '%1'").arg(text);
        return false;
    }
    *delimiter = text.at(0);
    return true;
}

bool ImportOptions::parseEncoding(const QString &text, CsvEncoding *encoding, QString *error)
{
    // "detect" is the default, not a choice to type.
    CsvEncoding parsed = CsvEncoding::Detect;
    if (!csvEncodingFromKey(text, &parsed) || parsed == CsvEncoding::Detect) {
        *error = QStringLiteral("--encoding takes utf-8, utf-16le, utf-16be or windows-1252, "
                                "not '%1'")
                     .arg(text);
        return false;
    }
    *encoding = parsed;
    return true;
}

bool ImportOptions::parseKey(const QString &text, const ObjectType &type, QString *field,
                             QString *error)
{
    QString why;
    if (ImportPolicy::parseMatchField(text, type, field, &why))
        return true;
    *error = QStringLiteral("--key: ") + why;
    return false;
}

bool ImportOptions::precheckKey(const QString &text, const ObjectType &type, QString *error)
{
    if (FieldPath::isCustom(text.trimmed(), Qt::CaseInsensitive))
        return true;
    QString field;
    return parseKey(text, type, &field, error);
}

bool ImportOptions::readCsvOptions(CliContext &context, const QString &filePath,
                                   CsvOptions *options)
{
    const QCommandLineParser &parser = context.parser();
    QString error;
    options->fileName = filePath;
    if (parser.isSet(QStringLiteral("delimiter"))
        && !parseDelimiter(parser.value(QStringLiteral("delimiter")), &options->delimiter,
                           &error)) {
        context.printError(error);
        return false;
    }
    if (parser.isSet(QStringLiteral("encoding"))
        && !parseEncoding(parser.value(QStringLiteral("encoding")), &options->encoding, &error)) {
        context.printError(error);
        return false;
    }
    return true;
}

bool ImportOptions::readHeaders(CliContext &context, const QString &filePath,
                                const CsvOptions &options, QString *sheet, QStringList *headers)
{
    TableOptions table;
    table.csv = options;
    table.sheet = *sheet;
    QString error;
    const std::unique_ptr<TableReader> reader = TableReader::open(filePath, table, &error);
    if (!reader) {
        context.printError(error);
        return false;
    }
    reader->start();
    *sheet = reader->sheetName();
    *headers = reader->headers();
    if (headers->isEmpty()) {
        context.printError(reader->format() == TableReader::Format::Workbook
                               ? QStringLiteral("%1, sheet \"%2\" has no header row (the sheet "
                                                "is empty)")
                                     .arg(filePath, *sheet)
                               : QStringLiteral("%1 has no header row").arg(filePath));
        return false;
    }
    return true;
}

void ImportOptions::withCustomFields(Command *command, CliContext &context, PlanhatClient *client,
                                     const ObjectType &type,
                                     std::function<void(const ObjectType &type)> done,
                                     std::function<void(ExitCode code)> failed)
{
    auto *job = new CustomFieldsJob(client, command);
    QObject::connect(
        job, &CustomFieldsJob::finished, command,
        [&context, type, done, failed](const CustomFieldCatalog &catalog, const ApiError &error) {
            if (error.isError()) {
                context.printError(
                    QStringLiteral("reading the custom fields: %1").arg(error.toString()));
                failed(exitCodeFor(error));
                return;
            }
            done(catalog.apply(type));
        });
    job->start();
}

// ---- ImportCommand ------------------------------------------------------------------------

void ImportCommand::showProgress(const QString &line)
{
    // One line rewritten in place, only where a person watches it.
    if (!m_progressLine)
        return;
    const QByteArray text = "\r\033[K" + line.toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

void ImportCommand::watchInterrupts()
{
    // SIGINT reaches the event loop through the shared SignalWatcher (on Windows nothing is
    // watched: Ctrl-C stops at once, and the journal still allows --resume).
    if (findChild<SignalWatcher *>(QString(), Qt::FindDirectChildrenOnly))
        return;
    auto *watcher = new SignalWatcher(this);
    watcher->watch(SIGINT);
    connect(watcher, &SignalWatcher::signalReceived, this, [this] {
        if (m_interrupted) {
            // Asked twice: stop now. The journal still allows --resume.
            std::signal(SIGINT, SIG_DFL);
            std::raise(SIGINT);
            return;
        }
        m_interrupted = true;
        showProgress(QString());
        m_context.printNote(QStringLiteral("planhat-cli: stopping after the chunk being sent "
                                           "(Ctrl-C again to stop at once); continue later "
                                           "with --resume"));
        if (m_runner)
            m_runner->cancel();
    });
}

ImportCommand::~ImportCommand() = default;

CommandSpec ImportCommand::spec()
{
    return {QStringLiteral("import"),
            QStringLiteral("import TYPE FILE [--mapping FILE] [--key FIELD] "
                           "[--mode upsert|create|update] [--dry-run] [--skip-invalid] "
                           "[--results FILE] [--delimiter C] [--encoding NAME] [--sheet NAME] "
                           "[--resume] [--create-fields [--field-type COLUMN=TYPE]...] [--yes]"),
            QStringLiteral("Import a CSV file or an Excel workbook (.xlsx) as a bulk upsert "
                           "(validated and planned first)"),
            {ImportOptions::mappingOption(),
             ImportOptions::keyOption(QStringLiteral(
                 "The field rows are matched to existing records on, client side: _id, "
                 "sourceId, externalId, email, name, domains, custom.NAME or another field "
                 "whose values are unique (default: the first of _id, sourceId and "
                 "externalId the mapping fills).")),
             QCommandLineOption(QStringLiteral("mode"),
                                QStringLiteral("upsert (default), create or update."),
                                QStringLiteral("MODE")),
             QCommandLineOption(QStringLiteral("dry-run"),
                                QStringLiteral("Check and plan only: print what would be "
                                               "created and updated, send nothing.")),
             QCommandLineOption(QStringLiteral("skip-invalid"),
                                QStringLiteral("Send the valid rows even when others have "
                                               "problems (those end as failed).")),
             QCommandLineOption(QStringLiteral("results"),
                                QStringLiteral("Write the input rows with status, _id and "
                                               "message to FILE."),
                                QStringLiteral("FILE")),
             ImportOptions::delimiterOption(), ImportOptions::encodingOption(),
             ImportOptions::sheetOption(),
             QCommandLineOption(QStringLiteral("resume"),
                                QStringLiteral("Continue the interrupted import of this FILE "
                                               "from its journal.")),
             CreateFieldsStep::option(), CreateFieldsStep::typeOption(),
             QCommandLineOption(QStringLiteral("yes"),
                                QStringLiteral("Import without asking (required when stdin "
                                               "is not a terminal)."))},
            2,
            2};
}

bool ImportCommand::readArguments()
{
    const QCommandLineParser &parser = m_context.parser();
    m_type = m_context.resolveType(m_context.arguments().at(0));
    if (!m_type)
        return false;
    if (!m_type->supports(Operation::BulkUpsert)) {
        m_context.printError(QStringLiteral("%1 cannot be bulk upserted").arg(m_type->name));
        return false;
    }
    m_filePath = QFileInfo(m_context.arguments().at(1)).absoluteFilePath();
    m_dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (parser.isSet(QStringLiteral("mode"))
        && !importModeFromName(parser.value(QStringLiteral("mode")), &m_mode)) {
        m_context.printError(QStringLiteral("--mode takes upsert, create or update, not '%1'")
                                 .arg(parser.value(QStringLiteral("mode"))));
        return false;
    }
    if (parser.isSet(QStringLiteral("key"))) {
        // Custom fields are checked once the tenant's definitions are read; a field the
        // type cannot have is refused before any request.
        QString error;
        if (!ImportOptions::precheckKey(parser.value(QStringLiteral("key")), *m_type, &error)) {
            m_context.printError(error);
            return false;
        }
        m_keyText = parser.value(QStringLiteral("key"));
    }
    // Refuse before any work: a script must never sit at a prompt nobody answers.
    if (!m_dryRun && !parser.isSet(QStringLiteral("yes")) && !m_context.stdinIsTerminal()) {
        m_context.printError(QStringLiteral("stdin is not a terminal, so the import cannot be "
                                            "confirmed: add --yes to import without asking"));
        return false;
    }
    if (!ImportOptions::readCsvOptions(m_context, m_filePath, &m_csvOptions))
        return false;
    m_sheet = parser.value(QStringLiteral("sheet"));
    if (parser.isSet(QStringLiteral("mapping"))) {
        QString error;
        if (!ImportMapping::load(parser.value(QStringLiteral("mapping")), &m_loadedMapping,
                                 &error)) {
            m_context.printError(QStringLiteral("mapping file %1: %2")
                                     .arg(parser.value(QStringLiteral("mapping")), error));
            return false;
        }
        m_haveMapping = true;
    }
    if (parser.isSet(QStringLiteral("resume"))) {
        const QString journal = ImportJournal::findUnfinished(ImportJournal::defaultDirectory(),
                                                              m_filePath, m_type->name);
        if (journal.isEmpty()) {
            m_context.printNote(QStringLiteral("planhat-cli: no interrupted import of %1 found; "
                                               "starting a new one")
                                    .arg(m_filePath));
        } else {
            JournalState state;
            QString error;
            if (!ImportJournal::read(journal, &state, &error)) {
                m_context.printError(error);
                return false;
            }
            QString why;
            if (!state.fileUnchanged(&why)) {
                // Rows are matched to the journal's chunks by their place in the file.
                m_context.printError(QStringLiteral("cannot resume the import recorded in %1: "
                                                    "%2. Undo it with planhat-cli undo, or "
                                                    "import the file anew without --resume")
                                         .arg(journal, why));
                return false;
            }
            m_context.printNote(QStringLiteral("planhat-cli: resuming the import recorded in %1 "
                                               "(%2 of %3 rows done)")
                                    .arg(journal)
                                    .arg(state.outcomes.size())
                                    .arg(state.rowCount));
            m_resume = state;
            // The journal's sheet: a resumed import reads what it read before.
            m_sheet = state.settings.value(QStringLiteral("sheet")).toString();
        }
    }
    return ImportOptions::readHeaders(m_context, m_filePath, m_csvOptions, &m_sheet, &m_headers);
}

void ImportCommand::run()
{
    if (!readArguments()) {
        finish(ExitCode::Usage);
        return;
    }
    m_progressLine = isTerminal(StandardStream::Error);
    withClient([this](PlanhatClient *client) {
        m_client = client;
        ImportOptions::withCustomFields(
            this, m_context, client, *m_type,
            [this](const ObjectType &type) { offerCustomFields(type); },
            [this](ExitCode code) { finish(code); });
    });
}

void ImportCommand::offerCustomFields(const ObjectType &type)
{
    if (!m_context.parser().isSet(QStringLiteral("create-fields")) || m_resume) {
        if (m_resume && m_context.parser().isSet(QStringLiteral("create-fields")))
            m_context.printNote(QStringLiteral("planhat-cli: --create-fields is not used when "
                                               "resuming: the journal's mapping is imported"));
        plan(m_client, type);
        return;
    }
    CreateFieldsStep::Input input;
    input.client = m_client;
    input.type = type;
    input.filePath = m_filePath;
    input.tableOptions.csv = m_csvOptions;
    input.tableOptions.csv.fileName = m_filePath;
    input.tableOptions.sheet = m_sheet;
    input.mapping = m_haveMapping ? m_loadedMapping.appliedTo(type, m_headers)
                                  : ImportMapping::autoMatch(type, m_headers);
    input.dryRun = m_dryRun;
    input.confirmed = m_context.parser().isSet(QStringLiteral("yes"));
    input.fieldTypes = m_context.parser().values(QStringLiteral("field-type"));
    CreateFieldsStep::run(
        this, m_context, input, [this](const QString &question) { return askYes(question); },
        [this](const ObjectType &withFields, const QList<CustomFieldProposal> &fields) {
            m_createdFields = fields;
            plan(m_client, withFields);
        },
        [this](ExitCode code) { finish(code); });
}

void ImportCommand::plan(PlanhatClient *client, const ObjectType &type)
{
    ImportSettings settings;
    if (m_resume) {
        // The journal's settings win: a resumed import must be the same import.
        QString error;
        if (!ImportSettings::fromJson(m_resume->settings, type, &settings, &error)) {
            m_context.printError(QStringLiteral("journal %1: %2").arg(m_resume->path, error));
            finish(ExitCode::Usage);
            return;
        }
    } else {
        settings.filePath = m_filePath;
        settings.csvOptions = m_csvOptions;
        settings.sheet = m_sheet;
        settings.type = type;
        settings.mapping = m_haveMapping ? m_loadedMapping.appliedTo(type, m_headers)
                                         : ImportMapping::autoMatch(type, m_headers);
        for (const CustomFieldProposal &field : std::as_const(m_createdFields))
            field.applyTo(&settings.mapping);
        settings.mode = m_mode;
        settings.skipInvalidRows = m_context.parser().isSet(QStringLiteral("skip-invalid"));
        if (m_keyText) {
            QString error;
            if (!ImportOptions::parseKey(*m_keyText, type, &settings.matchField, &error)) {
                m_context.printError(error);
                finish(ExitCode::Usage);
                return;
            }
            // A key automatic matching does not take (domains) is found by its header.
            ImportPolicy::mapMatchColumn(type, settings.matchField, &settings.mapping);
        } else {
            settings.matchField = ImportPolicy::defaultMatchField(type, settings.mapping);
        }
    }
    m_settings = settings;
    m_planner = new ImportPlanner(client, settings, this);
    connect(
        m_planner, &ImportPlanner::fileProgress, this,
        [this](qint64 rows, qint64 bytes, qint64 total) {
            if (total > 0) {
                showProgress(
                    QStringLiteral("checking: %1 rows, %2%").arg(rows).arg(100 * bytes / total));
            }
        });
    connect(m_planner, &ImportPlanner::finished, this, &ImportCommand::handlePlanned);
    m_planner->start();
}

void ImportCommand::printProblems(const ImportPlan &plan)
{
    for (const QString &problem : plan.mappingProblems())
        m_context.printError(problem);
    for (const QString &problem : plan.fileProblems())
        m_context.printNote(problem);
    qsizetype printed = 0;
    for (const ImportProblem &problem : plan.problems()) {
        if (printed++ >= printedProblems)
            break;
        m_context.printNote(problemLine(problem));
    }
    if (plan.problemCount() > printed && printed > 0) {
        m_context.printNote(
            QStringLiteral("... and %1 more problems").arg(plan.problemCount() - printedProblems));
    }
}

void ImportCommand::printPlan(const ImportPlan &plan)
{
    QFile &out = m_context.out();
    out.write(QStringLiteral("%1 rows: %2 to create, %3 to update, %4 unchanged, %5 invalid "
                             "(mode %6, key %7)\n")
                  .arg(plan.rowCount())
                  .arg(plan.createCount())
                  .arg(plan.updateCount())
                  .arg(plan.unchangedCount())
                  .arg(plan.invalidCount())
                  .arg(importModeName(plan.settings().mode), plan.settings().keyField())
                  .toUtf8());
    // The key of each row comes from the file again: the plan keeps a few bytes per row.
    QString error;
    const std::unique_ptr<TableReader> reader
        = TableReader::open(plan.settings().filePath, plan.settings().tableOptions(), &error);
    if (!reader)
        return;
    const int keyColumn = plan.settings().mapping.columnForField(plan.settings().keyField());
    const QString &keyField = plan.settings().keyField();
    // Lines are put together by appending (arg() parses its pattern every time) and written
    // in blocks: --dry-run prints one for every row.
    QString line;
    QByteArray block;
    constexpr qsizetype blockSize = 1 << 16;
    CsvRow row;
    qint64 index = 0;
    while (reader->readRow(row) && index < plan.rowCount()) {
        const PlannedRow &planned = plan.row(index);
        line = reader->rowText(planned.line);
        line += QLatin1String(": ");
        line += plannedActionName(planned.action);
        const QString key = keyColumn >= 0 ? row.value(keyColumn).trimmed() : QString();
        if (!key.isEmpty()) {
            line += QLatin1Char(' ');
            line += keyField;
            line += QLatin1Char('=');
            line += key;
        }
        if (const ExistingRecord *existing = plan.existingFor(index);
            existing && planned.action != PlannedAction::Invalid) {
            line += QLatin1String(" (_id ");
            line += existing->id;
            line += QLatin1Char(')');
        }
        if (planned.action == PlannedAction::Update || planned.action == PlannedAction::Create) {
            const QList<FieldChange> changes = plan.changes(index);
            qsizetype parts = 0;
            const auto startPart = [&line, &parts] {
                line += parts++ == 0 ? QLatin1String(": ") : QLatin1String("; ");
            };
            for (const FieldChange &change : changes) {
                startPart();
                line += change.field;
                line += QLatin1String(": ");
                // A created record's values have no before.
                if (!change.before.isUndefined()) {
                    line += shown(change.before);
                    line += QLatin1String(" -> ");
                }
                line += shown(change.after);
            }
            if (parts == 0 && planned.changedFields > 0) {
                startPart();
                line += QString::number(planned.changedFields);
                line += planned.action == PlannedAction::Update ? QLatin1String(" fields change")
                                                                : QLatin1String(" fields set");
            }
        }
        block += line.toUtf8();
        block += '\n';
        if (block.size() >= blockSize) {
            out.write(block);
            block.resize(0);
        }
        ++index;
    }
    out.write(block);
}

bool ImportCommand::confirm(const ImportPlan &plan)
{
    if (m_context.parser().isSet(QStringLiteral("yes")))
        return true;
    return askYes(QStringLiteral("Import %1: create %2 and update %3 %4? Type yes: ")
                      .arg(QFileInfo(plan.settings().filePath).fileName())
                      .arg(plan.createCount())
                      .arg(plan.updateCount())
                      .arg(plan.settings().type.pluralName.toLower()));
}

void ImportCommand::handlePlanned(const ImportPlanResult &result)
{
    showProgress(QString());
    if (!result.fileError.isEmpty()) {
        m_context.printError(result.fileError);
        finish(ExitCode::Usage);
        return;
    }
    if (result.error.isError()) {
        m_context.printError(
            QStringLiteral("listing %1: %2").arg(m_type->name, result.error.toString()));
        finish(exitCodeFor(result.error));
        return;
    }
    const std::shared_ptr<const ImportPlan> plan = result.plan;
    printProblems(*plan);
    if (m_dryRun) {
        printPlan(*plan);
        if (!plan->mappingProblems().isEmpty()
            || (plan->problemCount() > 0 && !plan->settings().skipInvalidRows)) {
            finish(ExitCode::Usage);
        } else {
            finish(plan->invalidCount() > 0 ? ExitCode::ItemsFailed : ExitCode::Ok);
        }
        return;
    }
    if (!plan->mappingProblems().isEmpty()) {
        m_context.printError(QStringLiteral("nothing was sent: fix the mapping first"));
        finish(ExitCode::Usage);
        return;
    }
    // On resume the check was passed when the import started; rows that are invalid now
    // end as failed.
    if (!m_resume && !plan->canRun()) {
        m_context.printError(QStringLiteral("%1 problems in %2 rows; nothing was sent (fix "
                                            "them, or use --skip-invalid to send the valid "
                                            "rows)")
                                 .arg(plan->problemCount())
                                 .arg(plan->invalidCount()));
        finish(ExitCode::Usage);
        return;
    }
    if (!m_resume && !confirm(*plan)) {
        m_context.printError(QStringLiteral("import cancelled; nothing was sent"));
        finish(ExitCode::Usage);
        return;
    }
    startRun(plan);
}

void ImportCommand::startRun(const std::shared_ptr<const ImportPlan> &plan)
{
    QString error;
    std::unique_ptr<ImportJournal> journal = m_resume
        ? ImportJournal::openForAppend(m_resume->path, &error)
        : ImportJournal::create(ImportJournal::defaultDirectory(), plan->settings(),
                                plan->rowCount(), &error, plan->fileFingerprint());
    if (!journal) {
        m_context.printError(QStringLiteral("%1; nothing was sent").arg(error));
        finish(ExitCode::Usage);
        return;
    }
    m_runner = new ImportRunner(m_client, plan, this);
    m_runner->setJournal(std::move(journal));
    if (m_resume)
        m_runner->setResumeState(*m_resume);
    connect(m_runner, &ImportRunner::progress, this, [this](const ImportProgress &progress) {
        QString line = QStringLiteral("%1/%2 rows").arg(progress.rowsDone).arg(progress.rowsTotal);
        if (progress.rowsPerSecond > 0)
            line += QStringLiteral(", %1 rows/s").arg(qRound64(progress.rowsPerSecond));
        if (progress.secondsLeft >= 0)
            line += QStringLiteral(", %1 s left").arg(qRound64(progress.secondsLeft));
        showProgress(line);
    });
    connect(m_runner, &ImportRunner::rateLimitWaitStarted, this, [this](int milliseconds) {
        showProgress(QString());
        m_context.printNote(rateLimitWaitText(milliseconds));
    });
    const QString resultsPath = m_context.parser().value(QStringLiteral("results"));
    if (m_context.parser().isSet(QStringLiteral("results"))
        && ImportResultsStream::canStream(plan->settings(), resultsPath)) {
        // Results are written as outcomes arrive: a run that dies half way leaves those of
        // its finished chunks behind.
        m_resultsStream = std::make_unique<ImportResultsStream>(plan->settings(), resultsPath);
        if (!m_resultsStream->open()) {
            m_resultsError = m_resultsStream->errorString();
            m_resultsStream.reset();
        }
    }
    if (m_resultsStream) {
        connect(m_runner, &ImportRunner::chunkFinished, this, [this] {
            if (m_resultsStream && !m_resultsStream->writeSettled(m_runner->results())) {
                m_resultsError = m_resultsStream->errorString();
                m_resultsStream.reset();
            }
        });
    }
    watchInterrupts();
    connect(m_runner, &ImportRunner::finished, this, &ImportCommand::handleFinished);
    m_context.printNote(QStringLiteral("planhat-cli: journal %1").arg(m_runner->journalPath()));
    m_runner->start();
}

void ImportCommand::handleFinished(const ImportRunSummary &summary)
{
    showProgress(QString());
    const ImportResults &results = m_runner->results();
    qsizetype printed = 0;
    for (qint64 i = 0; i < results.rowCount(); ++i) {
        const RowOutcome &row = results.row(i);
        if (row.status != RowOutcome::Status::Failed
            && row.status != RowOutcome::Status::OutcomeUnknown)
            continue;
        if (printed++ < printedProblems) {
            m_context.printNote(QStringLiteral("line %1: %2: %3")
                                    .arg(m_runner->plan().row(i).line)
                                    .arg(rowStatusName(row.status), row.message));
        }
    }
    const bool resultsSet = m_context.parser().isSet(QStringLiteral("results"));
    if (m_resultsStream || !m_resultsError.isEmpty()) {
        if (m_resultsStream && !m_resultsStream->finish(results))
            m_resultsError = m_resultsStream->errorString();
        m_resultsStream.reset();
        if (!m_resultsError.isEmpty())
            m_context.printError(m_resultsError);
    } else if (resultsSet) {
        // A workbook is written whole, reading the input again: a job, as in the app. What the run
        // came to is printed once it is written.
        auto *job
            = new ImportResultsWriteJob(results, m_runner->plan().settings(),
                                        m_context.parser().value(QStringLiteral("results")), this);
        connect(job, &ImportResultsWriteJob::finished, this,
                [this, summary](bool ok, const QString &error) {
                    if (!ok)
                        m_context.printError(error);
                    reportFinished(summary);
                });
        job->start();
        return;
    }
    reportFinished(summary);
}

void ImportCommand::reportFinished(const ImportRunSummary &summary)
{
    m_context.out().write(QStringLiteral("created %1, updated %2, unchanged %3, failed %4, "
                                         "outcome unknown %5%6\n")
                              .arg(summary.created)
                              .arg(summary.updated)
                              .arg(summary.unchanged)
                              .arg(summary.failed)
                              .arg(summary.unknown)
                              .arg(summary.pending > 0
                                       ? QStringLiteral(", not sent %1").arg(summary.pending)
                                       : QString())
                              .toUtf8());
    m_context.out().write(QStringLiteral("journal: %1\n").arg(summary.journalPath).toUtf8());
    if (!summary.journalError.isEmpty()) {
        m_context.printError(QStringLiteral("the journal could not be written (%1): this "
                                            "import cannot be fully resumed or undone")
                                 .arg(summary.journalError));
    }
    if (summary.allSucceeded()) {
        finish(ExitCode::Ok);
        return;
    }
    if (summary.fileChanged) {
        m_context.printError(summary.lastError.message());
        finish(ExitCode::Usage);
        return;
    }
    if (summary.stoppedByError) {
        m_context.printError(QStringLiteral("the import stopped: %1; continue it with --resume "
                                            "once the tenant can be reached")
                                 .arg(summary.lastError.toString()));
        finish(exitCodeFor(summary.lastError));
        return;
    }
    const bool nothingSucceeded = summary.created + summary.updated + summary.unchanged == 0;
    if (summary.lastError.kind() == ApiError::Kind::Auth)
        finish(ExitCode::Auth);
    else if (nothingSucceeded && summary.lastError.isError())
        finish(exitCodeFor(summary.lastError));
    else
        finish(ExitCode::ItemsFailed);
}

// ---- UndoCommand --------------------------------------------------------------------------

CommandSpec UndoCommand::spec()
{
    return {QStringLiteral("undo"),
            QStringLiteral("undo JOURNAL [--yes]"),
            QStringLiteral("Undo an import: restore the objects it updated, delete those it "
                           "created"),
            {QCommandLineOption(QStringLiteral("yes"),
                                QStringLiteral("Undo without asking (required when stdin is "
                                               "not a terminal)."))},
            1,
            1};
}

void UndoCommand::run()
{
    const QString path = m_context.arguments().at(0);
    // The journal of a big import is big: read by a job, as in the app.
    auto *reader = new ImportJournalReadJob(path, this);
    connect(reader, &ImportJournalReadJob::finished, this,
            [this, path](bool ok, const JournalState &state, const QString &error) {
                if (!ok) {
                    m_context.printError(error);
                    finish(ExitCode::Usage);
                    return;
                }
                undo(path, state);
            });
    reader->start();
}

void UndoCommand::undo(const QString &path, const JournalState &state)
{
    if (state.undone) {
        m_context.printError(QStringLiteral("the import in %1 was undone already").arg(path));
        finish(ExitCode::Usage);
        return;
    }
    const ObjectType *type = m_context.resolveType(state.typeName);
    if (!type) {
        finish(ExitCode::Usage);
        return;
    }
    auto undo = std::make_shared<ObjectType>(*type);
    const bool yes = m_context.parser().isSet(QStringLiteral("yes"));
    if (!yes && !m_context.stdinIsTerminal()) {
        m_context.printError(QStringLiteral("stdin is not a terminal, so the undo cannot be "
                                            "confirmed: add --yes to undo without asking"));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, state, undo, yes](PlanhatClient *client) {
        auto *job = new ImportUndo(client, *undo, state, this);
        const QString plural = undo->pluralName.toLower();
        if (!yes
            && !askYes(QStringLiteral("Undo the import of %1: restore %2 updated %3 and delete "
                                      "%4 created %3? Type yes: ")
                           .arg(state.filePath)
                           .arg(job->toRestore())
                           .arg(plural)
                           .arg(job->toDelete()))) {
            m_context.printError(QStringLiteral("undo cancelled; nothing was changed"));
            finish(ExitCode::Usage);
            return;
        }
        connect(job, &ImportUndo::finished, this, [this, plural](const ImportUndoResult &result) {
            for (const QString &message : result.messages)
                m_context.printNote(message);
            if (!result.journalError.isEmpty())
                m_context.printError(QStringLiteral("the undo was not recorded in the journal: %1")
                                         .arg(result.journalError));
            m_context.out().write(QStringLiteral("restored %1 %3, deleted %2 %3, failed %4\n")
                                      .arg(result.restored)
                                      .arg(result.deleted)
                                      .arg(plural)
                                      .arg(result.failed)
                                      .toUtf8());
            if (result.allSucceeded())
                finish(ExitCode::Ok);
            else if (result.lastError.kind() == ApiError::Kind::Auth)
                finish(ExitCode::Auth);
            else
                finish(ExitCode::ItemsFailed);
        });
        job->start();
    });
}

// ---- MissingCommand -----------------------------------------------------------------------

CommandSpec MissingCommand::spec()
{
    return {QStringLiteral("missing"),
            QStringLiteral("missing TYPE FILE --key FIELD [--mapping FILE] [--delimiter C] "
                           "[--encoding NAME] [--sheet NAME]"),
            QStringLiteral("Print the rows of a CSV file or an .xlsx workbook (as CSV) whose "
                           "key is not in the tenant"),
            {ImportOptions::keyOption(QStringLiteral(
                 "The field to look rows up by (required): _id, sourceId, externalId, email, "
                 "name, domains, custom.NAME or another field whose values are unique.")),
             ImportOptions::mappingOption(), ImportOptions::delimiterOption(),
             ImportOptions::encodingOption(), ImportOptions::sheetOption()},
            2,
            2};
}

void MissingCommand::run()
{
    const QCommandLineParser &parser = m_context.parser();
    const ObjectType *type = m_context.resolveType(m_context.arguments().at(0));
    if (!type) {
        finish(ExitCode::Usage);
        return;
    }
    if (!parser.isSet(QStringLiteral("key"))) {
        m_context.printError(
            QStringLiteral("--key is required: %1")
                .arg(ImportPolicy::candidateMatchFields(*type).join(QStringLiteral(", "))));
        finish(ExitCode::Usage);
        return;
    }
    QString error;
    if (!ImportOptions::precheckKey(parser.value(QStringLiteral("key")), *type, &error)) {
        m_context.printError(error);
        finish(ExitCode::Usage);
        return;
    }
    m_filePath = m_context.arguments().at(1);
    m_sheet = parser.value(QStringLiteral("sheet"));
    if (!ImportOptions::readCsvOptions(m_context, m_filePath, &m_csvOptions)
        || !ImportOptions::readHeaders(m_context, m_filePath, m_csvOptions, &m_sheet, &m_headers)) {
        finish(ExitCode::Usage);
        return;
    }
    if (parser.isSet(QStringLiteral("mapping"))
        && !ImportMapping::load(parser.value(QStringLiteral("mapping")), &m_mapping, &error)) {
        m_context.printError(QStringLiteral("mapping file %1: %2")
                                 .arg(parser.value(QStringLiteral("mapping")), error));
        finish(ExitCode::Usage);
        return;
    }
    const bool haveMapping = parser.isSet(QStringLiteral("mapping"));
    withClient([this, type, haveMapping](PlanhatClient *client) {
        ImportOptions::withCustomFields(
            this, m_context, client, *type,
            [this, client, haveMapping](const ObjectType &withCustom) {
                m_mapping = haveMapping ? m_mapping.appliedTo(withCustom, m_headers)
                                        : ImportMapping::autoMatch(withCustom, m_headers);
                findMissing(client, withCustom);
            },
            [this](ExitCode code) { finish(code); });
    });
}

void MissingCommand::findMissing(PlanhatClient *client, const ObjectType &type)
{
    QString error;
    if (!ImportOptions::parseKey(m_context.parser().value(QStringLiteral("key")), type, &m_keyField,
                                 &error)) {
        m_context.printError(error);
        finish(ExitCode::Usage);
        return;
    }
    ImportPolicy::mapMatchColumn(type, m_keyField, &m_mapping);
    m_keyColumn = m_mapping.columnForField(m_keyField);
    if (m_keyColumn < 0) {
        m_context.printError(
            QStringLiteral("no column of %1 holds the key %2 (headers: %3)")
                .arg(m_filePath, m_keyField, m_headers.join(QStringLiteral(", "))));
        finish(ExitCode::Usage);
        return;
    }
    m_keySpec = *type.field(m_keyField);
    // Lean: only the key of every object.
    ListQuery query;
    query.select = {QStringLiteral("_id"), ImportPolicy::listedField(m_keyField)};
    auto existing = std::make_shared<QSet<QString>>();
    ListJob *job = client->list(type, query);
    const QString keyField = m_keyField;
    connect(
        job, &ListJob::rowsReceived, this, [existing, keyField](const QList<QJsonObject> &rows) {
            for (const QJsonObject &row : rows) {
                for (const QString &key :
                     ImportPolicy::normalizedKeys(ImportPolicy::keyValue(row, keyField), keyField))
                    existing->insert(key);
            }
        });
    const QString typeName = type.name;
    connect(job, &ListJob::finished, this, [this, existing, typeName](const ListResult &result) {
        if (result.error.isError()) {
            m_context.printError(
                QStringLiteral("listing %1: %2").arg(typeName, result.error.toString()));
            finish(exitCodeFor(result.error));
            return;
        }
        printMissing(*existing);
    });
    job->start();
}

void MissingCommand::printMissing(const QSet<QString> &existing)
{
    TableOptions table;
    table.csv = m_csvOptions;
    table.sheet = m_sheet;
    QString error;
    const std::unique_ptr<TableReader> reader = TableReader::open(m_filePath, table, &error);
    if (!reader) {
        m_context.printError(error);
        finish(ExitCode::Usage);
        return;
    }
    reader->start();
    CsvWriter writer(&m_context.out(), CsvWriter::FormulaGuard::Off);
    writer.writeRow(reader->headers());
    const ColumnOptions options = m_mapping.columns().at(m_keyColumn).options;
    CsvRow row;
    qint64 rows = 0;
    qint64 missing = 0;
    while (reader->readRow(row)) {
        ++rows;
        // The cell is read as the import reads it, so "12" in a number field is 12.
        const ConvertedValue cell
            = ValueConverter::convert(row.value(m_keyColumn), m_keySpec, options);
        const QStringList keys = cell.kind == ConvertedValue::Kind::Value
            ? ImportPolicy::normalizedKeys(cell.value, m_keyField)
            : ImportPolicy::normalizedKeys(row.value(m_keyColumn), m_keyField);
        const bool found = std::any_of(keys.cbegin(), keys.cend(), [&existing](const QString &key) {
            return existing.contains(key);
        });
        if (!found) {
            ++missing;
            writer.writeRow(row.toStringList());
        }
    }
    m_context.printNote(QStringLiteral("%1 of %2 rows have no match in the tenant by %3")
                            .arg(missing)
                            .arg(rows)
                            .arg(m_keyField));
    finish(ExitCode::Ok);
}

} // namespace Planhat
