// SPDX-License-Identifier: MIT
// Planning an import without a network: rows matched against tenant objects, actions,
// field diffs, mode rules. The journal that records a run: tst_importjournal.
#include "api/listpaging.h"
#include "api/rawrows.h"
#include "data/fieldpath.h"
#include "data/jsonbytes.h"
#include "importer/existingrowreader.h"
#include "importer/flatimagetext.h"
#include "importer/importjournal.h"
#include "importer/importplanner.h"
#include "importer/importpolicy.h"
#include "importer/rowconverter.h"
#include "importfixtures.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Planhat;

Q_DECLARE_METATYPE(Planhat::ImportSettings)

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
    void companyReferencesResolveByNameDomainOrKey();
    void userReferencesResolveByEmailOrName();
    void referencesAreCheckedForTheirFormWhenNotListed();
    void matchesOnEmail();
    void matchesOnCompanyName();
    void matchesOnADomainEntry();
    void matchesOnACustomField();
    void keySharedByTwoRecordsIsAProblem();
    void objectOnOverlappingPagesIsOneObject();
    void rawListingPlansAsParsedObjects_data();
    void rawListingPlansAsParsedObjects();
    void selectedImageTextReadsAsTheObject();
    void convertedValuesAreTheObjectsValues();
    void changesPastTheStoredOnesAreCounted();
    void preparedRowsPlanAsAddedOnes();

private:
    static ObjectType companies();
    /// preparedRowsPlanAsAddedOnes() for one mapping.
    static void planPreparedRows(const ImportSettings &imported, int newRowsFirst);
    static void comparePreparedPlan(const ImportPlan &got, const ImportPlan &want, int objects);
    /// rawListingPlansAsParsedObjects() for one set of rows.
    static void planRawAndParsed(const ImportSettings &settings, const QJsonArray &objects,
                                 const QList<QStringList> &rows);
    static ImportSettings settings(const QStringList &headers, ImportMode mode = ImportMode::Upsert,
                                   const QString &matchField = QStringLiteral("externalId"));
};

ObjectType TestImportPlan::companies()
{
    return Test::companiesWithCustomFields();
}

ImportSettings TestImportPlan::settings(const QStringList &headers, ImportMode mode,
                                        const QString &matchField)
{
    return Test::companyImportSettings(headers, mode, matchField);
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
    QCOMPARE(plan->existingFor(0)->beforeImage().value("custom").toObject(),
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
    ImportPlanBuilder builder(settings({"_id", "name"}, ImportMode::Upsert, "_id"));
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

namespace {

const QString idA = QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaa");
const QString idB = QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbb");
const QString idC = QStringLiteral("cccccccccccccccccccccccc");
const QString idD = QStringLiteral("dddddddddddddddddddddddd");

ImportSettings endUserSettings(const QStringList &headers, const QString &matchField)
{
    ImportSettings settings;
    settings.filePath = QStringLiteral("/tmp/people.csv");
    settings.type = *Schema::builtin().type("endusers");
    settings.mapping = ImportMapping::autoMatch(settings.type, headers);
    settings.matchField = matchField;
    return settings;
}

/// The messages of `plan`'s problems, in order.
QStringList messagesOf(const ImportPlan &plan)
{
    QStringList messages;
    for (const ImportProblem &problem : plan.problems())
        messages.append(problem.message);
    return messages;
}

} // namespace

void TestImportPlan::companyReferencesMustExist()
{
    const ImportSettings settings
        = endUserSettings({"email", "Company", "externalId"}, QStringLiteral("externalId"));
    QCOMPARE(ImportPlanBuilder::referenceTargets(settings),
             QList<ReferenceLookup::Target> {ReferenceLookup::Target::Companies});
    ImportPlanBuilder builder(settings);
    builder.addCompany({{"_id", idA}, {"externalId", "acme"}, {"sourceId", "sf-1"}});
    builder.addRow({"a@example.com", idA, "P1"}, 2);
    builder.addRow({"b@example.com", "extid-acme", "P2"}, 3);
    builder.addRow({"c@example.com", "srcid-sf-1", "P3"}, 4);
    builder.addRow({"d@example.com", "extid-nobody", "P4"}, 5);
    builder.addRow({"e@example.com", idB, "P5"}, 6);
    builder.addRow({"f@example.com", "Acme Inc", "P6"}, 7);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->createCount(), 3);
    QCOMPARE(plan->invalidCount(), 3);
    QCOMPARE(plan->problems().size(), 3);
    QCOMPARE(plan->problems().at(0).column, QStringLiteral("Company"));
    QCOMPARE(plan->problems().at(0).value, QStringLiteral("extid-nobody"));
    QCOMPARE(messagesOf(*plan),
             (QStringList {"no company has externalId \"nobody\"",
                           "no company has _id bbbbbbbbbbbbbbbbbbbbbbbb",
                           "no company has name \"Acme Inc\""}));
}

void TestImportPlan::companyReferencesResolveByNameDomainOrKey()
{
    ImportPlanBuilder builder(
        endUserSettings({"email", "Company", "externalId"}, QStringLiteral("externalId")));
    builder.addCompany({{"_id", idA},
                        {"externalId", "acme"},
                        {"sourceId", "sf-1"},
                        {"name", "Acme"},
                        {"domains", QJsonArray {"acme.com", "Acme.io"}}});
    builder.addCompany({{"_id", idB},
                        {"externalId", "beta"},
                        {"sourceId", "sf-9"},
                        {"name", "Twin"},
                        {"domains", QJsonArray {"beta.com"}}});
    builder.addCompany({{"_id", idC},
                        {"externalId", "gamma"},
                        {"sourceId", "sf-2"},
                        {"name", "Twin"},
                        {"domains", QJsonArray {"shared.com"}}});
    builder.addCompany({{"_id", idD},
                        {"sourceId", "sf-9"},
                        {"name", "Delta"},
                        {"domains", QJsonArray {"shared.com"}}});
    // A company on two overlapping pages is one company, not two with the same name.
    builder.addCompany({{"_id", idA}, {"name", "Acme"}});
    const QStringList resolvable {idA, "extid-acme", "srcid-sf-2", "Acme", "acme.io"};
    qint64 line = 2;
    for (const QString &company : resolvable) {
        builder.addRow(
            {QStringLiteral("p%1@example.com").arg(line), company, QStringLiteral("P%1").arg(line)},
            line);
        ++line;
    }
    const QStringList unresolvable {"extid-nobody", "eeeeeeeeeeeeeeeeeeeeeeee",
                                    "Nobody Inc",   "Twin",
                                    "shared.com",   "nowhere.org",
                                    "srcid-sf-9"};
    for (const QString &company : unresolvable) {
        builder.addRow(
            {QStringLiteral("p%1@example.com").arg(line), company, QStringLiteral("P%1").arg(line)},
            line);
        ++line;
    }
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->createCount(), 5);
    QCOMPARE(plan->invalidCount(), 7);
    QCOMPARE(messagesOf(*plan),
             (QStringList {
                 "no company has externalId \"nobody\"",
                 "no company has _id eeeeeeeeeeeeeeeeeeeeeeee",
                 "no company has name \"Nobody Inc\"",
                 "2 companies have name \"Twin\": " + idB + " and " + idC,
                 "2 companies have domain \"shared.com\": " + idC + " and " + idD,
                 "no company has name or domain \"nowhere.org\"",
                 "2 companies have sourceId \"sf-9\": " + idB + " and " + idD,
             }));
    for (const ImportProblem &problem : plan->problems())
        QCOMPARE(problem.column, QStringLiteral("Company"));

    // What the runner sends: every company named as the plan resolved it, by _id.
    const QStringList expected {idA, idA, idC, idA, idA};
    for (qsizetype i = 0; i < resolvable.size(); ++i) {
        QJsonObject row {{"email", "x@example.com"}, {"companyId", resolvable.at(i)}};
        plan->resolveReferences(&row);
        QCOMPARE(row.value("companyId").toString(), expected.at(i));
        QCOMPARE(row.value("email").toString(), QStringLiteral("x@example.com"));
    }
    QJsonObject unresolved {{"companyId", "Twin"}};
    plan->resolveReferences(&unresolved);
    QCOMPARE(unresolved.value("companyId").toString(), QStringLiteral("Twin"));
}

