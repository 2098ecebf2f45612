// SPDX-License-Identifier: MIT
// New custom fields for columns no field fills: `planhat-cli import --create-fields`, the
// creator job and the sandbox's checks of custom-field definitions, against a real
// planhat-sandbox.
#include "importtesthelpers.h"

#include "importer/customfieldcreator.h"

using namespace Planhat;
using namespace Planhat::Test;

class TestCreateFields final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void importCreatesTheFieldsAndFillsThem();
    void dryRunCreatesNothing();
    void fieldTypeReplacesTheGuess();
    void refusesWithoutConfirmation();
    void withoutTheOptionColumnsAreNotImported();
    void sandboxChecksDefinitions();
    void creatorReportsWhatWasCreatedBeforeAFailure();

private:
    PlanhatClient *client();
    QList<QJsonObject> definitions();
    QString writeFile(const QString &name, const QList<QStringList> &rows);

    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<ImportDataHome> m_home;
    QTemporaryDir m_dir;
};

void TestCreateFields::init()
{
    // A fresh tenant per test: the fields one test creates must not exist for the next.
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    m_client = std::make_unique<PlanhatClient>(m_sandbox->url());
    m_client->setToken(SandboxProcess::token());
    m_home = std::make_unique<ImportDataHome>();
    QVERIFY(m_home->isValid());
}

void TestCreateFields::cleanup()
{
    m_client.reset();
    m_sandbox.reset();
    m_home.reset();
}

PlanhatClient *TestCreateFields::client()
{
    return m_client.get();
}

QList<QJsonObject> TestCreateFields::definitions()
{
    ListResult result;
    const QList<QJsonObject> rows = collectRows(client()->customFieldDefinitions(), &result);
    if (result.error.isError())
        qWarning("listing /customfields: %s", qPrintable(result.error.toString()));
    return rows;
}

QString TestCreateFields::writeFile(const QString &name, const QList<QStringList> &rows)
{
    const QString path = m_dir.filePath(name);
    writeCsv(path, rows);
    return path;
}

void TestCreateFields::importCreatesTheFieldsAndFillsThem()
{
    const QString path = writeFile("accounts.csv",
                                   {{"externalId", "name", "Score", "Tier"},
                                    {"cf-1", "One", "10", "Gold"},
                                    {"cf-2", "Two", "12.5", "Silver"},
                                    {"cf-3", "Three", "-3", "Gold"},
                                    {"cf-4", "Four", "", "Silver"}});
    const CliRun run
        = runCli(m_sandbox->url(), {"import", "companies", path, "--create-fields", "--yes"},
                 m_home->environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("will create custom field \"Score\" (number) on companies for "
                              "column 3"),
             run.err.constData());
    QVERIFY2(run.err.contains("will create custom field \"Tier\" (list: Gold, Silver) on "
                              "companies for column 4"),
             run.err.constData());
    QVERIFY2(run.err.contains("created custom field \"Tier\" on companies"), run.err.constData());
    QVERIFY2(run.out.contains("created 4, updated 0"), run.out.constData());

    // The definitions, as GET /customfields has them.
    QHash<QString, QJsonObject> byName;
    for (const QJsonObject &definition : definitions())
        byName.insert(definition.value("name").toString(), definition);
    QCOMPARE(byName.size(), 2);
    const QJsonObject score = byName.value("Score");
    QCOMPARE(score.value("type").toString(), QStringLiteral("number"));
    QCOMPARE(score.value("parent").toString(), QStringLiteral("company"));
    QCOMPARE(score.value("isHidden"), QJsonValue(false));
    const QJsonObject tier = byName.value("Tier");
    QCOMPARE(tier.value("type").toString(), QStringLiteral("list"));
    QCOMPARE(tier.value("parent").toString(), QStringLiteral("company"));
    QCOMPARE(tier.value("listValues").toArray(), QJsonArray({"Gold", "Silver"}));

    // The values landed on the companies, typed.
    int duplicates = 0;
    const QHash<QString, QJsonObject> companies
        = byExternalId(listCompanies(m_sandbox->url()), &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(companies.size(), 4);
    const QJsonObject two = companies.value("cf-2").value("custom").toObject();
    QCOMPARE(two.value("Score"), QJsonValue(12.5));
    QCOMPARE(two.value("Tier").toString(), QStringLiteral("Silver"));
    QCOMPARE(companies.value("cf-3").value("custom").toObject().value("Score"), QJsonValue(-3.0));
    const QJsonObject four = companies.value("cf-4").value("custom").toObject();
    QVERIFY(!four.contains("Score"));
    QCOMPARE(four.value("Tier").toString(), QStringLiteral("Silver"));

    // A second import of the file finds the fields: nothing more to create, nothing changes.
    const CliRun again
        = runCli(m_sandbox->url(), {"import", "companies", path, "--create-fields", "--yes"},
                 m_home->environment());
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.err.contains("no custom field to create"), again.err.constData());
    QVERIFY2(again.out.contains("unchanged 4"), again.out.constData());
    QCOMPARE(definitions().size(), 2);
}

