// SPDX-License-Identifier: MIT
// The import engine and `planhat-cli import / undo / missing` against a real planhat-sandbox:
// a run under injected faults (engine and CLI), an undo, dry runs, validation, missing and
// usage errors. Journals go to a temporary XDG_DATA_HOME. Resuming: tst_importresume.
#include "importtesthelpers.h"

#include "importer/importjournal.h"
#include "importer/importmapping.h"
#include "importer/importplanner.h"
#include "importer/importrunner.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include "xlsx/tablereader.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestImport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void engineRunUnderFaultsLosesNothing();
    void cliImportUnderFaultsWritesResults();
    void undoRestoresUpdatedAndDeletesCreated();
    void dryRunShowsChangesAndSendsNothing();
    void problemsStopTheImport();
    void companyReferencesAreChecked();
    void endUsersKeyedByEmailImportOnce();
    void companiesKeyedByName();
    void missingPrintsRowsWithoutMatch();
    void usageErrors();
    void resumeRefusesAChangedFile();
    void plannerMatchesRowsReadWhileListing();
    void plannerReportsAFailedListingNotTheFile();

private:
    QTemporaryDir m_dir;
    ImportDataHome m_dataHome;
};

void TestImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_dataHome.isValid());
}

void TestImport::engineRunUnderFaultsLosesNothing()
{
    SandboxProcess sandbox;
    QVERIFY2(
        sandbox.start({"--seed-companies", "3000", "--fail-rate", "0.15", "--fault-seed", "4711"}),
        qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(50);
    options.maxBackoff = std::chrono::milliseconds(500);
    options.maxAttempts = 3; // few attempts, so some rows fail and are retried by the engine
    client.setOptions(options);

    ListResult definitionsResult;
    QJsonArray definitions;
    for (const QJsonObject &definition :
         collectRows(client.customFieldDefinitions(), &definitionsResult))
        definitions.append(definition);
    QVERIFY(!definitionsResult.error.isError());
    const ObjectType type = CustomFieldCatalog::fromJson(definitions).apply(companies());

    // 1,500 updates of seeded companies, 2,500 new ones, 20 rows with a bad number.
    QList<QStringList> rows {{"External ID", "Name", "Seats"}};
    QHash<QString, QPair<QString, int>> expected;
    for (int i = 1; i <= 1500; ++i) {
        const QString key = QStringLiteral("ext-%1").arg(i * 2, 4, 10, QLatin1Char('0'));
        rows.append({key, QStringLiteral("Updated %1").arg(i), QString::number(i)});
        expected.insert(key, {QStringLiteral("Updated %1").arg(i), i});
    }
    for (int i = 1; i <= 2500; ++i) {
        const QString key = QStringLiteral("new-%1").arg(i);
        rows.append({key, QStringLiteral("New %1").arg(i), QString::number(7)});
        expected.insert(key, {QStringLiteral("New %1").arg(i), 7});
    }
    for (int i = 1; i <= 20; ++i)
        rows.append({QStringLiteral("bad-%1").arg(i), QStringLiteral("Bad %1").arg(i), "lots"});
    const QString path = m_dir.filePath("faults.csv");
    writeCsv(path, rows);

    ImportSettings settings = importByExternalId(path, type, rows.first());
    settings.skipInvalidRows = true;
    settings.chunkSize = 250;

    ImportPlanner planner(&client, settings);
    QSignalSpy planned(&planner, &ImportPlanner::finished);
    planner.start();
    QVERIFY(planned.wait(60000));
    const ImportPlanResult planResult = planned.takeFirst().at(0).value<ImportPlanResult>();
    QVERIFY2(planResult.isOk(), qPrintable(planResult.error.toString() + planResult.fileError));
    const std::shared_ptr<const ImportPlan> plan = planResult.plan;
    QCOMPARE(plan->rowCount(), 4020);
    QCOMPARE(plan->updateCount(), 1500);
    QCOMPARE(plan->createCount(), 2500);
    QCOMPARE(plan->invalidCount(), 20);
    QVERIFY(plan->canRun());
    // The plan knows the bytes it was made from, so a run can refuse a changed file.
    QVERIFY(plan->fileFingerprint().isValid());
    QCOMPARE(plan->fileFingerprint(), FileFingerprint::of(path));

    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(m_dir.filePath("journals"), settings, plan->rowCount(), &error);
    QVERIFY2(journal, qPrintable(error));
    ImportRunner runner(&client, plan);
    runner.setJournal(std::move(journal));
    QSignalSpy finished(&runner, &ImportRunner::finished);
    QSignalSpy progress(&runner, &ImportRunner::progress);
    runner.start();
    QVERIFY(finished.wait(60000));
    ImportRunSummary summary = finished.takeFirst().at(0).value<ImportRunSummary>();
    QVERIFY(!progress.isEmpty());
    QCOMPARE(summary.pending, 0);
    QCOMPARE(summary.created + summary.updated + summary.unchanged + summary.failed
                 + summary.unknown,
             4020);
    // Retry what failed (never the invalid rows) until only those are left.
    for (int attempt = 0; attempt < 5 && summary.failed + summary.unknown > 20; ++attempt) {
        runner.retryFailed();
        QVERIFY(finished.wait(60000));
        summary = finished.takeFirst().at(0).value<ImportRunSummary>();
    }
    QCOMPARE(summary.failed, 20);
    QCOMPARE(summary.unknown, 0);
    QCOMPARE(summary.created, 2500);
    QCOMPARE(summary.updated, 1500);
    for (qint64 i = 4000; i < 4020; ++i) {
        QCOMPARE(runner.results().row(i).status, RowOutcome::Status::Failed);
        QVERIFY(runner.results().row(i).message.contains("not a number"));
    }

    int duplicates = 0;
    const QHash<QString, QJsonObject> tenant
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(tenant.size(), 3000 + 2500);
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
        const QJsonObject object = tenant.value(it.key());
        QCOMPARE(object.value("name").toString(), it.value().first);
        QCOMPARE(object.value("custom").toObject().value("Seats").toInt(), it.value().second);
    }
    for (int i = 1; i <= 20; ++i)
        QVERIFY(!tenant.contains(QStringLiteral("bad-%1").arg(i)));

    // The results file: input columns, then status, _id and message, a line per row.
    const QString resultsPath = m_dir.filePath("faults-results.csv");
    QVERIFY2(runner.results().writeCsv(settings, resultsPath, &error), qPrintable(error));
    const QList<QStringList> results = readCsv(resultsPath);
    QCOMPARE(results.size(), 4021);
    QCOMPARE(results.first(),
             (QStringList {"External ID", "Name", "Seats", "status", "_id", "message"}));
    for (int i = 1; i <= 4020; ++i) {
        const QStringList &row = results.at(i);
        QCOMPARE(row.mid(0, 3), rows.at(i));
        if (i <= 4000) {
            QCOMPARE(row.at(3), i <= 1500 ? QStringLiteral("updated") : QStringLiteral("created"));
            QCOMPARE(row.at(4), tenant.value(row.at(0)).value("_id").toString());
        } else {
            QCOMPARE(row.at(3), QStringLiteral("failed"));
            QVERIFY(row.at(4).isEmpty());
        }
    }
}

