// SPDX-License-Identifier: MIT
// planhat-cli end to end: the real executable against a real planhat-sandbox.
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat::Test;

class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void versionAndHelp();
    void usageErrors_data();
    void usageErrors();
    void types();
    void missingTokenIsAuthError();
    void wrongTokenIsAuthError();
    void failedListPrintsNothing_data();
    void failedListPrintsNothing();
    void badMaxRateIsUsageError_data();
    void badMaxRateIsUsageError();
    void listSaysWhenRateLimited();
    void unreachableServerIsNetworkError();
    void plainHttpToRemoteHostIsRefused();

    void listJson();
    void listSelectSortLimit();
    void listByCompany();
    void listCsv();
    void listTable();
    void getByKeys();
    void getMissingIsItemFailure();
    void createUpdateDelete();
    void createChecksRequiredFieldsBeforeSending();
    void invalidJsonNamesLineAndColumn();
    void deleteNeedsConfirmation();
    void deleteReportsEachKey();

private:
    QJsonArray listJson(const QStringList &arguments);
    QJsonObject firstCompany();

    SandboxProcess m_sandbox;
};

void TestCli::initTestCase()
{
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
}

QJsonArray TestCli::listJson(const QStringList &arguments)
{
    const CliRun run = runCli(m_sandbox.url(),
                              QStringList {"list"} + arguments + QStringList {"--format", "json"});
    if (run.exitCode != 0) {
        qWarning("planhat-cli failed: %s", run.err.constData());
        return {};
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        qWarning("not a JSON array: %s", qPrintable(error.errorString()));
        return {};
    }
    return document.array();
}

QJsonObject TestCli::firstCompany()
{
    const QJsonArray companies = listJson({"companies", "--all-fields", "--limit", "1"});
    return companies.first().toObject();
}