void TestImportPlan::userReferencesResolveByEmailOrName()
{
    ImportSettings settings = this->settings({"externalId", "name", "Owner", "Co-owner"});
    QCOMPARE(settings.mapping.columns().at(3).field, QStringLiteral("coOwner"));
    QCOMPARE(ImportPlanBuilder::referenceTargets(settings),
             QList<ReferenceLookup::Target> {ReferenceLookup::Target::Users});
    ImportPlanBuilder builder(settings);
    builder.addUser({{"_id", idA},
                     {"email", "Maya.Lindqvist@example.com"},
                     {"firstName", "Maya"},
                     {"lastName", "Lindqvist"},
                     {"nickName", "Maya"}});
    builder.addUser({{"_id", idB},
                     {"email", "jonas@example.com"},
                     {"firstName", "Jonas"},
                     {"lastName", "Becker"},
                     {"nickName", "Jo"}});
    builder.addUser({{"_id", idC},
                     {"email", "j2@example.com"},
                     {"firstName", "Jonas"},
                     {"lastName", "Becker"},
                     {"nickName", "JB"}});
    builder.addRow({"E1", "One", "maya.lindqvist@example.com", "Jo"}, 2);
    builder.addRow({"E2", "Two", "Maya Lindqvist", idA}, 3);
    builder.addRow({"E3", "Three", "Jonas Becker", ""}, 4);
    builder.addRow({"E4", "Four", "nobody@example.com", ""}, 5);
    builder.addRow({"E5", "Five", "", "Someone"}, 6);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->createCount(), 2);
    QCOMPARE(plan->invalidCount(), 3);
    QCOMPARE(
        messagesOf(*plan),
        (QStringList {"2 users have name \"Jonas Becker\": " + idB + " and " + idC,
                      "no user has email \"nobody@example.com\"", "no user has name \"Someone\""}));
    QCOMPARE(plan->problems().at(0).column, QStringLiteral("Owner"));
    QCOMPARE(plan->problems().at(2).column, QStringLiteral("Co-owner"));

    QJsonObject row {{"owner", "maya.lindqvist@example.com"}, {"coOwner", "Jo"}};
    plan->resolveReferences(&row);
    QCOMPARE(row, (QJsonObject {{"owner", idA}, {"coOwner", idB}}));
    QJsonObject byName {{"owner", "Maya Lindqvist"}};
    plan->resolveReferences(&byName);
    QCOMPARE(byName.value("owner").toString(), idA);
}

void TestImportPlan::referencesAreCheckedForTheirFormWhenNotListed()
{
    // Without the tenant's companies (a plan built offline) only what the server resolves
    // itself may go, and it goes as it is.
    ImportPlanBuilder builder(
        endUserSettings({"email", "Company", "externalId"}, QStringLiteral("externalId")));
    builder.addRow({"a@example.com", "extid-acme", "P1"}, 2);
    builder.addRow({"b@example.com", "Acme Inc", "P2"}, 3);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Create);
    QCOMPARE(plan->row(1).action, PlannedAction::Invalid);
    QVERIFY2(plan->problems().at(0).message.contains("is not an id"),
             qPrintable(plan->problems().at(0).message));
    QJsonObject row {{"companyId", "extid-acme"}};
    plan->resolveReferences(&row);
    QCOMPARE(row.value("companyId").toString(), QStringLiteral("extid-acme"));
}