void TestImport::cliImportUnderFaultsWritesResults()
{
    SandboxProcess sandbox;
    QVERIFY2(
        sandbox.start({"--seed-companies", "1000", "--fail-rate", "0.15", "--fault-seed", "99"}),
        qPrintable(sandbox.errorString()));
    QList<QStringList> rows {{"externalId", "name", "Region"}};
    for (int i = 1; i <= 1000; i += 2)
        rows.append({QStringLiteral("ext-%1").arg(i, 4, 10, QLatin1Char('0')),
                     QStringLiteral("Cli %1").arg(i), "APAC"});
    for (int i = 1; i <= 6000; ++i)
        rows.append({QStringLiteral("cli-%1").arg(i), QStringLiteral("Cli new %1").arg(i), "EMEA"});
    const QString path = m_dir.filePath("cli.csv");
    writeCsv(path, rows);
    const QString resultsPath = m_dir.filePath("cli-results.csv");

    const CliRun run
        = runCli(sandbox.url(), {"import", "companies", path, "--results", resultsPath, "--yes"},
                 m_dataHome.environment());
    QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.constData());
    QVERIFY2(run.out.contains("created "), run.out.constData());
    QVERIFY(!journalFrom(run.out).isEmpty());

    const QList<QStringList> results = readCsv(resultsPath);
    QCOMPARE(results.size(), rows.size());
    qint64 failed = 0;
    for (int i = 1; i < results.size(); ++i) {
        const QString status = results.at(i).at(3);
        QVERIFY2(QStringList({"created", "updated", "failed", "outcome unknown"}).contains(status),
                 qPrintable(status));
        failed += status == QLatin1String("failed") || status == QLatin1String("outcome unknown");
        if (status == QLatin1String("created") || status == QLatin1String("updated"))
            QCOMPARE(results.at(i).at(4).size(), 24);
    }
    QCOMPARE(run.exitCode, failed > 0 ? 1 : 0);
    if (failed > 0) {
        // Importing again sends what did not arrive: the file's rows are keyed upserts.
        const CliRun again = runCli(sandbox.url(), {"import", "companies", path, "--yes"},
                                    m_dataHome.environment());
        QCOMPARE(again.exitCode, 0);
    }

    int duplicates = 0;
    const QHash<QString, QJsonObject> tenant
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(tenant.size(), 7000);
    for (int i = 1; i < rows.size(); ++i) {
        const QJsonObject object = tenant.value(rows.at(i).at(0));
        QCOMPARE(object.value("name").toString(), rows.at(i).at(1));
        QCOMPARE(object.value("custom").toObject().value("Region").toString(), rows.at(i).at(2));
    }
}

