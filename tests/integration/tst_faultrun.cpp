// SPDX-License-Identifier: MIT
// The client against a sandbox that fails on purpose: random 429s with Retry-After, 500s,
// 503s, dropped connections and drops after the change was applied. Nothing may be lost,
// duplicated or misreported.
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "schema/schema.h"

#include <QHash>
#include <QSet>
#include <QSignalSpy>

using namespace Planhat;
using namespace Planhat::Test;

class TestFaultRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listAndUpsertUnderFaults();
    void rateLimitedServerIsWaitedOut();
    void slowServerTimesOut();

private:
    /// Lists companies in pages of 1,000 unless the query says otherwise.
    static QList<QJsonObject> listAll(PlanhatClient &client, ListQuery query, ListResult *result);
    static const ObjectType &companies() { return *Schema::builtin().type("companies"); }
};

QList<QJsonObject> TestFaultRun::listAll(PlanhatClient &client, ListQuery query, ListResult *result)
{
    if (query.pageSize == 0)
        query.pageSize = 1000;
    return collectRows(client.list(companies(), query), result, 300000);
}

void TestFaultRun::listAndUpsertUnderFaults()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(
                 {"--seed-companies", "20000", "--fail-rate", "0.15", "--fault-seed", "20261122"}),
             qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(50);
    options.maxBackoff = std::chrono::milliseconds(1000);
    options.maxAttempts = 12;
    // Chunks and pages of 1,000 rather than 5,000: the same 20,000 rows in 60-odd requests,
    // so the run meets every kind of fault the sandbox injects.
    options.bulkChunkSize = 1000;
    // Hundreds of requests in well under a minute: pacing under Planhat's quota would only
    // slow the test down; the sandbox has none.
    options.requestsPerMinute = 0;
    client.setOptions(options);
    int faultsSeen = 0;
    connect(&client, &PlanhatClient::requestFinished, this,
            [&faultsSeen](const RequestLogEntry &entry) {
                faultsSeen += entry.error.isEmpty() ? 0 : 1;
            });

    // 1. List all 20,000 with every field.
    ListResult listed;
    const QList<QJsonObject> before = listAll(client, {}, &listed);
    QVERIFY2(!listed.error.isError(), qPrintable(listed.error.toString()));
    QCOMPARE(before.size(), 20000);
    QHash<QString, QJsonObject> beforeById;
    for (const QJsonObject &company : before)
        beforeById.insert(company.value("_id").toString(), company);
    QCOMPARE(beforeById.size(), 20000);

    // 1b. Pages of 7,000 asked for, 5,000 answered (the sandbox caps companies there, as
    // Planhat caps `limit`): a short page is not the end, and no row is lost or repeated.
    ListQuery overCap;
    overCap.pageSize = 7000;
    overCap.select = {"name"};
    ListResult cappedResult;
    const QList<QJsonObject> capped = listAll(client, overCap, &cappedResult);
    QVERIFY2(!cappedResult.error.isError(), qPrintable(cappedResult.error.toString()));
    QCOMPARE(capped.size(), 20000);
    QSet<QString> cappedIds;
    for (const QJsonObject &company : capped) {
        const QString id = company.value("_id").toString();
        QVERIFY2(beforeById.contains(id), qPrintable("unknown company " + id));
        cappedIds.insert(id);
    }
    QCOMPARE(cappedIds.size(), 20000);

    // 2. Upsert 20,000 keyed rows: the even half of the existing companies get a new name,
    // and 10,000 new companies come in. Every row has an externalId, so retries are safe.
    QList<QJsonObject> rows;
    QHash<QString, QJsonObject> expectedByExternalId;
    for (int i = 0; i < 10000; ++i) {
        const QJsonObject existing = before.at(i * 2);
        const QString externalId = existing.value("externalId").toString();
        QVERIFY(!externalId.isEmpty());
        rows.append({{"externalId", externalId},
                     {"name", QStringLiteral("Renamed %1").arg(i)},
                     {"custom", QJsonObject {{"Batch", "fault-run"}}}});
    }
    for (int i = 0; i < 10000; ++i) {
        rows.append({{"externalId", QStringLiteral("fault-new-%1").arg(i)},
                     {"name", QStringLiteral("New %1").arg(i)},
                     {"custom", QJsonObject {{"Batch", "fault-run"}}}});
    }
    for (const QJsonObject &row : rows)
        expectedByExternalId.insert(row.value("externalId").toString(), row);

    const BulkUpsertResult upserted
        = startAndWait<BulkUpsertResult>(client.bulkUpsert(companies(), rows), 300000);
    QCOMPARE(upserted.rows.size(), 20000);
    for (int i = 0; i < upserted.rows.size(); ++i) {
        const RowOutcome &row = upserted.rows.at(i);
        QVERIFY2(row.status == RowOutcome::Status::Created
                     || row.status == RowOutcome::Status::Updated
                     || row.status == RowOutcome::Status::Unchanged,
                 qPrintable(QStringLiteral("row %1: %2 %3")
                                .arg(i)
                                .arg(rowStatusName(row.status), row.message)));
    }
    QCOMPARE(upserted.created + upserted.updated + upserted.unchanged, 20000);
    QVERIFY(upserted.allSucceeded());

    // 3. The server holds exactly what we expect: 30,000 companies, no duplicates, the
    // upserted fields set, everything else untouched.
    ListResult relisted;
    const QList<QJsonObject> after = listAll(client, {}, &relisted);
    QVERIFY2(!relisted.error.isError(), qPrintable(relisted.error.toString()));
    QCOMPARE(after.size(), 30000);
    QSet<QString> ids;
    QSet<QString> externalIds;
    for (const QJsonObject &company : after) {
        const QString id = company.value("_id").toString();
        const QString externalId = company.value("externalId").toString();
        QVERIFY2(!ids.contains(id), qPrintable("duplicate _id " + id));
        QVERIFY2(!externalIds.contains(externalId),
                 qPrintable("duplicate externalId " + externalId));
        ids.insert(id);
        externalIds.insert(externalId);

        const auto expected = expectedByExternalId.constFind(externalId);
        if (expected != expectedByExternalId.constEnd()) {
            QCOMPARE(company.value("name"), expected->value("name"));
            QCOMPARE(company.value("custom").toObject().value("Batch").toString(),
                     QStringLiteral("fault-run"));
        } else {
            QJsonObject original = beforeById.value(id);
            QVERIFY2(!original.isEmpty(), qPrintable("unexpected company " + externalId));
            QJsonObject now = company;
            original.remove("updatedAt");
            now.remove("updatedAt");
            QCOMPARE(now, original);
        }
    }
    QCOMPARE(externalIds.size(), 30000);
    qInfo("faults met and survived: %d", faultsSeen);
    QVERIFY2(faultsSeen > 0, "the sandbox injected no faults; the run proved nothing");
}

