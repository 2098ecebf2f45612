// SPDX-License-Identifier: MIT
// PlanhatClient end to end against a fake QNetworkAccessManager whose replies finish
// asynchronously after a scripted delay: no sockets, no server.
#include "api/planhatclient.h"
#include "fakenetwork.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <optional>

using namespace Planhat;
using namespace Planhat::Test;
using std::chrono::milliseconds;

namespace {

ClientOptions fastOptions()
{
    ClientOptions options;
    options.initialBackoff = milliseconds(1);
    options.maxBackoff = milliseconds(5);
    options.maxRetryAfter = milliseconds(3000);
    options.maxAttempts = 4;
    options.transferTimeout = milliseconds(5000);
    return options;
}

ObjectType companies()
{
    ObjectType type;
    type.name = QStringLiteral("companies");
    type.pageLimit = 5000;
    type.keys = {{KeyKind::Id, QStringLiteral("_id")},
                 {KeyKind::SourceId, QStringLiteral("sourceId")},
                 {KeyKind::ExternalId, QStringLiteral("externalId")}};
    FieldSpec name;
    name.name = QStringLiteral("name");
    FieldSpec health;
    health.name = QStringLiteral("h");
    health.type = FieldType::Number;
    health.access = FieldAccess::ReadOnly;
    type.fields = {name, health};
    return type;
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QByteArray rowsJson(int first, int count)
{
    QJsonArray array;
    for (int n = first; n < first + count; ++n)
        array.append(QJsonObject {{QStringLiteral("_id"), QStringLiteral("id%1").arg(n)},
                                  {QStringLiteral("n"), n}});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

/// A 429 with `headers` and no Retry-After unless given.
FakeAnswer rateLimited(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    FakeAnswer answer = FakeAnswer::json(429, R"({"error":"Too many requests"})");
    answer.headers = headers;
    return answer;
}

/// Answers a bulk PUT as if every row was created, with keys echoed back.
FakeAnswer createEverything(const SeenRequest &request, int delayMs = 1)
{
    QJsonArray inserts;
    int n = 0;
    for (const QJsonValue &row : request.jsonArray()) {
        QJsonObject entry = row.toObject();
        entry = QJsonObject {
            {QStringLiteral("_id"), QStringLiteral("new-%1-%2").arg(request.sentAt).arg(n++)}};
        for (const char *key : {"externalId", "sourceId"}) {
            if (row.toObject().contains(QLatin1String(key)))
                entry.insert(QLatin1String(key), row.toObject().value(QLatin1String(key)));
        }
        inserts.append(entry);
    }
    const QJsonObject body {{QStringLiteral("created"), int(inserts.size())},
                            {QStringLiteral("insertsKeys"), inserts},
                            {QStringLiteral("updated"), 0},
                            {QStringLiteral("nonupdates"), 0}};
    return FakeAnswer::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact), delayMs);
}

struct Harness
{
    explicit Harness(const ClientOptions &options = fastOptions())
    {
        auto network = std::make_unique<FakeNetwork>();
        fake = network.get();
        client = std::make_unique<PlanhatClient>(QUrl(QStringLiteral("https://api.example.com")),
                                                 std::move(network));
        client->setOptions(options);
        client->setToken(QStringLiteral("tok-SECRET-123"));
        QObject::connect(client.get(), &PlanhatClient::requestFinished, client.get(),
                         [this](const RequestLogEntry &entry) { log.append(entry); });
        QObject::connect(client.get(), &PlanhatClient::rateLimitWaitStarted, client.get(),
                         [this](int ms) { rateLimitWaits.append(ms); });
    }

    std::optional<ObjectResult> run(ObjectJob *job)
    {
        std::optional<ObjectResult> result;
        QObject::connect(job, &ObjectJob::finished, client.get(),
                         [&result](const ObjectResult &r) { result = r; });
        job->start();
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 8000))
            QTest::qFail("object job did not finish in 8 s", __FILE__, __LINE__);
        return result;
    }

    std::optional<BulkUpsertResult> run(BulkUpsertJob *job)
    {
        std::optional<BulkUpsertResult> result;
        QObject::connect(job, &BulkUpsertJob::finished, client.get(),
                         [&result](const BulkUpsertResult &r) { result = r; });
        job->start();
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 8000))
            QTest::qFail("bulk job did not finish in 8 s", __FILE__, __LINE__);
        return result;
    }

    struct Listing
    {
        std::optional<ListResult> result;
        QList<qint64> firstRows;
        QList<QJsonObject> rows;
    };
    Listing run(ListJob *job)
    {
        Listing listing;
        QObject::connect(job, &ListJob::rowsReceived, client.get(),
                         [&listing](const QList<QJsonObject> &rows, qint64 firstRow) {
                             listing.firstRows.append(firstRow);
                             listing.rows += rows;
                         });
        QObject::connect(job, &ListJob::finished, client.get(),
                         [&listing](const ListResult &r) { listing.result = r; });
        job->start();
        if (!QTest::qWaitFor([&] { return listing.result.has_value(); }, 8000))
            QTest::qFail("list job did not finish in 8 s", __FILE__, __LINE__);
        return listing;
    }

    FakeNetwork *fake = nullptr;
    std::unique_ptr<PlanhatClient> client;
    QList<RequestLogEntry> log;
    QList<int> rateLimitWaits;
};

} // namespace

class TestPlanhatClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void authorizationHeaderIsSetOnce();
    void keysAreEncodedInThePath();
    void retryOn429HonoursRetryAfter();
    void retryAfterIsCapped();
    void rateLimitHeadersAreWaitedOutBeyondMaxAttempts();
    void rateLimitResetHeaderIsHonoured();
    void rateLimitGivesUpAfterPatience();
    void rateLimitHeaderLowersThePace();
    void serverErrorIsRetriedThenSucceeds();
    void maxAttemptsThenServerError();
    void timeoutIsRetriedThenReported();
    void createIsNotRetriedAfterServerError();
    void createIsNotRetriedAfterDroppedConnection();
    void createIsRetriedAfterRateLimitAndRefusal();
    void createAndUpdateSendOnlyWritableFields();
    void deleteAfterDropThen404CountsAsDeleted();
    void plain404IsNotFound();
    void bulkDroppedChunkRetriesKeyedRowsOnly();
    void bulkRateLimitedChunkRetriesEveryRow();
    void bulkUnchangedOnRetryIsFlagged();
    void bulkChunksRunOneAfterAnother();
    void bulkJobsNeverOverlap();
    void bulkPartialAndRejectedAnswers();
    void bulkCancelStopsAfterTheChunkInFlight();
    void bulkCancelWhileAnAnswerIsMappedKeepsItsOutcomes();
    void bulkLeanAnswersMapBackById();
    void listDeliversInOrderWhenPagesFinishOutOfOrder();
    void listPagesUntilAnEmptyPage();
    void heldListAsksForNoMorePages();
    void listRawRowsAreTheAnswersBytes();
    void listLosesNoRowWhenTheServerCapsPages();
    void listOfASmallTenantCostsTwoRequests();
    void listOfACappedTenantLinesPagesUp();
    void listDeliversRowsRepeatedAcrossPagesOnce();
    void listAsksForAStableOrderAndIds();
    void listGivesUpOnAServerThatIgnoresOffset();
    void listRespectsMaxRows();
    void listSplitsLongCompanyIdLists();
    void listRejectsANonArrayBody();
    void listAbortStops();
    void throttleLimitsRequestsInFlight();
    void analyticsNeedsATenant();
    void analyticsPostsToTheAnalyticsHost();
    void tokenNeverLeaks();
    void emptyBulkSendsNothing();
    void customFieldDefinitionsListCustomfields();
    void destroyingTheClientWithJobsInFlightIsSafe();
};