void TestImportPlan::matchesOnEmail()
{
    const ImportSettings settings
        = endUserSettings({"Email", "First name", "Company"}, QStringLiteral("email"));
    QCOMPARE(ImportPlanBuilder::fieldsToList(settings),
             (QStringList {"_id", "email", "firstName", "companyId"}));
    ImportPlanBuilder builder(settings);
    builder.addCompany({{"_id", idC}, {"name", "Acme"}});
    builder.addExisting(
        {{"_id", idA}, {"email", "Ann@Example.com"}, {"firstName", "Ann"}, {"companyId", idC}});
    builder.addExisting({{"_id", idB}, {"email", "bob@example.com"}, {"firstName", "Bob"}});
    builder.addRow({"Ann@Example.com", "Ann", "Acme"}, 2); // the company by name is the same
    builder.addRow({"BOB@example.com", "Robert", ""}, 3); // emails match regardless of case
    builder.addRow({"cy@example.com", "Cy", "Acme"}, 4);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QVERIFY2(plan->mappingProblems().isEmpty(), qPrintable(plan->mappingProblems().join("; ")));
    QCOMPARE(plan->settings().keyField(), QStringLiteral("email"));
    QCOMPARE(plan->row(0).action, PlannedAction::Unchanged);
    QCOMPARE(plan->existingFor(0)->id, idA);
    QCOMPARE(plan->row(1).action, PlannedAction::Update);
    QCOMPARE(plan->existingFor(1)->id, idB);
    QCOMPARE(plan->row(2).action, PlannedAction::Create);
    QVERIFY(!plan->existingFor(2));
}

void TestImportPlan::matchesOnCompanyName()
{
    ImportPlanBuilder builder(settings({"Name", "City"}, ImportMode::Upsert, "name"));
    builder.addExisting({{"_id", idA}, {"name", "Acme"}, {"city", "Oslo"}});
    builder.addExisting({{"_id", idB}, {"name", "Beta"}});
    builder.addExisting({{"_id", idC}, {"city", "No name"}}); // no key: not matched on
    builder.addRow({"Acme", "Bergen"}, 2);
    builder.addRow({"Gamma", "Rome"}, 3);
    builder.addRow({" Beta ", ""}, 4);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->existingFor(0)->id, idA);
    QCOMPARE(plan->changes(0).size(), 1);
    QCOMPARE(plan->changes(0).at(0).field, QStringLiteral("city"));
    QCOMPARE(plan->row(1).action, PlannedAction::Create);
    QCOMPARE(plan->row(2).action, PlannedAction::Unchanged);
    QCOMPARE(plan->existingFor(2)->id, idB);
    QCOMPARE(plan->existingRecords().size(), size_t(2));
}

void TestImportPlan::matchesOnADomainEntry()
{
    ImportSettings domains = settings({"Domains", "Seats"}, ImportMode::Upsert, "domains");
    QVERIFY(domains.mapping.columns().at(0).isIgnored()); // read-only: never matched by itself
    QVERIFY(ImportPolicy::mapMatchColumn(domains.type, "domains", &domains.mapping));
    QCOMPARE(domains.mapping.columns().at(0).field, QStringLiteral("domains"));
    ImportPlanBuilder builder(domains);
    builder.addExisting({{"_id", idA},
                         {"domains", QJsonArray {"acme.com", "Acme.io"}},
                         {"custom", QJsonObject {{"Seats", 1}}}});
    builder.addExisting({{"_id", idB},
                         {"domains", QJsonArray {"beta.com"}},
                         {"custom", QJsonObject {{"Seats", 2}}}});
    builder.addRow({"ACME.IO", "5"}, 2); // one entry of the company's domains, any case
    builder.addRow({"beta.com;gamma.com", "2"}, 3); // one of the entries matches
    builder.addRow({"new.com", "3"}, 4); // no match, and domains cannot be sent
    builder.addRow({"acme.com;beta.com", "4"}, 5); // entries of two companies
    builder.addRow({"acme.com", "6"}, 6); // the company row 1 matched already
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QVERIFY2(plan->mappingProblems().isEmpty(), qPrintable(plan->mappingProblems().join("; ")));
    QCOMPARE(plan->row(0).action, PlannedAction::Update);
    QCOMPARE(plan->existingFor(0)->id, idA);
    // Only the seats change: the domains the row was matched on are never written.
    QCOMPARE(plan->changes(0).size(), 1);
    QCOMPARE(plan->changes(0).at(0).field, QStringLiteral("custom.Seats"));
    QCOMPARE(plan->row(1).action, PlannedAction::Unchanged);
    QCOMPARE(plan->existingFor(1)->id, idB);
    QCOMPARE(plan->row(2).action, PlannedAction::Invalid);
    QCOMPARE(plan->row(3).action, PlannedAction::Invalid);
    QCOMPARE(plan->row(4).action, PlannedAction::Invalid);
    QCOMPARE(messagesOf(*plan),
             (QStringList {"no company has domains \"new.com\", and a new company cannot be "
                           "given its domains (read-only)",
                           "domains \"acme.com\" and \"beta.com\" match different companies: " + idA
                               + " and " + idB,
                           "matches the same company as line 2 (_id " + idA + ")"}));

    // Mapped without being the key, domains is refused: it would never be sent.
    ImportSettings byName = domains;
    byName.matchField = QStringLiteral("name");
    ImportPlanBuilder other(byName);
    QVERIFY2(other.take()->mappingProblems().join("; ").contains(
                 "column \"Domains\": domains is read-only: it can only be the match key"),
             "domains mapped beside another key");
}