void TestCli::versionAndHelp()
{
    CliRun run = runCli({}, {"--version"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("planhat-cli "));

    run = runCli({}, {"--help"});
    QCOMPARE(run.exitCode, 0);
    for (const char *command : {"types", "list", "get", "create", "update", "delete"})
        QVERIFY2(run.out.contains(command), command);
    QVERIFY(run.out.contains("Exit codes"));

    QVERIFY(run.out.contains("--max-rate N"));
    QVERIFY(run.out.contains("PLANHAT_MAX_RATE"));

    run = runCli({}, {"list", "--help"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("--all-fields"));
    QVERIFY(run.out.contains("[--max-rate N]"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no command") << QStringList {} << QByteArray("no command");
    QTest::newRow("unknown command") << QStringList {"frobnicate"} << QByteArray("unknown command");
    QTest::newRow("unknown type") << QStringList {"list", "widgets"}
                                  << QByteArray("unknown object type 'widgets'");
    QTest::newRow("unknown option")
        << QStringList {"list", "companies", "--bogus"} << QByteArray("bogus");
    QTest::newRow("bad format") << QStringList {"list", "companies", "--format", "xml"}
                                << QByteArray("--format");
    QTest::newRow("bad limit") << QStringList {"list", "companies", "--limit", "lots"}
                               << QByteArray("--limit");
    QTest::newRow("select and all-fields")
        << QStringList {"list", "companies", "--select", "name", "--all-fields"}
        << QByteArray("exclude");
    QTest::newRow("missing key") << QStringList {"get", "companies"} << QByteArray("usage");
    QTest::newRow("bad --by") << QStringList {"get", "companies", "x", "--by", "name"}
                              << QByteArray("--by");
    QTest::newRow("get unsupported for tickets")
        << QStringList {"get", "tickets", "x"} << QByteArray("cannot get tickets");
    QTest::newRow("update with read-only fields only")
        << QStringList {"update", "companies", "x", "--json", R"({"status": "lost", "h": 3})"}
        << QByteArray("nothing to update");
    QTest::newRow("create without json")
        << QStringList {"create", "companies"} << QByteArray("--json is required");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliRun run = runCli(m_sandbox.url(), arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::types()
{
    CliRun run = runCli({}, {"types", "--format", "json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray types = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(types.size(), 19);
    QCOMPARE(types.first().toObject().value("name").toString(), QStringLiteral("companies"));
    QCOMPARE(types.first().toObject().value("pageLimit").toInt(), 5000);

    run = runCli({}, {"types", "invoices", "--format", "json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject invoices = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(invoices.value("companyField").toString(), QStringLiteral("cId"));
    QVERIFY(invoices.value("keys").toArray().contains(QJsonValue("extId")));

    run = runCli({}, {"types", "--format", "table"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("opportunities"));
}

void TestCli::missingTokenIsAuthError()
{
    const CliRun run = runCli(m_sandbox.url(), {"list", "companies"}, {"PLANHAT_API_TOKEN"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("PLANHAT_API_TOKEN"), run.err.constData());
}

void TestCli::wrongTokenIsAuthError()
{
    const CliRun run
        = runCli(m_sandbox.url(), {"list", "companies"}, {"PLANHAT_API_TOKEN=not-the-token-xyz"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("401"), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1); // one line
    QVERIFY(!run.err.contains("not-the-token-xyz"));
    QVERIFY(!run.out.contains("not-the-token-xyz"));
}

void TestCli::failedListPrintsNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    // Before, a refused token printed "[]", which a script takes for an empty tenant.
    QTest::newRow("json, wrong token")
        << QStringList {"list", "companies", "--format", "json"} << 3;
    QTest::newRow("csv, wrong token")
        << QStringList {"list", "companies", "--format", "csv", "--select", "name"} << 3;
    QTest::newRow("table, wrong token")
        << QStringList {"list", "companies", "--format", "table"} << 3;
    QTest::newRow("default format, wrong token") << QStringList {"list", "endusers"} << 3;
}

void TestCli::failedListPrintsNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const CliRun run = runCli(m_sandbox.url(), arguments, {"PLANHAT_API_TOKEN=not-the-token-xyz"});
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains("401"), run.err.constData());
    QVERIFY2(run.out.isEmpty(), run.out.constData());
}

void TestCli::badMaxRateIsUsageError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environment"); // PLANHAT_MAX_RATE; null = unset
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("word") << QStringList {"--max-rate", "fast", "list", "companies"} << QString()
                          << QByteArray("--max-rate takes the requests per minute");
    QTest::newRow("negative") << QStringList {"--max-rate=-5", "list", "companies"} << QString()
                              << QByteArray("not '-5'");
    QTest::newRow("above the API's hard limit")
        << QStringList {"--max-rate", "9001", "get", "companies", "x"} << QString()
        << QByteArray("0 (no pacing) to 9000");
    QTest::newRow("after the command") << QStringList {"list", "companies", "--max-rate", "1.5"}
                                       << QString() << QByteArray("not '1.5'");
    QTest::newRow("command without a connection")
        << QStringList {"--max-rate", "x", "types"} << QString() << QByteArray("--max-rate");
    QTest::newRow("environment") << QStringList {"list", "companies"} << QStringLiteral("lots")
                                 << QByteArray("PLANHAT_MAX_RATE takes the requests per minute");
}

void TestCli::badMaxRateIsUsageError()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environment);
    QFETCH(QByteArray, message);
    const CliRun run
        = runCli(m_sandbox.url(), arguments,
                 environment.isNull() ? QStringList {"PLANHAT_MAX_RATE"}
                                      : QStringList {"PLANHAT_MAX_RATE=" + environment});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1); // one clear line
    QVERIFY(run.out.isEmpty());

    // A good value runs the command (0 = no pacing).
    const CliRun good
        = runCli(m_sandbox.url(), {"--max-rate", "0", "list", "companies", "--limit", "1"},
                 {"PLANHAT_MAX_RATE=120"});
    QVERIFY2(good.exitCode == 0, good.err.constData());
}

void TestCli::listSaysWhenRateLimited()
{
    // A sandbox that answers 429 (Retry-After: 1) beyond one request a second. Four company
    // lookups and the list are five requests in a row: however slow the machine, some of
    // them meet the limit, and the list waits it out and says so on stderr.
    SandboxProcess limited;
    QVERIFY2(limited.start({"--seed", "demo", "--rate-limit", "1"}),
             qPrintable(limited.errorString()));
    const CliRun first = runCli(limited.url(),
                                {"--max-rate", "0", "list", "companies", "--limit", "1", "--select",
                                 "externalId", "--format", "json"});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QString externalId = QJsonDocument::fromJson(first.out)
                                   .array()
                                   .first()
                                   .toObject()
                                   .value("externalId")
                                   .toString();
    QVERIFY(!externalId.isEmpty());
    const QString company = "extid-" + externalId;
    const CliRun run = runCli(limited.url(),
                              {"--max-rate", "0", "list", "endusers", "--company",
                               QStringList(4, company).join(','), "--format", "json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QRegularExpression notice(QStringLiteral("^planhat-cli: rate limited, waiting \\d+ s$"),
                                    QRegularExpression::MultilineOption);
    QVERIFY2(notice.match(QString::fromUtf8(run.err)).hasMatch(), run.err.constData());
    QVERIFY(!run.err.contains("waiting 0 s"));
    // The notice went to stderr only: stdout is the JSON array, whole.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isArray());
    QVERIFY(!document.array().isEmpty());
}

void TestCli::unreachableServerIsNetworkError()
{
    // A port nothing listens on: the sandbox's port after it is gone would race, so use 1.
    const CliRun run = runCli(QUrl("http://127.0.0.1:1"), {"get", "companies", "x"});
    QCOMPARE(run.exitCode, 4);
    QVERIFY(!run.err.isEmpty());
}

void TestCli::plainHttpToRemoteHostIsRefused()
{
    const CliRun run = runCli(QUrl("http://api.planhat.com"), {"list", "companies"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("http"), run.err.constData());
}

void TestCli::listJson()
{
    const QJsonArray all = listJson({"companies"});
    QVERIFY(all.size() >= 50);
    // Default columns are lean: the identifying fields only.
    const QJsonObject first = all.first().toObject();
    QVERIFY(first.contains("_id"));
    QVERIFY(first.contains("name"));
    QVERIFY(!first.contains("custom"));

    const QJsonArray full = listJson({"companies", "--all-fields"});
    QCOMPARE(full.size(), all.size());
    QVERIFY(full.first().toObject().contains("custom"));
}

void TestCli::listSelectSortLimit()
{
    const QJsonArray rows
        = listJson({"companies", "--select", "name,externalId", "--sort", "-name", "--limit", "7"});
    QCOMPARE(rows.size(), 7);
    QString previous;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        QVERIFY(row.contains("_id"));
        QVERIFY(row.contains("name"));
        QVERIFY(!row.contains("owner"));
        const QString name = row.value("name").toString();
        if (!previous.isEmpty())
            QVERIFY2(name.compare(previous, Qt::CaseInsensitive) <= 0 || name <= previous,
                     qPrintable(previous + " then " + name));
        previous = name;
    }
}

void TestCli::listByCompany()
{
    const QJsonObject company = firstCompany();
    const QString externalId = company.value("externalId").toString();
    QVERIFY(!externalId.isEmpty());
    const QJsonArray endusers
        = listJson({"endusers", "--company", "extid-" + externalId, "--all-fields"});
    const QJsonArray allEndusers = listJson({"endusers", "--all-fields"});
    int expected = 0;
    for (const QJsonValue &value : allEndusers)
        expected += value.toObject().value("companyId") == company.value("_id") ? 1 : 0;
    QVERIFY(expected > 0);
    QCOMPARE(endusers.size(), expected);
    for (const QJsonValue &value : endusers)
        QCOMPARE(value.toObject().value("companyId"), company.value("_id"));
}

void TestCli::listCsv()
{
    const CliRun run = runCli(
        m_sandbox.url(),
        {"list", "companies", "--select", "name,externalId", "--limit", "3", "--format", "csv"});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.first().trimmed(), QByteArray("name,externalId"));

    const CliRun all = runCli(
        m_sandbox.url(), {"list", "companies", "--all-fields", "--limit", "2", "--format", "csv"});
    QCOMPARE(all.exitCode, 0);
    const QByteArray header = all.out.left(all.out.indexOf('\n'));
    QVERIFY2(header.startsWith("_id,"), header.constData());
    QVERIFY2(header.contains("custom."), header.constData());
}

void TestCli::listTable()
{
    const CliRun run
        = runCli(m_sandbox.url(), {"list", "companies", "--limit", "4", "--format", "table"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("_id"));
    QVERIFY2(run.out.contains("(4 rows)"), run.out.constData());
}

void TestCli::getByKeys()
{
    const QJsonObject company = firstCompany();
    const QString id = company.value("_id").toString();
    for (const QStringList &arguments :
         {QStringList {"get", "companies", id},
          QStringList {"get", "company", company.value("externalId").toString(), "--by",
                       "externalId"},
          QStringList {"get", "companies", company.value("sourceId").toString(), "--by",
                       "sourceId"},
          QStringList {"get", "companies", "extid-" + company.value("externalId").toString()}}) {
        const CliRun run = runCli(m_sandbox.url(), arguments + QStringList {"--format", "json"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value("_id").toString(), id);
    }
}

void TestCli::getMissingIsItemFailure()
{
    const CliRun run = runCli(m_sandbox.url(), {"get", "companies", "nope", "--by", "externalId"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("404"), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
}

void TestCli::createUpdateDelete()
{
    CliRun run = runCli(
        m_sandbox.url(),
        {"create", "companies", "--format", "json", "--json",
         R"({"name": "Cli Test Co", "externalId": "cli-test-1", "custom": {"Seats": 12}})"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject created = QJsonDocument::fromJson(run.out).object();
    const QString id = created.value("_id").toString();
    QCOMPARE(id.size(), 24);
    QCOMPARE(created.value("name").toString(), QStringLiteral("Cli Test Co"));

    QTemporaryDir dir;
    QFile changes(dir.filePath("changes.json"));
    QVERIFY(changes.open(QIODevice::WriteOnly));
    changes.write(R"({"name": "Cli Test Company", "custom": {"Region": "EMEA"}})");
    changes.close();
    run = runCli(m_sandbox.url(),
                 {"update", "companies", "cli-test-1", "--by", "externalId", "--format", "json",
                  "--json", "@" + changes.fileName()});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject updated = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(updated.value("name").toString(), QStringLiteral("Cli Test Company"));
    // custom is merged, not replaced.
    QCOMPARE(updated.value("custom").toObject().value("Seats").toInt(), 12);
    QCOMPARE(updated.value("custom").toObject().value("Region").toString(), QStringLiteral("EMEA"));

    run = runCli(m_sandbox.url(), {"delete", "companies", id, "--yes"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("deleted " + id.toUtf8()));
    QCOMPARE(runCli(m_sandbox.url(), {"get", "companies", id}).exitCode, 1);
}

void TestCli::createChecksRequiredFieldsBeforeSending()
{
    const CliRun run
        = runCli(m_sandbox.url(), {"create", "licenses", "--json", R"({"product": "Gold"})"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("companyId"), run.err.constData());
    QVERIFY(run.err.contains("fromDate"));
}

void TestCli::invalidJsonNamesLineAndColumn()
{
    const CliRun run
        = runCli(m_sandbox.url(), {"create", "companies", "--json", "{\n  \"name\": oops\n}"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("line 2, column"), run.err.constData());
}

void TestCli::deleteNeedsConfirmation()
{
    const QJsonObject company = firstCompany();
    const CliRun run
        = runCli(m_sandbox.url(), {"delete", "companies", company.value("_id").toString()});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--yes"), run.err.constData());
    QCOMPARE(
        runCli(m_sandbox.url(), {"get", "companies", company.value("_id").toString()}).exitCode, 0);
}

void TestCli::deleteReportsEachKey()
{
    CliRun run = runCli(m_sandbox.url(),
                        {"create", "projects", "--format", "json", "--json",
                         QStringLiteral(R"({"name": "Doomed", "companyId": "%1"})")
                             .arg(firstCompany().value("_id").toString())});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString id = QJsonDocument::fromJson(run.out).object().value("_id").toString();

    run = runCli(m_sandbox.url(), {"delete", "projects", id, "5f0000000000000000000bad", "--yes"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("deleted " + id.toUtf8()));
    QVERIFY2(run.err.contains("5f0000000000000000000bad"), run.err.constData());
    QVERIFY(run.err.contains("404"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