void TestPlanhatClient::authorizationHeaderIsSetOnce()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(200, R"({"_id":"abc","name":"Acme"})"),
                      FakeAnswer::json(200, R"({"_id":"new","name":"B"})")};
    const auto got = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(got);
    QVERIFY2(!got->error.isError(), qPrintable(got->error.toString()));
    QCOMPARE(got->object.value(QLatin1String("name")).toString(), QStringLiteral("Acme"));

    const auto created = h.run(h.client->create(companies(), obj(R"({"name":"B"})")));
    QVERIFY(created && !created->error.isError());

    QCOMPARE(h.fake->requests.size(), 2);
    for (const SeenRequest &request : std::as_const(h.fake->requests)) {
        const QList<QByteArray> headers = request.request.rawHeaderList();
        QCOMPARE(headers.count("Authorization"), 1);
        QCOMPARE(request.request.rawHeader("Authorization"), QByteArray("Bearer tok-SECRET-123"));
        QCOMPARE(request.request.rawHeader("Accept"), QByteArray("application/json"));
    }
    const SeenRequest &get = h.fake->requests.at(0);
    QCOMPARE(get.verb, QByteArray("GET"));
    QCOMPARE(get.url.toString(), QStringLiteral("https://api.example.com/companies/abc"));
    QVERIFY(get.request.rawHeader("Content-Type").isEmpty());
    const SeenRequest &post = h.fake->requests.at(1);
    QCOMPARE(post.verb, QByteArray("POST"));
    QCOMPARE(post.request.rawHeader("Content-Type"), QByteArray("application/json"));
    QCOMPARE(post.jsonObject(), obj(R"({"name":"B"})"));

    QCOMPARE(h.log.size(), 2);
    QCOMPARE(h.log.at(0).method, QStringLiteral("GET"));
    QCOMPARE(h.log.at(0).path, QStringLiteral("/companies/abc"));
    QCOMPARE(h.log.at(0).httpStatus, 200);
    QCOMPARE(h.log.at(0).attempt, 1);
}

void TestPlanhatClient::keysAreEncodedInThePath()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, R"({"_id":"x"})");
    };
    QVERIFY(h.run(h.client->get(companies(), QStringLiteral("a/b c?"), KeyKind::ExternalId)));
    QVERIFY(h.run(h.client->get(companies(), QStringLiteral("crm#1"), KeyKind::SourceId)));
    QVERIFY(h.run(h.client->remove(companies(), QStringLiteral("ü"), KeyKind::Id)));
    QCOMPARE(h.fake->requests.size(), 3);
    QCOMPARE(h.fake->requests.at(0).url.path(QUrl::FullyEncoded),
             QStringLiteral("/companies/extid-a%2Fb%20c%3F"));
    QCOMPARE(h.fake->requests.at(1).url.path(QUrl::FullyEncoded),
             QStringLiteral("/companies/srcid-crm%231"));
    QCOMPARE(h.fake->requests.at(2).url.path(QUrl::FullyEncoded),
             QStringLiteral("/companies/%C3%BC"));
    QCOMPARE(h.fake->requests.at(2).verb, QByteArray("DELETE"));
}

