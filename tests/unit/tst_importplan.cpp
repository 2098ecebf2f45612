// SPDX-License-Identifier: MIT
// Planning an import without a network: rows matched against tenant objects, actions,
// field diffs, mode rules, and the journal that records a run.
#include "importer/importjournal.h"
#include "importer/importplanner.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestImportPlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsOnlyTheFieldsItNeeds();
    void marksCreateUpdateUnchanged();
    void diffShowsBeforeAndAfter();
    void customListValuesAreChecked();
    void createModeRefusesExistingKeys();
    void updateModeRefusesUnknownKeys();
    void newRowsInUpsertNeedRequiredFields();
    void idKeyMustBeAnObjectId();
    void skipInvalidLetsThePlanRun();
    void companyReferencesMustExist();
    void journalRoundTrip();
    void journalIgnoresATruncatedLastLine();
    void journalNoticesAChangedFile();

private:
    static ObjectType companies();
    static ImportSettings settings(const QStringList &headers, ImportMode mode = ImportMode::Upsert,
                                   KeyKind key = KeyKind::ExternalId);
};

ObjectType TestImportPlan::companies()
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Region"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray {"EMEA", "APAC"}}},
        QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
}

ImportSettings TestImportPlan::settings(const QStringList &headers, ImportMode mode, KeyKind key)
{
    ImportSettings settings;
    settings.filePath = QStringLiteral("/tmp/in.csv");
    settings.type = companies();
    settings.mapping = ImportMapping::autoMatch(settings.type, headers);
    settings.mode = mode;
    settings.key = key;
    return settings;
}

void TestImportPlan::listsOnlyTheFieldsItNeeds()
{
    const QStringList fields = ImportPlanBuilder::fieldsToList(
        settings({"External ID", "Name", "Region", "Seats", "Junk"}));
    QCOMPARE(fields, (QStringList {"_id", "externalId", "name", "custom"}));
}

void TestImportPlan::marksCreateUpdateUnchanged()
{
    ImportPlanBuilder builder(settings({"externalId", "name", "Seats"}));
    builder.addExisting({{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"},
                         {"externalId", "E1"},
                         {"name", "One"},
                         {"custom", QJsonObject {{"Seats", 10}, {"Other", "x"}}}});
    builder.addExisting(
        {{"_id", "bbbbbbbbbbbbbbbbbbbbbbbb"}, {"externalId", "E2"}, {"name", "Two"}});
    builder.addRow({"E1", "One", "10.0"}, 2); // same values: unchanged (10.0 == 10)
    builder.addRow({"E2", "Two, renamed", ""}, 3); // update
    builder.addRow({"E3", "Three", "5"}, 4); // create
    builder.addRow({"", "Four", ""}, 5); // no key: create
    builder.addRow({"E5", "Five", "many"}, 6); // invalid number
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->rowCount(), 5);
    QCOMPARE(plan->row(0).action, PlannedAction::Unchanged);
    QCOMPARE(plan->row(1).action, PlannedAction::Update);
    QCOMPARE(plan->row(2).action, PlannedAction::Create);
    QCOMPARE(plan->row(3).action, PlannedAction::Create);
    QCOMPARE(plan->row(4).action, PlannedAction::Invalid);
    QCOMPARE(plan->createCount(), 2);
    QCOMPARE(plan->updateCount(), 1);
    QCOMPARE(plan->unchangedCount(), 1);
    QCOMPARE(plan->invalidCount(), 1);
    QCOMPARE(plan->existingFor(1)->id, QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbb"));
    QCOMPARE(plan->problems().size(), 1);
    QCOMPARE(plan->problems().at(0).row, 5);
    QCOMPARE(plan->problems().at(0).line, 6);
    QCOMPARE(plan->problems().at(0).column, QStringLiteral("Seats"));
    QCOMPARE(plan->problems().at(0).value, QStringLiteral("many"));
    QVERIFY(!plan->canRun());
    // The before-image keeps only the mapped fields: the unmapped custom "Other" is not in it.
    QCOMPARE(plan->existingFor(0)->values.value("custom").toObject(),
             (QJsonObject {{"Seats", 10}}));
}

void TestImportPlan::diffShowsBeforeAndAfter()
{
    ImportPlanBuilder builder(settings({"externalId", "name", "Region", "Seats"}));
    builder.addExisting({{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"},
                         {"externalId", "E1"},
                         {"name", "Old"},
                         {"custom", QJsonObject {{"Region", "EMEA"}}}});
    builder.addRow({"E1", "New", "apac", "7"}, 2);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->row(0).changedFields, 3);
    const QList<FieldChange> changes = plan->changes(0);
    QCOMPARE(changes.size(), 3);
    QCOMPARE(changes.at(0).field, QStringLiteral("custom.Region"));
    QCOMPARE(changes.at(0).before, QJsonValue("EMEA"));
    QCOMPARE(changes.at(0).after, QJsonValue("APAC")); // spelled as the definition spells it
    QCOMPARE(changes.at(1).field, QStringLiteral("custom.Seats"));
    QVERIFY(changes.at(1).before.isUndefined());
    QCOMPARE(changes.at(1).after, QJsonValue(7));
    QCOMPARE(changes.at(2).field, QStringLiteral("name"));
    QCOMPARE(changes.at(2).before, QJsonValue("Old"));
    QCOMPARE(changes.at(2).after, QJsonValue("New"));
}

void TestImportPlan::customListValuesAreChecked()
{
    ImportPlanBuilder builder(settings({"externalId", "name", "Region"}));
    builder.addRow({"E1", "A", "Mars"}, 2);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Invalid);
    QCOMPARE(plan->problems().at(0).column, QStringLiteral("Region"));
    QVERIFY2(plan->problems().at(0).message.contains("Mars"),
             qPrintable(plan->problems().at(0).message));
}