void TestImport::undoRestoresUpdatedAndDeletesCreated()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "100"}), qPrintable(sandbox.errorString()));
    int duplicates = 0;
    const QHash<QString, QJsonObject> before
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(before.size(), 100);

    QList<QStringList> rows {{"externalId", "name", "Region", "Seats"}};
    for (int i = 1; i <= 40; ++i)
        rows.append({QStringLiteral("ext-%1").arg(i, 3, 10, QLatin1Char('0')),
                     QStringLiteral("Changed %1").arg(i), "LATAM", QString::number(5000 + i)});
    for (int i = 1; i <= 25; ++i)
        rows.append(
            {QStringLiteral("undo-%1").arg(i), QStringLiteral("Undo %1").arg(i), "EMEA", "1"});
    const QString path = m_dir.filePath("undo.csv");
    writeCsv(path, rows);
    const CliRun imported
        = runCli(sandbox.url(), {"import", "companies", path, "--yes"}, m_dataHome.environment());
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains("created 25, updated 40"), imported.out.constData());
    const QString journal = journalFrom(imported.out);
    QVERIFY(QFile::exists(journal));
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates).size(), 125);

    // No terminal and no --yes: refused, nothing changed.
    const CliRun refused = runCli(sandbox.url(), {"undo", journal}, m_dataHome.environment());
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("--yes"), refused.err.constData());
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates).size(), 125);

    const CliRun undone
        = runCli(sandbox.url(), {"undo", journal, "--yes"}, m_dataHome.environment());
    QVERIFY2(undone.exitCode == 0, undone.err.constData());
    QVERIFY2(undone.out.contains("restored 40 companies, deleted 25 companies"),
             undone.out.constData());

    const QHash<QString, QJsonObject> after
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(after.size(), 100);
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        const QJsonObject now = after.value(it.key());
        QCOMPARE(now.value("name"), it.value().value("name"));
        QCOMPARE(now.value("custom").toObject().value("Region"),
                 it.value().value("custom").toObject().value("Region"));
        QCOMPARE(now.value("custom").toObject().value("Seats"),
                 it.value().value("custom").toObject().value("Seats"));
    }
    // An import is undone once.
    QCOMPARE(runCli(sandbox.url(), {"undo", journal, "--yes"}, m_dataHome.environment()).exitCode,
             2);
}

void TestImport::dryRunShowsChangesAndSendsNothing()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "10"}), qPrintable(sandbox.errorString()));
    int duplicates = 0;
    const QHash<QString, QJsonObject> before
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    const QJsonObject first = before.value("ext-01");
    const QJsonObject second = before.value("ext-02");
    const QString path = m_dir.filePath("dry.csv");
    writeCsv(path,
             {{"externalId", "name", "Region"},
              {"ext-01", "Dry One", first.value("custom").toObject().value("Region").toString()},
              {"ext-02", second.value("name").toString(),
               second.value("custom").toObject().value("Region").toString()},
              {"dry-3", "Dry Three", "APAC"}});
    const CliRun run = runCli(sandbox.url(), {"import", "companies", path, "--dry-run"},
                              m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QList<QByteArray> lines = run.out.split('\n');
    QCOMPARE(lines.value(0),
             QByteArray("3 rows: 1 to create, 1 to update, 1 unchanged, 0 invalid (mode upsert, "
                        "key externalId)"));
    QCOMPARE(
        lines.value(1),
        QStringLiteral("line 2: update externalId=ext-01 (_id %1): name: \"%2\" -> \"Dry One\"")
            .arg(first.value("_id").toString(), first.value("name").toString())
            .toUtf8());
    QVERIFY(lines.value(2).startsWith("line 3: unchanged externalId=ext-02"));
    // A row to create shows what the new company gets.
    QCOMPARE(lines.value(3),
             QByteArray("line 4: create externalId=dry-3: custom.Region: \"APAC\"; externalId: "
                        "\"dry-3\"; name: \"Dry Three\""));
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates), before);

    // Update mode: the row without a match is a problem, and nothing is sent.
    const CliRun updateOnly
        = runCli(sandbox.url(), {"import", "companies", path, "--mode", "update", "--yes"},
                 m_dataHome.environment());
    QCOMPARE(updateOnly.exitCode, 2);
    QVERIFY2(updateOnly.err.contains(
                 "row 3 (line 4), value \"dry-3\": no company has externalId \"dry-3\""),
             updateOnly.err.constData());
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates), before);
}

