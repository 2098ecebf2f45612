// SPDX-License-Identifier: MIT
// Integration tests of planhat-sandbox over real loopback HTTP: most run the server
// in-process (linking planhatsandbox), one starts the executable.
#include "bulkupsert.h"
#include "demoseeder.h"
#include "faultinjector.h"
#include "jsonpath.h"
#include "objectwriter.h"
#include "sandboxserver.h"
#include "sandboxstore.h"
#include "storefile.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <random>

using namespace Planhat::Sandbox;
using Planhat::KeyKind;

namespace {

const QByteArray token = "test-token";
const QByteArray bearer = "Bearer " + token;

/// An in-process sandbox: store plus server on a free loopback port.
struct Sandbox
{
    std::unique_ptr<SandboxStore> store;
    std::unique_ptr<SandboxServer> server;

    QUrl url(const QString &pathAndQuery) const
    {
        return server->baseUrl().resolved(QUrl(pathAndQuery));
    }
};

std::unique_ptr<Sandbox> startSandbox(SandboxServerOptions options = {},
                                      SandboxStore *sharedStore = nullptr)
{
    auto sandbox = std::make_unique<Sandbox>();
    if (!sharedStore) {
        sandbox->store = std::make_unique<SandboxStore>();
        // A clock that advances one second per call: timestamps are predictable and
        // every write visibly changes updatedAt.
        auto seconds = std::make_shared<qint64>(0);
        sandbox->store->setClock([seconds]() {
            return QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC).addSecs((*seconds)++);
        });
        sharedStore = sandbox->store.get();
    }
    if (options.token.isEmpty())
        options.token = QString::fromLatin1(token);
    sandbox->server = std::make_unique<SandboxServer>(sharedStore, options);
    QString error;
    if (!sandbox->server->listenOnLoopback(0, &error))
        qFatal("cannot listen: %s", qPrintable(error));
    return sandbox;
}

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray retryAfter;
    bool hasRetryAfter = false;
    QByteArray rateLimitLimit; ///< X-Rate-Limit-Limit
    QByteArray rateLimitRemaining; ///< X-Rate-Limit-Remaining

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QString errorMessage() const { return object().value("error").toString(); }
};

/// One raw exchange on its own connection, so a dropped connection is seen as such (QNAM
/// would silently resend a request whose keep-alive connection closed).
struct RawReply
{
    bool dropped = false;
    int status = 0;
    QByteArray head;
    QByteArray body;
};

QJsonObject company(const QString &name, const QString &externalId = {},
                    const QString &sourceId = {})
{
    QJsonObject object {{"name", name}};
    if (!externalId.isEmpty())
        object.insert("externalId", externalId);
    if (!sourceId.isEmpty())
        object.insert("sourceId", sourceId);
    return object;
}

QStringList ids(const QJsonArray &objects)
{
    QStringList result;
    for (const QJsonValue &value : objects)
        result.append(value.toObject().value("_id").toString());
    return result;
}

QStringList names(const QJsonArray &objects)
{
    QStringList result;
    for (const QJsonValue &value : objects)
        result.append(value.toObject().value("name").toString());
    return result;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray json(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

class SandboxServerTest : public QObject
{
    Q_OBJECT

private slots:
    void authentication();
    void createRequiresFields();
    void createResolvesCompanyReferences();
    void createIgnoresReadOnlyFieldsAndRejectsDuplicates();
    void getByEveryKey();
    void updateMergesCustomFields();
    void deleteThenNotFound();
    void listLimitOffsetSortSelect();
    void listFilters();
    void listLimitIsCappedAtDocumentedMaximum();
    void largeAnswersArriveWhole();
    void pageCap();
    void unorderedLists();
    void sortedOrderFollowsChanges();
    void unsupportedOperations();
    void bulkUpsertKeyPriority();
    void bulkUpsertMatchesOnlyTheTypesKeyables();
    void leanUpdateKeys();
    void bulkUpsertStatusAndShape();
    void bulkUpsertLimit();
    void leanCompaniesAndAnalytics();
    void persistenceRoundTrip();
    void faultInjection();
    void rateLimit();
    void minuteQuota();
    void latency();
    void demoSeedIsDeterministic();
    void demoCompaniesCarryRevenueFromTheirLicenses();
    void storedJsonIsQJsonDocumentsCompactForm();
    void selectOfNestedPathsMatchesParsedSelect();
    void mergeCompactMatchesQJsonObjectMerge();
    void bulkUpsertFromRawBodyMatchesParsedPath();
    void bulkUpdatesRewriteObjectsAndOrders();
    void keyIndexesFollowInsertsUpdatesAndRemovals();
    void executable();
    void executableWithEveryEdge();

private:
    Reply send(const QUrl &url, const QByteArray &method, const QByteArray &body = {},
               const QByteArray &authorization = bearer);
    Reply get(const Sandbox &sandbox, const QString &path)
    {
        return send(sandbox.url(path), "GET");
    }
    Reply post(const Sandbox &sandbox, const QString &path, const QJsonObject &body)
    {
        return send(sandbox.url(path), "POST", json(body));
    }
    Reply put(const Sandbox &sandbox, const QString &path, const QByteArray &body)
    {
        return send(sandbox.url(path), "PUT", body);
    }
    RawReply sendRaw(quint16 port, const QByteArray &method, const QByteArray &path,
                     const QByteArray &body);

    QNetworkAccessManager m_network;
};

Reply SandboxServerTest::send(const QUrl &url, const QByteArray &method, const QByteArray &body,
                              const QByteArray &authorization)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(15000)) {
        const QByteArray message
            = "request " + method + ' ' + url.toString().toUtf8() + " timed out";
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    }
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    result.retryAfter = reply->rawHeader("Retry-After");
    result.hasRetryAfter = reply->hasRawHeader("Retry-After");
    result.rateLimitLimit = reply->rawHeader("X-Rate-Limit-Limit");
    result.rateLimitRemaining = reply->rawHeader("X-Rate-Limit-Remaining");
    reply->deleteLater();
    return result;
}

RawReply SandboxServerTest::sendRaw(quint16 port, const QByteArray &method, const QByteArray &path,
                                    const QByteArray &body)
{
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, &socket,
            [&socket, &received]() { received += socket.readAll(); });
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!connected.wait(5000))
        QTest::qFail("raw connect failed", __FILE__, __LINE__);
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + bearer
                 + "\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    if (disconnected.isEmpty() && !disconnected.wait(10000))
        QTest::qFail("raw exchange did not end", __FILE__, __LINE__);
    received += socket.readAll();

    RawReply reply;
    reply.dropped = received.isEmpty();
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    reply.head = received.left(headEnd);
    reply.body = received.mid(headEnd + 4);
    reply.status = received.mid(9, 3).toInt();
    return reply;
}

void SandboxServerTest::authentication()
{
    const auto sandbox = startSandbox();
    const QUrl url = sandbox->url("/companies");

    QCOMPARE(send(url, "GET", {}, bearer).status, 200);
    QCOMPARE(send(url, "GET", {}, "Basic " + QByteArray(token + ':').toBase64()).status, 200);

    const Reply wrong = send(url, "GET", {}, "Bearer not-the-token");
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.errorMessage(), QString("Unauthorized: invalid API token"));
    QCOMPARE(send(url, "GET", {}, QByteArray()).status, 401);
    QCOMPARE(send(url, "GET", {}, "Basic " + QByteArray("wrong:").toBase64()).status, 401);
    QCOMPARE(send(url, "GET", {}, "Token " + token).status, 401);

    // Without --token any non-empty token passes, but one must be sent.
    SandboxServerOptions open;
    open.token.clear();
    SandboxStore store;
    SandboxServer openServer(&store, open);
    QString error;
    QVERIFY2(openServer.listenOnLoopback(0, &error), qPrintable(error));
    const QUrl openUrl = openServer.baseUrl().resolved(QUrl("/companies"));
    QCOMPARE(send(openUrl, "GET", {}, "Bearer anything").status, 200);
    const Reply missing = send(openUrl, "GET", {}, QByteArray());
    QCOMPARE(missing.status, 401);
    QVERIFY(missing.errorMessage().startsWith("Unauthorized"));
}

void SandboxServerTest::createRequiresFields()
{
    const auto sandbox = startSandbox();
    const Reply noName = post(*sandbox, "/companies", QJsonObject {{"externalId", "x"}});
    QCOMPARE(noName.status, 400);
    QVERIFY2(noName.errorMessage().contains("name"), noName.body.constData());

    const Reply emptyName = post(*sandbox, "/companies", QJsonObject {{"name", "  "}});
    QCOMPARE(emptyName.status, 400);
    QVERIFY(emptyName.errorMessage().contains("name"));

    QCOMPARE(post(*sandbox, "/companies", company("Acme")).status, 200);
    // End users need a company and an email; the missing one is named.
    const Reply noEmail = post(*sandbox, "/endusers",
                               QJsonObject {{"firstName", "Ann"}, {"companyId", "extid-none"}});
    QCOMPARE(noEmail.status, 400);
    QVERIFY2(noEmail.errorMessage().contains("email"), noEmail.body.constData());
    const Reply noCompany = post(*sandbox, "/endusers", QJsonObject {{"email", "a@b.c"}});
    QCOMPARE(noCompany.status, 400);
    QVERIFY2(noCompany.errorMessage().contains("companyId"), noCompany.body.constData());

    const Reply notJson = send(sandbox->url("/companies"), "POST", "{nope");
    QCOMPARE(notJson.status, 400);
    QVERIFY(notJson.errorMessage().contains("JSON"));
}

void SandboxServerTest::createResolvesCompanyReferences()
{
    const auto sandbox = startSandbox();
    const QJsonObject acme
        = post(*sandbox, "/companies", company("Acme", "acme-1", "crm-1")).object();
    const QString acmeId = acme.value("_id").toString();
    QVERIFY(QRegularExpression("^[0-9a-f]{24}$").match(acmeId).hasMatch());

    const Reply byExtId = post(*sandbox, "/endusers",
                               QJsonObject {{"email", "ann@acme.test"},
                                            {"firstName", "Ann"},
                                            {"lastName", "Lee"},
                                            {"companyId", "extid-acme-1"}});
    QCOMPARE(byExtId.status, 200);
    QCOMPARE(byExtId.object().value("companyId").toString(), acmeId);
    QCOMPARE(byExtId.object().value("companyName").toString(), QString("Acme"));
    QCOMPARE(byExtId.object().value("name").toString(), QString("Ann Lee"));
    QVERIFY(byExtId.object().contains("createdAt"));
    QVERIFY(byExtId.object().contains("updatedAt"));
    QCOMPARE(byExtId.object().value("__v").toInt(-1), 0);

    const Reply bySrcId = post(*sandbox, "/licenses",
                               QJsonObject {{"_currency", "EUR"},
                                            {"companyId", "srcid-crm-1"},
                                            {"fromDate", "2024-01-01T00:00:00.000Z"}});
    QCOMPARE(bySrcId.status, 200);
    QCOMPARE(bySrcId.object().value("companyId").toString(), acmeId);

    const Reply unknown = post(*sandbox, "/endusers",
                               QJsonObject {{"email", "x@y.z"}, {"companyId", "extid-nope"}});
    QCOMPARE(unknown.status, 400);
    QVERIFY2(unknown.errorMessage().contains("extid-nope"), unknown.body.constData());

    // Invoices name the company cId/cName and their external id extId.
    const Reply invoice = post(*sandbox, "/invoices",
                               QJsonObject {{"cId", "extid-acme-1"},
                                            {"currency", "EUR"},
                                            {"extId", "INV-1"},
                                            {"invoiceDate", 19800}});
    QCOMPARE(invoice.status, 200);
    QCOMPARE(invoice.object().value("cId").toString(), acmeId);
    QCOMPARE(invoice.object().value("cName").toString(), QString("Acme"));
    QCOMPARE(get(*sandbox, "/invoices/extid-INV-1").object().value("_id"),
             invoice.object().value("_id"));
    const Reply invoiceWithoutCompany
        = post(*sandbox, "/invoices", QJsonObject {{"currency", "EUR"}});
    QCOMPARE(invoiceWithoutCompany.status, 400);
    QVERIFY(invoiceWithoutCompany.errorMessage().contains("cId"));

    // Renaming the company updates the denormalised names.
    QCOMPARE(put(*sandbox, "/companies/" + acmeId, json(QJsonObject {{"name", "Acme 2"}})).status,
             200);
    QCOMPARE(get(*sandbox, "/endusers/" + byExtId.object().value("_id").toString())
                 .object()
                 .value("companyName")
                 .toString(),
             QString("Acme 2"));
}

