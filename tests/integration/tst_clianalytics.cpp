// SPDX-License-Identifier: MIT
// User activities and metrics end to end: planhat-cli track, import activities|metrics and
// metrics against a real planhat-sandbox, checked through the sandbox's control endpoints.
#include "sandboxprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Planhat::Test;

namespace {

const QString tenant = QStringLiteral("7c1e4a52-3b9d-4f0e-8a61-2d5c9e7f1b34");

struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

Answer request(const QUrl &base, const QString &path, const QByteArray &verb = "GET",
               const QByteArray &body = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(base.resolved(QUrl(path)));
    request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setTransferTimeout(60000);
    QNetworkReply *reply = network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(60000))
        return {};
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestCliAnalytics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void tracksOneActivity();
    void trackChecksItsOptions_data();
    void trackChecksItsOptions();
    void tenantComesFromTheEnvironment();
    void missingTenantIsUsageError();
    void plainHttpAnalyticsOnlyToLoopback();
    void importNeedsYesWithoutATerminal();
    void sandboxRefusesBodiesOverTheLimit();
    void importsTwoHundredThousandActivitiesSplitUnderTheLimit();
    void importsActivitiesFromAWorkbookSheet();
    void metricsFileWithBadRowsSendsTheGoodOnesAndReadsThemBack();
    void metricsListIsPaged();
    void demoSeedHasMetrics();
    void metricsAndActivitiesSurviveARestartWithData();

private:
    CliRun cli(const QStringList &arguments, const QStringList &environment = {}) const
    {
        QStringList env {QStringLiteral("PLANHAT_TENANT_UUID"),
                         QStringLiteral("PLANHAT_ANALYTICS_URL")};
        env.append(environment);
        return runCli(m_sandbox.url(), arguments, env);
    }
    QJsonArray received(const QString &what) const
    {
        return request(m_sandbox.url(), QStringLiteral("/_sandbox/") + what).json().array();
    }

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
};

void TestCliAnalytics::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
}

void TestCliAnalytics::tracksOneActivity()
{
    const qsizetype before = received("analytics").size();
    const CliRun run = cli({"--tenant-uuid", tenant, "track", "--email", "ann@example.com",
                            "--company-external-id", "CUST-0001", "--action", "Exported report",
                            "--date", "2024-05-01T09:30:00Z", "--weight", "2", "--count", "3",
                            "--info", "{\"format\":\"pdf\"}", "--yes"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("sent 1 activity"), run.out.constData());
    const QJsonArray events = received("analytics");
    QCOMPARE(events.size(), before + 1);
    QCOMPARE(events.last().toObject(),
             (QJsonObject {{"email", "ann@example.com"},
                           {"companyExternalId", "CUST-0001"},
                           {"action", "Exported report"},
                           {"date", "2024-05-01T09:30:00.000Z"},
                           {"weight", 2},
                           {"count", 3},
                           {"info", QJsonObject {{"format", "pdf"}}}}));
    // One event, through the single-activity endpoint.
    const QJsonArray posts = received("analytics-posts");
    QCOMPARE(posts.last().toObject().value("path").toString(), "/analytics/" + tenant);
    QCOMPARE(posts.last().toObject().value("items").toInt(), 1);
}

void TestCliAnalytics::trackChecksItsOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no user") << QStringList {"--action", "x"} << "--email or --external-id";
    QTest::newRow("both users") << QStringList {"--email", "a@b.c",    "--external-id",
                                                "u",       "--action", "x"}
                                << "not both";
    QTest::newRow("no action") << QStringList {"--email", "a@b.c"} << "the action is empty";
    QTest::newRow("bad date") << QStringList {"--external-id", "u",   "--action", "x",
                                              "--date",        "soon"}
                              << "--date 'soon': not a date";
    QTest::newRow("bad count") << QStringList {"--external-id", "u",  "--action", "x",
                                               "--count",       "2.5"}
                               << "--count '2.5': not a whole number";
    QTest::newRow("bad info") << QStringList {"--external-id", "u",  "--action", "x",
                                              "--info",        "pdf"}
                              << "--info 'pdf': not a JSON object";
}