void TestCreateFields::fieldTypeReplacesTheGuess()
{
    const QString path = writeFile("typed.csv",
                                   {{"externalId", "name", "Seats", "Tier"},
                                    {"ft-1", "One", "10", "Gold"},
                                    {"ft-2", "Two", "12", "Silver"},
                                    {"ft-3", "Three", "10", "Gold"}});
    // A type Planhat does not take, or a column nothing is proposed for: nothing happens.
    const CliRun badType = runCli(
        m_sandbox->url(),
        {"import", "companies", path, "--create-fields", "--field-type", "Seats=colour", "--yes"},
        m_home->environment());
    QCOMPARE(badType.exitCode, 2);
    QVERIFY2(badType.err.contains("--field-type Seats=colour: expected COLUMN=TYPE with TYPE "
                                  "one of "),
             badType.err.constData());
    const CliRun badColumn = runCli(
        m_sandbox->url(),
        {"import", "companies", path, "--create-fields", "--field-type", "name=text", "--yes"},
        m_home->environment());
    QCOMPARE(badColumn.exitCode, 2);
    QVERIFY2(badColumn.err.contains("no custom field is proposed for a column headed \"name\""),
             badColumn.err.constData());
    QVERIFY(definitions().isEmpty());
    QVERIFY(listCompanies(m_sandbox->url()).isEmpty());

    // Seats would be a number and Tier a list; the user makes Seats text and Tier a
    // multi-picklist of the values seen.
    const CliRun run = runCli(m_sandbox->url(),
                              {"import", "companies", path, "--create-fields", "--field-type",
                               "seats=text", "--field-type", "Tier=multipicklist", "--yes"},
                              m_home->environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("will create custom field \"Seats\" (text) on companies for "
                              "column 3"),
             run.err.constData());
    QHash<QString, QJsonObject> byName;
    for (const QJsonObject &definition : definitions())
        byName.insert(definition.value("name").toString(), definition);
    QCOMPARE(byName.value("Seats").value("type").toString(), QStringLiteral("text"));
    QCOMPARE(byName.value("Tier").value("type").toString(), QStringLiteral("multipicklist"));
    QCOMPARE(byName.value("Tier").value("listValues").toArray(), QJsonArray({"Gold", "Silver"}));
    int duplicates = 0;
    const QHash<QString, QJsonObject> companies
        = byExternalId(listCompanies(m_sandbox->url()), &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(companies.size(), 3);
    // Text keeps the cell as written, not as a number.
    QCOMPARE(companies.value("ft-2").value("custom").toObject().value("Seats"),
             QJsonValue(QStringLiteral("12")));
}

void TestCreateFields::dryRunCreatesNothing()
{
    const QString path = writeFile("dry.csv",
                                   {{"externalId", "name", "Renewal", "Active"},
                                    {"dr-1", "One", "31/03/2025", "yes"},
                                    {"dr-2", "Two", "01/04/2025", "no"}});
    const CliRun run
        = runCli(m_sandbox->url(), {"import", "companies", path, "--create-fields", "--dry-run"},
                 m_home->environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("would create custom field \"Renewal\" (date) on companies for "
                              "column 3"),
             run.err.constData());
    QVERIFY2(run.err.contains("would create custom field \"Active\" (checkbox) on companies "
                              "for column 4"),
             run.err.constData());
    // The plan reads the columns as the new fields would (day-first dates).
    QVERIFY2(run.out.contains("2 to create"), run.out.constData());
    QVERIFY(definitions().isEmpty());
    QVERIFY(listCompanies(m_sandbox->url()).isEmpty());
}

void TestCreateFields::refusesWithoutConfirmation()
{
    const QString path
        = writeFile("noyes.csv", {{"externalId", "name", "Tier"}, {"ny-1", "One", "Gold"}});
    // stdin is not a terminal and --yes is missing: nothing is asked, created or sent.
    const CliRun run = runCli(m_sandbox->url(), {"import", "companies", path, "--create-fields"},
                              m_home->environment());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--yes"), run.err.constData());
    QVERIFY(definitions().isEmpty());
    QVERIFY(listCompanies(m_sandbox->url()).isEmpty());
}

void TestCreateFields::withoutTheOptionColumnsAreNotImported()
{
    const QString path
        = writeFile("plain.csv", {{"externalId", "name", "Tier"}, {"pl-1", "One", "Gold"}});
    const CliRun run
        = runCli(m_sandbox->url(), {"import", "companies", path, "--yes"}, m_home->environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!run.err.contains("custom field"));
    QVERIFY(definitions().isEmpty());
    const QList<QJsonObject> companies = listCompanies(m_sandbox->url());
    QCOMPARE(companies.size(), 1);
    QVERIFY(!companies.first().value("custom").toObject().contains("Tier"));
}

void TestCreateFields::sandboxChecksDefinitions()
{
    const ObjectType &definitionsType = *Schema::builtin().type("customfields");
    const auto create = [this, &definitionsType](const QJsonObject &definition) {
        return startAndWait<ObjectResult>(client()->create(definitionsType, definition));
    };
    const ObjectResult tier = create({{"name", "Tier"},
                                      {"type", "list"},
                                      {"parent", "company"},
                                      {"isHidden", false},
                                      {"listValues", QJsonArray {"Gold", "Silver"}}});
    QVERIFY2(!tier.error.isError(), qPrintable(tier.error.toString()));
    QCOMPARE(tier.object.value("_id").toString().size(), 24);

    // The same name on the same parent, whatever its case: refused with a clear message.
    const ObjectResult duplicate
        = create({{"name", "tier"}, {"type", "text"}, {"parent", "company"}, {"isHidden", false}});
    QCOMPARE(duplicate.httpStatus, 400);
    QVERIFY2(duplicate.error.message().contains("already exists")
                 && duplicate.error.message().contains("Tier"),
             qPrintable(duplicate.error.toString()));
    // The same name on another model is another field.
    const ObjectResult onEndUsers
        = create({{"name", "Tier"}, {"type", "text"}, {"parent", "enduser"}, {"isHidden", false}});
    QVERIFY2(!onEndUsers.error.isError(), qPrintable(onEndUsers.error.toString()));

    const ObjectResult badType = create(
        {{"name", "Level"}, {"type", "dropdown"}, {"parent", "company"}, {"isHidden", false}});
    QCOMPARE(badType.httpStatus, 400);
    QVERIFY2(badType.error.message().contains("dropdown")
                 && badType.error.message().contains("multipicklist"),
             qPrintable(badType.error.toString()));
    const ObjectResult badParent = create(
        {{"name", "Level"}, {"type", "number"}, {"parent", "spaceship"}, {"isHidden", false}});
    QCOMPARE(badParent.httpStatus, 400);
    QVERIFY2(badParent.error.message().contains("spaceship")
                 && badParent.error.message().contains("company"),
             qPrintable(badParent.error.toString()));
    const ObjectResult noHidden
        = create({{"name", "Level"}, {"type", "number"}, {"parent", "company"}});
    QCOMPARE(noHidden.httpStatus, 400);
    QVERIFY2(noHidden.error.message().contains("isHidden"), qPrintable(noHidden.error.toString()));

    // Renaming another field into a taken name is refused as well.
    const ObjectResult level = create(
        {{"name", "Level"}, {"type", "number"}, {"parent", "company"}, {"isHidden", false}});
    QVERIFY2(!level.error.isError(), qPrintable(level.error.toString()));
    const ObjectResult renamed = startAndWait<ObjectResult>(client()->update(
        definitionsType, level.object.value("_id").toString(), {{"name", "TIER"}}));
    QCOMPARE(renamed.httpStatus, 400);
    QVERIFY2(renamed.error.message().contains("already exists"),
             qPrintable(renamed.error.toString()));
    QCOMPARE(definitions().size(), 3);

    // A created field takes values on its type's objects.
    const ObjectResult company = startAndWait<ObjectResult>(client()->create(
        companies(),
        {{"name", "Valued"}, {"custom", QJsonObject {{"Tier", "Gold"}, {"Level", 3}}}}));
    QVERIFY2(!company.error.isError(), qPrintable(company.error.toString()));
    const QJsonObject custom = company.object.value("custom").toObject();
    QCOMPARE(custom.value("Tier").toString(), QStringLiteral("Gold"));
    QCOMPARE(custom.value("Level").toDouble(), 3.0);
}

void TestCreateFields::creatorReportsWhatWasCreatedBeforeAFailure()
{
    // "Region" exists already, so the second of three is refused by the tenant.
    const ObjectResult region = startAndWait<ObjectResult>(client()->create(
        *Schema::builtin().type("customfields"),
        {{"name", "Region"}, {"type", "text"}, {"parent", "company"}, {"isHidden", false}}));
    QVERIFY2(!region.error.isError(), qPrintable(region.error.toString()));
    QList<CustomFieldProposal> proposals;
    for (const char *name : {"Alpha", "Region", "Gamma"}) {
        CustomFieldProposal proposal;
        proposal.name = QString::fromLatin1(name);
        proposal.planhatType = "number";
        proposals.append(proposal);
    }
    auto *creator = new CustomFieldCreator(client(), companies(), proposals);
    QSignalSpy created(creator, &CustomFieldCreator::fieldCreated);
    QSignalSpy finished(creator, &CustomFieldCreator::finished);
    creator->start();
    QVERIFY(finished.wait(20000));
    const auto result = finished.first().first().value<CustomFieldCreation>();
    QVERIFY(!result.isOk());
    QCOMPARE(created.size(), 1);
    QCOMPARE(result.created.size(), 1);
    QCOMPARE(result.created.first().name, QStringLiteral("Alpha"));
    QCOMPARE(result.notCreated.size(), 2);
    QCOMPARE(result.notCreated.at(0).name, QStringLiteral("Region"));
    QCOMPARE(result.notCreated.at(1).name, QStringLiteral("Gamma"));
    QCOMPARE(result.error.httpStatus(), 400);
    QVERIFY2(result.message.contains("creating custom field \"Region\" on companies")
                 && result.message.contains("already exists"),
             qPrintable(result.message));
    // The field created before the failure is read back, ready to be mapped.
    QVERIFY(result.catalogLoaded);
    const ObjectType withFields = result.catalog.apply(companies());
    QVERIFY(withFields.field("custom.Alpha"));
    QVERIFY(withFields.field("custom.Region"));
    QVERIFY(!withFields.field("custom.Gamma"));
    QCOMPARE(definitions().size(), 2);
}

QTEST_GUILESS_MAIN(TestCreateFields)
#include "tst_createfields.moc"