void TestImport::problemsStopTheImport()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "5"}), qPrintable(sandbox.errorString()));
    const QString path = m_dir.filePath("bad.csv");
    writeCsv(path,
             {{"externalId", "name", "Seats", "Region", "Owner"},
              {"p-1", "Fine", "3", "EMEA", ""},
              {"p-2", "Bad seats", "3 apples", "EMEA", ""},
              {"p-3", "", "4", "Atlantis", ""},
              {"p-1", "Twice", "1", "", ""},
              {"p-5", "Bad owner", "1", "", "someone"}});
    const CliRun run
        = runCli(sandbox.url(), {"import", "companies", path, "--yes"}, m_dataHome.environment());
    QCOMPARE(run.exitCode, 2);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains("row 2 (line 3), column \"Seats\", value \"3 apples\": "),
             qPrintable(err));
    QVERIFY2(err.contains("row 3 (line 4), column \"Region\", value \"Atlantis\": "),
             qPrintable(err));
    QVERIFY2(err.contains("row 3 (line 4): a new company needs name"), qPrintable(err));
    QVERIFY2(
        err.contains(
            "row 4 (line 5), value \"p-1\": externalId \"p-1\" appears again (first at line 2)"),
        qPrintable(err));
    QVERIFY2(err.contains("row 5 (line 6), column \"Owner\", value \"someone\": "),
             qPrintable(err));
    QVERIFY2(err.contains("nothing was sent"), qPrintable(err));
    int duplicates = 0;
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates).size(), 5);

    // --skip-invalid sends the one good row; the others are failed in the results.
    const QString resultsPath = m_dir.filePath("bad-results.csv");
    const CliRun skipped
        = runCli(sandbox.url(),
                 {"import", "companies", path, "--yes", "--skip-invalid", "--results", resultsPath},
                 m_dataHome.environment());
    QCOMPARE(skipped.exitCode, 1);
    const QList<QStringList> results = readCsv(resultsPath);
    QCOMPARE(results.size(), 6);
    QCOMPARE(results.at(1).at(5), QStringLiteral("created"));
    for (int i = 2; i <= 5; ++i) {
        QCOMPARE(results.at(i).at(5), QStringLiteral("failed"));
        QVERIFY(results.at(i).at(7).startsWith("not sent: "));
    }
    QCOMPARE(byExternalId(listCompanies(sandbox.url()), &duplicates).size(), 6);
}

void TestImport::companyReferencesAreChecked()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "5"}), qPrintable(sandbox.errorString()));
    const QString path = m_dir.filePath("people.csv");
    writeCsv(path,
             {{"Email", "First name", "Company"},
              {"ann@example.com", "Ann", "extid-ext-1"},
              {"bob@example.com", "Bob", "extid-ext-9"},
              {"cy@example.com", "Cy", "srcid-src-2"}});
    const CliRun run
        = runCli(sandbox.url(), {"import", "endusers", path, "--mode", "create", "--dry-run"},
                 m_dataHome.environment());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(
                 "row 2 (line 3), column \"Company\", value \"extid-ext-9\": no company has "
                 "externalId \"ext-9\""),
             run.err.constData());
    QVERIFY2(run.out.contains("line 2: create") && run.out.contains("line 4: create"),
             run.out.constData());

    const CliRun skipped = runCli(
        sandbox.url(), {"import", "endusers", path, "--mode", "create", "--skip-invalid", "--yes"},
        m_dataHome.environment());
    QCOMPARE(skipped.exitCode, 1);
    QVERIFY2(skipped.out.contains("created 2, updated 0, unchanged 0, failed 1"),
             skipped.out.constData());
}