void TestFaultRun::rateLimitedServerIsWaitedOut()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "300", "--rate-limit", "5"}),
             qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    QSignalSpy waits(&client, &PlanhatClient::rateLimitWaitStarted);
    ListQuery query;
    query.pageSize = 20; // 16 pages against 5 requests a second
    query.select = {"name"};
    ListResult result;
    const QList<QJsonObject> rows = listAll(client, query, &result);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(rows.size(), 300);
    QVERIFY(!waits.isEmpty());
}

void TestFaultRun::slowServerTimesOut()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--latency", "1500"}), qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.transferTimeout = std::chrono::milliseconds(300);
    options.maxAttempts = 2;
    options.initialBackoff = std::chrono::milliseconds(10);
    client.setOptions(options);
    const ObjectResult result
        = startAndWait<ObjectResult>(client.get(companies(), "anything"), 20000);
    QCOMPARE(result.error.kind(), ApiError::Kind::Timeout);

    // A create that timed out may have been applied: it is not repeated.
    int posts = 0;
    connect(&client, &PlanhatClient::requestFinished, this,
            [&posts](const RequestLogEntry &entry) { posts += entry.method == "POST" ? 1 : 0; });
    const ObjectResult created
        = startAndWait<ObjectResult>(client.create(companies(), {{"name", "Slow Co"}}), 20000);
    QCOMPARE(created.error.kind(), ApiError::Kind::Timeout);
    QCOMPARE(created.error.outcome(), ApiError::Outcome::Unknown);
    QCOMPARE(posts, 1);
}

QTEST_GUILESS_MAIN(TestFaultRun)
#include "tst_faultrun.moc"