void TestImportPlan::matchesOnACustomField()
{
    const ImportSettings bySeats = settings({"Seats", "name"}, ImportMode::Upsert, "custom.Seats");
    QCOMPARE(ImportPlanBuilder::fieldsToList(bySeats), (QStringList {"_id", "custom", "name"}));
    ImportPlanBuilder builder(bySeats);
    builder.addExisting({{"_id", idA}, {"name", "One"}, {"custom", QJsonObject {{"Seats", 12}}}});
    builder.addExisting({{"_id", idB}, {"name", "Two"}, {"custom", QJsonObject {{"Seats", 12.5}}}});
    builder.addExisting({{"_id", idC}, {"custom", QJsonObject {{"Seats", 7}}}});
    builder.addExisting({{"_id", idD}, {"custom", QJsonObject {{"Seats", 7}}}});
    builder.addRow({"12.0", "One"}, 2); // the number, however written
    builder.addRow({"12.5", "Second"}, 3);
    builder.addRow({"7", "Seven"}, 4);
    builder.addRow({"99", "New"}, 5);
    const std::shared_ptr<ImportPlan> plan = builder.take();
    QCOMPARE(plan->row(0).action, PlannedAction::Unchanged);
    QCOMPARE(plan->existingFor(0)->id, idA);
    QCOMPARE(plan->row(1).action, PlannedAction::Update);
    QCOMPARE(plan->existingFor(1)->id, idB);
    QCOMPARE(plan->row(2).action, PlannedAction::Invalid);
    QCOMPARE(plan->row(3).action, PlannedAction::Create);
    QCOMPARE(messagesOf(*plan),
             QStringList {"2 companies have custom.Seats \"7\": " + idC + " and " + idD});
}

void TestImportPlan::keySharedByTwoRecordsIsAProblem()
{
    for (ImportMode mode : {ImportMode::Upsert, ImportMode::CreateOnly, ImportMode::UpdateOnly}) {
        ImportSettings byEmail = endUserSettings({"Email", "First name"}, QStringLiteral("email"));
        byEmail.mode = mode;
        ImportPlanBuilder builder(byEmail);
        builder.addExisting({{"_id", idA}, {"email", "kim@example.com"}});
        builder.addExisting({{"_id", idB}, {"email", "Kim@Example.com "}});
        builder.addExisting({{"_id", idB}, {"email", "Kim@Example.com "}}); // listed twice
        builder.addRow({"kim@example.com", "Kim"}, 2);
        const std::shared_ptr<ImportPlan> plan = builder.take();
        QCOMPARE(plan->row(0).action, PlannedAction::Invalid);
        QCOMPARE(plan->row(0).existing, -1);
        const QString expected
            = "2 end users have email \"kim@example.com\": " + idA + " and " + idB;
        QVERIFY2(messagesOf(*plan).contains(expected), qPrintable(messagesOf(*plan).join("\n")));
    }
}

void TestImportPlan::objectOnOverlappingPagesIsOneObject()
{
    // Pages that overlap bring an object twice: it is one object (the row updates it), not
    // two sharing a key, whether the page is read as objects or as bytes; an object another
    // one shares its key with still makes that key a problem.
    const QString idA = QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaa");
    const QString idB = QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbb");
    const QString idC = QStringLiteral("cccccccccccccccccccccccc");
    const QJsonArray firstPage {QJsonObject {{"_id", idA}, {"externalId", "a"}, {"name", "A"}},
                                QJsonObject {{"_id", idB}, {"externalId", "b"}, {"name", "B"}}};
    const QJsonArray secondPage {QJsonObject {{"_id", idB}, {"externalId", "b"}, {"name", "B"}},
                                 QJsonObject {{"_id", idC}, {"externalId", "b"}, {"name", "C"}},
                                 QJsonObject {{"_id", idA}, {"externalId", "a"}, {"name", "A"}},
                                 QJsonObject {{"_id", idC}, {"externalId", "b"}, {"name", "C"}}};
    for (const bool raw : {false, true}) {
        ImportPlanBuilder builder(settings({"External ID", "Name"}));
        for (const QJsonArray &page : {firstPage, secondPage}) {
            if (raw) {
                builder.addExisting(
                    ListPaging::parsePageRaw(QJsonDocument(page).toJson(QJsonDocument::Compact))
                        .raw);
            } else {
                for (const QJsonValue &object : page)
                    builder.addExisting(object.toObject());
            }
        }
        builder.addRow({"a", "A renamed"}, 2);
        builder.addRow({"b", "B renamed"}, 3);
        const std::shared_ptr<ImportPlan> plan = builder.take();
        QCOMPARE(plan->existingRecords().size(), size_t(3));
        QCOMPARE(plan->row(0).action, PlannedAction::Update);
        QCOMPARE(plan->existingFor(0)->id, idA);
        QCOMPARE(plan->row(1).action, PlannedAction::Invalid);
        QCOMPARE(messagesOf(*plan),
                 QStringList {"2 companies have externalId \"b\": " + idB + " and " + idC});
    }
}