void SandboxServerTest::createIgnoresReadOnlyFieldsAndRejectsDuplicates()
{
    const auto sandbox = startSandbox();
    QJsonObject payload = company("Readonly Inc", "ro-1", "src-ro-1");
    payload.insert("_id", "ffffffffffffffffffffffff");
    payload.insert("status", "customer");
    payload.insert("createdAt", "1999-01-01T00:00:00.000Z");
    const Reply created = post(*sandbox, "/companies", payload);
    QCOMPARE(created.status, 200);
    QVERIFY(created.object().value("_id").toString() != QString("ffffffffffffffffffffffff"));
    QVERIFY(!created.object().contains("status"));
    QVERIFY(created.object().value("createdAt").toString().startsWith("2024-03-01"));

    const Reply sameExternal = post(*sandbox, "/companies", company("Other", "ro-1"));
    QCOMPARE(sameExternal.status, 400);
    QVERIFY2(sameExternal.errorMessage().contains("externalId"), sameExternal.body.constData());
    const Reply sameSource = post(*sandbox, "/companies", company("Other", {}, "src-ro-1"));
    QCOMPARE(sameSource.status, 400);
    QVERIFY(sameSource.errorMessage().contains("sourceId"));
}

void SandboxServerTest::getByEveryKey()
{
    const auto sandbox = startSandbox();
    const QJsonObject created
        = post(*sandbox, "/companies", company("Key Co", "ext key/1", "src-key")).object();
    const QString id = created.value("_id").toString();

    QCOMPARE(get(*sandbox, "/companies/" + id).object(), created);
    QCOMPARE(get(*sandbox, "/companies/srcid-src-key").object(), created);
    // Keys are percent-encoded in the path; an encoded "/" stays part of the key.
    QCOMPARE(get(*sandbox, "/companies/extid-ext%20key%2F1").object(), created);

    const Reply missing = get(*sandbox, "/companies/extid-nothing");
    QCOMPARE(missing.status, 404);
    QVERIFY(!missing.errorMessage().isEmpty());
    QCOMPARE(get(*sandbox, "/companies/0123456789abcdef01234567").status, 404);
}

void SandboxServerTest::updateMergesCustomFields()
{
    const auto sandbox = startSandbox();
    QJsonObject payload = company("Custom Co", "cc-1");
    payload.insert("custom", QJsonObject {{"Region", "EMEA"}, {"Seats", 10}});
    payload.insert("phase", "Onboarding");
    const QJsonObject created = post(*sandbox, "/companies", payload).object();

    const Reply updated
        = put(*sandbox, "/companies/extid-cc-1",
              json(QJsonObject {{"custom", QJsonObject {{"Seats", 20}, {"Tier", "Gold"}}},
                                {"phase", "Adoption"},
                                {"createdAt", "1999-01-01T00:00:00.000Z"}}));
    QCOMPARE(updated.status, 200);
    const QJsonObject object = updated.object();
    QCOMPARE(object.value("_id"), created.value("_id"));
    QCOMPARE(object.value("phase").toString(), QString("Adoption"));
    QCOMPARE(object.value("name").toString(), QString("Custom Co"));
    const QJsonObject custom = object.value("custom").toObject();
    QCOMPARE(custom.value("Region").toString(), QString("EMEA"));
    QCOMPARE(custom.value("Seats").toInt(), 20);
    QCOMPARE(custom.value("Tier").toString(), QString("Gold"));
    QCOMPARE(object.value("createdAt"), created.value("createdAt"));
    QVERIFY(object.value("updatedAt").toString() > created.value("updatedAt").toString());

    QCOMPARE(get(*sandbox, "/companies/extid-cc-1").object(), object);
    QCOMPARE(put(*sandbox, "/companies/extid-none", json(QJsonObject {{"name", "x"}})).status, 404);
    QCOMPARE(put(*sandbox, "/companies/extid-cc-1", "[1,2]").status, 400);
}

void SandboxServerTest::deleteThenNotFound()
{
    const auto sandbox = startSandbox();
    const QString id = post(*sandbox, "/companies", company("Doomed", "doomed"))
                           .object()
                           .value("_id")
                           .toString();
    post(*sandbox, "/companies", company("Survivor", "survivor"));

    const Reply deleted = send(sandbox->url("/companies/extid-doomed"), "DELETE");
    QCOMPARE(deleted.status, 200);
    QCOMPARE(deleted.object(), (QJsonObject {{"n", 1}, {"ok", 1}, {"deletedCount", 1}}));
    QCOMPARE(get(*sandbox, "/companies/" + id).status, 404);
    QCOMPARE(get(*sandbox, "/companies/extid-doomed").status, 404);
    QCOMPARE(send(sandbox->url("/companies/" + id), "DELETE").status, 404);
    QCOMPARE(names(get(*sandbox, "/companies").array()), QStringList {"Survivor"});
}

void SandboxServerTest::listLimitOffsetSortSelect()
{
    const auto sandbox = startSandbox();
    const QStringList created {"Delta", "Alpha", "Echo", "Charlie", "Bravo"};
    const QList<int> seats {40, 10, 50, 30, 20};
    for (int i = 0; i < created.size(); ++i) {
        QJsonObject payload = company(created.at(i), QString("l-%1").arg(i));
        payload.insert("custom",
                       QJsonObject {{"Seats", seats.at(i)}, {"Region", i % 2 ? "EMEA" : "APAC"}});
        QCOMPARE(post(*sandbox, "/companies", payload).status, 200);
    }

    QCOMPARE(names(get(*sandbox, "/companies").array()), created); // creation order
    QCOMPARE(names(get(*sandbox, "/companies?limit=2").array()), (QStringList {"Delta", "Alpha"}));
    QCOMPARE(names(get(*sandbox, "/companies?limit=2&offset=1").array()),
             (QStringList {"Alpha", "Echo"}));
    QCOMPARE(get(*sandbox, "/companies?offset=10").array().size(), 0);
    QCOMPARE(names(get(*sandbox, "/companies?sort=name").array()),
             (QStringList {"Alpha", "Bravo", "Charlie", "Delta", "Echo"}));
    QCOMPARE(names(get(*sandbox, "/companies?sort=-name&limit=2").array()),
             (QStringList {"Echo", "Delta"}));
    QCOMPARE(names(get(*sandbox, "/companies?sort=custom.Seats&offset=1&limit=3").array()),
             (QStringList {"Bravo", "Charlie", "Delta"}));
    // The cached order must follow changes.
    put(*sandbox, "/companies/extid-l-1", json(QJsonObject {{"name", "Zulu"}}));
    QCOMPARE(names(get(*sandbox, "/companies?sort=-name&limit=1").array()), QStringList {"Zulu"});

    const QJsonArray selected = get(*sandbox, "/companies?select=name&limit=1").array();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).toObject().keys(), (QStringList {"_id", "name"}));
    const QJsonObject region
        = get(*sandbox, "/companies?select=custom.Region&limit=1").array().at(0).toObject();
    QCOMPARE(region.keys(), (QStringList {"_id", "custom"}));
    QCOMPARE(region.value("custom").toObject(), (QJsonObject {{"Region", "APAC"}}));

    QCOMPARE(get(*sandbox, "/companies?limit=abc").status, 400);
    QCOMPARE(get(*sandbox, "/companies?offset=-1").status, 400);

    // Default page size: 100.
    DemoSeeder(sandbox->store.get()).seedCompanies(150);
    QCOMPARE(get(*sandbox, "/companies").array().size(), 100);
}

void SandboxServerTest::listFilters()
{
    const auto sandbox = startSandbox();
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        ids.append(
            post(*sandbox, "/companies", company(QString("F%1").arg(i), QString("f-%1").arg(i)))
                .object()
                .value("_id")
                .toString());
    }
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(post(*sandbox, "/endusers",
                      QJsonObject {{"email", QString("u%1@f.test").arg(i)},
                                   {"companyId", ids.at(i % 3)},
                                   {"position", i < 2 ? "CTO" : "Analyst"}})
                     .status,
                 200);
    }
    const QJsonArray ofTwo
        = get(*sandbox, QString("/endusers?companyId=%1,%2").arg(ids.at(0), ids.at(2))).array();
    QCOMPARE(ofTwo.size(), 4);
    for (const QJsonValue &user : ofTwo)
        QVERIFY(user.toObject().value("companyId").toString() != ids.at(1));
    QCOMPARE(
        get(*sandbox, QString("/endusers?companyId=%1&position=CTO").arg(ids.at(0))).array().size(),
        1);
    QCOMPARE(get(*sandbox, "/endusers?position=Analyst").array().size(), 4);
    QCOMPARE(get(*sandbox, "/endusers?email=u3@f.test").array().size(), 1);
    QCOMPARE(
        get(*sandbox, "/companies?externalId=f-1").array().at(0).toObject().value("_id").toString(),
        ids.at(1));

    // Notes are conversations filtered by type; issues link companies through an array.
    post(*sandbox, "/conversations", QJsonObject {{"companyId", ids.at(0)}, {"type", "note"}});
    post(*sandbox, "/conversations", QJsonObject {{"companyId", ids.at(0)}, {"type", "call"}});
    QCOMPARE(get(*sandbox, "/conversations?type=note").array().size(), 1);
    QCOMPARE(
        post(*sandbox, "/issues",
             QJsonObject {{"title", "Bug"}, {"companyIds", QJsonArray {ids.at(1), "extid-f-2"}}})
            .status,
        200);
    post(*sandbox, "/issues",
         QJsonObject {{"title", "Other"}, {"companyIds", QJsonArray {ids.at(0)}}});
    const QJsonArray issues = get(*sandbox, "/issues?companyId=" + ids.at(2)).array();
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.at(0).toObject().value("companyIds").toArray(),
             (QJsonArray {ids.at(1), ids.at(2)}));
    // Invoices filter on cId.
    post(*sandbox, "/invoices", QJsonObject {{"cId", ids.at(1)}, {"currency", "USD"}});
    QCOMPARE(get(*sandbox, "/invoices?companyId=" + ids.at(1)).array().size(), 1);
    QCOMPARE(get(*sandbox, "/invoices?companyId=" + ids.at(0)).array().size(), 0);
}

void SandboxServerTest::listLimitIsCappedAtDocumentedMaximum()
{
    // Planhat's list pages: limit "Default as 100, max. 2000", companies included (the
    // client's schema asks companies for 5000; the sandbox follows the docs).
    const auto sandbox = startSandbox();
    DemoSeeder(sandbox->store.get()).seedCompanies(2100);
    QCOMPARE(get(*sandbox, "/companies?limit=5000").array().size(), 2000);
    QCOMPARE(get(*sandbox, "/companies?limit=10000").array().size(), 2000);
    QCOMPARE(get(*sandbox, "/companies?limit=5000&offset=2000").array().size(), 100);
    QCOMPARE(get(*sandbox, "/companies").array().size(), 100);
    // The lean list has no paging: it stays whole.
    QCOMPARE(get(*sandbox, "/leancompanies").array().size(), 2100);

    QJsonArray endUsers;
    for (int i = 0; i < 2100; ++i)
        endUsers.append(QJsonObject {{"email", QString("e%1@cap.test").arg(i)},
                                     {"companyId", "extid-ext-0001"}});
    const Reply bulk = put(*sandbox, "/endusers", json(endUsers));
    QCOMPARE(bulk.status, 200);
    QCOMPARE(bulk.object().value("created").toInt(), 2100);
    QCOMPARE(get(*sandbox, "/endusers?limit=3000").array().size(), 2000);
}

void SandboxServerTest::largeAnswersArriveWhole()
{
    // A large body goes to the socket apart from its head: the two must still make one
    // answer, with the right length, also on a connection that carries more answers.
    const auto sandbox = startSandbox();
    DemoSeeder(sandbox->store.get()).seedCompanies(2000);
    const RawReply raw
        = sendRaw(sandbox->server->port(), "GET", "/companies?limit=2000&sort=_id", {});
    QCOMPARE(raw.status, 200);
    QVERIFY2(raw.body.size() > 64 * 1024, "the page must be large enough to be sent apart");
    QVERIFY2(raw.head.contains("\r\nContent-Length: " + QByteArray::number(raw.body.size())),
             raw.head.constData());
    QCOMPARE(QJsonDocument::fromJson(raw.body).array().size(), 2000);

    const RawReply head
        = sendRaw(sandbox->server->port(), "HEAD", "/companies?limit=2000&sort=_id", {});
    QCOMPARE(head.status, 200);
    QVERIFY2(head.head.contains("\r\nContent-Length: " + QByteArray::number(raw.body.size())),
             head.head.constData());
    QVERIFY(head.body.isEmpty());

    // Keep-alive: QNetworkAccessManager reuses its connection for the next requests.
    for (int round = 0; round < 3; ++round) {
        const Reply page = get(*sandbox, "/companies?limit=2000&sort=_id");
        QCOMPARE(page.status, 200);
        QCOMPARE(page.body, raw.body);
        const Reply small = get(*sandbox, "/companies?limit=1&sort=_id");
        QCOMPARE(small.status, 200);
        QCOMPARE(small.array().size(), 1);
    }
}