void TestPlanhatClient::retryOn429HonoursRetryAfter()
{
    Harness h;
    FakeAnswer limited = FakeAnswer::json(429, R"({"error":"Too many requests"})");
    limited.headers = {{"Retry-After", "1"}};
    h.fake->script = {limited, FakeAnswer::json(200, R"({"_id":"abc"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QVERIFY2(!result->error.isError(), qPrintable(result->error.toString()));
    QCOMPARE(h.fake->requests.size(), 2);
    const qint64 gap = h.fake->requests.at(1).sentAt - h.fake->requests.at(0).sentAt;
    // Backoff alone would wait 1 ms: only Retry-After explains a second.
    QVERIFY2(gap >= 950, qPrintable(QString::number(gap)));
    QCOMPARE(h.rateLimitWaits, QList<int> {1000});
    QCOMPARE(h.log.size(), 2);
    QCOMPARE(h.log.at(0).httpStatus, 429);
    QVERIFY(h.log.at(0).error.contains(QLatin1String("rate limited")));
    QCOMPARE(h.log.at(1).attempt, 2);
}

void TestPlanhatClient::retryAfterIsCapped()
{
    ClientOptions options = fastOptions();
    options.maxRetryAfter = milliseconds(150);
    Harness h(options);
    FakeAnswer limited = FakeAnswer::json(429, QByteArray());
    limited.headers = {{"Retry-After", "3600"}};
    h.fake->script = {limited, FakeAnswer::json(200, R"({"_id":"abc"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result && !result->error.isError());
    QCOMPARE(h.rateLimitWaits, QList<int> {150});
    const qint64 gap = h.fake->requests.at(1).sentAt - h.fake->requests.at(0).sentAt;
    QVERIFY2(gap >= 140 && gap < 2000, qPrintable(QString::number(gap)));
}

void TestPlanhatClient::rateLimitHeadersAreWaitedOutBeyondMaxAttempts()
{
    ClientOptions options = fastOptions(); // maxAttempts 4
    options.rateLimitWindow = milliseconds(5);
    options.rateLimitPatience = milliseconds(60000);
    Harness h(options);
    // No Retry-After: the quota is used up and the server does not say until when.
    const FakeAnswer limited
        = rateLimited({{"X-Rate-Limit-Limit", "200"}, {"X-Rate-Limit-Remaining", "0"}});
    h.fake->script = {limited,
                      limited,
                      limited,
                      limited,
                      limited,
                      limited,
                      FakeAnswer::json(200, R"({"_id":"abc"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QVERIFY2(!result->error.isError(), qPrintable(result->error.toString()));
    QCOMPARE(h.fake->requests.size(), 7);
    // One window, doubled on each 429 in a row; every wait reported.
    QCOMPARE(h.rateLimitWaits, (QList<int> {5, 10, 20, 40, 80, 160}));
    QCOMPARE(h.log.size(), 7);
    QCOMPARE(h.log.last().attempt, 7);

    // 429s between other failures do not use up maxAttempts either.
    h.fake->script = {FakeAnswer::json(503, "{}"), limited, FakeAnswer::json(503, "{}"), limited,
                      FakeAnswer::json(503, "{}"), limited, FakeAnswer::json(200, "{}")};
    const auto mixed = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(mixed);
    QVERIFY2(!mixed->error.isError(), qPrintable(mixed->error.toString()));
    QCOMPARE(h.fake->requests.size(), 14);
}

void TestPlanhatClient::rateLimitResetHeaderIsHonoured()
{
    Harness h;
    h.fake->script
        = {rateLimited({{"X-Rate-Limit-Remaining", "0"}, {"X-Rate-Limit-Reset", "0.05"}}),
           FakeAnswer::json(200, R"({"_id":"abc"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result && !result->error.isError());
    QCOMPARE(h.rateLimitWaits, QList<int> {50});
    QCOMPARE(h.fake->requests.size(), 2);
}

void TestPlanhatClient::rateLimitGivesUpAfterPatience()
{
    ClientOptions options = fastOptions();
    options.rateLimitWindow = milliseconds(5);
    options.rateLimitPatience = milliseconds(200);
    Harness h(options);
    h.fake->handler = [](const SeenRequest &) {
        return rateLimited({{"X-Rate-Limit-Limit", "500"}, {"X-Rate-Limit-Remaining", "0"}});
    };
    const auto result = h.run(h.client->bulkUpsert(companies(), {obj(R"({"name":"A"})")}));
    QVERIFY(result);
    // Waited 5, 10, 20, 40 ms...: more attempts than maxAttempts allows for other failures.
    QVERIFY2(h.fake->requests.size() > options.maxAttempts,
             qPrintable(QString::number(h.fake->requests.size())));
    QCOMPARE(h.rateLimitWaits.size(), h.fake->requests.size() - 1);
    QCOMPARE(result->error.kind(), ApiError::Kind::RateLimited);
    QVERIFY2(result->error.toString().contains(QLatin1String("still refused after")),
             qPrintable(result->error.toString()));
    // A 429 applied nothing: the row failed, it is not "outcome unknown".
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Failed);
}

void TestPlanhatClient::rateLimitHeaderLowersThePace()
{
    ClientOptions options = fastOptions();
    options.rateLimitWindow = milliseconds(5);
    Harness h(options);
    h.fake->script
        = {rateLimited({{"X-Rate-Limit-Limit", "2"}, {"X-Rate-Limit-Remaining", "0"}}),
           FakeAnswer::json(200, R"({"_id":"a"})"), FakeAnswer::json(200, R"({"_id":"b"})")};
    const auto first = h.run(h.client->get(companies(), QStringLiteral("a")));
    QVERIFY(first && !first->error.isError());
    QCOMPARE(h.rateLimitWaits, QList<int> {5});
    // Two starts in this minute already, and the server allows two a minute: the next
    // request waits for the window, and the client says so.
    ObjectJob *second = h.client->get(companies(), QStringLiteral("b"));
    second->start();
    QTRY_COMPARE_WITH_TIMEOUT(h.rateLimitWaits.size(), 2, 5000);
    QVERIFY2(h.rateLimitWaits.last() > 50000, qPrintable(QString::number(h.rateLimitWaits.last())));
    QCOMPARE(h.fake->requests.size(), 2);
}

void TestPlanhatClient::serverErrorIsRetriedThenSucceeds()
{
    Harness h;
    h.fake->script
        = {FakeAnswer::json(503, R"({"error":"busy"})"),
           FakeAnswer::json(503, R"({"error":"busy"})"), FakeAnswer::json(200, R"({"_id":"abc"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QVERIFY2(!result->error.isError(), qPrintable(result->error.toString()));
    QCOMPARE(h.fake->requests.size(), 3);
    QCOMPARE(h.log.size(), 3);
    QCOMPARE(h.log.at(0).httpStatus, 503);
    QCOMPARE(h.log.at(1).attempt, 2);
    QCOMPARE(h.log.at(2).httpStatus, 200);
    QCOMPARE(h.log.at(2).attempt, 3);
    QVERIFY(h.rateLimitWaits.isEmpty());
}

void TestPlanhatClient::maxAttemptsThenServerError()
{
    ClientOptions options = fastOptions();
    options.maxAttempts = 3;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(503, R"({"message":"maintenance"})");
    };
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 3);
    QCOMPARE(result->error.kind(), ApiError::Kind::Server);
    QCOMPARE(result->error.httpStatus(), 503);
    QCOMPARE(result->error.message(), QStringLiteral("maintenance"));
    QCOMPARE(result->error.outcome(), ApiError::Outcome::NotApplied);
    QCOMPARE(result->error.toString(), QStringLiteral("HTTP 503 (server error): maintenance"));
}

void TestPlanhatClient::timeoutIsRetriedThenReported()
{
    ClientOptions options = fastOptions();
    options.maxAttempts = 2;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::failure(QNetworkReply::OperationCanceledError);
    };
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(result->error.kind(), ApiError::Kind::Timeout);
    QCOMPARE(result->error.httpStatus(), 0);
    QVERIFY2(result->error.toString().startsWith(QLatin1String("timeout: no answer from "
                                                               "api.example.com:443")),
             qPrintable(result->error.toString()));
}

void TestPlanhatClient::createIsNotRetriedAfterServerError()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(500, R"({"error":"internal"})");
    };
    const auto result = h.run(h.client->create(companies(), obj(R"({"name":"A"})")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 1);
    QCOMPARE(result->error.kind(), ApiError::Kind::Server);
    QCOMPARE(result->error.outcome(), ApiError::Outcome::Unknown);
    QVERIFY2(result->error.message().contains(QLatin1String("may have been created")),
             qPrintable(result->error.message()));
}

void TestPlanhatClient::createIsNotRetriedAfterDroppedConnection()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::failure(QNetworkReply::RemoteHostClosedError);
    };
    const auto result = h.run(h.client->create(companies(), obj(R"({"name":"A"})")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 1);
    QCOMPARE(result->error.kind(), ApiError::Kind::Network);
    QCOMPARE(result->error.outcome(), ApiError::Outcome::Unknown);
    QCOMPARE(result->error.message(),
             QStringLiteral("the connection dropped after the request was sent; the object may "
                            "have been created — check before retrying"));
}

void TestPlanhatClient::createIsRetriedAfterRateLimitAndRefusal()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(429, QByteArray()),
                      FakeAnswer::failure(QNetworkReply::ConnectionRefusedError),
                      FakeAnswer::json(200, R"({"_id":"n1","name":"A"})")};
    const auto result = h.run(h.client->create(companies(), obj(R"({"name":"A"})")));
    QVERIFY(result);
    QVERIFY2(!result->error.isError(), qPrintable(result->error.toString()));
    QCOMPARE(h.fake->requests.size(), 3);
    QCOMPARE(result->object.value(QLatin1String("_id")).toString(), QStringLiteral("n1"));
    // A 429 without Retry-After still counts as a rate-limit wait.
    QCOMPARE(h.rateLimitWaits.size(), 1);
}

void TestPlanhatClient::createAndUpdateSendOnlyWritableFields()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, R"({"_id":"x"})");
    };
    QVERIFY(h.run(h.client->create(
        companies(),
        obj(R"({"_id":"x","name":"A","h":7,"__v":3,"createdAt":"2020-01-01","custom":{"k":1}})"))));
    QVERIFY(h.run(h.client->update(companies(), QStringLiteral("e1"),
                                   obj(R"({"name":"B","h":9,"_id":"x"})"), KeyKind::ExternalId)));
    const auto empty = h.run(h.client->update(companies(), QStringLiteral("e1"), obj(R"({"h":1})"),
                                              KeyKind::ExternalId));
    QVERIFY(empty);
    QCOMPARE(empty->error.kind(), ApiError::Kind::BadRequest);

    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(h.fake->requests.at(0).jsonObject(), obj(R"({"name":"A","custom":{"k":1}})"));
    QCOMPARE(h.fake->requests.at(1).verb, QByteArray("PUT"));
    QCOMPARE(h.fake->requests.at(1).url.path(), QStringLiteral("/companies/extid-e1"));
    QCOMPARE(h.fake->requests.at(1).jsonObject(), obj(R"({"name":"B"})"));
}

void TestPlanhatClient::deleteAfterDropThen404CountsAsDeleted()
{
    Harness h;
    h.fake->script = {FakeAnswer::failure(QNetworkReply::RemoteHostClosedError),
                      FakeAnswer::json(404, R"({"error":"not found"})")};
    const auto result = h.run(h.client->remove(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 2);
    QVERIFY2(!result->error.isError(), qPrintable(result->error.toString()));
}

void TestPlanhatClient::plain404IsNotFound()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(404, R"({"error":"Company not found"})")};
    const auto result = h.run(h.client->remove(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 1);
    QCOMPARE(result->error.kind(), ApiError::Kind::NotFound);
    QCOMPARE(result->error.toString(), QStringLiteral("HTTP 404 (not found): Company not found"));
}