// The planner lists the tenant as bytes (ListJob::RowFormat::Raw) and reads only `_id` and
// the key of each object, making an object's before-image once a row matches it: its plan
// must be the one made from the same objects parsed by Qt.
void TestImportPlan::rawListingPlansAsParsedObjects_data()
{
    QTest::addColumn<ImportSettings>("settings");
    QTest::addColumn<QJsonArray>("objects");
    QTest::addColumn<QList<QStringList>>("rows");
    // A new row ("%1" numbered) to plan ImportPlan::maxStoredDiffs of before the rows, so
    // they are compared the way rows past the stored diffs are (a text before-image read in
    // place); empty: not done.
    QTest::addColumn<QStringList>("filler");

    const QJsonObject seats {{"Seats", 12}, {"Other", "x"}};
    QTest::newRow("externalId")
        << settings({"externalId", "name", "Seats"})
        << QJsonArray {QJsonObject {{"_id", idA}, {"externalId", " E1 "}, {"name", "One"}},
                       QJsonObject {{"_id", idB},
                                    {"externalId", "E2"},
                                    {"name", QJsonValue()},
                                    {"custom", seats}},
                       QJsonObject {{"_id", idB}, {"externalId", "E2"}, {"name", "again"}},
                       QJsonObject {{"_id", idC}, {"externalId", 42}, {"name", "Número “42”"}},
                       QJsonObject {{"_id", idD}, {"name", "no key"}},
                       QJsonObject {{"externalId", "E5"}, {"name", "no id"}},
                       QJsonObject {{"_id", 7}, {"externalId", "E6"}, {"name", "id 7"}},
                       QJsonObject {{"_id", "e1"}, {"externalId", "E7"}, {"name", "Seven"}},
                       QJsonObject {{"_id", "e2"}, {"externalId", "E7"}, {"name", "Seven"}},
                       QJsonObject {{"_id", "e3"}, {"externalId", "E9"}, {"name", 12.5}},
                       QJsonObject {{"_id", "e4"},
                                    {"externalId", "E10"},
                                    {"name", "a \"quote\", a \\ and\na\u0001b\tc/é€𝄞"}}}
        << QList<QStringList> {{"E1", "One", ""},
                               {"E2", "Two", "12"},
                               {"42", "Número “42”", "1e3"},
                               {"E5", "no id", ""},
                               {"E6", "id 6", "3"},
                               {"E7", "Seven", ""},
                               {"E8", "New", "1"},
                               {"E1", "Again", ""},
                               {"E9", "12.5", ""},
                               {"E10", "Ten", ""}}
        << QStringList {"F%1", "Filler", ""};
    // Flat: the images are kept as text. Columns out of key order, escapes, dates, a number.
    QTest::newRow("flat text images")
        << settings({"phase", "name", "externalId", "city", "description", "csmScore"})
        << QJsonArray {QJsonObject {{"_id", idA},
                                    {"externalId", "T1"},
                                    {"name", "a \"quote\", a \\ and\na\u0001b\tc/é€𝄞"},
                                    {"phase", "Onboarding"},
                                    {"city", "Malmö"},
                                    {"description", "2024-03-01T00:00:00Z"}},
                       QJsonObject {{"_id", idB}, {"externalId", "T2"}, {"name", "Two"}},
                       QJsonObject {{"_id", idC},
                                    {"externalId", "T3"},
                                    {"name", "Three"},
                                    {"phase", QJsonValue()},
                                    {"city", ""},
                                    {"csmScore", 4}},
                       QJsonObject {
                           {"_id", idD}, {"externalId", "T4"}, {"name", "Four"}, {"phase", true}}}
        << QList<QStringList> {{"Onboarding", "a \"quote\", a \\ and\na\u0001b\tc/é€𝄞", "T1",
                                "Malmö", "2024-03-01T00:00:00.000Z", ""},
                               {"Live", "a \"quote\"", "T1", "malmö", "2024-03-02", "1"},
                               {"", "Two", "T2", "", "", ""},
                               {"New", "Two", "T2", "Lund", "x", "2"},
                               {"", "Three", "T3", "", "", "4"},
                               {"Churned", "Three", "T3", "Oslo", "", "5"},
                               {"true", "Four", "T4", "", "", ""},
                               {"Won", "Fünf", "T5", "", "", ""}}
        << QStringList {"", "Filler", "F%1", "", "", ""};
    QTest::newRow("custom field")
        << settings({"Seats", "name"}, ImportMode::Upsert, "custom.Seats")
        << QJsonArray {QJsonObject {{"_id", idA}, {"name", "One"}, {"custom", seats}},
                       QJsonObject {{"_id", idB}, {"custom", QJsonObject {{"Seats", 12.5}}}},
                       QJsonObject {{"_id", idC}, {"custom", QJsonObject {{"Seats", 1e20}}}},
                       QJsonObject {{"_id", idD}, {"custom", "not an object"}}}
        << QList<QStringList> {{"12.0", "One"}, {"12.5", "Half"}, {"1e20", "Big"}, {"3", "New"}}
        << QStringList();
    ImportSettings domains = settings({"Domains", "Seats"}, ImportMode::Upsert, "domains");
    ImportPolicy::mapMatchColumn(domains.type, "domains", &domains.mapping);
    QTest::newRow("domains")
        << domains
        << QJsonArray {QJsonObject {{"_id", idA},
                                    {"domains", QJsonArray {"acme.com", "Acme.io"}},
                                    {"custom", QJsonObject {{"Seats", 1}}}},
                       QJsonObject {{"_id", idB}, {"domains", QJsonArray {"beta.com", 3}}},
                       QJsonObject {{"_id", idC}, {"domains", QJsonArray {}}}}
        << QList<QStringList> {{"ACME.IO", "5"}, {"beta.com", "2"}, {"3", "1"}, {"x.com", ""}}
        << QStringList {"f%1.com", ""};
    QTest::newRow("email") << endUserSettings({"Email", "First name"}, QStringLiteral("email"))
                           << QJsonArray {QJsonObject {{"_id", idA},
                                                       {"email", "Kim@Example.com "},
                                                       {"firstName", "Kim"}},
                                          QJsonObject {{"_id", idB}, {"email", "ÅSA@example.com"}}}
                           << QList<QStringList> {{"kim@example.com", "Kim"},
                                                  {"åsa@EXAMPLE.com", "Åsa"}}
                           << QStringList {"f%1@example.com", "F"};
}