void TestImport::endUsersKeyedByEmailImportOnce()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "6"}), qPrintable(sandbox.errorString()));
    const QList<QJsonObject> tenantCompanies = listCompanies(sandbox.url());
    QCOMPARE(tenantCompanies.size(), 6);
    // Companies are named in the file as people write them: by name, and once by domain.
    QList<QStringList> rows {{"Email", "First name", "Company"}};
    QHash<QString, QString> companyOf; // email -> the company's _id
    for (int i = 1; i <= 30; ++i) {
        const QJsonObject &company = tenantCompanies.at(i % tenantCompanies.size());
        const QString email = QStringLiteral("person%1@example.com").arg(i);
        rows.append({email, QStringLiteral("Person %1").arg(i), company.value("name").toString()});
        companyOf.insert(email, company.value("_id").toString());
    }
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ListQuery domainQuery;
    domainQuery.select = {"_id", "domains"};
    const QList<QJsonObject> domains
        = collectRows(client.list(companies(), domainQuery), nullptr, 60000);
    QVERIFY(!domains.isEmpty());
    const QString domain = domains.first().value("domains").toArray().first().toString();
    rows[1][2] = domain;
    companyOf.insert(rows.at(1).at(0), domains.first().value("_id").toString());
    const QString path = m_dir.filePath("people-by-email.csv");
    writeCsv(path, rows);

    const auto listEndUsers = [&client] {
        ListQuery query;
        query.select = {"_id", "email", "companyId"};
        return collectRows(client.list(*Schema::builtin().type("endusers"), query), nullptr, 60000);
    };
    const int before = int(listEndUsers().size());
    const QStringList import {"import", "endusers", path, "--key", "email", "--yes"};
    const CliRun first = runCli(sandbox.url(), import, m_dataHome.environment());
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("created 30, updated 0, unchanged 0, failed 0"),
             first.out.constData());
    // The same file again: every row matches its end user by email; nothing is created.
    const CliRun second = runCli(sandbox.url(), import, m_dataHome.environment());
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QVERIFY2(second.out.contains("created 0, updated 0, unchanged 30, failed 0"),
             second.out.constData());

    const QList<QJsonObject> endUsers = listEndUsers();
    QCOMPARE(endUsers.size(), before + 30);
    QSet<QString> emails;
    for (const QJsonObject &endUser : endUsers) {
        const QString email = endUser.value("email").toString().toLower();
        QVERIFY2(!emails.contains(email), qPrintable(email));
        emails.insert(email);
        if (companyOf.contains(email))
            QCOMPARE(endUser.value("companyId").toString(), companyOf.value(email));
    }

    // `missing` compares keys as the import does: an address in other case is there.
    const QString lookUp = m_dir.filePath("people-lookup.csv");
    writeCsv(lookUp, {{"Email"}, {"PERSON7@Example.com"}, {"nobody@example.com"}});
    const CliRun missing = runCli(sandbox.url(), {"missing", "endusers", lookUp, "--key", "email"},
                                  m_dataHome.environment());
    QVERIFY2(missing.exitCode == 0, missing.err.constData());
    QCOMPARE(missing.out, QByteArray("Email\r\nnobody@example.com\r\n"));
}

void TestImport::companiesKeyedByName()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "20"}), qPrintable(sandbox.errorString()));
    const QList<QJsonObject> before = listCompanies(sandbox.url());
    QCOMPARE(before.size(), 20);
    QList<QStringList> rows {{"Name", "Region"}};
    for (int i = 0; i < 4; ++i) {
        rows.append({before.at(i).value("name").toString(),
                     before.at(i).value("custom").toObject().value("Region").toString()});
    }
    rows.append(QStringList {"Named Newco One", "EMEA"});
    rows.append(QStringList {"Named Newco Two", "APAC"});
    const QString path = m_dir.filePath("companies-by-name.csv");
    writeCsv(path, rows);

    // The plan matches on the name, client side: the seeded companies are found by it.
    const CliRun dry
        = runCli(sandbox.url(), {"import", "companies", path, "--key", "name", "--dry-run"},
                 m_dataHome.environment());
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QVERIFY2(dry.out.startsWith("6 rows: 2 to create, 0 to update, 4 unchanged, 0 invalid (mode "
                                "upsert, key name)"),
             dry.out.constData());
    QVERIFY2(dry.out.contains(QStringLiteral("line 2: unchanged name=%1 (_id %2)")
                                  .arg(before.at(0).value("name").toString(),
                                       before.at(0).value("_id").toString())
                                  .toUtf8()),
             dry.out.constData());

    const QStringList import {"import", "companies", path, "--key", "name", "--yes"};
    const CliRun first = runCli(sandbox.url(), import, m_dataHome.environment());
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("created 2, updated 0, unchanged 4"), first.out.constData());
    const CliRun second = runCli(sandbox.url(), import, m_dataHome.environment());
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QVERIFY2(second.out.contains("created 0, updated 0, unchanged 6"), second.out.constData());

    const QList<QJsonObject> after = listCompanies(sandbox.url());
    QCOMPARE(after.size(), 22);
    QSet<QString> names;
    for (const QJsonObject &company : after) {
        QVERIFY(!names.contains(company.value("name").toString()));
        names.insert(company.value("name").toString());
    }
    QVERIFY(names.contains("Named Newco One") && names.contains("Named Newco Two"));
}