void TestImportPlan::createModeRefusesExistingKeys()
{
    ImportPlanBuilder builder(settings({"externalId", "name"}, ImportMode::CreateOnly));
    builder.addExisting(
        {{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"}, {"externalId", "E1"}, {"name", "Old"}});
    builder.addRow({"E1", "New"}, 2);
    builder.addRow({"E2", "Other"}, 3);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Invalid);
    QVERIFY(plan->problems().at(0).message.contains("exists already"));
    QCOMPARE(plan->row(1).action, PlannedAction::Create);
}

void TestImportPlan::updateModeRefusesUnknownKeys()
{
    ImportPlanBuilder builder(settings({"externalId", "name"}, ImportMode::UpdateOnly));
    builder.addExisting(
        {{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"}, {"externalId", "E1"}, {"name", "Old"}});
    builder.addRow({"E1", "New"}, 2);
    builder.addRow({"E2", "Other"}, 3);
    builder.addRow({"", "No key"}, 4);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->row(1).action, PlannedAction::Invalid);
    QCOMPARE(plan->row(2).action, PlannedAction::Invalid);
    QCOMPARE(plan->invalidCount(), 2);
}

void TestImportPlan::newRowsInUpsertNeedRequiredFields()
{
    ImportPlanBuilder builder(settings({"externalId", "name", "Seats"}));
    builder.addExisting(
        {{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"}, {"externalId", "E1"}, {"name", "Old"}});
    builder.addRow({"E1", "", "3"}, 2); // update: name not needed
    builder.addRow({"E2", "", "3"}, 3); // create: name needed
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->row(1).action, PlannedAction::Invalid);
    QVERIFY(plan->problems().at(0).message.contains("name"));
}

void TestImportPlan::idKeyMustBeAnObjectId()
{
    ImportPlanBuilder builder(settings({"_id", "name"}, ImportMode::Upsert, KeyKind::Id));
    builder.addExisting({{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"}, {"name", "Old"}});
    builder.addRow({"aaaaaaaaaaaaaaaaaaaaaaaa", "New"}, 2);
    builder.addRow({"extid-zz", "Other"}, 3);
    builder.addRow({"bbbbbbbbbbbbbbbbbbbbbbbb", "Unknown"}, 4);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QVERIFY(plan->mappingProblems().isEmpty());
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->row(1).action, PlannedAction::Invalid);
    QCOMPARE(plan->row(2).action, PlannedAction::Invalid);
}

void TestImportPlan::skipInvalidLetsThePlanRun()
{
    ImportSettings withSkip = settings({"externalId", "name", "Seats"});
    withSkip.skipInvalidRows = true;
    ImportPlanBuilder builder(withSkip);
    builder.addRow({"E1", "One", "x"}, 2);
    builder.addRow({"E2", "Two", "2"}, 3);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->invalidCount(), 1);
    QVERIFY(plan->canRun());
    QCOMPARE(plan->sendCount(), 1);
}

void TestImportPlan::companyReferencesMustExist()
{
    ImportSettings settings;
    settings.filePath = QStringLiteral("/tmp/people.csv");
    settings.type = *Schema::builtin().type("endusers");
    settings.mapping = ImportMapping::autoMatch(settings.type, {"email", "Company", "externalId"});
    QVERIFY(ImportPlanBuilder::refersToCompanies(settings));
    ImportPlanBuilder builder(settings);
    builder.addCompany(
        {{"_id", "aaaaaaaaaaaaaaaaaaaaaaaa"}, {"externalId", "acme"}, {"sourceId", "sf-1"}});
    builder.addRow({"a@example.com", "aaaaaaaaaaaaaaaaaaaaaaaa", "P1"}, 2);
    builder.addRow({"b@example.com", "extid-acme", "P2"}, 3);
    builder.addRow({"c@example.com", "srcid-sf-1", "P3"}, 4);
    builder.addRow({"d@example.com", "extid-nobody", "P4"}, 5);
    builder.addRow({"e@example.com", "bbbbbbbbbbbbbbbbbbbbbbbb", "P5"}, 6);
    builder.addRow({"f@example.com", "Acme Inc", "P6"}, 7);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->createCount(), 3);
    QCOMPARE(plan->invalidCount(), 3);
    // The last row also lacks a usable company, which a new end user needs.
    QCOMPARE(plan->problems().size(), 4);
    QCOMPARE(plan->problems().at(0).column, QStringLiteral("Company"));
    QCOMPARE(plan->problems().at(0).value, QStringLiteral("extid-nobody"));
    QCOMPARE(plan->problems().at(0).message,
             QStringLiteral("no company has externalId \"nobody\""));
    QCOMPARE(plan->problems().at(1).message,
             QStringLiteral("no company has _id bbbbbbbbbbbbbbbbbbbbbbbb"));
    QVERIFY(plan->problems().at(2).message.contains("is not an id"));
}

void TestImportPlan::journalRoundTrip()
{
    QTemporaryDir dir;
    const ImportSettings importSettings = settings({"externalId", "name"});
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), importSettings, 3, &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    QVERIFY(path.startsWith(dir.path()));
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "E1"}, {1, PlannedAction::Update, "E2"}},
        {{"bbbbbbbbbbbbbbbbbbbbbbbb", "E2", {{"name", "Before"}}}}));
    QVERIFY(
        journal->recordChunkDone(0, {0, 1},
                                 {{RowOutcome::Status::Created, "cccccccccccccccccccccccc", {}},
                                  {RowOutcome::Status::Updated, "bbbbbbbbbbbbbbbbbbbbbbbb", {}}}));
    QVERIFY(journal->recordChunkSending(1, {{2, PlannedAction::Create, QString()}}, {}));
    QCOMPARE(ImportJournal::findUnfinished(dir.path(), "/tmp/in.csv", "companies"), path);
    QVERIFY(ImportJournal::findUnfinished(dir.path(), "/tmp/other.csv", "companies").isEmpty());

    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QCOMPARE(state.typeName, QStringLiteral("companies"));
    QCOMPARE(state.rowCount, 3);
    QCOMPARE(state.outcomes.size(), 2);
    QCOMPARE(state.inFlight.size(), 1);
    QCOMPARE(state.inFlight.at(0).index, 2);
    QCOMPARE(state.createdIds(), QStringList {"cccccccccccccccccccccccc"});
    QCOMPARE(state.updatedIds(), QStringList {"bbbbbbbbbbbbbbbbbbbbbbbb"});
    QCOMPARE(state.beforeImages.value("bbbbbbbbbbbbbbbbbbbbbbbb"),
             (QJsonObject {{"name", "Before"}}));
    QVERIFY(!state.finished);

    ImportSettings reread;
    QVERIFY2(ImportSettings::fromJson(state.settings, companies(), &reread, &error),
             qPrintable(error));
    QCOMPARE(reread.mapping.columns().size(), 2);
    QCOMPARE(reread.key, KeyKind::ExternalId);

    QVERIFY(journal->recordChunkDone(1, {2}, {{RowOutcome::Status::Failed, {}, "bad"}}));
    QVERIFY(journal->recordFinished());
    QVERIFY(ImportJournal::read(path, &state, &error));
    QVERIFY(state.finished);
    QVERIFY(state.inFlight.isEmpty());
    QCOMPARE(state.outcomes.value(2).message, QStringLiteral("bad"));
    QVERIFY(ImportJournal::findUnfinished(dir.path(), "/tmp/in.csv", "companies").isEmpty());
}

void TestImportPlan::journalIgnoresATruncatedLastLine()
{
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), settings({"externalId", "name"}), 1, &error);
    QVERIFY(journal);
    QVERIFY(journal->recordChunkSending(0, {{0, PlannedAction::Create, "E1"}}, {}));
    const QString path = journal->path();
    journal.reset();
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"entry\":\"done\",\"chunk\":0,\"rows\":[[0,\"crea");
    file.close();
    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QCOMPARE(state.inFlight.size(), 1);
    QVERIFY(state.outcomes.isEmpty());
}

void TestImportPlan::journalNoticesAChangedFile()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("in.csv");
    const auto writeCsv = [&csv](const QByteArray &content) {
        QFile file(csv);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(content) == content.size();
    };
    QVERIFY(writeCsv("externalId,name\nE1,One\nE2,Two\n"));
    ImportSettings importSettings = settings({"externalId", "name"});
    importSettings.filePath = csv;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), importSettings, 2, &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    journal.reset();

    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QVERIFY(state.file.isValid());
    QString why;
    QVERIFY2(state.fileUnchanged(&why), qPrintable(why));
    // Same size, one byte different: still a different file.
    QVERIFY(writeCsv("externalId,name\nE1,One\nE3,Two\n"));
    QVERIFY(!state.fileUnchanged(&why));
    QVERIFY2(why.contains("changed since the import started"), qPrintable(why));
    QVERIFY(QFile::remove(csv));
    QVERIFY(!state.fileUnchanged(&why));
    QVERIFY2(why.contains("cannot be read"), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestImportPlan)
#include "tst_importplan.moc"