void TestImportPlan::rawListingPlansAsParsedObjects()
{
    QFETCH(ImportSettings, settings);
    QFETCH(QJsonArray, objects);
    QFETCH(QList<QStringList>, rows);
    QFETCH(QStringList, filler);

    for (const qsizetype fillerRows : {qsizetype(0), ImportPlan::maxStoredDiffs}) {
        if (fillerRows > 0 && filler.isEmpty())
            continue;
        QList<QStringList> planned;
        for (qsizetype n = 0; n < fillerRows; ++n) {
            QStringList cells = filler;
            for (QString &cell : cells)
                cell = cell.arg(n);
            planned.append(cells);
        }
        planned.append(rows);
        planRawAndParsed(settings, objects, planned);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestImportPlan::planRawAndParsed(const ImportSettings &settings, const QJsonArray &objects,
                                      const QList<QStringList> &rows)
{
    ImportPlanBuilder parsed(settings);
    for (const QJsonValue &object : std::as_const(objects))
        parsed.addExisting(object.toObject());
    ImportPlanBuilder raw(settings);
    // Two pages, as a listing delivers them.
    const qsizetype half = objects.size() / 2;
    for (const QJsonArray &part :
         {QJsonArray::fromVariantList(objects.toVariantList().mid(0, half)),
          QJsonArray::fromVariantList(objects.toVariantList().mid(half))}) {
        const ListPaging::ParsedPage page
            = ListPaging::parsePageRaw(QJsonDocument(part).toJson(QJsonDocument::Indented));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        raw.addExisting(page.raw);
    }
    qint64 line = 2;
    for (const QStringList &row : std::as_const(rows)) {
        parsed.addRow(row, line);
        raw.addRow(row, line);
        ++line;
    }
    const std::shared_ptr<ImportPlan> want = parsed.take();
    const std::shared_ptr<ImportPlan> got = raw.take();
    QCOMPARE(got->rowCount(), want->rowCount());
    QCOMPARE(got->existingRecords().size(), want->existingRecords().size());
    for (size_t i = 0; i < want->existingRecords().size(); ++i) {
        QCOMPARE(got->existingRecords().at(i).id, want->existingRecords().at(i).id);
        QCOMPARE(got->existingRecords().at(i).key, want->existingRecords().at(i).key);
    }
    qint64 matched = 0;
    for (qint64 i = 0; i < want->rowCount(); ++i) {
        QCOMPARE(int(got->row(i).action), int(want->row(i).action));
        QCOMPARE(got->row(i).changedFields, want->row(i).changedFields);
        QCOMPARE(got->row(i).existing, want->row(i).existing);
        if (const ExistingRecord *existing = want->existingFor(i)) {
            // The before-image a run journals, byte for byte.
            QCOMPARE(QJsonDocument(got->existingFor(i)->beforeImage()).toJson(),
                     QJsonDocument(existing->beforeImage()).toJson());
            QCOMPARE(ImportJournal::chunkSendingLine(1, {}, {*got->existingFor(i)}),
                     ImportJournal::chunkSendingLine(1, {}, {*existing}));
            ++matched;
        }
        const QList<FieldChange> changes = got->changes(i);
        const QList<FieldChange> wanted = want->changes(i);
        QCOMPARE(changes.size(), wanted.size());
        for (qsizetype c = 0; c < changes.size(); ++c) {
            QCOMPARE(changes.at(c).field, wanted.at(c).field);
            QCOMPARE(changes.at(c).before, wanted.at(c).before);
            QCOMPARE(changes.at(c).after, wanted.at(c).after);
        }
    }
    QVERIFY(matched >= 2);
    QCOMPARE(messagesOf(*got), messagesOf(*want));
}

// A before-image selected from a listed row is kept as text: it reads back (QJsonDocument,
// FlatImageText) as the row's values, and is what the journal writes for that object.
void TestImportPlan::selectedImageTextReadsAsTheObject()
{
    const QByteArray row = R"({"z":1,"name":"a \"q\" \\ \n\t\u0001 \/ é€𝄞","_id":"e1",)"
                           R"("Beta":null,"alpha":true,"beta":false,"externalId":"K"})";
    // The fields in key order (as the planner asks), one the row lacks.
    const QList<QByteArray> fields {"Beta", "alpha", "beta", "externalId", "missing", "name"};
    const QJsonObject object = QJsonDocument::fromJson(row).object();
    QVERIFY(!object.isEmpty());
    QByteArray padded = row + QByteArray(RawRows::padding, ' ');
    ExistingRowReader reader(QStringLiteral("externalId"));
    ExistingRowReader::Row read;
    QByteArray selected;
    QVERIFY(reader.read(QByteArrayView(padded.constData(), row.size()), &read, fields, &selected));
    QCOMPARE(read.keys, QStringList {"K"});
    QCOMPARE(read.selectedAt, 0);
    const QByteArrayView text(selected.constData() + read.selectedAt, read.selectedSize);

    QJsonObject expected;
    for (const QByteArray &field : fields) {
        if (object.contains(QString::fromUtf8(field)))
            expected.insert(QString::fromUtf8(field), object.value(QString::fromUtf8(field)));
    }
    QCOMPARE(QJsonDocument::fromJson(text.toByteArray()).object(), expected);
    QByteArray written;
    JsonBytes::appendObject(written, expected);
    QCOMPARE(text.toByteArray(), written);

    QCOMPARE(FlatImageText::memberCount(text), expected.size());
    for (const QByteArray &field : fields) {
        const FlatImageText::Member member = FlatImageText::find(text, field);
        QCOMPARE(FlatImageText::valueOf(member), object.value(QString::fromUtf8(field)));
    }
    QCOMPARE(FlatImageText::find(text, "nam").kind, FlatImageText::Member::Kind::Missing);
    QCOMPARE(FlatImageText::memberCount("{}"), 0);

    // A number is not selected: Qt's reader must see the server's text.
    QVERIFY(reader.read(QByteArrayView(padded.constData(), row.size()), &read, {"z"}, &selected));
    QCOMPARE(read.selectedAt, -1);
}

// Planning converts cells to values (RowConverter::convertValues(), text cells kept as
// their text); the runner converts them to the object it sends (RowConverter::convert()):
// the two must agree cell for cell.
void TestImportPlan::convertedValuesAreTheObjectsValues()
{
    ImportSettings imported = settings({"externalId", "name", "Seats", "Region"});
    for (const bool trim : {true, false}) {
        for (ColumnMapping &column : imported.mapping.columns()) {
            column.options.trim = trim;
            column.options.emptyCell
                = trim ? ColumnOptions::EmptyCell::LeaveAlone : ColumnOptions::EmptyCell::Clear;
        }
        const RowConverter converter(imported.type, imported.mapping);
        const QList<FieldSpec> fields = converter.mappedFields();
        QCOMPARE(fields.size(), 4);
        const QList<QStringList> rows {{"E1", "Name", "12", "emea"},
                                       {" E2 ", "  spaced  ", " 7 ", " APAC "},
                                       {"", "   ", "", ""},
                                       {"E4", "2024-03-01", "many", "Mars"}};
        for (const QStringList &cells : rows) {
            QList<ImportProblem> objectProblems;
            const QJsonObject object = converter.convert(cells, 1, 2, &objectProblems);
            QList<ImportProblem> valueProblems;
            QList<RowConverter::Value> values;
            converter.convertValues(cells, 1, 2, &valueProblems, &values);
            QCOMPARE(values.size(), fields.size());
            for (qsizetype i = 0; i < fields.size(); ++i) {
                QCOMPARE(values.at(i).toJson(), FieldPath::valueIn(object, fields.at(i).name));
                QVERIFY(!values.at(i).isText || !values.at(i).text.isEmpty());
            }
            QCOMPARE(valueProblems.size(), objectProblems.size());
        }
    }
}

// Past ImportPlan::maxStoredDiffs rows only the number of changes is kept: counted the way
// the stored ones are made.
void TestImportPlan::changesPastTheStoredOnesAreCounted()
{
    const QList<QStringList> rows {{"E1", "One", "10.0"}, // unchanged
                                   {"E1x", "One", "11"}, // Seats
                                   {"E2", "Deux", "3"}, // name, Seats
                                   {"E3", "2024-03-01T00:00:00.000Z", ""}, // the same instant
                                   {"E4", "Four", "4"}}; // a create setting three fields
    // Once with the changes stored, once past them.
    std::shared_ptr<ImportPlan> plans[2];
    for (const qsizetype before : {qsizetype(0), ImportPlan::maxStoredDiffs}) {
        ImportPlanBuilder builder(settings({"externalId", "name", "Seats"}));
        builder.addExisting({{"_id", idA},
                             {"externalId", "E1"},
                             {"name", "One"},
                             {"custom", QJsonObject {{"Seats", 10}}}});
        builder.addExisting({{"_id", idD},
                             {"externalId", "E1x"},
                             {"name", "One"},
                             {"custom", QJsonObject {{"Seats", 10}}}});
        builder.addExisting({{"_id", idB}, {"externalId", "E2"}, {"name", "Two"}});
        builder.addExisting({{"_id", idC}, {"externalId", "E3"}, {"name", "2024-03-01T00:00:00Z"}});
        qint64 line = 2;
        for (qsizetype i = 0; i < before; ++i)
            builder.addRow({QStringLiteral("N%1").arg(i), QStringLiteral("New"), ""}, line++);
        for (const QStringList &row : rows)
            builder.addRow(row, line++);
        plans[before > 0] = builder.take();
    }
    const ImportPlan &stored = *plans[0];
    const ImportPlan &past = *plans[1];
    const qint64 first = past.rowCount() - rows.size();
    for (qint64 i = 0; i < rows.size(); ++i) {
        QCOMPARE(stored.changes(i).size(), stored.row(i).changedFields);
        QVERIFY(past.changes(first + i).isEmpty());
        QCOMPARE(int(past.row(first + i).action), int(stored.row(i).action));
        QCOMPARE(past.row(first + i).changedFields, stored.row(i).changedFields);
    }
    QCOMPARE(stored.row(0).action, PlannedAction::Unchanged);
    QCOMPARE(stored.row(1).changedFields, 1);
    QCOMPARE(stored.row(2).changedFields, 2);
    QCOMPARE(stored.row(3).action, PlannedAction::Unchanged);
    QCOMPARE(stored.row(4).action, PlannedAction::Create);
    QCOMPARE(stored.row(4).changedFields, 3);
    QCOMPARE(stored.invalidCount(), 0);
}

// The planner has another thread match the rows it kept, make the before-images of the
// objects they match and count the changes (ImportPlanBuilder::prepare()) while it adds
// them: the plan is the one rows added alone make.
void TestImportPlan::preparedRowsPlanAsAddedOnes()
{
    // With a custom field the images are made from the rows, without from their fields.
    // Behind as many new rows as changes are stored, only the counts prepare() made are kept.
    for (const QStringList &headers :
         {QStringList {"externalId", "name", "Seats"}, QStringList {"externalId", "name"}}) {
        for (const int newRowsFirst : {0, int(ImportPlan::maxStoredDiffs)})
            planPreparedRows(settings(headers), newRowsFirst);
    }
}

void TestImportPlan::planPreparedRows(const ImportSettings &imported, int newRowsFirst)
{
    constexpr int objects = 3000;
    QJsonArray page;
    for (int i = 0; i < objects; ++i) {
        QJsonObject object {{"_id", QStringLiteral("%1").arg(i, 24, 10, QLatin1Char('0'))},
                            {"externalId", QStringLiteral("E%1").arg(i % 2900)},
                            {"name", QStringLiteral("Name \"%1\"").arg(i)}};
        if (i % 3 == 0)
            object.insert("custom", QJsonObject {{"Seats", i}});
        page.append(object);
    }
    // Rows naming each object (some twice, some a key two objects share) and a few new ones.
    QList<QStringList> rows;
    for (int i = 0; i < newRowsFirst; ++i) {
        const QStringList row {QStringLiteral("N%1").arg(i), QStringLiteral("New %1").arg(i),
                               QStringLiteral("1")};
        rows.append(row.mid(0, imported.mapping.columns().size()));
    }
    for (int i = 0; i < objects + 200; ++i) {
        const int n = i < objects ? (i * 7) % objects : i % 50;
        const QStringList row {QStringLiteral("E%1").arg(i % 17 == 0 ? n + 5000 : n),
                               QStringLiteral("Name \"%1\"").arg(i % 5 == 0 ? -1 : n),
                               QString::number(n)};
        rows.append(row.mid(0, imported.mapping.columns().size()));
    }
    const ListPaging::ParsedPage parsedPage
        = ListPaging::parsePageRaw(QJsonDocument(page).toJson(QJsonDocument::Compact));
    QVERIFY2(parsedPage.error.isEmpty(), qPrintable(parsedPage.error));

    using ConvertedRow = ImportPlanBuilder::ConvertedRow;
    ImportPlanBuilder alone(imported);
    alone.addExisting(parsedPage.raw);
    ImportPlanBuilder shared(imported);
    shared.addExisting(parsedPage.raw);
    shared.finishExisting();
    QList<ConvertedRow> converted;
    for (qsizetype i = 0; i < rows.size(); ++i)
        converted.append(shared.convert(rows.at(i), i + 1, i + 2));
    // Two threads preparing copies of the rows from both ends while the rows are added, and
    // the images of objects they share made by whichever comes first. A row is added as
    // prepared once a thread has finished preparing it (as the planner's file pass does).
    std::vector<ConvertedRow> fromTheEnd(converted.cbegin(), converted.cend());
    std::vector<ConvertedRow> fromTheStart(converted.cbegin(), converted.cend());
    const auto rowCount = qsizetype(rows.size());
    std::atomic<qsizetype> endPreparedFrom {rowCount};
    std::atomic<qsizetype> startPreparedTo {0};
    std::thread endThread([&] {
        for (qsizetype i = rowCount; i-- > 0;) {
            shared.prepare(&fromTheEnd[size_t(i)]);
            endPreparedFrom.store(i, std::memory_order_release);
        }
    });
    std::thread startThread([&] {
        for (qsizetype i = 0; i < rowCount; ++i) {
            shared.prepare(&fromTheStart[size_t(i)]);
            startPreparedTo.store(i + 1, std::memory_order_release);
        }
    });
    for (qsizetype i = 0; i < rowCount; ++i) {
        alone.addRow(rows.at(i), i + 2);
        if (i >= endPreparedFrom.load(std::memory_order_acquire))
            shared.addConverted(fromTheEnd[size_t(i)], i + 2, {}, true);
        else if (i < startPreparedTo.load(std::memory_order_acquire))
            shared.addConverted(fromTheStart[size_t(i)], i + 2, {}, true);
        else
            shared.addConverted(converted.at(i), i + 2, {});
    }
    endThread.join();
    startThread.join();
    // Every row prepared before it is added: each takes what prepare() worked out.
    ImportPlanBuilder allPrepared(imported);
    allPrepared.addExisting(parsedPage.raw);
    allPrepared.finishExisting();
    for (qsizetype i = 0; i < rowCount; ++i) {
        ConvertedRow row = allPrepared.convert(rows.at(i), i + 1, i + 2);
        allPrepared.prepare(&row);
        allPrepared.addConverted(row, i + 2, {}, true);
    }

    const std::shared_ptr<ImportPlan> want = alone.take();
    for (const std::shared_ptr<ImportPlan> &got : {shared.take(), allPrepared.take()})
        comparePreparedPlan(*got, *want, objects);
}

void TestImportPlan::comparePreparedPlan(const ImportPlan &gotPlan, const ImportPlan &wantPlan,
                                         int objects)
{
    const ImportPlan *const got = &gotPlan;
    const ImportPlan *const want = &wantPlan;
    QCOMPARE(got->rowCount(), want->rowCount());
    qint64 matched = 0;
    for (qint64 i = 0; i < want->rowCount(); ++i) {
        QCOMPARE(int(got->row(i).action), int(want->row(i).action));
        QCOMPARE(got->row(i).changedFields, want->row(i).changedFields);
        QCOMPARE(got->row(i).existing, want->row(i).existing);
        QCOMPARE(got->changes(i).size(), want->changes(i).size());
        if (const ExistingRecord *existing = want->existingFor(i)) {
            QCOMPARE(QJsonDocument(got->existingFor(i)->beforeImage()).toJson(),
                     QJsonDocument(existing->beforeImage()).toJson());
            ++matched;
        }
    }
    QVERIFY(matched > objects / 2);
    QVERIFY(want->updateCount() > 0 && want->unchangedCount() > 0 && want->createCount() > 0);
    QVERIFY(want->invalidCount() > 0);
    QCOMPARE(messagesOf(*got), messagesOf(*want));
}

QTEST_GUILESS_MAIN(TestImportPlan)
#include "tst_importplan.moc"