void SandboxServerTest::pageCap()
{
    SandboxServerOptions capped;
    capped.pageCap = 7;
    const auto sandbox = startSandbox(capped);
    DemoSeeder(sandbox->store.get()).seedCompanies(20);
    QCOMPARE(get(*sandbox, "/companies?limit=5000").array().size(), 7);
    QCOMPARE(get(*sandbox, "/companies").array().size(), 7);
    QCOMPARE(get(*sandbox, "/companies?limit=3").array().size(), 3);
    QCOMPARE(get(*sandbox, "/companies?limit=7&offset=14").array().size(), 6);
    QCOMPARE(get(*sandbox, "/companies?limit=5000&select=name").array().size(), 7);
    QCOMPARE(get(*sandbox, "/users?limit=100").array().size(), 6); // fewer rows than the cap
    QCOMPARE(get(*sandbox, "/leancompanies").array().size(), 20);

    // Paging on until an empty page, whatever size the pages come in, sees every row once.
    QStringList seen;
    for (int offset = 0;;) {
        const QJsonArray page
            = get(*sandbox, QString("/companies?sort=_id&limit=2000&offset=%1").arg(offset))
                  .array();
        if (page.isEmpty())
            break;
        QVERIFY(page.size() <= 7);
        seen += ids(page);
        offset += int(page.size());
    }
    QCOMPARE(seen.size(), 20);
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 20);
}

void SandboxServerTest::unorderedLists()
{
    SandboxServerOptions unordered;
    unordered.unordered = true;
    unordered.faultSeed = 20261204;
    const auto sandbox = startSandbox(unordered);
    DemoSeeder(sandbox->store.get()).seedCompanies(200);
    QStringList creationOrder;
    for (const auto &object : sandbox->store->companies()->objects())
        creationOrder.append(object->id());
    QStringList sortedIds = creationOrder;
    std::sort(sortedIds.begin(), sortedIds.end());

    // Two identical requests without sort: the same rows, in two different orders.
    const QStringList first = ids(get(*sandbox, "/companies?limit=200").array());
    const QStringList second = ids(get(*sandbox, "/companies?limit=200").array());
    QCOMPARE(first.size(), 200);
    QCOMPARE(QSet<QString>(first.begin(), first.end()),
             QSet<QString>(sortedIds.begin(), sortedIds.end()));
    QCOMPARE(QSet<QString>(second.begin(), second.end()).size(), 200);
    QVERIFY(first != second);
    QVERIFY(first != creationOrder && second != creationOrder);

    // So offset paging without sort repeats some rows and misses others...
    QStringList paged;
    for (int offset = 0; offset < 200; offset += 50)
        paged += ids(get(*sandbox, QString("/companies?limit=50&offset=%1").arg(offset)).array());
    QCOMPARE(paged.size(), 200);
    QVERIFY(QSet<QString>(paged.begin(), paged.end()).size() < 200);
    // ... while with sort=_id it is ascending, stable, and complete.
    QStringList pagedSorted;
    for (int offset = 0; offset < 200; offset += 50) {
        pagedSorted += ids(
            get(*sandbox, QString("/companies?sort=_id&limit=50&offset=%1").arg(offset)).array());
    }
    QCOMPARE(pagedSorted, sortedIds);
    QCOMPARE(ids(get(*sandbox, "/companies?sort=_id&limit=200").array()), sortedIds);
    QStringList descending = sortedIds;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(ids(get(*sandbox, "/companies?sort=-_id&limit=200").array()), descending);

    // Another field: sorted by it, ties by _id ascending in either direction.
    for (const QString &sort : {QString("phase"), QString("-phase")}) {
        const QJsonArray byPhase = get(*sandbox, "/companies?limit=200&sort=" + sort).array();
        QCOMPARE(byPhase.size(), 200);
        int ties = 0;
        for (qsizetype i = 1; i < byPhase.size(); ++i) {
            const QJsonObject previous = byPhase.at(i - 1).toObject();
            const QJsonObject current = byPhase.at(i).toObject();
            const int order
                = previous.value("phase").toString().compare(current.value("phase").toString());
            QVERIFY2(sort.startsWith('-') ? order >= 0 : order <= 0, qPrintable(sort));
            if (order == 0) {
                ++ties;
                QVERIFY(previous.value("_id").toString() < current.value("_id").toString());
            }
        }
        QVERIFY(ties > 0);
    }

    // The same seed replays the same orders.
    const auto replay = startSandbox(unordered);
    DemoSeeder(replay->store.get()).seedCompanies(200);
    QCOMPARE(ids(get(*replay, "/companies?limit=200").array()), first);
    QCOMPARE(ids(get(*replay, "/companies?limit=200").array()), second);
}

void SandboxServerTest::sortedOrderFollowsChanges()
{
    // Orders by _id are kept across writes and adjusted in place: they must stay right.
    const auto sandbox = startSandbox();
    QStringList expected;
    for (int i = 0; i < 5; ++i) {
        expected.append(post(*sandbox, "/companies", company(QString("S%1").arg(i)))
                            .object()
                            .value("_id")
                            .toString());
    }
    QCOMPARE(ids(get(*sandbox, "/companies?sort=_id").array()), expected);
    QCOMPARE(ids(get(*sandbox, "/companies?sort=-_id&limit=2").array()),
             (QStringList {expected.at(4), expected.at(3)}));
    QCOMPARE(names(get(*sandbox, "/companies?sort=name&limit=1").array()), QStringList {"S0"});
    QCOMPARE(names(get(*sandbox, "/companies").array()),
             (QStringList {"S0", "S1", "S2", "S3", "S4"}));

    put(*sandbox, "/companies/" + expected.at(0), json(QJsonObject {{"name", "Z0"}}));
    expected.append(post(*sandbox, "/companies", company("S5")).object().value("_id").toString());
    QCOMPARE(send(sandbox->url("/companies/" + expected.at(2)), "DELETE").status, 200);
    expected.removeAt(2);

    const QJsonArray ascending = get(*sandbox, "/companies?sort=_id").array();
    QCOMPARE(ids(ascending), expected);
    QCOMPARE(ascending.at(0).toObject().value("name").toString(), QString("Z0"));
    QStringList descending = expected;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(ids(get(*sandbox, "/companies?sort=-_id").array()), descending);
    QCOMPARE(names(get(*sandbox, "/companies?sort=-name&limit=1").array()), QStringList {"Z0"});
    QCOMPARE(names(get(*sandbox, "/companies").array()),
             (QStringList {"Z0", "S1", "S3", "S4", "S5"}));

    QCOMPARE(send(sandbox->url("/companies/" + expected.at(4)), "DELETE").status, 200);
    descending.removeFirst();
    QCOMPARE(ids(get(*sandbox, "/companies?sort=-_id").array()), descending);
}

void SandboxServerTest::unsupportedOperations()
{
    const auto sandbox = startSandbox();
    const Reply createTicket = post(*sandbox, "/tickets", QJsonObject {{"subject", "x"}});
    QCOMPARE(createTicket.status, 405);
    QVERIFY(!createTicket.errorMessage().isEmpty());
    QCOMPARE(get(*sandbox, "/tickets/0123456789abcdef01234567").status, 405);
    QCOMPARE(get(*sandbox, "/tickets").status, 200);
    QCOMPARE(put(*sandbox, "/customfields", "[]").status, 405);
    QCOMPARE(send(sandbox->url("/companies"), "PATCH", "{}").status, 405);
    QCOMPARE(get(*sandbox, "/nosuchthing").status, 404);
    QCOMPARE(get(*sandbox, "/companies/a/b").status, 404);
    // Every schema type has an endpoint.
    for (const char *path : {"/churn", "/nps", "/customfields", "/users", "/assets", "/sales"})
        QCOMPARE(get(*sandbox, path).status, 200);
}

void SandboxServerTest::bulkUpsertKeyPriority()
{
    const auto sandbox = startSandbox();
    const QString a
        = post(*sandbox, "/companies", company("A", "pA", "sA")).object().value("_id").toString();
    post(*sandbox, "/companies", company("B", "pB", "sB"));
    post(*sandbox, "/companies", company("C", {}, "sC"));
    post(*sandbox, "/companies", company("D", "pD"));

    const QJsonArray items {
        // 0: _id wins over the sourceId that names B: A is updated and would take B's
        //    sourceId, which is a duplicate -> an update error, B untouched.
        QJsonObject {{"_id", a}, {"sourceId", "sB"}},
        // 1: sourceId wins over the externalId that names D: C is matched, D's externalId
        //    would be duplicated -> an update error.
        QJsonObject {{"sourceId", "sC"}, {"externalId", "pD"}, {"name", "C?"}},
        // 2: matched by _id although the externalId names nothing yet: A gets it.
        QJsonObject {{"_id", a}, {"externalId", "pA2"}, {"name", "A2"}},
        // 3: matched by sourceId, new externalId.
        QJsonObject {{"sourceId", "sB"}, {"externalId", "pB2"}, {"name", "B2"}},
        // 4: matched by externalId.
        QJsonObject {{"externalId", "pD"}, {"name", "D2"}},
        // 5: an unknown _id is an error, never a create.
        QJsonObject {{"_id", "0123456789abcdef01234567"}, {"name", "Ghost"}},
        // 6: unknown sourceId: created.
        QJsonObject {{"sourceId", "sE"}, {"name", "E"}},
    };
    const Reply reply = put(*sandbox, "/companies", json(items));
    QCOMPARE(reply.status, 206);
    const QJsonObject result = reply.object();
    QCOMPARE(result.value("updated").toInt(), 3);
    QCOMPARE(result.value("created").toInt(), 1);
    const QJsonArray updateErrors = result.value("updatedErrors").toArray();
    QCOMPARE(updateErrors.size(), 3);
    QCOMPARE(updateErrors.at(0).toObject().value("index").toInt(), 0);
    QVERIFY(updateErrors.at(0).toObject().value("message").toString().contains("sourceId"));
    QCOMPARE(updateErrors.at(0).toObject().value("item").toObject(),
             (QJsonObject {{"_id", a}, {"sourceId", "sB"}}));
    QCOMPARE(updateErrors.at(1).toObject().value("index").toInt(), 1);
    QVERIFY(updateErrors.at(1).toObject().value("message").toString().contains("externalId"));
    QCOMPARE(updateErrors.at(2).toObject().value("index").toInt(), 5);
    QCOMPARE(updateErrors.at(2).toObject().value("message").toString(),
             QString("No object with _id 0123456789abcdef01234567"));
    QCOMPARE(result.value("createdErrors").toArray().size(), 0);

    QCOMPARE(get(*sandbox, "/companies/" + a).object().value("name").toString(), QString("A2"));
    QCOMPARE(get(*sandbox, "/companies/" + a).object().value("sourceId").toString(), QString("sA"));
    QCOMPARE(get(*sandbox, "/companies/extid-pA2").object().value("_id").toString(), a);
    QCOMPARE(get(*sandbox, "/companies/srcid-sB").object().value("name").toString(), QString("B2"));
    QCOMPARE(get(*sandbox, "/companies/srcid-sC").object().value("name").toString(), QString("C"));
    QCOMPARE(get(*sandbox, "/companies/extid-pD").object().value("name").toString(), QString("D2"));
    QCOMPARE(get(*sandbox, "/companies/srcid-sE").object().value("name").toString(), QString("E"));
    QCOMPARE(get(*sandbox, "/companies").array().size(), 5);

    // Keys of updated and inserted objects, in request order.
    const QJsonArray updatesKeys = result.value("updatesKeys").toArray();
    QCOMPARE(updatesKeys.size(), 3);
    QCOMPARE(updatesKeys.at(0).toObject(),
             (QJsonObject {{"_id", a}, {"sourceId", "sA"}, {"externalId", "pA2"}}));
    QCOMPARE(updatesKeys.at(2).toObject().value("externalId").toString(), QString("pD"));
    QVERIFY(!updatesKeys.at(2).toObject().contains("sourceId"));
    QCOMPARE(result.value("modified").toArray().at(0).toString(), a);
    const QJsonArray insertsKeys = result.value("insertsKeys").toArray();
    QCOMPARE(insertsKeys.size(), 1);
    QCOMPARE(insertsKeys.at(0).toObject().value("sourceId").toString(), QString("sE"));
    QCOMPARE(insertsKeys.at(0).toObject().value("_id"),
             result.value("upsertedIds").toArray().at(0));
}