void TestPlanhatClient::bulkDroppedChunkRetriesKeyedRowsOnly()
{
    Harness h;
    h.fake->script
        = {FakeAnswer::failure(QNetworkReply::RemoteHostClosedError), FakeAnswer::json(200, R"({
        "created": 1, "updated": 1, "nonupdates": 0,
        "insertsKeys": [{"_id": "n1", "externalId": "a"}],
        "updatesKeys": [{"_id": "u3", "sourceId": "c"}]})")};
    const QList<QJsonObject> rows {obj(R"({"name":"A","externalId":"a"})"), obj(R"({"name":"B"})"),
                                   obj(R"({"name":"C","sourceId":"c","h":5})")};
    const auto result = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(h.fake->requests.at(0).jsonArray().size(), 3);
    // A keyless row: Qt must not send the body again on its own; the keyed part it may.
    QVERIFY(!h.fake->requests.at(0).resendable);
    QVERIFY(h.fake->requests.at(1).resendable);
    // Read-only fields never travel.
    QVERIFY(!h.fake->requests.at(0).jsonArray().at(2).toObject().contains(QLatin1String("h")));
    const QJsonArray retried = h.fake->requests.at(1).jsonArray();
    QCOMPARE(retried.size(), 2);
    QCOMPARE(retried.at(0).toObject().value(QLatin1String("externalId")).toString(),
             QStringLiteral("a"));
    QCOMPARE(retried.at(1).toObject().value(QLatin1String("sourceId")).toString(),
             QStringLiteral("c"));

    QCOMPARE(result->rows.size(), 3);
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Created);
    QCOMPARE(result->rows.at(0).id, QStringLiteral("n1"));
    QCOMPARE(result->rows.at(1).status, RowOutcome::Status::OutcomeUnknown);
    QVERIFY(result->rows.at(1).message.contains(QLatin1String("no key")));
    QCOMPARE(result->rows.at(2).status, RowOutcome::Status::Updated);
    QCOMPARE(result->rows.at(2).id, QStringLiteral("u3"));
    QCOMPARE(result->created, 1);
    QCOMPARE(result->updated, 1);
    QCOMPARE(result->unknown, 1);
    QVERIFY(!result->allSucceeded());
}

void TestPlanhatClient::bulkUnchangedOnRetryIsFlagged()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(503, R"({"error":"busy"})"),
                      FakeAnswer::json(200, R"({"created":0,"updated":0,"nonupdates":1})")};
    const auto result = h.run(h.client->bulkUpsert(companies(), {obj(R"({"externalId":"a"})")}));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 2);
    // Every row has a key: the body goes from memory, which Qt may send again by itself.
    QVERIFY(h.fake->requests.at(0).resendable);
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Unchanged);
    QVERIFY2(result->rows.at(0).message.contains(QLatin1String("may have")),
             qPrintable(result->rows.at(0).message));
    QVERIFY(result->allSucceeded());
}

void TestPlanhatClient::bulkRateLimitedChunkRetriesEveryRow()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(429, R"({"error":"slow down"})")};
    h.fake->handler = [](const SeenRequest &request) {
        return createEverything(request);
    };
    const QList<QJsonObject> rows {obj(R"({"name":"A"})"), obj(R"({"name":"B","externalId":"b"})")};
    const auto result = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(h.fake->requests.at(1).jsonArray().size(), 2);
    QVERIFY(result->allSucceeded());
    QCOMPARE(result->created, 2);
}

void TestPlanhatClient::bulkChunksRunOneAfterAnother()
{
    ClientOptions options = fastOptions();
    options.bulkChunkSize = 2;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &request) {
        return createEverything(request, 20);
    };
    QList<QJsonObject> rows;
    for (int i = 0; i < 5; ++i)
        rows.append(QJsonObject {{QStringLiteral("name"), QStringLiteral("row %1").arg(i)}});
    BulkUpsertJob *job = h.client->bulkUpsert(companies(), rows);
    QList<QPair<int, int>> progress;
    QList<int> chunkStarts;
    connect(job, &BulkUpsertJob::progress, this, [&progress](int done, int total) {
        progress.append({done, total});
    });
    connect(job, &BulkUpsertJob::chunkFinished, this,
            [&chunkStarts](int firstRow, const QList<RowOutcome> &chunk) {
                chunkStarts.append(firstRow);
                QVERIFY(!chunk.isEmpty());
            });
    const auto result = h.run(job);
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 3);
    QCOMPARE(h.fake->requests.at(0).jsonArray().size(), 2);
    QCOMPARE(h.fake->requests.at(1).jsonArray().size(), 2);
    QCOMPARE(h.fake->requests.at(2).jsonArray().size(), 1);
    QCOMPARE(h.fake->maxInFlight, 1);
    QCOMPARE(chunkStarts, (QList<int> {0, 2, 4}));
    QCOMPARE(progress, (QList<QPair<int, int>> {{2, 5}, {4, 5}, {5, 5}}));
    QCOMPARE(result->created, 5);
    QVERIFY(result->allSucceeded());
    QCOMPARE(h.log.size(), 3);
    QCOMPARE(h.log.at(2).rows, 1);
}

void TestPlanhatClient::bulkJobsNeverOverlap()
{
    ClientOptions options = fastOptions();
    options.bulkChunkSize = 3;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &request) {
        return createEverything(request, 15);
    };
    QList<QJsonObject> rows;
    for (int i = 0; i < 7; ++i)
        rows.append(QJsonObject {{QStringLiteral("name"), QStringLiteral("row %1").arg(i)}});
    std::optional<BulkUpsertResult> first;
    std::optional<BulkUpsertResult> second;
    BulkUpsertJob *a = h.client->bulkUpsert(companies(), rows);
    BulkUpsertJob *b = h.client->bulkUpsert(companies(), rows);
    connect(a, &BulkUpsertJob::finished, this, [&](const BulkUpsertResult &r) { first = r; });
    connect(b, &BulkUpsertJob::finished, this, [&](const BulkUpsertResult &r) { second = r; });
    a->start();
    b->start();
    QTRY_VERIFY_WITH_TIMEOUT(first && second, 8000);
    QCOMPARE(h.fake->requests.size(), 6);
    QCOMPARE(h.fake->maxInFlight, 1);
    QCOMPARE(first->created + second->created, 14);
}

void TestPlanhatClient::bulkPartialAndRejectedAnswers()
{
    Harness h;
    h.fake->script = {
        FakeAnswer::json(206, R"({"created": 1, "insertsKeys": [{"_id": "n0", "externalId": "a"}],
            "createdErrors": [{"index": 1, "item": {"externalId": "b"}, "message": "name is required"}]})"),
        FakeAnswer::json(400, R"({"created": 0,
            "createdErrors": [{"index": 0, "message": "bad currency"}, {"index": 1, "error": "bad date"}]})"),
    };
    const QList<QJsonObject> rows {obj(R"({"name":"A","externalId":"a"})"),
                                   obj(R"({"externalId":"b"})")};
    const auto partial = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(partial);
    QCOMPARE(partial->rows.at(0).status, RowOutcome::Status::Created);
    QCOMPARE(partial->rows.at(1).status, RowOutcome::Status::Failed);
    QCOMPARE(partial->rows.at(1).message, QStringLiteral("name is required"));
    QVERIFY(!partial->error.isError());
    QCOMPARE(partial->failed, 1);

    const auto rejected = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(rejected);
    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(rejected->rows.at(0).status, RowOutcome::Status::Failed);
    QCOMPARE(rejected->rows.at(0).message, QStringLiteral("bad currency"));
    QCOMPARE(rejected->rows.at(1).message, QStringLiteral("bad date"));
    QCOMPARE(rejected->error.kind(), ApiError::Kind::BadRequest);
    QCOMPARE(rejected->error.httpStatus(), 400);
    QCOMPARE(rejected->failed, 2);
}