void TestImport::missingPrintsRowsWithoutMatch()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "20"}), qPrintable(sandbox.errorString()));
    const QString path = m_dir.filePath("missing.csv");
    writeCsv(path,
             {{"Name", "External ID"},
              {"a", "ext-01"},
              {"b", "nope-1"},
              {"c", "ext-20"},
              {"d", "nope-2"},
              {"e", ""}});
    const CliRun run = runCli(sandbox.url(), {"missing", "companies", path, "--key", "externalId"},
                              m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, QByteArray("Name,External ID\r\nb,nope-1\r\nd,nope-2\r\ne,\r\n"));
    QVERIFY2(run.err.contains("3 of 5 rows"), run.err.constData());

    const CliRun bySource
        = runCli(sandbox.url(), {"missing", "companies", path, "--key", "sourceId"},
                 m_dataHome.environment());
    QCOMPARE(bySource.exitCode, 2);
    QVERIFY2(bySource.err.contains("no column"), bySource.err.constData());
    QCOMPARE(
        runCli(sandbox.url(), {"missing", "companies", path}, m_dataHome.environment()).exitCode,
        2);
}

void TestImport::usageErrors()
{
    const QString path = m_dir.filePath("usage.csv");
    writeCsv(path, {{"externalId", "name"}, {"u-1", "U"}});
    const QUrl nowhere("http://127.0.0.1:9");
    // Checked before any request: the URL is never contacted.
    const CliRun noYes = runCli(nowhere, {"import", "companies", path}, m_dataHome.environment());
    QCOMPARE(noYes.exitCode, 2);
    QVERIFY2(noYes.err.contains("add --yes"), noYes.err.constData());
    QCOMPARE(runCli(nowhere, {"import", "companies", path, "--mode", "merge", "--yes"},
                    m_dataHome.environment())
                 .exitCode,
             2);
    // A field companies cannot be matched on: refused before any request, naming the choices.
    const CliRun badKey = runCli(nowhere, {"import", "companies", path, "--key", "email", "--yes"},
                                 m_dataHome.environment());
    QCOMPARE(badKey.exitCode, 2);
    QVERIFY2(badKey.err.contains("--key: companies cannot be matched on \"email\"; the match key "
                                 "is one of: _id, sourceId, externalId, name, domains"),
             badKey.err.constData());
    QCOMPARE(
        runCli(nowhere, {"missing", "companies", path, "--key", "owner"}, m_dataHome.environment())
            .exitCode,
        2);
    QCOMPARE(runCli(nowhere, {"import", "companies", path, "--delimiter", "ab", "--yes"},
                    m_dataHome.environment())
                 .exitCode,
             2);
    QCOMPARE(runCli(nowhere, {"import", "companies", path, "--encoding", "ebcdic", "--yes"},
                    m_dataHome.environment())
                 .exitCode,
             2);
    const CliRun noFile
        = runCli(nowhere, {"import", "companies", m_dir.filePath("nope.csv"), "--yes"},
                 m_dataHome.environment());
    QCOMPARE(noFile.exitCode, 2);
    QVERIFY2(noFile.err.contains("nope.csv"), noFile.err.constData());
    QCOMPARE(
        runCli(nowhere, {"undo", m_dir.filePath("nope.journal"), "--yes"}, m_dataHome.environment())
            .exitCode,
        2);
    // An unreachable tenant is a network error.
    QCOMPARE(runCli(nowhere, {"import", "companies", path, "--dry-run"}, m_dataHome.environment())
                 .exitCode,
             4);
}