void SandboxServerTest::bulkUpsertMatchesOnlyTheTypesKeyables()
{
    const auto sandbox = startSandbox();
    QCOMPARE(post(*sandbox, "/companies", company("Keyable Co", "kc", "kc-src")).status, 200);
    const auto upsert = [&](const QString &type, const QJsonArray &items) {
        const Reply reply = put(*sandbox, "/" + type, json(items));
        return reply.object();
    };
    const auto count = [&](const QString &pathAndQuery) {
        return get(*sandbox, pathAndQuery).array().size();
    };

    // Notes (conversations) match on _id only: externalId and sourceId are plain data, so
    // the same note sent twice by either is created twice.
    const QJsonObject note {{"companyId", "extid-kc"},
                            {"type", "note"},
                            {"subject", "Kick-off"},
                            {"externalId", "note-1"},
                            {"sourceId", "note-src-1"}};
    QJsonObject result = upsert("conversations", {note});
    QCOMPARE(result.value("created").toInt(), 1);
    const QString noteId = result.value("upsertedIds").toArray().at(0).toString();
    QCOMPARE(result.value("insertsKeys").toArray().at(0).toObject(),
             (QJsonObject {{"_id", noteId}}));
    result = upsert("conversations", {note});
    QCOMPARE(result.value("created").toInt(), 1);
    QCOMPARE(result.value("updated").toInt(), 0);
    QCOMPARE(count("/conversations?externalId=note-1"), 2);
    QCOMPARE(count("/conversations?sourceId=note-src-1"), 2);
    QCOMPARE(get(*sandbox, "/conversations/extid-note-1").status, 404);
    // By _id it is an update, whatever other keys say; an unknown _id is an error.
    result = upsert("conversations",
                    {QJsonObject {{"_id", noteId}, {"externalId", "note-9"}, {"subject", "Moved"}},
                     QJsonObject {{"_id", "0123456789abcdef01234567"}, {"subject", "Ghost"}}});
    QCOMPARE(result.value("updated").toInt(), 1);
    QCOMPARE(result.value("created").toInt(), 0);
    QCOMPARE(result.value("updatedErrors").toArray().size(), 1);
    QCOMPARE(result.value("updatedErrors").toArray().at(0).toObject().value("index").toInt(), 1);
    QCOMPARE(get(*sandbox, "/conversations/" + noteId).object().value("subject").toString(),
             QString("Moved"));
    QCOMPARE(count("/conversations"), 2);

    // Issues and tickets match on _id, then sourceId; externalId is data.
    for (const QString &type : {QString("issues"), QString("tickets")}) {
        const QJsonObject byExternal {
            {"title", "Crash"}, {"subject", "Crash"}, {"externalId", "x-1"}};
        QCOMPARE(upsert(type, {byExternal}).value("created").toInt(), 1);
        QCOMPARE(upsert(type, {byExternal}).value("created").toInt(), 1);
        QCOMPARE(count("/" + type + "?externalId=x-1"), 2);
        const QJsonObject bySource {{"title", "Slow"}, {"subject", "Slow"}, {"sourceId", "s-1"}};
        QCOMPARE(upsert(type, {bySource}).value("created").toInt(), 1);
        QJsonObject both = bySource;
        both.insert("externalId", "x-1"); // names other rows, but only sourceId matches
        both.insert("description", "Seen twice");
        result = upsert(type, {both});
        QCOMPARE(result.value("updated").toInt(), 1);
        QCOMPARE(result.value("created").toInt(), 0);
        QCOMPARE(result.value("updatesKeys").toArray().at(0).toObject().keys(),
                 (QStringList {"_id", "sourceId"}));
        QCOMPARE(count("/" + type), 3);
        QCOMPARE(get(*sandbox, "/" + type + "?sourceId=s-1")
                     .array()
                     .at(0)
                     .toObject()
                     .value("description")
                     .toString(),
                 QString("Seen twice"));
    }

    // Invoices: _id, sourceId, then their own external key extId; externalId is data.
    const QJsonObject invoice {{"cId", "extid-kc"}, {"currency", "EUR"}};
    QJsonObject first = invoice;
    first.insert("extId", "INV-1");
    first.insert("sourceId", "inv-src-1");
    QJsonObject second = invoice;
    second.insert("extId", "INV-2");
    QCOMPARE(upsert("invoices", {first, second}).value("created").toInt(), 2);
    result = upsert("invoices",
                    {QJsonObject {{"sourceId", "inv-src-1"}, {"extId", "INV-1b"}},
                     QJsonObject {{"extId", "INV-2"}, {"amountDue", 5}}});
    QCOMPARE(result.value("updated").toInt(), 2);
    QCOMPARE(get(*sandbox, "/invoices/srcid-inv-src-1").object().value("extId").toString(),
             QString("INV-1b"));
    QCOMPARE(get(*sandbox, "/invoices/extid-INV-2").object().value("amountDue").toInt(), 5);
    QJsonObject plain = invoice;
    plain.insert("externalId", "same");
    QCOMPARE(upsert("invoices", {plain, plain}).value("created").toInt(), 2);
    QCOMPARE(count("/invoices"), 4);

    // Users: _id, then externalId; sourceId is data.
    const QJsonObject user {{"email", "kim@team.test"},
                            {"nickName", "kim"},
                            {"firstName", "Kim"},
                            {"lastName", "Lee"},
                            {"externalId", "u-1"}};
    QCOMPARE(upsert("users", {user}).value("created").toInt(), 1);
    result = upsert(
        "users",
        {QJsonObject {{"externalId", "u-1"}, {"sourceId", "not-a-key"}, {"nickName", "kimmy"}}});
    QCOMPARE(result.value("updated").toInt(), 1);
    QCOMPARE(get(*sandbox, "/users/extid-u-1").object().value("nickName").toString(),
             QString("kimmy"));
    QJsonObject bySourceOnly = user;
    bySourceOnly.remove("externalId");
    bySourceOnly.insert("sourceId", "not-a-key");
    result = upsert("users", {bySourceOnly});
    QCOMPARE(result.value("created").toInt(), 1);
    QCOMPARE(count("/users"), 2);

    // Other types (end users here): _id > sourceId > externalId; an unmatched key creates.
    const QJsonObject endUser {{"email", "a@kc.test"},
                               {"companyId", "extid-kc"},
                               {"sourceId", "eu-src"},
                               {"externalId", "eu-ext"}};
    QCOMPARE(upsert("endusers", {endUser}).value("created").toInt(), 1);
    result = upsert("endusers",
                    {QJsonObject {{"sourceId", "eu-src"}, {"externalId", "eu-ext2"}},
                     QJsonObject {{"externalId", "eu-ext2"}, {"position", "CTO"}},
                     QJsonObject {{"externalId", "eu-new"},
                                  {"email", "b@kc.test"},
                                  {"companyId", "extid-kc"}}});
    QCOMPARE(result.value("updated").toInt(), 2);
    QCOMPARE(result.value("created").toInt(), 1);
    QCOMPARE(get(*sandbox, "/endusers/srcid-eu-src").object().value("position").toString(),
             QString("CTO"));
    QCOMPARE(count("/endusers"), 2);
}

void SandboxServerTest::leanUpdateKeys()
{
    SandboxServerOptions lean;
    lean.leanUpdateKeys = true;
    const auto sandbox = startSandbox(lean);
    const QString a = post(*sandbox, "/companies", company("A", "lk-a", "lk-sa"))
                          .object()
                          .value("_id")
                          .toString();
    const Reply reply
        = put(*sandbox, "/companies",
              json(QJsonArray {QJsonObject {{"externalId", "lk-a"}, {"phase", "Adoption"}},
                               company("B", "lk-b", "lk-sb")}));
    QCOMPARE(reply.status, 200);
    const QJsonObject result = reply.object();
    QCOMPARE(result.value("updated").toInt(), 1);
    QCOMPARE(result.value("updatesKeys").toArray(), (QJsonArray {QJsonObject {{"_id", a}}}));
    QCOMPARE(result.value("modified").toArray(), (QJsonArray {a}));
    // Everything else is as without the option.
    QCOMPARE(result.value("created").toInt(), 1);
    const QJsonObject inserted = result.value("insertsKeys").toArray().at(0).toObject();
    QCOMPARE(inserted.value("externalId").toString(), QString("lk-b"));
    QCOMPARE(inserted.value("sourceId").toString(), QString("lk-sb"));
    QCOMPARE(inserted.value("_id"), result.value("upsertedIds").toArray().at(0));
    QCOMPARE(result.keys(),
             (QStringList {"created", "createdErrors", "insertsKeys", "modified", "nonupdates",
                           "permissionErrors", "updated", "updatedErrors", "updatesKeys",
                           "upsertedIds"}));
}

void SandboxServerTest::bulkUpsertStatusAndShape()
{
    const auto sandbox = startSandbox();
    const QJsonArray good {company("One", "b-1"), company("Two", "b-2"),
                           QJsonObject {{"externalId", "b-3"},
                                        {"name", "Three"},
                                        {"custom", QJsonObject {{"Seats", 3}}}}};
    const Reply first = put(*sandbox, "/companies", json(good));
    QCOMPARE(first.status, 200);
    QJsonObject result = first.object();
    QCOMPARE(result.keys(),
             (QStringList {"created", "createdErrors", "insertsKeys", "modified", "nonupdates",
                           "permissionErrors", "updated", "updatedErrors", "updatesKeys",
                           "upsertedIds"}));
    QCOMPARE(result.value("created").toInt(), 3);
    QCOMPARE(result.value("upsertedIds").toArray().size(), 3);
    QCOMPARE(result.value("permissionErrors").toArray().size(), 0);

    // The same rows again change nothing: nonupdates, no updatesKeys, no new updatedAt.
    const QString stamp
        = get(*sandbox, "/companies/extid-b-3").object().value("updatedAt").toString();
    const Reply again = put(*sandbox, "/companies", json(good));
    QCOMPARE(again.status, 200);
    result = again.object();
    QCOMPARE(result.value("nonupdates").toInt(), 3);
    QCOMPARE(result.value("updated").toInt(), 0);
    QCOMPARE(result.value("created").toInt(), 0);
    QCOMPARE(result.value("updatesKeys").toArray().size(), 0);
    QCOMPARE(get(*sandbox, "/companies/extid-b-3").object().value("updatedAt").toString(), stamp);

    // Partly wrong: 206, with the failing items' index and keys.
    const QJsonArray mixed {
        QJsonObject {{"externalId", "b-1"}, {"phase", "Adoption"}},
        QJsonObject {{"externalId", "b-9"}}, // a create without a name
        QJsonValue(42),
        QJsonObject {{"externalId", "b-2"}, {"custom", QJsonObject {{"Seats", 7}}}}};
    const Reply partial = put(*sandbox, "/companies", json(mixed));
    QCOMPARE(partial.status, 206);
    result = partial.object();
    QCOMPARE(result.value("updated").toInt(), 2);
    const QJsonArray createdErrors = result.value("createdErrors").toArray();
    QCOMPARE(createdErrors.size(), 2);
    QCOMPARE(createdErrors.at(0).toObject().value("index").toInt(), 1);
    QCOMPARE(createdErrors.at(0).toObject().value("item").toObject(),
             (QJsonObject {{"externalId", "b-9"}}));
    QVERIFY(createdErrors.at(0).toObject().value("message").toString().contains("name"));
    QCOMPARE(createdErrors.at(1).toObject().value("index").toInt(), 2);
    QCOMPARE(get(*sandbox, "/companies/extid-b-1").object().value("phase").toString(),
             QString("Adoption"));

    // All wrong: 400 with the same body shape.
    const Reply failed = put(*sandbox, "/companies",
                             json(QJsonArray {QJsonObject {{"phase", "x"}},
                                              QJsonObject {{"_id", "0123456789abcdef01234567"}}}));
    QCOMPARE(failed.status, 400);
    result = failed.object();
    QCOMPARE(result.value("createdErrors").toArray().size(), 1);
    QCOMPARE(result.value("updatedErrors").toArray().size(), 1);
    QCOMPARE(result.value("updatedErrors").toArray().at(0).toObject().value("index").toInt(), 1);
    QCOMPARE(result.value("created").toInt(), 0);

    // Company references resolve in bulk too.
    const Reply users = put(
        *sandbox, "/endusers",
        json(QJsonArray {
            QJsonObject {{"email", "x@b.test"}, {"companyId", "extid-b-2"}, {"externalId", "eu-1"}},
            QJsonObject {{"email", "y@b.test"}, {"companyId", "extid-missing"}}}));
    QCOMPARE(users.status, 206);
    QCOMPARE(get(*sandbox, "/endusers/extid-eu-1").object().value("companyName").toString(),
             QString("Two"));

    QCOMPARE(put(*sandbox, "/companies", "{\"name\":\"not an array\"}").status, 400);
}