void TestPlanhatClient::bulkCancelStopsAfterTheChunkInFlight()
{
    ClientOptions options = fastOptions();
    options.bulkChunkSize = 1;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &request) {
        return createEverything(request, 20);
    };
    const QList<QJsonObject> rows {obj(R"({"name":"A"})"), obj(R"({"name":"B"})"),
                                   obj(R"({"name":"C"})")};
    BulkUpsertJob *job = h.client->bulkUpsert(companies(), rows);
    connect(job, &BulkUpsertJob::chunkFinished, this, [job] { job->cancel(); });
    const auto result = h.run(job);
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 1);
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Created);
    QCOMPARE(result->rows.at(1).status, RowOutcome::Status::Pending);
    QCOMPARE(result->rows.at(2).status, RowOutcome::Status::Pending);
}

void TestPlanhatClient::bulkCancelWhileAnAnswerIsMappedKeepsItsOutcomes()
{
    // The answer is in (lastRequestSucceeded) but not yet mapped to rows when the job is
    // cancelled: those rows were applied, so they must not end as pending (a resume would
    // send them again).
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        return createEverything(request, 0);
    };
    const QList<QJsonObject> rows {obj(R"({"name":"A"})"), obj(R"({"name":"B"})")};
    BulkUpsertJob *job = h.client->bulkUpsert(companies(), rows);
    connect(job, &BulkUpsertJob::lastRequestSucceeded, this, [job] { job->cancel(); });
    const auto result = h.run(job);
    QVERIFY(result);
    QCOMPARE(h.fake->requests.size(), 1);
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Created);
    QCOMPARE(result->rows.at(1).status, RowOutcome::Status::Created);
    QCOMPARE(result->created, 2);
}

void TestPlanhatClient::bulkLeanAnswersMapBackById()
{
    Harness h;
    // Update rows carry the matched record's _id; the answer names updates by _id alone and
    // creates by a bare _id, as the docs' examples do.
    h.fake->script = {FakeAnswer::json(200, R"({"created": 1, "updated": 2, "nonupdates": 0,
        "insertsKeys": [{"_id": "n1"}], "updatesKeys": [{"_id": "u2"}, {"_id": "u1"}]})"),
                      FakeAnswer::json(400, R"({"created": 0, "validationErrors": [
        {"index": 1, "message": "name must not be empty"}]})")};
    const QList<QJsonObject> rows {obj(R"({"_id":"u1","externalId":"a","name":"A2"})"),
                                   obj(R"({"externalId":"c","name":"C"})"),
                                   obj(R"({"_id":"u2","externalId":"b","name":"B2"})")};
    const auto result = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(result);
    QVERIFY2(result->allSucceeded(), qPrintable(result->error.toString()));
    QCOMPARE(result->rows.at(0).status, RowOutcome::Status::Updated);
    QCOMPARE(result->rows.at(0).id, QStringLiteral("u1"));
    QCOMPARE(result->rows.at(1).status, RowOutcome::Status::Created);
    QCOMPARE(result->rows.at(1).id, QStringLiteral("n1"));
    QCOMPARE(result->rows.at(2).status, RowOutcome::Status::Updated);
    QCOMPARE(result->updated, 2);
    QCOMPARE(result->unknown, 0);
    // The _id travelled with the update rows.
    QCOMPARE(h.fake->requests.at(0).jsonArray().at(0).toObject().value(QLatin1String("_id")),
             QJsonValue(QStringLiteral("u1")));

    // validationErrors in a 400 body fail their row with the server's message.
    const auto rejected = h.run(h.client->bulkUpsert(companies(), rows));
    QVERIFY(rejected);
    QCOMPARE(rejected->rows.at(1).status, RowOutcome::Status::Failed);
    QCOMPARE(rejected->rows.at(1).message, QStringLiteral("name must not be empty"));
    QCOMPARE(rejected->error.httpStatus(), 400);
}

void TestPlanhatClient::listDeliversInOrderWhenPagesFinishOutOfOrder()
{
    Harness h;
    // 35 rows, pages of 10. Page 0 goes alone; then pages 1-8 (8 in flight, set here: the
    // default is 12) are out together and answer in reverse order: the empty pages 8 to 4
    // first, the short page 3 next, page 1 last.
    ClientOptions options = h.client->options();
    options.pagesInFlight = 8;
    h.client->setOptions(options);
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        const int count = qBound(0, 35 - offset, limit);
        return FakeAnswer::json(200, rowsJson(offset, count), 10 + (90 - offset) * 2);
    };
    ListQuery query;
    query.pageSize = 10;
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result);
    QVERIFY2(!listing.result->error.isError(), qPrintable(listing.result->error.toString()));
    QCOMPARE(listing.result->rowCount, 35);
    QCOMPARE(listing.firstRows, (QList<qint64> {0, 10, 20, 30}));
    QCOMPARE(listing.rows.size(), 35);
    for (int n = 0; n < 35; ++n)
        QCOMPARE(listing.rows.at(n).value(QLatin1String("n")).toInt(), n);
    // Eight pages in flight at once. The short page 3 was not taken for the end: the rest of
    // its range (offset 35) was asked for, and came back empty.
    QCOMPARE(h.fake->maxInFlight, 8);
    QCOMPARE(h.fake->requests.size(), 10);
    QCOMPARE(h.fake->events.at(0),
             QStringLiteral("sent GET /companies?limit=10&offset=0&sort=_id"));
    QCOMPARE(h.fake->events.at(1),
             QStringLiteral("answered GET /companies?limit=10&offset=0&sort=_id"));
    QCOMPARE(h.fake->events.at(10),
             QStringLiteral("answered GET /companies?limit=10&offset=80&sort=_id"));
    QCOMPARE(h.fake->events.at(14),
             QStringLiteral("answered GET /companies?limit=10&offset=40&sort=_id"));
    QCOMPARE(h.fake->events.at(15),
             QStringLiteral("answered GET /companies?limit=10&offset=30&sort=_id"));
    QVERIFY(
        h.fake->events.contains(QStringLiteral("sent GET /companies?limit=5&offset=35&sort=_id")));
    // The log gets one entry per page, with its row count, once parsed.
    QCOMPARE(h.log.size(), 10);
    int loggedRows = 0;
    for (const RequestLogEntry &entry : std::as_const(h.log))
        loggedRows += entry.rows;
    QCOMPARE(loggedRows, 35);
}