void TestCliAnalytics::trackChecksItsOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const qsizetype before = received("analytics").size();
    const CliRun run
        = cli(QStringList {"--tenant-uuid", tenant, "track"} + arguments + QStringList {"--yes"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    QCOMPARE(received("analytics").size(), before);
}

void TestCliAnalytics::tenantComesFromTheEnvironment()
{
    // And the analytics host too: here the sandbox, named explicitly.
    const CliRun run = cli(
        {"track", "--external-id", "u-77", "--action", "Env login", "--yes"},
        {"PLANHAT_TENANT_UUID=" + tenant, "PLANHAT_ANALYTICS_URL=" + m_sandbox.url().toString()});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject last = received("analytics").last().toObject();
    QCOMPARE(last.value("externalId").toString(), QString("u-77"));
    QVERIFY(!last.contains("date")); // not given: the host stamps it
    QCOMPARE(received("analytics-posts").last().toObject().value("path").toString(),
             "/analytics/" + tenant);
}

void TestCliAnalytics::missingTenantIsUsageError()
{
    const qsizetype before = received("analytics").size();
    for (const QStringList &arguments :
         {QStringList {"track", "--email", "a@b.c", "--action", "x", "--yes"},
          QStringList {"import", "activities", m_dir.filePath("none.csv"), "--yes"},
          QStringList {"import", "metrics", m_dir.filePath("none.csv"), "--yes"}}) {
        const CliRun run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no tenant UUID"), run.err.constData());
        QVERIFY(run.err.contains("--tenant-uuid"));
    }
    const CliRun bad = cli(
        {"--tenant-uuid", "not-a-uuid", "track", "--email", "a@b.c", "--action", "x", "--yes"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--tenant-uuid takes the tenant UUID"), bad.err.constData());
    QCOMPARE(received("analytics").size(), before);
}

void TestCliAnalytics::plainHttpAnalyticsOnlyToLoopback()
{
    const CliRun run
        = cli({"--tenant-uuid", tenant, "--analytics-url", "http://analytics.example.com", "track",
               "--email", "a@b.c", "--action", "x", "--yes"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("analytics URL"), run.err.constData());
    QVERIFY2(run.err.contains("https"), run.err.constData());
}

void TestCliAnalytics::importNeedsYesWithoutATerminal()
{
    const QString path = m_dir.filePath("one.csv");
    QVERIFY(writeFile(path, "email,action\nann@example.com,Login\n"));
    const qsizetype before = received("analytics").size();
    for (const QString &target : {QStringLiteral("activities"), QStringLiteral("metrics")}) {
        const CliRun run = cli({"--tenant-uuid", tenant, "import", target, path});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--yes"), run.err.constData());
    }
    const CliRun track
        = cli({"--tenant-uuid", tenant, "track", "--email", "a@b.c", "--action", "x"});
    QCOMPARE(track.exitCode, 2);
    QVERIFY2(track.err.contains("--yes"), track.err.constData());
    // A dry run sends nothing, so it needs neither --yes nor the tenant.
    const CliRun dry = cli({"import", "activities", path, "--dry-run"});
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QCOMPARE(dry.out,
             QByteArray("would send 1 activity in 1 requests; rejected before sending 0\n"));
    QCOMPARE(received("analytics").size(), before);
}

void TestCliAnalytics::sandboxRefusesBodiesOverTheLimit()
{
    // 32 MiB and one byte, valid JSON: refused for its size alone, nothing kept.
    const qsizetype before = received("analytics").size();
    QByteArray body = "[{\"email\":\"a@b.c\",\"action\":\"";
    const QByteArray tail = "\"}]";
    body += QByteArray(32 * 1024 * 1024 + 1 - body.size() - tail.size(), 'x');
    body += tail;
    QCOMPARE(body.size(), 32 * 1024 * 1024 + 1);
    const Answer answer = request(m_sandbox.url(), "/analytics/bulk/" + tenant, "POST", body);
    QCOMPARE(answer.status, 413);
    QVERIFY(answer.json().object().value("error").toString().contains("32 MB"));
    QCOMPARE(received("analytics").size(), before);
}

void TestCliAnalytics::importsTwoHundredThousandActivitiesSplitUnderTheLimit()
{
    // A sandbox of its own, so every event it holds is one of these.
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    constexpr int count = 200'000;
    // About 280 bytes of JSON a row: some 56 MB in all, so more than one body.
    const QByteArray padding(120, 'p');
    QByteArray csv = "User Email,Company External Id,Event,Timestamp,Count,Info\n";
    csv.reserve(count * 240);
    for (int n = 1; n <= count; ++n) {
        csv += "user" + QByteArray::number(n) + "@example.com,CUST-" + QByteArray::number(n % 97)
            + ",Used feature,2024-05-01T10:00:00Z," + QByteArray::number(n % 5 + 1)
            + ",\"{\"\"seq\"\":" + QByteArray::number(n) + ",\"\"pad\"\":\"\"" + padding
            + "\"\"}\"\n";
    }
    const QString path = m_dir.filePath("activities.csv");
    QVERIFY(writeFile(path, csv));
    csv.clear();

    const CliRun run
        = runCli(sandbox.url(), {"--tenant-uuid", tenant, "import", "activities", path, "--yes"},
                 {"PLANHAT_TENANT_UUID", "PLANHAT_ANALYTICS_URL"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QList<QByteArray> summary = run.out.trimmed().split(' ');
    QVERIFY2(run.out.startsWith("sent 200000, rejected before sending 0, requests "),
             run.out.constData());
    const int requests = summary.last().toInt();
    QVERIFY2(requests >= 2, run.out.constData());
    qInfo("200,000 activities: %d requests", requests);

    const QJsonArray posts = request(sandbox.url(), "/_sandbox/analytics-posts").json().array();
    QCOMPARE(posts.size(), requests);
    qint64 items = 0;
    for (const QJsonValue &post : posts) {
        QCOMPARE(post.toObject().value("path").toString(), "/analytics/bulk/" + tenant);
        QVERIFY(post.toObject().value("bytes").toInteger() <= 32'000'000);
        items += post.toObject().value("items").toInteger();
    }
    QCOMPARE(items, qint64(count));

    // Every activity arrived once, whole.
    const QJsonArray events = request(sandbox.url(), "/_sandbox/analytics").json().array();
    QCOMPARE(events.size(), count);
    QList<char> seen(count + 1, 0);
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const int seq = event.value("info").toObject().value("seq").toInt();
        QVERIFY(seq >= 1 && seq <= count);
        QVERIFY2(!seen.at(seq), qPrintable(QString("activity %1 arrived twice").arg(seq)));
        seen[seq] = 1;
        QCOMPARE(event.value("email").toString(), QString("user%1@example.com").arg(seq));
        QCOMPARE(event.value("count").toInt(), seq % 5 + 1);
    }
    QCOMPARE(events.first().toObject(),
             (QJsonObject {{"email", "user1@example.com"},
                           {"companyExternalId", "CUST-1"},
                           {"action", "Used feature"},
                           {"date", "2024-05-01T10:00:00.000Z"},
                           {"count", 2},
                           {"info", QJsonObject {{"seq", 1}, {"pad", QString(padding)}}}}));
}

void TestCliAnalytics::importsActivitiesFromAWorkbookSheet()
{
    const QString path = m_dir.filePath("usage.xlsx");
    const QString script = QStringLiteral(
        "import openpyxl, sys, datetime\n"
        "wb = openpyxl.Workbook()\n"
        "wb.active.title = 'Notes'\n"
        "wb.active.append(['nothing here'])\n"
        "ws = wb.create_sheet('Usage')\n"
        "ws.append(['externalId', 'action', 'date', 'count'])\n"
        "ws.append(['wb-user-1', 'Sheet login', datetime.datetime(2024, 6, 2, 8, 0), 4])\n"
        "ws.append(['', 'No user', None, 1])\n"
        "ws.append(['wb-user-2', 'Sheet login', '2024-06-03', 1])\n"
        "wb.save(sys.argv[1])\n");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, path});
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    const CliRun run
        = cli({"--tenant-uuid", tenant, "import", "activities", path, "--sheet", "Usage", "--yes"});
    QCOMPARE(run.exitCode, 1); // one row rejected
    QVERIFY2(run.out.startsWith("sent 2, rejected before sending 1, requests 1"),
             run.out.constData());
    QVERIFY2(run.err.contains("usage.xlsx: row 2 (sheet row 3), column \"externalId\": neither "
                              "an email nor an external id is given"),
             run.err.constData());
    const QJsonArray events = received("analytics");
    const QJsonObject first = events.at(events.size() - 2).toObject();
    QCOMPARE(first.value("externalId").toString(), QString("wb-user-1"));
    QCOMPARE(first.value("date").toString(), QString("2024-06-02T08:00:00.000Z"));
    QCOMPARE(first.value("count").toInt(), 4);
    QCOMPARE(events.last().toObject().value("externalId").toString(), QString("wb-user-2"));
}

void TestCliAnalytics::metricsFileWithBadRowsSendsTheGoodOnesAndReadsThemBack()
{
    for (const char *key : {"MX-1", "MX-2"}) {
        const CliRun created
            = cli({"create", "companies", "--json",
                   QJsonDocument(
                       QJsonObject {{"name", QString("Metrics %1").arg(key)}, {"externalId", key}})
                       .toJson(QJsonDocument::Compact)});
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }
    const QString path = m_dir.filePath("metrics.csv");
    QVERIFY(writeFile(path,
                      "dimensionId,value,externalId,model,date\n"
                      "test_logins,5,MX-1,Company,2024-05-01\n"
                      "test_logins,7.5,MX-1,,2024-05-02\n"
                      "test_logins,abc,MX-1,,2024-05-03\n"
                      ",3,MX-2,,2024-05-01\n"
                      "test_logins,4,MX-2,Company,not-a-date\n"
                      "test_logins,9,,Company,2024-05-01\n"
                      "test_logins,2,MX-2,Planet,2024-05-01\n"
                      "test_logins,11,MX-2,company,2024-05-04\n"));
    const CliRun run = cli({"--tenant-uuid", tenant, "import", "metrics", path, "--yes"});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QByteArray("sent 3, rejected before sending 5, requests 1\n"));
    for (const char *problem :
         {"metrics.csv: row 3 (line 4), column \"value\", value \"abc\": not a number",
          "metrics.csv: row 4 (line 5), column \"dimensionId\": the dimension id is empty",
          "metrics.csv: row 5 (line 6), column \"date\", value \"not-a-date\": not a date",
          "metrics.csv: row 6 (line 7), column \"externalId\": the external id is empty",
          "metrics.csv: row 7 (line 8), column \"model\", value \"Planet\": not a model",
          "5 rows of metrics.csv have problems and are not sent"})
        QVERIFY2(run.err.contains(problem), run.err.constData());
    QVERIFY(run.err.contains("processes it later"));

    // Received: exactly the good rows.
    QList<double> values;
    for (const QJsonValue &row : received("dimensiondata")) {
        if (row.toObject().value("dimensionId").toString() == QLatin1String("test_logins"))
            values.append(row.toObject().value("value").toDouble());
    }
    QCOMPARE(values, (QList<double> {5, 7.5, 11}));

    // Read back through GET /dimensiondata, equal to what the file said.
    const CliRun first = cli(
        {"metrics", "--company", "extid-MX-1", "--dimension", "test_logins", "--format", "json"});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QJsonArray firstRows = QJsonDocument::fromJson(first.out).array();
    QCOMPARE(firstRows.size(), 2);
    QCOMPARE(firstRows.at(0).toObject().value("value").toDouble(), 5.0);
    QCOMPARE(firstRows.at(0).toObject().value("date").toString(),
             QString("2024-05-01T00:00:00.000Z"));
    QCOMPARE(firstRows.at(0).toObject().value("externalId").toString(), QString("MX-1"));
    QCOMPARE(firstRows.at(0).toObject().value("model").toString(), QString("Company"));
    QCOMPARE(firstRows.at(1).toObject().value("value").toDouble(), 7.5);
    QCOMPARE(firstRows.at(1).toObject().value("date").toString(),
             QString("2024-05-02T00:00:00.000Z"));

    const CliRun second = cli({"metrics", "--company", "extid-MX-2", "--dimension", "test_logins",
                               "--from", "2024-05-04", "--to", "2024-05-04", "--format", "csv"});
    QVERIFY2(second.exitCode == 0, second.err.constData());
    const QList<QByteArray> lines = second.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // header and the one value
    const QList<QByteArray> header = lines.at(0).trimmed().split(',');
    const QList<QByteArray> cells = lines.at(1).trimmed().split(',');
    QCOMPARE(cells.at(header.indexOf("value")), QByteArray("11"));
    QCOMPARE(cells.at(header.indexOf("model")), QByteArray("Company"));

    const CliRun none = cli({"metrics", "--company", "extid-MX-2", "--dimension", "test_logins",
                             "--to", "2024-05-03", "--format", "json"});
    QVERIFY2(none.exitCode == 0, none.err.constData());
    QCOMPARE(QJsonDocument::fromJson(none.out).array().size(), 0);

    const CliRun badDate = cli({"metrics", "--from", "May 1"});
    QCOMPARE(badDate.exitCode, 2);
    QVERIFY(badDate.err.contains("--from takes an ISO date"));
}

void TestCliAnalytics::metricsListIsPaged()
{
    // More values than one page holds (the API's maximum is 2000): every one read once.
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--page-cap", "700"}), qPrintable(sandbox.errorString()));
    QJsonArray metrics;
    for (int n = 0; n < 2500; ++n) {
        metrics.append(QJsonObject {
            {"dimensionId", "paged"}, {"value", n}, {"externalId", "P-1"}, {"date", "2024-05-01"}});
    }
    const Answer pushed = request(sandbox.url(), "/dimensiondata/" + tenant, "POST",
                                  QJsonDocument(metrics).toJson(QJsonDocument::Compact));
    QCOMPARE(pushed.status, 200);
    const Answer page = request(sandbox.url(), "/dimensiondata?dimid=paged&limit=3&offset=2498");
    QCOMPARE(page.json().array().size(), 2);
    QCOMPARE(page.json().array().at(1).toObject().value("value").toInt(), 2499);

    const CliRun run
        = runCli(sandbox.url(), {"metrics", "--dimension", "paged", "--format", "json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(rows.size(), 2500);
    for (int n = 0; n < rows.size(); ++n)
        QCOMPARE(rows.at(n).toObject().value("value").toInt(), n);
}

void TestCliAnalytics::demoSeedHasMetrics()
{
    const CliRun run = cli({"metrics", "--company", "extid-CUST-0001", "--format", "json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
    QVERIFY2(rows.size() >= 14, run.out.left(400).constData());
    QSet<QString> dimensions;
    for (const QJsonValue &row : rows)
        dimensions.insert(row.toObject().value("dimensionId").toString());
    QVERIFY(dimensions.contains("logins"));
    QVERIFY(dimensions.contains("active_users"));
}

void TestCliAnalytics::metricsAndActivitiesSurviveARestartWithData()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataFile = dir.filePath("sandbox.json");
    QJsonArray sent;
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({"--seed", "demo", "--data", dataFile}),
                 qPrintable(sandbox.errorString()));
        QJsonArray metrics;
        for (int n = 0; n < 5; ++n) {
            metrics.append(QJsonObject {{"dimensionId", "kept"},
                                        {"value", 1.5 * n},
                                        {"externalId", "CUST-0001"},
                                        {"date", QString("2024-05-0%1").arg(n + 1)}});
        }
        QCOMPARE(request(sandbox.url(), "/dimensiondata/" + tenant, "POST",
                         QJsonDocument(metrics).toJson(QJsonDocument::Compact))
                     .status,
                 200);
        QCOMPARE(request(sandbox.url(), "/analytics/" + tenant, "POST",
                         R"({"email":"kept@example.com","action":"kept"})")
                     .status,
                 200);
        sent = request(sandbox.url(), "/_sandbox/dimensiondata").json().array();
        QVERIFY(sent.size() > 5); // the demo's metrics and ours
        sandbox.stop(); // SIGTERM: the sandbox saves its data file
    }
    SandboxProcess restarted;
    QVERIFY2(restarted.start({"--data", dataFile}), qPrintable(restarted.errorString()));
    // Every metric comes back as it was, ids and all, and is listed like before.
    QCOMPARE(request(restarted.url(), "/_sandbox/dimensiondata").json().array(), sent);
    const CliRun run = runCli(
        restarted.url(),
        {"metrics", "--company", "extid-CUST-0001", "--dimension", "kept", "--format", "json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(rows.size(), 5);
    for (int n = 0; n < rows.size(); ++n)
        QCOMPARE(rows.at(n).toObject().value("value").toDouble(), 1.5 * n);
    const QJsonArray activities = request(restarted.url(), "/_sandbox/analytics").json().array();
    QVERIFY(!activities.isEmpty());
    QCOMPARE(activities.last().toObject().value("email").toString(), "kept@example.com");

    // New metrics get ids of their own after the restart, never one a kept metric has.
    QCOMPARE(request(restarted.url(), "/dimensiondata/" + tenant, "POST",
                     R"({"dimensionId":"after","value":1,"externalId":"CUST-0001"})")
                 .status,
             200);
    QSet<QString> ids;
    const QJsonArray all = request(restarted.url(), "/_sandbox/dimensiondata").json().array();
    for (const QJsonValue &metric : all)
        ids.insert(metric.toObject().value("_id").toString());
    QCOMPARE(ids.size(), all.size());
}

QTEST_GUILESS_MAIN(TestCliAnalytics)
#include "tst_clianalytics.moc"