void SandboxServerTest::bulkUpsertLimit()
{
    const auto sandbox = startSandbox();
    QJsonArray items;
    for (int i = 0; i < 5001; ++i)
        items.append(company(QString("Co %1").arg(i), QString("lim-%1").arg(i)));
    const Reply tooMany = put(*sandbox, "/companies", json(items));
    QCOMPARE(tooMany.status, 400);
    QCOMPARE(tooMany.errorMessage(), QString("Bulk upsert accepts at most 5000 items, got 5001"));
    QCOMPARE(get(*sandbox, "/companies").array().size(), 0);

    items.removeLast();
    const Reply exactly = put(*sandbox, "/companies", json(items));
    QCOMPARE(exactly.status, 200);
    QCOMPARE(exactly.object().value("created").toInt(), 5000);
}

void SandboxServerTest::leanCompaniesAndAnalytics()
{
    const auto sandbox = startSandbox();
    post(*sandbox, "/companies", company("Lean Co", "lean-1", "lean-src"));
    const QJsonArray lean = get(*sandbox, "/leancompanies").array();
    QCOMPARE(lean.size(), 1);
    QCOMPARE(lean.at(0).toObject().keys(),
             (QStringList {"_id", "externalId", "name", "slug", "sourceId"}));
    QCOMPARE(lean.at(0).toObject().value("slug").toString(), QString("lean-co"));

    const Reply single = post(*sandbox, "/analytics/tenant-uuid",
                              QJsonObject {{"email", "a@b.c"}, {"action", "login"}});
    QCOMPARE(single.status, 200);
    QCOMPARE(single.object(), (QJsonObject {{"processed", 1}, {"errors", QJsonArray()}}));
    const Reply bulk
        = send(sandbox->url("/analytics/bulk/tenant-uuid"), "POST",
               json(QJsonArray {QJsonObject {{"action", "a"}}, QJsonObject {{"action", "b"}}}));
    QCOMPARE(bulk.object().value("processed").toInt(), 2);
    const QJsonArray received = get(*sandbox, "/_sandbox/analytics").array();
    QCOMPARE(received.size(), 3);
    QCOMPARE(received.at(2).toObject().value("action").toString(), QString("b"));
    QCOMPARE(send(sandbox->url("/_sandbox/analytics"), "GET", {}, QByteArray()).status, 401);
}

void SandboxServerTest::persistenceRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("store.json");
    QString firstId;
    {
        const auto sandbox = startSandbox();
        StoreFile file(sandbox->store.get(), path);
        QString error;
        QCOMPARE(file.load(&error), StoreFile::LoadResult::Missing);
        QJsonObject payload = company("Kept Co", "kept-1");
        payload.insert("custom", QJsonObject {{"Region", "EMEA"}});
        firstId = post(*sandbox, "/companies", payload).object().value("_id").toString();
        put(*sandbox, "/companies/extid-kept-1", json(QJsonObject {{"phase", "Renewal"}}));
        post(*sandbox, "/analytics/t", QJsonObject {{"action", "saved"}});
        QVERIFY(file.isDirty());
        // Saved by itself shortly after the changes (debounced).
        QTRY_VERIFY_WITH_TIMEOUT(!file.isDirty(), 5000);
        QVERIFY(QFile::exists(path));
    }
    const auto second = startSandbox();
    StoreFile file(second->store.get(), path);
    QString error;
    QCOMPARE(file.load(&error), StoreFile::LoadResult::Loaded);
    const QJsonObject kept = get(*second, "/companies/extid-kept-1").object();
    QCOMPARE(kept.value("_id").toString(), firstId);
    QCOMPARE(kept.value("phase").toString(), QString("Renewal"));
    QCOMPARE(kept.value("custom").toObject().value("Region").toString(), QString("EMEA"));
    QCOMPARE(get(*second, "/_sandbox/analytics").array().size(), 1);
    // New ids continue after the loaded ones.
    const QString nextId
        = post(*second, "/companies", company("New Co")).object().value("_id").toString();
    QVERIFY(!nextId.isEmpty());
    QVERIFY(nextId != firstId);
    QVERIFY(file.saveNow(&error));

    // A corrupt file is refused with a reason.
    QFile corrupt(dir.filePath("corrupt.json"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("{not json");
    corrupt.close();
    SandboxStore other;
    StoreFile bad(&other, corrupt.fileName());
    QCOMPARE(bad.load(&error), StoreFile::LoadResult::Failed);
    QVERIFY(!error.isEmpty());
}

void SandboxServerTest::faultInjection()
{
    SandboxServerOptions faulty;
    faulty.failRate = 1.0;
    faulty.faultSeed = 20240601;
    const auto sandbox = startSandbox(faulty);
    // A second, well-behaved server on the same store to look at the outcome.
    const auto observer = startSandbox({}, sandbox->store.get());

    constexpr int requests = 60;
    QMap<QString, int> seen;
    QStringList droppedKeys;
    for (int i = 0; i < requests; ++i) {
        const QString key = QString("fault-%1").arg(i);
        const RawReply reply = sendRaw(sandbox->server->port(), "POST", "/companies",
                                       json(company("Fault " + key, key)));
        const bool exists = get(*observer, "/companies/extid-" + key).status == 200;
        if (reply.dropped) {
            ++seen["dropped"];
            if (exists)
                ++seen["applied"];
            continue;
        }
        QVERIFY2(!exists,
                 qPrintable(key + " was applied although it got " + QString::number(reply.status)));
        ++seen[QString::number(reply.status)];
        if (reply.status == 429)
            QVERIFY2(reply.head.contains("\r\nRetry-After: 1"), reply.head.constData());
        QVERIFY2(reply.status == 429 || reply.status == 500 || reply.status == 503,
                 reply.head.constData());
        QVERIFY(!QJsonDocument::fromJson(reply.body).object().value("error").toString().isEmpty());
    }
    const FaultInjector &faults = sandbox->server->faults();
    qInfo() << "outcomes of" << requests << "faulty POSTs:" << seen;
    QVERIFY2(seen.value("429") > 0 && seen.value("500") > 0 && seen.value("503") > 0,
             qPrintable(QString("429: %1, 500: %2, 503: %3")
                            .arg(seen.value("429"))
                            .arg(seen.value("500"))
                            .arg(seen.value("503"))));
    QVERIFY(faults.count(Fault::DropBeforeApply) > 0);
    QVERIFY(faults.count(Fault::DropAfterApply) > 0);
    QCOMPARE(seen.value("dropped"),
             faults.count(Fault::DropBeforeApply) + faults.count(Fault::DropAfterApply));
    // Exactly the drops after applying left a company behind.
    QCOMPARE(seen.value("applied"), faults.count(Fault::DropAfterApply));
    QCOMPARE(get(*observer, "/companies").array().size(), faults.count(Fault::DropAfterApply));

    // The same seed replays the same faults.
    FaultInjector a(0.5, 7);
    FaultInjector b(0.5, 7);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(a.next(RequestEffect::ChangesData), b.next(RequestEffect::ChangesData));
    // Reads are never "dropped after apply".
    FaultInjector reads(1.0, 3);
    for (int i = 0; i < 500; ++i)
        QVERIFY(reads.next(RequestEffect::ReadOnly) != Fault::DropAfterApply);

    // Through QNAM every request fails one way or another (it resends a request whose
    // connection closed, so a drop mostly turns into the next fault), and nothing hangs.
    for (int i = 0; i < 20; ++i)
        QVERIFY(get(*sandbox, "/companies").status != 200);
    QCOMPARE(get(*observer, "/companies?limit=1").status, 200);
}

void SandboxServerTest::rateLimit()
{
    SandboxServerOptions limited;
    limited.rateLimit = 5;
    const auto sandbox = startSandbox(limited);
    // Twenty requests at once: they arrive within a window or two of one second.
    QElapsedTimer timer;
    timer.start();
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 20; ++i) {
        QNetworkRequest request(sandbox->url("/companies"));
        request.setRawHeader("Authorization", bearer);
        replies.append(m_network.get(request));
    }
    int refused = 0;
    int answered = 0;
    for (QNetworkReply *reply : std::as_const(replies)) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || finished.wait(10000));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 429) {
            ++refused;
            QCOMPARE(reply->rawHeader("Retry-After"), QByteArray("1"));
        } else {
            QCOMPARE(status, 200);
            ++answered;
        }
        reply->deleteLater();
    }
    const qint64 windows = timer.elapsed() / 1000 + 2; // the windows the burst can touch
    QVERIFY2(refused > 0, qPrintable(QString::number(refused)));
    QVERIFY(answered >= 5);
    QVERIFY2(answered <= 5 * windows,
             qPrintable(QString("%1 answered in %2 ms").arg(answered).arg(timer.elapsed())));
}

void SandboxServerTest::minuteQuota()
{
    SandboxServerOptions quota;
    quota.minuteQuota = 3;
    quota.quotaWindowMs = 2000; // short, so the test sees a window end
    const auto sandbox = startSandbox(quota);

    // Requests of any method count. Going on until refused, the answers left in the window
    // count down to 0, and the one after that is a 429 without Retry-After. (A window may
    // end while this runs on a loaded machine: the countdown then starts again.)
    int answeredInWindow = 0;
    Reply refused;
    for (int i = 0; i < 30 && refused.status == 0; ++i) {
        const QString key = QString("q-%1").arg(i);
        const Reply reply = i % 2 ? get(*sandbox, "/companies?limit=1")
                                  : post(*sandbox, "/companies", company(key, key));
        QCOMPARE(reply.rateLimitLimit, QByteArray("3"));
        if (reply.status == 429) {
            refused = reply;
            QCOMPARE(get(*sandbox, "/_sandbox/analytics").status, 200); // exempt, answers
            if (!(i % 2)) // a refused write changes nothing
                QCOMPARE(get(*sandbox, "/companies/extid-" + key).status, 404);
            break;
        }
        QCOMPARE(reply.status, 200);
        const int remaining = reply.rateLimitRemaining.toInt();
        answeredInWindow = remaining == 2 ? 1 : answeredInWindow + 1;
        QCOMPARE(remaining, 3 - answeredInWindow);
    }
    QCOMPARE(refused.status, 429);
    QCOMPARE(answeredInWindow, 3);
    QCOMPARE(refused.rateLimitRemaining, QByteArray("0"));
    QVERIFY2(!refused.hasRetryAfter, refused.retryAfter.constData());
    QVERIFY2(refused.errorMessage().contains("3 requests per 2 s"), refused.body.constData());

    // After the window the quota is whole again. (qWaitFor, not QTRY_*: QTRY_* would send
    // the request once more to report.)
    Reply again;
    QVERIFY2(
        QTest::qWaitFor([&] { return (again = get(*sandbox, "/companies?limit=1")).status != 429; },
                        10000),
        "the quota was not whole again after 10 s");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.rateLimitLimit, QByteArray("3"));
    QCOMPARE(again.rateLimitRemaining, QByteArray("2"));

    // Without the option no such headers are sent.
    const auto plain = startSandbox();
    const Reply unlimited = get(*plain, "/companies");
    QCOMPARE(unlimited.status, 200);
    QVERIFY(unlimited.rateLimitLimit.isEmpty());
    QVERIFY(unlimited.rateLimitRemaining.isEmpty());
}

void SandboxServerTest::latency()
{
    SandboxServerOptions slow;
    slow.latencyMs = 300;
    const auto sandbox = startSandbox(slow);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(get(*sandbox, "/companies").status, 200);
    QVERIFY2(timer.elapsed() >= 290, qPrintable(QString::number(timer.elapsed())));

    // A client that gives up while an answer is delayed must not upset the server.
    QNetworkRequest request(sandbox->url("/companies"));
    request.setRawHeader("Authorization", bearer);
    QNetworkReply *abandoned = m_network.get(request);
    QSignalSpy sent(abandoned, &QNetworkReply::requestSent);
    QVERIFY(sent.wait(5000));
    abandoned->abort();
    abandoned->deleteLater();
    // Deliberate: past the 300 ms latency, when the server writes to the closed connection;
    // nothing is expected to happen, and the server must still answer afterwards.
    QTest::qWait(400);
    QCOMPARE(get(*sandbox, "/users").status, 200);
}