void TestPlanhatClient::listRawRowsAreTheAnswersBytes()
{
    // Raw rows come from the answers' bytes as read (with room to spare for the parser):
    // small and large answers of sizes that differ from page to page arrive whole.
    Harness h;
    const auto pageText = [](int offset, int count) {
        QJsonArray array;
        for (int n = offset; n < offset + count; ++n)
            array.append(
                QJsonObject {{QStringLiteral("_id"), QStringLiteral("id%1").arg(n)},
                             {QStringLiteral("text"), QString(n % 900, QLatin1Char('t'))}});
        return QJsonDocument(array).toJson(QJsonDocument::Compact);
    };
    constexpr int total = 1234;
    h.fake->handler = [&pageText](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        return FakeAnswer::json(200, pageText(offset, qBound(0, total - offset, limit)));
    };
    ListQuery query;
    query.pageSize = 200;
    ListJob *job = h.client->list(companies(), query);
    job->setRowFormat(ListJob::RowFormat::Raw);
    QByteArray received;
    qint64 rows = 0;
    connect(job, &ListJob::rawRowsReceived, this, [&](const RawRows &page, qint64 firstRow) {
        QCOMPARE(firstRow, rows);
        QVERIFY(page.body.capacity() - page.body.size() >= RawRows::padding);
        for (qsizetype i = 0; i < page.size(); ++i) {
            received += (rows == 0 ? "" : ",");
            received += page.row(i).toByteArray();
            ++rows;
        }
    });
    const Harness::Listing listing = h.run(job);
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(rows, total);
    QCOMPARE('[' + received + ']', pageText(0, total));
}

void TestPlanhatClient::heldListAsksForNoMorePages()
{
    ClientOptions options = fastOptions();
    options.pagesInFlight = 2;
    Harness h(options);
    constexpr int total = 100;
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        return FakeAnswer::json(200, rowsJson(offset, qBound(0, total - offset, limit)), 1);
    };
    ListQuery query;
    query.pageSize = 10;
    ListJob *job = h.client->list(companies(), query);
    qsizetype sentWhenHeld = -1;
    connect(job, &ListJob::rowsReceived, this, [&] {
        if (sentWhenHeld < 0) {
            job->setHeld(true);
            sentWhenHeld = h.fake->requests.size();
        }
    });
    Harness::Listing listing;
    connect(job, &ListJob::rowsReceived, this,
            [&listing](const QList<QJsonObject> &rows) { listing.rows += rows; });
    connect(job, &ListJob::finished, this, [&listing](const ListResult &r) { listing.result = r; });
    job->start();
    QVERIFY(QTest::qWaitFor([&] { return sentWhenHeld >= 0; }, 8000));
    // Held: what was asked for arrives, nothing more is asked for.
    QTest::qWait(200);
    QVERIFY(job->isHeld());
    QCOMPARE(h.fake->requests.size(), sentWhenHeld);
    QVERIFY(!listing.result);
    QVERIFY(listing.rows.size() < total);
    job->setHeld(false);
    QVERIFY(QTest::qWaitFor([&] { return listing.result.has_value(); }, 8000));
    QVERIFY(!listing.result->error.isError());
    QCOMPARE(listing.rows.size(), total);
    QCOMPARE(listing.rows.last().value(QStringLiteral("_id")).toString(),
             QStringLiteral("id%1").arg(total - 1));
}

void TestPlanhatClient::listPagesUntilAnEmptyPage()
{
    ClientOptions options = fastOptions();
    options.pagesInFlight = 3;
    Harness h(options);
    // Pages answer in order; the short page is the fifth (offset 40).
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        const int count = qBound(0, 43 - offset, limit);
        return FakeAnswer::json(200, rowsJson(offset, count), 5);
    };
    ListQuery query;
    query.pageSize = 10;
    query.select = {QStringLiteral("_id"), QStringLiteral("n")};
    ListJob *job = h.client->list(companies(), query);
    // Pages are parsed off the thread, so a page is known to be short once its rows arrive.
    connect(job, &ListJob::rowsReceived, this,
            [&h](const QList<QJsonObject> &rows, qint64 firstRow) {
                h.fake->events.append(
                    QStringLiteral("delivered %1 rows from %2").arg(rows.size()).arg(firstRow));
            });
    const Harness::Listing listing = h.run(job);
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.rows.size(), 43);
    const QString events = h.fake->events.join(QLatin1Char('\n'));
    QVERIFY(h.fake->events.contains(
        QStringLiteral("sent GET /companies?limit=10&offset=40&select=_id,n&sort=_id")));
    const qsizetype shortPage = h.fake->events.indexOf(QStringLiteral("delivered 3 rows from 40"));
    QVERIFY2(shortPage >= 0, qPrintable(events));
    // After the short page, only the rest of its range is asked for (alone: it is probably
    // the end), and its empty answer ends the listing.
    const QString rest = QStringLiteral("GET /companies?limit=7&offset=43&select=_id,n&sort=_id");
    QStringList sentAfter;
    for (qsizetype i = shortPage; i < h.fake->events.size(); ++i) {
        if (h.fake->events.at(i).startsWith(QLatin1String("sent")))
            sentAfter.append(h.fake->events.at(i));
    }
    QCOMPARE(sentAfter, QStringList {QStringLiteral("sent ") + rest});
    QCOMPARE(h.fake->events.last(), QStringLiteral("answered ") + rest);
    QVERIFY(h.fake->maxInFlight <= 3);
    QVERIFY2(h.fake->requests.size() <= 8, qPrintable(events));
}

void TestPlanhatClient::listLosesNoRowWhenTheServerCapsPages()
{
    Harness h;
    // 23 rows; the server answers at most 2 rows whatever `limit` asks for, and delays pages
    // so later ones may answer first.
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        const int count = qBound(0, 23 - offset, qMin(limit, 2));
        return FakeAnswer::json(200, rowsJson(offset, count), 1 + (offset * 7) % 11);
    };
    ListQuery query;
    query.pageSize = 5;
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result);
    QVERIFY2(!listing.result->error.isError(), qPrintable(listing.result->error.toString()));
    QCOMPARE(listing.result->rowCount, 23);
    QCOMPARE(listing.rows.size(), 23);
    for (int n = 0; n < 23; ++n)
        QCOMPARE(listing.rows.at(n).value(QLatin1String("n")).toInt(), n);
    // The first short page's rest (offset 2, limit 3) came back with rows: the cap was
    // proved, and the pages after it ask for 2 rows, lined up.
    QCOMPARE(h.fake->requests.at(0).query(QStringLiteral("limit")), QStringLiteral("5"));
    QCOMPARE(h.fake->requests.at(1).query(QStringLiteral("offset")), QStringLiteral("2"));
    QCOMPARE(h.fake->requests.at(1).query(QStringLiteral("limit")), QStringLiteral("3"));
    QSet<int> offsets;
    for (qsizetype i = 2; i < h.fake->requests.size(); ++i) {
        const SeenRequest &request = h.fake->requests.at(i);
        QVERIFY2(request.query(QStringLiteral("limit")).toInt() <= 2,
                 qPrintable(request.url.toString()));
        const int offset = request.query(QStringLiteral("offset")).toInt();
        QVERIFY2(!offsets.contains(offset), qPrintable(request.url.toString()));
        offsets.insert(offset);
    }
    QVERIFY(h.fake->maxInFlight <= ClientOptions().pagesInFlight);
    QVERIFY2(h.fake->requests.size() <= 20, qPrintable(QString::number(h.fake->requests.size())));
}

void TestPlanhatClient::listOfASmallTenantCostsTwoRequests()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        return FakeAnswer::json(200, rowsJson(offset, qBound(0, 321 - offset, limit)));
    };
    const Harness::Listing listing = h.run(h.client->list(companies()));
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.rows.size(), 321);
    // The page of 5,000 held 321: one more request proves that was the end.
    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(h.fake->requests.at(1).query(QStringLiteral("offset")), QStringLiteral("321"));
    QCOMPARE(h.fake->requests.at(1).query(QStringLiteral("limit")), QStringLiteral("4679"));
}