void TestImport::resumeRefusesAChangedFile()
{
    const QString path = m_dir.filePath("changed.csv");
    writeCsv(path, {{"externalId", "name"}, {"c-1", "One"}, {"c-2", "Two"}});
    ImportSettings settings;
    settings.filePath = QFileInfo(path).absoluteFilePath();
    settings.type = *Schema::builtin().type("companies");
    settings.mapping = ImportMapping::autoMatch(settings.type, {"externalId", "name"});
    // An import whose first chunk went out and never came back, as a kill leaves it.
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(m_dataHome.journalDirectory(), settings, 2, &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "c-1"}, {1, PlannedAction::Create, "c-2"}}, {}));
    journal.reset();

    // The file is edited before the resume: rows would meet the wrong journal entries.
    writeCsv(path, {{"externalId", "name"}, {"c-1", "One"}, {"c-3", "Three"}});
    const QUrl nowhere("http://127.0.0.1:9"); // refused before any request
    const CliRun resumed = runCli(nowhere, {"import", "companies", path, "--resume", "--yes"},
                                  m_dataHome.environment());
    QCOMPARE(resumed.exitCode, 2);
    QVERIFY2(resumed.err.contains("changed since the import started"), resumed.err.constData());
    QVERIFY2(resumed.err.contains("planhat-cli undo"), resumed.err.constData());
}

// The planner reads and converts the file while the tenant is listed, and matches rows only
// once the listing is in: its plan must be the one a builder makes from the whole listing
// first and then every row in file order (updates, unchanged rows, creates, duplicate keys,
// bad cells, file problems).
void TestImport::plannerMatchesRowsReadWhileListing()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "6000"}), qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.requestsPerMinute = 0;
    client.setOptions(options);
    const QList<QJsonObject> seeded = listCompanies(sandbox.url());
    QVERIFY(seeded.size() >= 6000);
    QHash<QString, QString> nameByKey;
    for (const QJsonObject &company : seeded)
        nameByKey.insert(company.value("externalId").toString(), company.value("name").toString());

    QList<QStringList> rows {{"External ID", "Name", "Phone"}};
    for (int i = 1; i <= 6000; ++i) {
        const QString key = QStringLiteral("ext-%1").arg(i, 4, 10, QLatin1Char('0'));
        // Every third row keeps its name (unchanged unless the phone differs).
        const QString name
            = i % 3 == 0 ? nameByKey.value(key) : QStringLiteral("Renamed %1").arg(i);
        rows.append({key, name, i % 5 == 0 ? QStringLiteral("+46 %1").arg(i) : QString()});
    }
    for (int i = 1; i <= 2000; ++i)
        rows.append({QStringLiteral("new-%1").arg(i), QStringLiteral("New \"%1\" ÅÄÖ").arg(i), {}});
    rows.append({"ext-0007", "Twice", {}}); // a key given twice in the file
    rows.append({{}, "No key", {}});
    rows.append({"short"}); // a ragged row: a file problem
    const QString path = m_dir.filePath("overlap.csv");
    writeCsv(path, rows);

    ImportSettings settings = importByExternalId(path, companies(), rows.first());
    settings.skipInvalidRows = true;

    ImportPlanner planner(&client, settings);
    QSignalSpy planned(&planner, &ImportPlanner::finished);
    planner.start();
    QVERIFY(planned.wait(60000));
    const ImportPlanResult result = planned.takeFirst().at(0).value<ImportPlanResult>();
    QVERIFY2(result.isOk(), qPrintable(result.error.toString() + result.fileError));
    const ImportPlan &plan = *result.plan;

    // The same plan made one step after the other.
    ImportPlanBuilder builder(settings);
    ListQuery query;
    query.select = ImportPlanBuilder::fieldsToList(settings);
    ListResult listed;
    for (const QJsonObject &object : collectRows(client.list(companies(), query), &listed))
        builder.addExisting(object);
    QVERIFY(!listed.error.isError());
    QString openError;
    const std::unique_ptr<TableReader> reader
        = TableReader::open(path, settings.tableOptions(), &openError);
    QVERIFY2(reader, qPrintable(openError));
    builder.setFileFingerprint(FileFingerprint::of(path));
    CsvRow row;
    while (reader->readRow(row)) {
        QList<QString> problems;
        for (const CsvIssue &issue : row.issues()) {
            if (issue.severity == CsvIssue::Severity::Error)
                problems.append(reader->rowIssueText(issue));
        }
        builder.addRow(row.toStringList(), row.line(), problems);
    }
    const std::shared_ptr<ImportPlan> expected = builder.take();

    QCOMPARE(plan.rowCount(), expected->rowCount());
    QCOMPARE(plan.rowCount(), 8003);
    QCOMPARE(plan.createCount(), expected->createCount());
    QCOMPARE(plan.updateCount(), expected->updateCount());
    QCOMPARE(plan.unchangedCount(), expected->unchangedCount());
    QCOMPARE(plan.invalidCount(), expected->invalidCount());
    QVERIFY(plan.createCount() >= 2000);
    QVERIFY(plan.updateCount() > 0);
    QVERIFY(plan.unchangedCount() > 0);
    QVERIFY(plan.invalidCount() >= 2);
    for (qint64 i = 0; i < plan.rowCount(); ++i) {
        const PlannedRow &got = plan.row(i);
        const PlannedRow &want = expected->row(i);
        QCOMPARE(got.line, want.line);
        QCOMPARE(int(got.action), int(want.action));
        QCOMPARE(got.changedFields, want.changedFields);
        QCOMPARE(got.existing >= 0, want.existing >= 0);
        if (got.existing >= 0) {
            QCOMPARE(plan.existingFor(i)->id, expected->existingFor(i)->id);
            QCOMPARE(plan.existingFor(i)->beforeImage(), expected->existingFor(i)->beforeImage());
        }
        const QList<FieldChange> changes = plan.changes(i);
        const QList<FieldChange> wanted = expected->changes(i);
        QCOMPARE(changes.size(), wanted.size());
        for (qsizetype c = 0; c < changes.size(); ++c) {
            QCOMPARE(changes.at(c).field, wanted.at(c).field);
            QCOMPARE(changes.at(c).before, wanted.at(c).before);
            QCOMPARE(changes.at(c).after, wanted.at(c).after);
        }
    }
    QCOMPARE(plan.problemCount(), expected->problemCount());
    QCOMPARE(plan.problems().size(), expected->problems().size());
    for (qsizetype i = 0; i < plan.problems().size(); ++i)
        QCOMPARE(plan.problems().at(i).toString(), expected->problems().at(i).toString());
    QCOMPARE(plan.mappingProblems(), expected->mappingProblems());
    QCOMPARE(plan.fileFingerprint(), FileFingerprint::of(path));
}