void SandboxServerTest::demoSeedIsDeterministic()
{
    SandboxStore first;
    SandboxStore second;
    DemoSeeder(&first).seedDemo();
    DemoSeeder(&second).seedDemo();
    for (size_t i = 0; i < first.collections().size(); ++i) {
        const TypeCollection *a = first.collections().at(i);
        const TypeCollection *b = second.collections().at(i);
        QCOMPARE(a->size(), b->size());
        for (qsizetype j = 0; j < a->size(); ++j)
            QCOMPARE(a->objects().at(size_t(j))->compactJson(),
                     b->objects().at(size_t(j))->compactJson());
    }
    QCOMPARE(first.collection("users")->size(), 6);
    QCOMPARE(first.collection("companies")->size(), 120);
    QVERIFY(first.collection("endusers")->size() >= 300);
    QVERIFY(first.collection("licenses")->size() >= 100);
    QCOMPARE(first.collection("projects")->size(), 60);
    QCOMPARE(first.collection("tasks")->size(), 300);

    // Companies carry believable fields and custom values that have definitions.
    const QJsonObject firstCompany = first.collection("companies")->objects().front()->data();
    for (const char *field :
         {"name", "externalId", "sourceId", "owner", "phase", "status", "domains", "tags"})
        QVERIFY2(firstCompany.contains(field), field);
    const QJsonObject custom = firstCompany.value("custom").toObject();
    QStringList definedForCompanies;
    for (const auto &definition : first.collection("customfields")->objects()) {
        if (definition->data().value("parent").toString() == "company")
            definedForCompanies.append(definition->data().value("name").toString());
    }
    for (const QString &name : custom.keys())
        QVERIFY2(definedForCompanies.contains(name), qPrintable(name));
    QVERIFY(custom.value("Region").isString());
    QVERIFY(custom.value("Renewal Risk").isBool());
    QVERIFY(custom.value("Seats").isDouble());
}

namespace {

/// The merge ObjectWriter::update does on a parsed object: the reference the compact merge
/// must match.
QJsonObject mergedByQJsonObject(QJsonObject data, const QJsonObject &fields, bool *changed)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const auto current = data.constFind(it.key());
        if (it.key() == "custom" && it.value().isObject()
            && (current == data.constEnd() || current.value().isObject())) {
            QJsonObject custom
                = current == data.constEnd() ? QJsonObject() : current.value().toObject();
            bool customChanged = current == data.constEnd();
            const QJsonObject given = it.value().toObject();
            for (auto field = given.constBegin(); field != given.constEnd(); ++field) {
                const auto old = custom.constFind(field.key());
                if (old == custom.constEnd() || old.value() != field.value()) {
                    custom.insert(field.key(), field.value());
                    customChanged = true;
                }
            }
            if (customChanged) {
                data.insert("custom", custom);
                *changed = true;
            }
        } else if (current == data.constEnd() || current.value() != it.value()) {
            data.insert(it.key(), it.value());
            *changed = true;
        }
    }
    return data;
}

} // namespace

void SandboxServerTest::storedJsonIsQJsonDocumentsCompactForm()
{
    // The company seeder and the create and update paths of companies write an object's JSON
    // as text: each stored object must be byte for byte what QJsonDocument writes for it,
    // with the keys the collection indexes it by.
    SandboxStore store;
    DemoSeeder seeder(&store);
    seeder.seedDemo();
    seeder.seedCompanies(1500);
    TypeCollection *companies = store.companies();
    const ObjectWriter writer(&store, companies);
    const WriteResult created = writer.create(QJsonObject {
        {"name", QString::fromUtf8("Ünïcode \"quoted\" \\ Co\t")},
        {"externalId", QString::fromUtf8("café-1")},
        {"sourceId", "src-new"},
        {"custom",
         QJsonObject {{"Region", "EMEA"}, {QString::fromUtf8("Ärger"), 1.5}, {"Seats", 7}}},
        {"tags", QJsonArray {"a", 2, true}},
        {"zeta", QJsonValue::Null}});
    QVERIFY2(created.isOk(), qPrintable(created.error));
    const QJsonObject before = created.object->data();
    const QJsonObject change {{"custom", QJsonObject {{"Seats", 8}, {"New Field", "x"}}},
                              {"name", "Renamed"},
                              {"aNewTop", QJsonObject {{"b", 1}, {"a", QJsonArray()}}},
                              {"phase", QJsonValue::Null},
                              {"externalId", "cafe-2"}};
    const WriteResult updated
        = writer.update(created.object, change, ObjectWriter::Stamp::WhenChanged);
    QVERIFY2(updated.isOk(), qPrintable(updated.error));
    QVERIFY(updated.changed);
    bool expectChanged = false;
    QJsonObject expected = mergedByQJsonObject(before, change, &expectChanged);
    expected.insert("updatedAt", updated.object->data().value("updatedAt"));
    QCOMPARE(updated.object->data(), expected);
    QCOMPARE(companies->find(KeyKind::ExternalId, "cafe-2"), updated.object);
    QVERIFY(!companies->find(KeyKind::ExternalId, QString::fromUtf8("café-1")));
    const WriteResult unchanged
        = writer.update(updated.object, change, ObjectWriter::Stamp::WhenChanged);
    QVERIFY(unchanged.isOk());
    QVERIFY(!unchanged.changed);
    // A key another company has is refused, as on the QJsonObject path.
    const WriteResult duplicate = writer.update(
        updated.object, {{"externalId", companies->objects().front()->key(KeyKind::ExternalId)}},
        ObjectWriter::Stamp::WhenChanged);
    QVERIFY(duplicate.error.contains("Duplicate externalId"));

    const QList<QList<QByteArray>> selections {
        {"name"},
        {"name", "custom.Seats"},
        {"custom.Seats", "custom", "_id"},
        {"custom.Region", "custom.Nope", "tags", "externalId", "name"},
        {"zeta", "domains", "updatedAt", "__v", "custom.Ärger", "we\"ird"},
        {"nope.deeper", "name.x", "companyId"}};
    qsizetype checked = 0;
    for (const TypeCollection *collection : store.collections()) {
        for (const auto &object : collection->objects()) {
            const QByteArray &json = object->compactJson();
            const QJsonDocument parsed = QJsonDocument::fromJson(json);
            QVERIFY2(parsed.isObject(), json.constData());
            QCOMPARE(json, parsed.toJson(QJsonDocument::Compact));
            for (KeyKind kind : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId})
                QCOMPARE(object->key(kind), collection->keyValue(parsed.object(), kind));
            // The nesting writers note as they write is the one a scan finds, and `select`
            // by byte search gives what reading member by member gives.
            const JsonPath::Nesting scanned = JsonPath::Nesting::of(json);
            QCOMPARE(object->nesting().count, scanned.count);
            QCOMPARE(object->nesting().bounds, scanned.bounds);
            for (const QList<QByteArray> &paths : selections) {
                QByteArray searched;
                JsonPath::appendSelectCompact(&searched, json, object->nesting(), paths);
                QCOMPARE(searched, JsonPath::selectCompact(json, paths));
                // Sort values are found the same way.
                for (const QByteArray &path : paths) {
                    const QString text = QString::fromUtf8(path);
                    QCOMPARE(JsonPath::valueInCompact(json, object->nesting(), path, text),
                             JsonPath::valueInCompact(json, text));
                }
            }
            ++checked;
        }
    }
    QVERIFY(checked > 1500 + 120);
}

void SandboxServerTest::selectOfNestedPathsMatchesParsedSelect()
{
    // `select` of a nested path searches flat custom objects by bytes: its answer must be
    // what selecting from the parsed object gives, with custom missing, null, not an
    // object, empty, nested, holding the key's bytes in strings and keys, or shadowed by a
    // top-level key with a dot.
    const QList<QJsonObject> objects {
        {{"_id", "1"}, {"name", "A"}, {"custom", QJsonObject {{"Seats", 3}, {"Region", "EMEA"}}}},
        {{"_id", "2"}, {"name", "B"}},
        {{"_id", "3"}, {"custom", QJsonValue::Null}},
        {{"_id", "4"}, {"custom", "Seats"}, {"name", "custom"}},
        {{"_id", "5"}, {"custom", QJsonObject()}},
        {{"_id", "6"},
         {"custom", QJsonObject {{"Seats", QJsonValue::Null}, {"Note", "\"Seats\":1 {x} [y]"}}}},
        {{"_id", "7"},
         {"custom", QJsonObject {{"Note", "x\",\"Seats\":1"}, {"Seats", 2}, {"a\"Seats", 4}}}},
        {{"_id", "8"}, {"custom", QJsonObject {{"x\"Seats", 1}, {"Seat", 2}, {"Seatss", 3}}}},
        {{"_id", "9"},
         {"custom",
          QJsonObject {{"Nested", QJsonObject {{"b", 1}, {"Seats", 9}}},
                       {"Seats", QJsonArray {1, 2}}}}},
        {{"_id", "10"},
         {"custom", QJsonObject {{"Seats", QString::fromUtf8("ü text")}, {"Region", "q\\"}}}},
        {{"_id", "11"}, {"custom.Seats", 1}, {"custom", QJsonObject {{"Seats", 2}}}},
        {{"_id", "12"}, {"custom", QJsonObject {{"a.b", 1}, {"a", QJsonObject {{"b", 2}}}}}},
        {{"_id", "13"},
         {"custom", QJsonObject {{"Seats", true}, {"Region", 1.5}, {"Zed", -7}, {"Yes", false}}}},
    };
    const QList<QList<QByteArray>> selections {
        {"name", "custom.Seats"},
        {"custom.Seats", "custom.Region"},
        {"custom.Region", "custom.Seats", "custom.Seats"},
        {"custom.Seats", "custom"},
        {"custom", "custom.Seats"},
        {"custom.Nope"},
        {"custom.Nested.b"},
        {"custom.a.b"},
        {"custom.Seat", "custom.eats", "custom.Zed", "custom.Yes"},
        {"custom.", "custom.x\"Seats"},
        {"name.x", "custom.Seats", "_id"},
    };
    // Keys are searched 16 places at a time where the object is long enough: each object
    // again, padded so that its keys fall on every place of a step and in the bytes left
    // over at the end.
    QList<QJsonObject> padded = objects;
    for (const QJsonObject &object : objects) {
        for (int pad = 0; pad < 32; ++pad) {
            QJsonObject longer = object;
            longer.insert("Aa", QString(pad, QLatin1Char('p')));
            longer.insert("zz", QString(31 - pad, QLatin1Char('q')));
            padded.append(longer);
        }
    }
    for (const QJsonObject &object : std::as_const(padded)) {
        const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
        const JsonPath::Nesting nesting = JsonPath::Nesting::of(json);
        for (const QList<QByteArray> &paths : selections) {
            QStringList textPaths;
            for (const QByteArray &path : paths)
                textPaths.append(QString::fromUtf8(path));
            const QByteArray expected
                = QJsonDocument(JsonPath::select(object, textPaths)).toJson(QJsonDocument::Compact);
            QByteArray searched;
            JsonPath::appendSelectCompact(&searched, json, nesting, paths);
            const QByteArray context = json + " select=" + textPaths.join(',').toUtf8();
            QVERIFY2(searched == expected, (context + " gave " + searched).constData());
            QVERIFY2(JsonPath::selectCompact(json, paths) == expected, context.constData());
        }
    }
}