void TestPlanhatClient::listOfACappedTenantLinesPagesUp()
{
    Harness h;
    // 4,321 companies; the server caps pages at 2,000 while we ask 5,000.
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        return FakeAnswer::json(200, rowsJson(offset, qBound(0, 4321 - offset, qMin(limit, 2000))));
    };
    const Harness::Listing listing = h.run(h.client->list(companies()));
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.rows.size(), 4321);
    QSet<QString> ids;
    for (const QJsonObject &row : listing.rows)
        ids.insert(row.value(QLatin1String("_id")).toString());
    QCOMPARE(ids.size(), 4321);
    // The first page, the rest of its range (which proves the cap), then one round of pages
    // in flight (those past the end come back empty), and the rest of the short last page.
    QVERIFY2(h.fake->requests.size() <= 3 + ClientOptions().pagesInFlight,
             qPrintable(QString::number(h.fake->requests.size())));
}

void TestPlanhatClient::listDeliversRowsRepeatedAcrossPagesOnce()
{
    Harness h;
    // A row was inserted before the second page was read: it starts one row early and
    // repeats the last row of the first page.
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        const int first = offset == 0 ? 0 : offset - 1;
        return FakeAnswer::json(200, rowsJson(first, qBound(0, 25 - first, limit)));
    };
    ListQuery query;
    query.pageSize = 10;
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.result->rowCount, 25);
    QCOMPARE(listing.rows.size(), 25);
    for (int n = 0; n < 25; ++n)
        QCOMPARE(listing.rows.at(n).value(QLatin1String("n")).toInt(), n);
    // firstRow counts delivered rows: the second page brought 9 new ones.
    QCOMPARE(listing.firstRows, (QList<qint64> {0, 10, 19}));
}

void TestPlanhatClient::listAsksForAStableOrderAndIds()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        // The server returns what select asks for, _id included.
        QJsonArray rows;
        if (offset == 0) {
            for (int n = 0; n < 3; ++n) {
                QJsonObject row {{QStringLiteral("name"), QStringLiteral("C%1").arg(n)}};
                if (request.query(QStringLiteral("select"))
                        .split(QLatin1Char(','))
                        .contains(QLatin1String("_id")))
                    row.insert(QStringLiteral("_id"), QStringLiteral("id%1").arg(n));
                rows.append(row);
            }
        }
        return FakeAnswer::json(200, QJsonDocument(rows).toJson(QJsonDocument::Compact));
    };
    ListQuery byName;
    byName.select = {QStringLiteral("name")};
    byName.sort = QStringLiteral("-name");
    const Harness::Listing named = h.run(h.client->list(companies(), byName));
    QVERIFY(named.result && !named.result->error.isError());
    for (const SeenRequest &request : std::as_const(h.fake->requests)) {
        QCOMPARE(request.query(QStringLiteral("sort")), QStringLiteral("-name"));
        QCOMPARE(request.query(QStringLiteral("select")), QStringLiteral("_id,name"));
    }
    QCOMPARE(named.rows.size(), 3);
    QCOMPARE(named.rows.first(),
             QJsonObject({{QStringLiteral("_id"), QStringLiteral("id0")},
                          {QStringLiteral("name"), QStringLiteral("C0")}}));

    h.fake->requests.clear();
    ListQuery withId;
    withId.select = {QStringLiteral("name"), QStringLiteral("_id")};
    const Harness::Listing both = h.run(h.client->list(companies(), withId));
    QCOMPARE(both.rows.size(), 3);
    QCOMPARE(both.rows.first().value(QLatin1String("_id")).toString(), QStringLiteral("id0"));
    QVERIFY(!h.fake->requests.isEmpty());
    for (const SeenRequest &request : std::as_const(h.fake->requests)) {
        QCOMPARE(request.query(QStringLiteral("sort")), QStringLiteral("_id"));
        QCOMPARE(request.query(QStringLiteral("select")), QStringLiteral("name,_id"));
    }
}

void TestPlanhatClient::listGivesUpOnAServerThatIgnoresOffset()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, rowsJson(0, 10));
    };
    ListQuery query;
    query.pageSize = 10;
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result);
    QCOMPARE(listing.result->error.kind(), ApiError::Kind::InvalidResponse);
    QVERIFY2(listing.result->error.message().contains(QLatin1String("offset")),
             qPrintable(listing.result->error.message()));
    QCOMPARE(listing.rows.size(), 10);
}

void TestPlanhatClient::listRespectsMaxRows()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        const int limit = request.query(QStringLiteral("limit")).toInt();
        return FakeAnswer::json(200, rowsJson(offset, limit));
    };
    ListQuery query;
    query.pageSize = 10;
    query.maxRows = 15;
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.result->rowCount, 15);
    QCOMPARE(listing.rows.size(), 15);
    QCOMPARE(h.fake->requests.size(), 2);

    Harness small;
    small.fake->handler = h.fake->handler;
    ListQuery few;
    few.maxRows = 3;
    const Harness::Listing three = small.run(small.client->list(companies(), few));
    QCOMPARE(three.rows.size(), 3);
    QCOMPARE(small.fake->requests.size(), 1);
    QCOMPARE(small.fake->requests.at(0).query(QStringLiteral("limit")), QStringLiteral("3"));
}

void TestPlanhatClient::listSplitsLongCompanyIdLists()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        // One row per company in the filter, then the listing of that group ends.
        QJsonArray array;
        if (request.query(QStringLiteral("offset")) == QLatin1String("0"))
            for (const QString &id :
                 request.query(QStringLiteral("companyId")).split(QLatin1Char(',')))
                array.append(QJsonObject {{QStringLiteral("companyId"), id}});
        return FakeAnswer::json(200, QJsonDocument(array).toJson(QJsonDocument::Compact));
    };
    ListQuery query;
    for (int i = 0; i < 300; ++i)
        query.companyIds.append(QStringLiteral("%1").arg(i, 24, 16, QLatin1Char('0')));
    const Harness::Listing listing = h.run(h.client->list(companies(), query));
    QVERIFY(listing.result && !listing.result->error.isError());
    QVERIFY2(h.fake->requests.size() >= 5, qPrintable(QString::number(h.fake->requests.size())));
    QStringList seen;
    for (const SeenRequest &request : std::as_const(h.fake->requests)) {
        const QString ids = request.query(QStringLiteral("companyId"));
        QVERIFY2(ids.size() <= 1800, qPrintable(QString::number(ids.size())));
        QVERIFY(request.url.toEncoded().size() < 2048);
        if (request.query(QStringLiteral("offset")) == QLatin1String("0"))
            seen += ids.split(QLatin1Char(','));
    }
    QCOMPARE(seen, query.companyIds);
    QCOMPARE(listing.rows.size(), 300);
    QCOMPARE(listing.rows.last().value(QLatin1String("companyId")).toString(),
             query.companyIds.last());
}

void TestPlanhatClient::listRejectsANonArrayBody()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, R"({"error":"this is not a page"})");
    };
    const Harness::Listing listing = h.run(h.client->list(companies()));
    QVERIFY(listing.result);
    QCOMPARE(listing.result->error.kind(), ApiError::Kind::InvalidResponse);
    QCOMPARE(listing.result->error.httpStatus(), 200);
    QVERIFY(listing.rows.isEmpty());
}