// The file is read while the tenant is listed; when the listing fails, that is what the
// planner reports (as before the two overlapped), and a cancel while listing cancels.
void TestImport::plannerReportsAFailedListingNotTheFile()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "3000"}), qPrintable(sandbox.errorString()));
    QList<QStringList> rows {{"External ID", "Name"}};
    for (int i = 1; i <= 3000; ++i)
        rows.append({QStringLiteral("ext-%1").arg(i), QStringLiteral("Name %1").arg(i)});
    const QString path = m_dir.filePath("listingfails.csv");
    writeCsv(path, rows);
    ImportSettings settings = importByExternalId(path, companies(), rows.first());

    {
        PlanhatClient client(sandbox.url());
        client.setToken(QStringLiteral("not-the-token"));
        ImportPlanner planner(&client, settings);
        QSignalSpy planned(&planner, &ImportPlanner::finished);
        planner.start();
        QVERIFY(planned.wait(60000));
        const ImportPlanResult result = planned.takeFirst().at(0).value<ImportPlanResult>();
        QVERIFY(!result.isOk());
        QVERIFY(!result.cancelled);
        QCOMPARE(int(result.error.kind()), int(ApiError::Kind::Auth));
        QVERIFY(result.fileError.isEmpty());
        QTest::qWait(50);
        QCOMPARE(planned.size(), 0); // one answer only, though the file pass ran meanwhile
    }
    {
        PlanhatClient client(sandbox.url());
        client.setToken(SandboxProcess::token());
        ImportPlanner planner(&client, settings);
        QSignalSpy planned(&planner, &ImportPlanner::finished);
        planner.start();
        planner.cancel();
        // Aborting the listing answers at once, before cancel() returns.
        QTRY_COMPARE_WITH_TIMEOUT(planned.size(), 1, 60000);
        const ImportPlanResult result = planned.takeFirst().at(0).value<ImportPlanResult>();
        QVERIFY(result.cancelled);
        QVERIFY(!result.isOk());
    }
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