void SandboxServerTest::mergeCompactMatchesQJsonObjectMerge()
{
    // Random objects and changes, with keys that sort differently as bytes, as UTF-16 and
    // by case, values of every type, and a nested "custom" object merged key by key.
    const QStringList names {"a",
                             "B",
                             "b",
                             "custom",
                             "Zed",
                             "_id",
                             "key with space",
                             "quote\"d",
                             "back\\slash",
                             QString::fromUtf8("ä"),
                             QString::fromUtf8("é"),
                             QString::fromUtf8("Ａ"),
                             QString::fromUtf8("😀"),
                             "n1",
                             "n10",
                             "n2"};
    std::mt19937 random(7);
    const auto pick = [&random](int bound) {
        return int(random() % quint32(bound));
    };
    std::function<QJsonValue(int)> value = [&](int depth) -> QJsonValue {
        switch (pick(depth > 0 ? 7 : 9)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return pick(2) == 0;
        case 2:
            return pick(1000) - 500;
        case 3:
            return pick(1000) / 8.0;
        case 4:
            return names.at(pick(int(names.size())));
        case 5:
            return QString::fromUtf8("tab\tquote\"ü\x01");
        case 6:
            return QString::number(pick(10));
        case 7: {
            QJsonArray array;
            for (int i = pick(3); i > 0; --i)
                array.append(value(depth + 1));
            return array;
        }
        default: {
            QJsonObject object;
            for (int i = pick(4); i > 0; --i)
                object.insert(names.at(pick(int(names.size()))), value(depth + 1));
            return object;
        }
        }
    };
    const auto object = [&](int members) {
        QJsonObject result;
        for (int i = 0; i < members; ++i) {
            const QString &name = names.at(pick(int(names.size())));
            result.insert(name, name == "custom" && pick(4) > 0 ? value(0).toObject() : value(0));
        }
        return result;
    };
    int changedCount = 0;
    for (int round = 0; round < 400; ++round) {
        const QJsonObject stored = object(pick(10));
        // Changes mostly reuse stored values, so some merges change nothing.
        QJsonObject changes = object(pick(5));
        for (auto it = stored.constBegin(); it != stored.constEnd(); ++it) {
            if (pick(3) == 0)
                changes.insert(it.key(), it.value());
        }
        bool expectedChanged = false;
        const QJsonObject expected = mergedByQJsonObject(stored, changes, &expectedChanged);
        bool changed = false;
        const QByteArray merged = JsonPath::mergeCompact(
            QJsonDocument(stored).toJson(QJsonDocument::Compact), changes, "custom", &changed);
        const QByteArray context = "stored " + QJsonDocument(stored).toJson(QJsonDocument::Compact)
            + " changes " + QJsonDocument(changes).toJson(QJsonDocument::Compact);
        QVERIFY2(merged == QJsonDocument(expected).toJson(QJsonDocument::Compact),
                 context.constData());
        QVERIFY2(changed == expectedChanged, context.constData());
        changedCount += changed ? 1 : 0;

        // Knowing the stored object's nesting, changes to members it has are found by byte
        // search: the same bytes, change and nesting, for those changes and for all.
        QJsonObject present;
        for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
            if (stored.contains(it.key()))
                present.insert(it.key(), it.value());
        }
        const QByteArray storedJson = QJsonDocument(stored).toJson(QJsonDocument::Compact);
        for (const QJsonObject &given : {changes, present}) {
            bool givenExpectedChanged = false;
            const QByteArray expectedJson
                = QJsonDocument(mergedByQJsonObject(stored, given, &givenExpectedChanged))
                      .toJson(QJsonDocument::Compact);
            bool givenChanged = false;
            JsonPath::Nesting nesting;
            const QByteArray searched = JsonPath::mergeCompact(
                storedJson, JsonPath::Nesting::of(storedJson), JsonPath::membersOf(given), "custom",
                &givenChanged, &nesting);
            const QByteArray givenContext = "stored " + storedJson + " changes "
                + QJsonDocument(given).toJson(QJsonDocument::Compact);
            QVERIFY2(searched == expectedJson, givenContext.constData());
            QVERIFY2(givenChanged == givenExpectedChanged, givenContext.constData());
            const JsonPath::Nesting scanned = JsonPath::Nesting::of(searched);
            QVERIFY2(nesting.count == scanned.count, givenContext.constData());
            QVERIFY2(nesting.bounds == scanned.bounds, givenContext.constData());
        }
    }
    QVERIFY(changedCount > 50 && changedCount < 390);
}

void SandboxServerTest::bulkUpsertFromRawBodyMatchesParsedPath()
{
    // A bulk body is applied as it came (simdjson, members encoded without QJsonObject):
    // answer and stored objects must be byte for byte those of the QJsonDocument path, for
    // escapes, non-ASCII text, numbers Qt writes its own way, keys given twice, blanks,
    // errors of every kind and custom fields merged one level down.
    const auto makeStore = []() {
        auto store = std::make_unique<SandboxStore>();
        store->setClock([]() { return QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC); });
        DemoSeeder(store.get()).seedCompanies(20);
        return store;
    };
    const std::unique_ptr<SandboxStore> rawStore = makeStore();
    const std::unique_ptr<SandboxStore> parsedStore = makeStore();
    const auto &seeded = rawStore->companies()->objects();
    const auto ext = [&seeded](int i) {
        return seeded[size_t(i)]->key(KeyKind::ExternalId).toUtf8();
    };
    const auto src = [&seeded](int i) {
        return seeded[size_t(i)]->key(KeyKind::SourceId).toUtf8();
    };
    const QByteArray body = R"([
  {"name": "\u00dcn\u00efcode \"q\" \\ \t\u0001 \ud83d\ude00 caf)"
                            "\xc3\xa9"
                            R"(", "externalId": "raw-1",
   "sourceId": " src-raw-1 ", "_id": "", "createdAt": "x", "__v": 3,
   "custom": {"Seats": 1.5, "Big": 12345678901234567890, "Huge": 9007199254740993,
              "Neg": -0, "Exp": 1e3, "Small": 2.5e-7, "Region": "EMEA",
              "Nested": {"b": 1, "a": [1, "x", null, {"z": 1, "y": 2}]}},
   "tags": ["a", 2, true, false, null], "zeta": null, "we\u00efrd\"key": 1},
  {"externalId": ")"
        + ext(1) + R"(", "custom": {"Seats": 7, "New Field": "x"}, "phase": null,
   "name": "Renamed \u00e9"},
  {"externalId": "raw-dup", "name": "first", "name": "second"},
  {"externalId": "raw-dup2", "name": "n", "custom": {"A": 1, "A": 2}},
  42,
  {"_id": "nope", "name": "x"},
  {"externalId": "raw-noname"},
  {"externalId": "raw-blank", "name": "   "},
  {"sourceId": ")"
        + src(2) + R"(", "externalId": ")" + ext(3) + R"("},
  {"externalId": ")"
        + ext(4) + R"("},
  {"externalId": ")"
        + ext(5) + R"(", "custom": "not an object", "updatedAt": "1999"},
  { "externalId" : "raw-ws" ,
    "name" : "ws" } ,
  {"externalId": 12345, "name": "number key"},
  {"externalId": "raw-1", "name": "again", "custom": {"Region": "APAC"}},
  {"_id": ")"
        + seeded[6]->id().toUtf8() + R"(", "name": ")"
        + seeded[6]->data().value("name").toString().toUtf8() + R"("}
])";
    QJsonParseError error;
    const QJsonArray items = QJsonDocument::fromJson(body, &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(items.size(), 15);

    BulkUpsert::Result raw;
    QVERIFY(BulkUpsert(rawStore.get(), rawStore->companies()).runCompact(body, &raw));
    const BulkUpsert::Result parsed
        = BulkUpsert(parsedStore.get(), parsedStore->companies()).run(items);
    QCOMPARE(raw.body, parsed.body);
    QCOMPARE(raw.status, parsed.status);
    QCOMPARE(raw.status, 206);
    const QJsonObject answer = QJsonDocument::fromJson(raw.body).object();
    QCOMPARE(answer.value("created").toInt(), 5);
    QCOMPARE(answer.value("updated").toInt(), 3);
    QCOMPARE(answer.value("createdErrors").toArray().size(), 3);
    QCOMPARE(answer.value("updatedErrors").toArray().size(), 2);
    QCOMPARE(answer.value("nonupdates").toInt(), 2);

    const auto &rawObjects = rawStore->companies()->objects();
    const auto &parsedObjects = parsedStore->companies()->objects();
    QCOMPARE(rawObjects.size(), parsedObjects.size());
    for (size_t i = 0; i < rawObjects.size(); ++i) {
        const QByteArray &json = rawObjects[i]->compactJson();
        QCOMPARE(json, parsedObjects[i]->compactJson());
        QCOMPARE(json, QJsonDocument::fromJson(json).toJson(QJsonDocument::Compact));
        for (KeyKind kind : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId})
            QCOMPARE(rawObjects[i]->key(kind), parsedObjects[i]->key(kind));
    }
    // Bodies that are no array of items go the QJsonDocument way, which words the errors.
    BulkUpsert::Result unused;
    const BulkUpsert upsert(rawStore.get(), rawStore->companies());
    QVERIFY(!upsert.runCompact("{\"name\": 1}", &unused));
    QVERIFY(!upsert.runCompact("[{\"name\": 1}", &unused));
    QVERIFY(!upsert.runCompact("", &unused));
    // Types whose writes derive fields from other objects stay on the QJsonObject path.
    QVERIFY(
        !BulkUpsert(rawStore.get(), rawStore->collection("endusers")).runCompact("[]", &unused));
}

void SandboxServerTest::bulkUpdatesRewriteObjectsAndOrders()
{
    // Bulk updates merge into one buffer and copy the result into each object's own bytes
    // (in place when they fit): longer and shorter objects, bytes shared with a reader, and
    // an order by a field cached before the update must all come out right.
    SandboxStore store;
    store.setClock([]() { return QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC); });
    TypeCollection *companies = store.companies();
    const QStringList names {"Bravo", "Alpha", "Charlie"};
    for (int i = 0; i < names.size(); ++i) {
        QVERIFY(companies->insert({{"_id", QString("id-%1").arg(i)},
                                   {"externalId", QString("e%1").arg(i)},
                                   {"name", names.at(i)}}));
    }
    const auto namesIn = [](const TypeCollection::ObjectList &objects) {
        QStringList list;
        for (const StoredObject *object : objects)
            list.append(object->data().value("name").toString());
        return list;
    };
    // An end user keeps a copy of its company's name: renaming the company renames it.
    TypeCollection *endUsers = store.collection("endusers");
    QVERIFY(endUsers->insert(
        {{"_id", "eu-0"}, {"email", "a@b.test"}, {"companyId", "id-0"}, {"companyName", "Bravo"}}));
    const SortOrder byName = SortOrder::fromQuery("name");
    QCOMPARE(namesIn(companies->ordered(byName)), (QStringList {"Alpha", "Bravo", "Charlie"}));
    const QByteArray held = companies->findById("id-1")->compactJson(); // shares its bytes
    const QByteArray heldBefore(held.constData(), held.size());

    BulkUpsert::Result result;
    QVERIFY(BulkUpsert(&store, companies)
                .runCompact(R"([{"externalId": "e0", "name": "Zulu, a much longer name"},
                                {"externalId": "e1", "name": "Y"},
                                {"externalId": "e2", "name": "Charlie"}])",
                            &result));
    QCOMPARE(QJsonDocument::fromJson(result.body).object().value("updated").toInt(), 2);
    QCOMPARE(held, heldBefore);
    const QStringList expected {"Zulu, a much longer name", "Y", "Charlie"};
    for (int i = 0; i < expected.size(); ++i) {
        const StoredObject *object = companies->findById(QString("id-%1").arg(i));
        const QJsonObject data {{"_id", QString("id-%1").arg(i)},
                                {"externalId", QString("e%1").arg(i)},
                                {"name", expected.at(i)}};
        QCOMPARE(object->data().value("name").toString(), expected.at(i));
        QCOMPARE(object->compactJson(),
                 QJsonDocument(object->data()).toJson(QJsonDocument::Compact));
        for (auto it = data.begin(); it != data.end(); ++it)
            QCOMPARE(object->data().value(it.key()), it.value());
    }
    QCOMPARE(namesIn(companies->ordered(byName)),
             (QStringList {"Charlie", "Y", "Zulu, a much longer name"}));
    QCOMPARE(endUsers->findById("eu-0")->data().value("companyName").toString(),
             QString("Zulu, a much longer name"));
    // Shorter again: rewritten in the bytes it has.
    QVERIFY(BulkUpsert(&store, companies)
                .runCompact(R"([{"externalId": "e0", "name": "A"}])", &result));
    QCOMPARE(companies->findById("id-0")->data().value("name").toString(), QString("A"));
    QCOMPARE(companies->findById("id-0")->compactJson(),
             QJsonDocument(companies->findById("id-0")->data()).toJson(QJsonDocument::Compact));
    QCOMPARE(namesIn(companies->ordered(byName)), (QStringList {"A", "Charlie", "Y"}));
}