void TestPlanhatClient::listAbortStops()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        const int offset = request.query(QStringLiteral("offset")).toInt();
        return FakeAnswer::json(200, rowsJson(offset, 10), 50);
    };
    ListQuery query;
    query.pageSize = 10;
    ListJob *job = h.client->list(companies(), query);
    std::optional<ListResult> result;
    connect(job, &ListJob::finished, this, [&result](const ListResult &r) { result = r; });
    QPointer<ListJob> guard(job);
    job->start();
    QTRY_VERIFY(h.fake->inFlight > 0); // the first page is on the wire
    job->abort();
    QVERIFY(result);
    QCOMPARE(result->error.kind(), ApiError::Kind::Network);
    const qsizetype sent = h.fake->requests.size();
    QTest::qWait(120); // deliberate: past the 50 ms answers, no further page may be asked for
    QCOMPARE(h.fake->requests.size(), sent);
    QVERIFY(!guard); // deleted itself
    QCOMPARE(h.client->requestsInFlight(), 0);
}

void TestPlanhatClient::throttleLimitsRequestsInFlight()
{
    ClientOptions options = fastOptions();
    options.maxRequestsInFlight = 3;
    Harness h(options);
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, R"({"_id":"x"})", 20);
    };
    QList<int> inFlight;
    connect(h.client.get(), &PlanhatClient::requestsInFlightChanged, this,
            [&inFlight](int count) { inFlight.append(count); });
    int finished = 0;
    for (int i = 0; i < 10; ++i) {
        ObjectJob *job = h.client->get(companies(), QStringLiteral("id%1").arg(i));
        connect(job, &ObjectJob::finished, this, [&finished](const ObjectResult &r) {
            if (!r.error.isError())
                ++finished;
        });
        job->start();
    }
    QCOMPARE(h.client->requestsInFlight(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(finished, 10, 5000);
    QCOMPARE(h.fake->requests.size(), 10);
    QCOMPARE(h.fake->maxInFlight, 3);
    QCOMPARE(*std::max_element(inFlight.cbegin(), inFlight.cend()), 3);
    QCOMPARE(inFlight.last(), 0);
}

void TestPlanhatClient::analyticsNeedsATenant()
{
    Harness h;
    ObjectJob *job = h.client->trackActivity(obj(R"({"email":"a@b.c","action":"login"})"));
    std::optional<ObjectResult> result;
    connect(job, &ObjectJob::finished, this, [&result](const ObjectResult &r) { result = r; });
    job->start();
    QVERIFY(!result); // reported asynchronously, like every answer
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 2000);
    QCOMPARE(result->error.kind(), ApiError::Kind::BadRequest);
    QVERIFY(result->error.message().contains(QLatin1String("tenant")));
    QVERIFY(h.fake->requests.isEmpty());
}

void TestPlanhatClient::analyticsPostsToTheAnalyticsHost()
{
    Harness h;
    h.client->setAnalytics(QUrl(), QStringLiteral("tenant-42"));
    h.fake->handler = [](const SeenRequest &) {
        return FakeAnswer::json(200, "OK");
    };
    const auto one = h.run(h.client->trackActivity(obj(R"({"email":"a@b.c","action":"login"})")));
    QVERIFY(one);
    QVERIFY2(!one->error.isError(), qPrintable(one->error.toString()));
    QCOMPARE(one->body.toString(), QStringLiteral("OK"));
    const auto many = h.run(h.client->trackActivities(
        QJsonArray {obj(R"({"email":"a@b.c"})"), obj(R"({"email":"d@e.f"})")}));
    QVERIFY(many && !many->error.isError());

    QCOMPARE(h.fake->requests.size(), 2);
    QCOMPARE(h.fake->requests.at(0).url.toString(),
             QStringLiteral("https://analytics.planhat.com/analytics/tenant-42"));
    QCOMPARE(h.fake->requests.at(0).verb, QByteArray("POST"));
    QCOMPARE(h.fake->requests.at(0).jsonObject().value(QLatin1String("action")).toString(),
             QStringLiteral("login"));
    QCOMPARE(h.fake->requests.at(1).url.toString(),
             QStringLiteral("https://analytics.planhat.com/analytics/bulk/tenant-42"));
    QCOMPARE(h.fake->requests.at(1).jsonArray().size(), 2);
    for (const SeenRequest &request : std::as_const(h.fake->requests))
        QCOMPARE(request.request.rawHeader("Authorization"), QByteArray("Bearer tok-SECRET-123"));
}

void TestPlanhatClient::tokenNeverLeaks()
{
    Harness h;
    h.fake->script = {FakeAnswer::json(
        401, R"({"error":"Unauthorized","message":"token tok-SECRET-123 is invalid"})")};
    const auto result = h.run(h.client->get(companies(), QStringLiteral("abc")));
    QVERIFY(result);
    QCOMPARE(result->error.kind(), ApiError::Kind::Auth);
    const QString text = result->error.toString();
    QVERIFY2(text.startsWith(QLatin1String("HTTP 401 (authentication failed): Unauthorized: token "
                                           "[redacted] is invalid")),
             qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("SECRET")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("region")));
    QCOMPARE(h.log.size(), 1);
    QVERIFY2(!h.log.first().error.contains(QLatin1String("SECRET")),
             qPrintable(h.log.first().error));
    QCOMPARE(h.fake->requests.size(), 1); // 401 is not retried
}

void TestPlanhatClient::emptyBulkSendsNothing()
{
    Harness h;
    const auto result = h.run(h.client->bulkUpsert(companies(), {}));
    QVERIFY(result);
    QVERIFY(result->rows.isEmpty());
    QVERIFY(result->allSucceeded());
    QVERIFY(h.fake->requests.isEmpty());
}

void TestPlanhatClient::customFieldDefinitionsListCustomfields()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        if (request.query(QStringLiteral("offset")) != QLatin1String("0"))
            return FakeAnswer::json(200, "[]");
        return FakeAnswer::json(200, R"([{"_id":"f1","name":"Region","type":"text",
                                         "parent":"company"}])");
    };
    const Harness::Listing listing = h.run(h.client->customFieldDefinitions());
    QVERIFY(listing.result && !listing.result->error.isError());
    QCOMPARE(listing.rows.size(), 1);
    QCOMPARE(h.fake->requests.size(), 2); // the page, and the empty one that ends the list
    QCOMPARE(h.fake->requests.first().url.path(), QStringLiteral("/customfields"));
}

void TestPlanhatClient::destroyingTheClientWithJobsInFlightIsSafe()
{
    Harness h;
    h.fake->handler = [](const SeenRequest &request) {
        if (request.verb == "PUT")
            return createEverything(request, 200);
        return FakeAnswer::json(200, rowsJson(0, 10), 200);
    };
    bool anyFinished = false;
    ListQuery query;
    query.pageSize = 10;
    ListJob *list = h.client->list(companies(), query);
    BulkUpsertJob *bulk = h.client->bulkUpsert(companies(), {obj(R"({"name":"A"})")});
    ObjectJob *get = h.client->get(companies(), QStringLiteral("x"));
    connect(list, &ListJob::finished, this, [&] { anyFinished = true; });
    connect(bulk, &BulkUpsertJob::finished, this, [&] { anyFinished = true; });
    connect(get, &ObjectJob::finished, this, [&] { anyFinished = true; });
    list->start();
    bulk->start();
    get->start();
    QTRY_VERIFY(h.fake->inFlight > 0);
    QPointer<ListJob> listGuard(list);
    h.client.reset();
    QVERIFY(!listGuard);
    QTest::qWait(250); // deliberate: past every answer's delay, none may reach a job
    QVERIFY(!anyFinished);
}

QTEST_GUILESS_MAIN(TestPlanhatClient)
#include "tst_planhatclient.moc"