void SandboxServerTest::keyIndexesFollowInsertsUpdatesAndRemovals()
{
    // Random inserts, key changes and removals against a plain map of what each key should
    // find: the open-addressing indexes must never lose or keep a key (removal shifts
    // entries back within their probe runs).
    SandboxStore store;
    TypeCollection *companies = store.companies();
    std::mt19937 random(11);
    QHash<QString, QString> bySourceId; // sourceId -> _id
    QHash<QString, QString> byExternalId; // externalId -> _id
    QStringList ids;
    const auto key = [&random](const char *prefix) {
        return QString::fromLatin1(prefix) + QString::number(random() % 4000);
    };
    for (int step = 0; step < 6000; ++step) {
        const int action = int(random() % 10);
        if (action < 5 || ids.isEmpty()) {
            const QString id = store.ids().next();
            QString sourceId = key("s");
            QString externalId = key("e");
            if (bySourceId.contains(sourceId))
                sourceId.clear();
            if (byExternalId.contains(externalId))
                externalId.clear();
            QJsonObject data {{"_id", id}, {"name", id}};
            if (!sourceId.isEmpty())
                data.insert("sourceId", sourceId);
            if (!externalId.isEmpty())
                data.insert("externalId", externalId);
            QVERIFY(companies->insert(data));
            QVERIFY(!companies->insert(data)); // the _id is taken now
            ids.append(id);
            if (!sourceId.isEmpty())
                bySourceId.insert(sourceId, id);
            if (!externalId.isEmpty())
                byExternalId.insert(externalId, id);
        } else if (action < 8) {
            const QString id = ids.at(qsizetype(random() % quint32(ids.size())));
            const StoredObject *object = companies->findById(id);
            QVERIFY(object);
            const QString externalId = key("e");
            if (byExternalId.contains(externalId))
                continue;
            byExternalId.remove(object->key(KeyKind::ExternalId));
            byExternalId.insert(externalId, id);
            QJsonObject data = object->data();
            data.insert("externalId", externalId);
            QVERIFY(companies->replace(id, data));
        } else {
            const QString id = ids.takeAt(qsizetype(random() % quint32(ids.size())));
            const StoredObject *object = companies->findById(id);
            QVERIFY(object);
            bySourceId.remove(object->key(KeyKind::SourceId));
            byExternalId.remove(object->key(KeyKind::ExternalId));
            QVERIFY(companies->remove(id));
            QVERIFY(!companies->findById(id));
        }
        if (step % 500 != 499)
            continue;
        QCOMPARE(companies->size(), ids.size());
        for (const QString &id : std::as_const(ids)) {
            const StoredObject *object = companies->findById(id);
            QVERIFY(object);
            QCOMPARE(object->id(), id);
        }
        for (int n = 0; n < 4000; ++n) {
            const QString source = "s" + QString::number(n);
            const QString external = "e" + QString::number(n);
            const StoredObject *bySource = companies->find(KeyKind::SourceId, source);
            const StoredObject *byExternal = companies->find(KeyKind::ExternalId, external);
            QCOMPARE(bySource ? bySource->id() : QString(), bySourceId.value(source));
            QCOMPARE(byExternal ? byExternal->id() : QString(), byExternalId.value(external));
        }
    }
    QVERIFY(ids.size() > 1000);
}

void SandboxServerTest::demoCompaniesCarryRevenueFromTheirLicenses()
{
    SandboxStore store;
    DemoSeeder(&store).seedDemo();
    const QDate today = DemoSeeder::demoToday();
    const auto day = [](const QJsonValue &value) {
        return QDate::fromString(value.toString().left(10), Qt::ISODate);
    };

    // What Planhat derives: MRR from the active licenses, ARR = 12 x MRR, and the nearest
    // upcoming renewal.
    QHash<QString, double> activeMrr;
    QHash<QString, QDate> nextRenewal;
    for (const auto &license : store.collection("licenses")->objects()) {
        const QJsonObject data = license->data();
        const QDate from = day(data.value("fromDate"));
        const QDate to = day(data.value("toDate"));
        QVERIFY(from.isValid() && to.isValid());
        QCOMPARE(data.value("renewalDate").toString(), data.value("toDate").toString());
        if (from > today || to < today)
            continue;
        const QString company = data.value("companyId").toString();
        activeMrr[company] += data.value("mrr").toDouble();
        if (!nextRenewal.value(company).isValid() || to < nextRenewal.value(company))
            nextRenewal[company] = to;
    }
    QVERIFY2(activeMrr.size() >= 40, qPrintable(QString::number(activeMrr.size())));

    int withRevenue = 0;
    for (const auto &company : store.companies()->objects()) {
        const QJsonObject data = company->data();
        const QString id = data.value("_id").toString();
        const QByteArray name = data.value("name").toString().toUtf8();
        QVERIFY2(data.value("mrr").isDouble(), name.constData());
        QCOMPARE(data.value("mrr").toDouble(), activeMrr.value(id, 0));
        QCOMPARE(data.value("arr").toDouble(), 12 * activeMrr.value(id, 0));
        if (nextRenewal.contains(id)) {
            QCOMPARE(day(data.value("renewalDate")), nextRenewal.value(id));
            QVERIFY(nextRenewal.value(id) >= today);
            ++withRevenue;
        } else {
            QVERIFY2(!data.contains("renewalDate"), name.constData());
        }
    }
    QCOMPARE(withRevenue, activeMrr.size());
}

void SandboxServerTest::executable()
{
    const QString program = QStringLiteral(PLANHAT_SANDBOX_PATH);
    QProcess help;
    help.start(program, {"--help"});
    QVERIFY(help.waitForFinished(10000));
    QCOMPARE(help.exitCode(), 0);
    const QByteArray helpText = help.readAllStandardOutput();
    for (const char *option : {"--fail-rate", "--page-cap", "--unordered", "--lean-update-keys",
                               "--minute-quota", "--quota-window"})
        QVERIFY2(helpText.contains(option), option);

    QProcess version;
    version.start(program, {"--version"});
    QVERIFY(version.waitForFinished(10000));
    QCOMPARE(version.exitCode(), 0);

    for (const QStringList &bad :
         {QStringList {"--bogus"}, QStringList {"--fail-rate", "2"}, QStringList {"--port", "x"},
          QStringList {"--seed", "huge"}, QStringList {"--page-cap", "0"},
          QStringList {"--minute-quota", "x"}, QStringList {"--quota-window", "0"}}) {
        QProcess process;
        process.start(program, bad);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(!process.readAllStandardError().isEmpty());
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataFile = dir.filePath("sandbox.json");
    const QString secret = "s3cret-token-value";
    const auto startProcess = [&](QProcess &process, const QStringList &extra) -> QUrl {
        process.start(program,
                      QStringList {"--token", secret, "--data", dataFile, "--verbose"} + extra);
        if (!process.waitForStarted(10000))
            return {};
        QElapsedTimer timer;
        timer.start();
        while (!process.canReadLine() && timer.elapsed() < 15000)
            process.waitForReadyRead(500);
        return QUrl(QString::fromUtf8(process.readLine()).trimmed());
    };
    const QByteArray authorization = "Bearer " + secret.toUtf8();

    QProcess server;
    const QUrl base = startProcess(server, {"--seed", "demo"});
    QVERIFY2(QRegularExpression("^http://127\\.0\\.0\\.1:\\d+$").match(base.toString()).hasMatch(),
             qPrintable(base.toString()));
    const Reply companies
        = send(base.resolved(QUrl("/companies?limit=5")), "GET", {}, authorization);
    QCOMPARE(companies.status, 200);
    QCOMPARE(companies.array().size(), 5);
    QCOMPARE(send(base.resolved(QUrl("/users")), "GET", {}, authorization).array().size(), 6);
    QCOMPARE(send(base.resolved(QUrl("/users")), "GET", {}, "Bearer wrong").status, 401);
    const Reply created = send(base.resolved(QUrl("/companies")), "POST",
                               json(company("Process Co", "proc-1")), authorization);
    QCOMPARE(created.status, 200);

    server.terminate(); // SIGTERM: quits cleanly and saves
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    const QByteArray log = server.readAllStandardError();
    QVERIFY2(log.contains("POST /companies 200"), log.constData());
    QVERIFY2(!log.contains(secret.toUtf8()), "the token must never be logged");

    QProcess restarted;
    const QUrl again = startProcess(restarted, {});
    QVERIFY(again.isValid());
    const Reply kept
        = send(again.resolved(QUrl("/companies/extid-proc-1")), "GET", {}, authorization);
    QCOMPARE(kept.status, 200);
    QCOMPARE(kept.object().value("_id"), created.object().value("_id"));
    QCOMPARE(send(again.resolved(QUrl("/users")), "GET", {}, authorization).array().size(), 6);
    restarted.terminate();
    QVERIFY(restarted.waitForFinished(10000));
    QCOMPARE(restarted.exitCode(), 0);
}

void SandboxServerTest::executableWithEveryEdge()
{
    // Every option at once, through the executable: a client that pages with sort=_id
    // until an empty page and retries what failed still sees every company exactly once.
    QProcess server;
    server.start(QStringLiteral(PLANHAT_SANDBOX_PATH),
                 {"--token",          QString::fromLatin1(token),
                  "--seed",           "demo",
                  "--seed-companies", "1000",
                  "--page-cap",       "300",
                  "--unordered",      "--lean-update-keys",
                  "--minute-quota",   "4",
                  "--quota-window",   "1",
                  "--rate-limit",     "1000",
                  "--fail-rate",      "0.15",
                  "--fault-seed",     "7",
                  "--latency",        "1"});
    QVERIFY(server.waitForStarted(10000));
    QElapsedTimer started;
    started.start();
    while (!server.canReadLine() && started.elapsed() < 15000)
        server.waitForReadyRead(500);
    const QUrl base(QString::fromUtf8(server.readLine()).trimmed());
    QVERIFY2(base.port() > 0, qPrintable(base.toString()));
    const quint16 port = quint16(base.port());

    int quotaRefusals = 0;
    int otherFailures = 0;
    // Retries what failed (quota 429s, injected faults, dropped connections) until answered.
    const auto exchange = [&](const QByteArray &method, const QByteArray &path,
                              const QByteArray &body = {}) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            const RawReply reply = sendRaw(port, method, path, body);
            if (!reply.dropped && reply.status != 429 && reply.status != 500
                && reply.status != 503) {
                return reply;
            }
            if (reply.status == 429 && reply.head.contains("X-Rate-Limit-Remaining: 0")
                && !reply.head.contains("Retry-After"))
                ++quotaRefusals;
            else
                ++otherFailures;
            QTest::qWait(50); // a client's back-off before it retries, not a wait for an event
        }
        return RawReply();
    };

    QStringList seen;
    for (qsizetype offset = 0;;) {
        const RawReply reply = exchange(
            "GET", "/companies?sort=_id&limit=5000&offset=" + QByteArray::number(offset));
        QCOMPARE(reply.status, 200);
        QVERIFY2(reply.head.contains("X-Rate-Limit-Limit: 4"), reply.head.constData());
        const QJsonArray page = QJsonDocument::fromJson(reply.body).array();
        if (page.isEmpty())
            break;
        QVERIFY(page.size() <= 300);
        seen += ids(page);
        offset += page.size();
    }
    qInfo() << "paged" << seen.size() << "companies;" << quotaRefusals << "quota refusals,"
            << otherFailures << "other failures retried";
    QCOMPARE(seen.size(), 1120); // 120 demo companies and 1000 generated ones
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 1120);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));

    const QStringList first
        = ids(QJsonDocument::fromJson(exchange("GET", "/companies?limit=5000").body).array());
    const QStringList second
        = ids(QJsonDocument::fromJson(exchange("GET", "/companies?limit=5000").body).array());
    QCOMPARE(first.size(), 300);
    QCOMPARE(second.size(), 300);
    QVERIFY(first != second);

    // Each attempt changes the company, so the answer that gets through reports an update,
    // named by _id alone.
    RawReply upserted;
    int seats = 5000;
    for (int attempt = 0; attempt < 200; ++attempt) {
        seats = 5000 + attempt;
        upserted
            = sendRaw(port, "PUT", "/companies",
                      json(QJsonArray {QJsonObject {{"externalId", "ext-0001"},
                                                    {"custom", QJsonObject {{"Seats", seats}}}}}));
        if (upserted.status == 200)
            break;
        QTest::qWait(50); // back-off before the next attempt, as a client would
    }
    QCOMPARE(upserted.status, 200);
    const QJsonObject result = QJsonDocument::fromJson(upserted.body).object();
    QCOMPARE(result.value("updated").toInt(), 1);
    const QJsonArray updatesKeys = result.value("updatesKeys").toArray();
    QCOMPARE(updatesKeys.size(), 1);
    QCOMPARE(updatesKeys.at(0).toObject().keys(), QStringList {"_id"});
    const QString id = updatesKeys.at(0).toObject().value("_id").toString();
    const QJsonObject updated
        = QJsonDocument::fromJson(exchange("GET", "/companies/" + id.toLatin1()).body).object();
    QCOMPARE(updated.value("externalId").toString(), QString("ext-0001"));
    QCOMPARE(updated.value("custom").toObject().value("Seats").toInt(), seats);

    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(SandboxServerTest)
#include "tst_sandboxserver.moc"
