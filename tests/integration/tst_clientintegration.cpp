// SPDX-License-Identifier: MIT
// PlanhatClient over real HTTP against a real planhat-sandbox: every operation on every
// object type that supports it.
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/customfieldsjob.h"
#include "api/planhatclient.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

ListQuery selecting(const QStringList &fields, qint64 maxRows)
{
    ListQuery query;
    query.select = fields;
    query.maxRows = maxRows;
    return query;
}

/// TCP_NODELAY of each of this process's connections to `port` on loopback (IPv4 or 6).
QList<int> noDelayOfConnectionsTo(quint16 port)
{
    QList<int> values;
    DIR *descriptors = ::opendir("/proc/self/fd");
    if (!descriptors)
        return values;
    while (const dirent *entry = ::readdir(descriptors)) {
        const int fd = QByteArray(entry->d_name).toInt();
        sockaddr_storage peer {};
        socklen_t size = sizeof peer;
        if (fd <= 2 || ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &size) != 0)
            continue;
        quint16 peerPort = 0;
        if (peer.ss_family == AF_INET)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
        else if (peer.ss_family == AF_INET6)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port);
        int noDelay = -1;
        size = sizeof noDelay;
        if (peerPort == port && ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, &size) == 0)
            values.append(noDelay);
    }
    ::closedir(descriptors);
    return values;
}

} // namespace

class TestClientIntegration final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void crudOnEveryType_data();
    void crudOnEveryType();
    void bulkUpsertOnEveryType_data();
    void bulkUpsertOnEveryType();
    void bulkUpsertReportsFailedRows();
    void bulkUpsertSplitsIntoChunks();
    void connectionsSendWithoutNagleDelay();
    void pagesInFlightGoOverMoreThanSixConnections();
    void listPagesSelectSortAndCompanyFilter();
    void customFieldDefinitions();
    void analyticsActivities();
    void wrongTokenIsAuthError();
    void createWithoutRequiredFieldShowsServerMessage();
    void requestLogNeverHoldsTheToken();

private:
    QJsonObject newObject(const ObjectType &type, const QString &tag) const;
    QJsonValue sampleValue(const FieldSpec &field, const QString &tag) const;
    QList<QJsonObject> listAll(const ObjectType &type, const ListQuery &query = {});
    static const ObjectType &type(const char *name)
    {
        return *Schema::builtin().type(QLatin1String(name));
    }

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    QString m_companyId;
    QString m_userId;
    QString m_enduserId;
    int m_counter = 0;
};

void TestClientIntegration::initTestCase()
{
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
    init();
    m_companyId
        = listAll(type("companies"), selecting({"_id"}, 1)).value(0).value("_id").toString();
    m_userId = listAll(type("users"), selecting({"_id"}, 1)).value(0).value("_id").toString();
    m_enduserId = listAll(type("endusers"), selecting({"_id"}, 1)).value(0).value("_id").toString();
    QVERIFY(!m_companyId.isEmpty());
    QVERIFY(!m_userId.isEmpty());
    QVERIFY(!m_enduserId.isEmpty());
}

void TestClientIntegration::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
    // Some functions send hundreds of requests in seconds: pacing under Planhat's quota would
    // only slow them down (the sandbox has none; tst_requestthrottle covers pacing).
    ClientOptions options = m_client->options();
    options.requestsPerMinute = 0;
    m_client->setOptions(options);
}

QJsonValue TestClientIntegration::sampleValue(const FieldSpec &field, const QString &tag) const
{
    switch (field.type) {
    case FieldType::Text:
        if (field.name.contains("mail", Qt::CaseInsensitive))
            return QStringLiteral("%1@example.com").arg(tag);
        if (field.name.contains("currency", Qt::CaseInsensitive))
            return QStringLiteral("EUR");
        if (field.name == "parent")
            return QStringLiteral("company");
        return QStringLiteral("Test %1 %2").arg(field.name, tag);
    case FieldType::Number:
        return 42;
    case FieldType::Boolean:
        return false;
    case FieldType::Date:
        return QStringLiteral("2024-03-01T00:00:00.000Z");
    case FieldType::DayNumber:
        return 19783;
    case FieldType::ObjectId:
        if (field.referenceType == "users")
            return m_userId;
        if (field.referenceType == "endusers")
            return m_enduserId;
        return m_companyId;
    case FieldType::Enum:
        return field.allowedValues.value(0, QStringLiteral("value"));
    case FieldType::List:
        return QJsonArray();
    case FieldType::Object:
        return QJsonObject();
    }
    return QJsonValue();
}

QJsonObject TestClientIntegration::newObject(const ObjectType &objectType, const QString &tag) const
{
    QJsonObject object;
    for (const FieldSpec &field : objectType.fields) {
        if (field.isRequiredOnCreate())
            object.insert(field.name, sampleValue(field, tag));
    }
    if (objectType.field("name") && !object.contains("name"))
        object.insert("name", "Test " + tag);
    for (const MatchKey &key : objectType.keys) {
        if (key.kind == KeyKind::SourceId)
            object.insert(key.field, "src-" + tag);
        if (key.kind == KeyKind::ExternalId)
            object.insert(key.field, "ext-" + tag);
    }
    return object;
}

QList<QJsonObject> TestClientIntegration::listAll(const ObjectType &objectType,
                                                  const ListQuery &query)
{
    return collectRows(m_client->list(objectType, query));
}

void TestClientIntegration::crudOnEveryType_data()
{
    QTest::addColumn<QString>("typeName");
    for (const ObjectType &objectType : Schema::builtin().types()) {
        if (objectType.supports(Operation::Create))
            QTest::newRow(qPrintable(objectType.name)) << objectType.name;
    }
}

void TestClientIntegration::crudOnEveryType()
{
    QFETCH(QString, typeName);
    const ObjectType &objectType = *Schema::builtin().type(typeName);
    const QString tag = QStringLiteral("crud-%1-%2").arg(typeName).arg(++m_counter);
    const QJsonObject input = newObject(objectType, tag);

    // create
    ObjectResult created = startAndWait<ObjectResult>(m_client->create(objectType, input));
    QVERIFY2(!created.error.isError(), qPrintable(created.error.toString()));
    const QString id = created.object.value("_id").toString();
    QCOMPARE(id.size(), 24);

    // get by each key the type has
    for (const MatchKey &key : objectType.keys) {
        const QString value = key.kind == KeyKind::Id ? id : input.value(key.field).toString();
        const ObjectResult got
            = startAndWait<ObjectResult>(m_client->get(objectType, value, key.kind));
        QVERIFY2(!got.error.isError(),
                 qPrintable(keyKindName(key.kind) + ": " + got.error.toString()));
        QCOMPARE(got.object.value("_id").toString(), id);
    }

    // update: one writable text field that is not a key
    QString textField;
    for (const FieldSpec &field : objectType.fields) {
        if (field.type == FieldType::Text && !field.isReadOnly() && !field.isCustom()
            && field.name != "parent" && !field.name.contains("mail", Qt::CaseInsensitive)
            && !field.name.contains("currency", Qt::CaseInsensitive)
            && objectType.keyField(KeyKind::SourceId) != field.name
            && objectType.keyField(KeyKind::ExternalId) != field.name) {
            textField = field.name;
            break;
        }
    }
    QVERIFY2(!textField.isEmpty(), "no writable text field to update");
    QJsonObject changes {{textField, "changed " + tag}};
    const bool hasCustom = objectType.field("custom") != nullptr;
    if (hasCustom)
        changes.insert("custom", QJsonObject {{"Note", tag}});
    const ObjectResult updated
        = startAndWait<ObjectResult>(m_client->update(objectType, id, changes));
    QVERIFY2(!updated.error.isError(), qPrintable(updated.error.toString()));
    const ObjectResult reread = startAndWait<ObjectResult>(m_client->get(objectType, id));
    QCOMPARE(reread.object.value(textField).toString(), "changed " + tag);
    if (hasCustom)
        QCOMPARE(reread.object.value("custom").toObject().value("Note").toString(), tag);

    // list finds it, with select
    const QList<QJsonObject> listed = listAll(objectType, selecting({textField}, -1));
    bool found = false;
    for (const QJsonObject &row : listed)
        found = found || row.value("_id").toString() == id;
    QVERIFY(found);

    // delete, then it is gone
    const ObjectResult deleted = startAndWait<ObjectResult>(m_client->remove(objectType, id));
    QVERIFY2(!deleted.error.isError(), qPrintable(deleted.error.toString()));
    const ObjectResult gone = startAndWait<ObjectResult>(m_client->get(objectType, id));
    QCOMPARE(gone.error.kind(), ApiError::Kind::NotFound);
    QCOMPARE(gone.error.httpStatus(), 404);
}

void TestClientIntegration::bulkUpsertOnEveryType_data()
{
    QTest::addColumn<QString>("typeName");
    for (const ObjectType &objectType : Schema::builtin().types()) {
        if (objectType.supports(Operation::BulkUpsert))
            QTest::newRow(qPrintable(objectType.name)) << objectType.name;
    }
}

void TestClientIntegration::bulkUpsertOnEveryType()
{
    QFETCH(QString, typeName);
    const ObjectType &objectType = *Schema::builtin().type(typeName);
    const QString tag = QStringLiteral("bulk-%1-%2").arg(typeName).arg(++m_counter);
    // Notes match on _id alone: their second round goes by the _ids the first one created.
    const QString keyField = objectType.keyField(KeyKind::ExternalId).isEmpty()
        ? objectType.keyField(KeyKind::SourceId)
        : objectType.keyField(KeyKind::ExternalId);
    const bool byIdOnly = keyField.isEmpty();

    const QJsonObject keyed = newObject(objectType, tag + "-a");
    const QJsonObject other = newObject(objectType, tag + "-c");
    QJsonObject keyless = newObject(objectType, tag + "-b");
    for (const MatchKey &key : objectType.keys)
        keyless.remove(key.field);
    BulkUpsertResult first
        = startAndWait<BulkUpsertResult>(m_client->bulkUpsert(objectType, {keyed, keyless, other}));
    QVERIFY2(!first.error.isError(), qPrintable(first.error.toString()));
    QCOMPARE(first.rows.size(), 3);
    for (const RowOutcome &row : first.rows) {
        QCOMPARE(row.status, RowOutcome::Status::Created);
        QCOMPARE(row.id.size(), 24);
    }
    QCOMPARE(first.created, 3);
    QVERIFY(first.rows.at(0).id != first.rows.at(1).id);

    // The same keyed row again is unchanged; with a change it is updated. (Two rows with the
    // same key in one request cannot be told apart in the API's answer, so each has its own.)
    QJsonObject again = keyed;
    QJsonObject changed = other;
    if (byIdOnly) {
        again.insert("_id", first.rows.at(0).id);
        changed.insert("_id", first.rows.at(2).id);
    }
    changed.insert("custom", QJsonObject {{"Note", tag}});
    BulkUpsertResult second
        = startAndWait<BulkUpsertResult>(m_client->bulkUpsert(objectType, {again, changed}));
    QVERIFY2(!second.error.isError(), qPrintable(second.error.toString()));
    QCOMPARE(second.rows.at(0).status, RowOutcome::Status::Unchanged);
    QCOMPARE(second.rows.at(1).status, RowOutcome::Status::Updated);
    QCOMPARE(second.rows.at(1).id, first.rows.at(2).id);
    QVERIFY(second.allSucceeded());

    // Keyed by _id, the highest-priority key, even when another key disagrees.
    QJsonObject byId {{"_id", first.rows.at(1).id}, {"custom", QJsonObject {{"Note", "by id"}}}};
    BulkUpsertResult third
        = startAndWait<BulkUpsertResult>(m_client->bulkUpsert(objectType, {byId}));
    QCOMPARE(third.rows.at(0).status, RowOutcome::Status::Updated);
    QCOMPARE(third.rows.at(0).id, first.rows.at(1).id);

    // Types that cannot be read one by one are checked through the list.
    const QString matchField = byIdOnly ? QStringLiteral("_id") : keyField;
    const QString matchValue = byIdOnly ? first.rows.at(2).id : other.value(keyField).toString();
    int matches = 0;
    for (const QJsonObject &row : listAll(objectType)) {
        if (row.value(matchField).toString() == matchValue) {
            ++matches;
            QCOMPARE(row.value("custom").toObject().value("Note").toString(), tag);
        }
    }
    QCOMPARE(matches, 1);

    // clean up through delete, which every type supports
    for (const RowOutcome &row : first.rows) {
        const ObjectResult deleted
            = startAndWait<ObjectResult>(m_client->remove(objectType, row.id));
        QVERIFY2(!deleted.error.isError(), qPrintable(deleted.error.toString()));
    }
}

void TestClientIntegration::bulkUpsertReportsFailedRows()
{
    const ObjectType &projects = type("projects");
    const QString tag = QStringLiteral("fail-%1").arg(++m_counter);
    const QJsonObject good = newObject(projects, tag + "-ok");
    QJsonObject missingName = newObject(projects, tag + "-noname");
    missingName.remove("name");
    const QJsonObject unknownId {{"_id", "5f00000000000000000fffff"}, {"name", "ghost"}};
    const BulkUpsertResult result = startAndWait<BulkUpsertResult>(
        m_client->bulkUpsert(projects, {good, missingName, unknownId}));
    QCOMPARE(result.rows.size(), 3);
    QCOMPARE(result.rows.at(0).status, RowOutcome::Status::Created);
    QCOMPARE(result.rows.at(1).status, RowOutcome::Status::Failed);
    QVERIFY2(result.rows.at(1).message.contains("name"), qPrintable(result.rows.at(1).message));
    QCOMPARE(result.rows.at(2).status, RowOutcome::Status::Failed);
    QVERIFY(!result.rows.at(2).message.isEmpty());
    QCOMPARE(result.created, 1);
    QCOMPARE(result.failed, 2);
    QVERIFY(!result.allSucceeded());
}

void TestClientIntegration::bulkUpsertSplitsIntoChunks()
{
    const ObjectType &companies = type("companies");
    QList<QJsonObject> rows;
    for (int i = 0; i < 12345; ++i)
        rows.append({{"name", QStringLiteral("Chunked %1").arg(i)},
                     {"externalId", QStringLiteral("chunk-%1").arg(i)}});
    BulkUpsertJob *job = m_client->bulkUpsert(companies, rows);
    QSignalSpy chunks(job, &BulkUpsertJob::chunkFinished);
    // Each request says once that its body is on the wire, before its answer (the import
    // runner holds back long work until then: the body goes through this thread in pieces).
    QStringList events;
    connect(job, &BulkUpsertJob::requestSent, this, [&events] { events.append("sent"); });
    connect(job, &BulkUpsertJob::chunkFinished, this, [&events](int firstRow) {
        events.append(QStringLiteral("answered %1").arg(firstRow));
    });
    QList<QString> bulkRequests;
    connect(m_client.get(), &PlanhatClient::requestFinished, this,
            [&bulkRequests](const RequestLogEntry &entry) {
                if (entry.method == "PUT" && entry.path == "/companies")
                    bulkRequests.append(entry.path);
            });
    const BulkUpsertResult result = startAndWait<BulkUpsertResult>(job);
    QVERIFY2(result.allSucceeded(), qPrintable(result.error.toString()));
    QCOMPARE(result.created, 12345);
    QCOMPARE(chunks.size(), 3);
    QCOMPARE(chunks.at(0).at(0).toInt(), 0);
    QCOMPARE(chunks.at(1).at(0).toInt(), 5000);
    QCOMPARE(chunks.at(2).at(0).toInt(), 10000);
    QCOMPARE(bulkRequests.size(), 3);
    const QStringList expected {"sent",          "answered 0", "sent",
                                "answered 5000", "sent",       "answered 10000"};
    QVERIFY2(events == expected, qPrintable(events.join(QLatin1String(", "))));

    // All of them are there, once.
    const QList<QJsonObject> listed = listAll(companies, selecting({"externalId"}, -1));
    int chunked = 0;
    for (const QJsonObject &row : listed)
        chunked += row.value("externalId").toString().startsWith("chunk-") ? 1 : 0;
    QCOMPARE(chunked, 12345);
}

void TestClientIntegration::connectionsSendWithoutNagleDelay()
{
    // Qt leaves Nagle on: a large body's last piece would wait for the server's delayed
    // acknowledgement (40 ms on every bulk request, measured). Every connection the client
    // opened must have it off, whether it listed or wrote.
    QList<QJsonObject> rows;
    for (int i = 0; i < 4000; ++i)
        rows.append({{"name", "Nagle"}, {"externalId", QStringLiteral("nagle-%1").arg(i)}});
    const BulkUpsertResult result
        = startAndWait<BulkUpsertResult>(m_client->bulkUpsert(type("companies"), rows));
    QVERIFY2(result.allSucceeded(), qPrintable(result.error.toString()));
    QVERIFY(listAll(type("companies"), selecting({"_id"}, -1)).size() >= 4000);
    const QList<int> noDelay = noDelayOfConnectionsTo(quint16(m_sandbox.url().port()));
    QVERIFY2(!noDelay.isEmpty(), "no connection to the sandbox is open");
    for (const int value : noDelay)
        QCOMPARE(value, 1);
}

void TestClientIntegration::pagesInFlightGoOverMoreThanSixConnections()
{
    // Qt's HTTP/1.1 client opens at most six connections to a host per network manager, so
    // with one manager pages in flight past six waited for a connection (a far tenant's
    // list took as long with 16 in flight as with 8). GETs alternate between two managers:
    // twelve pages asked at once open more than six connections. Against a sandbox that
    // answers after 300 ms, so all twelve are out before any answer frees a connection, and
    // plays the real API's listing edges: pages capped below what is asked (70 of 100), no
    // order without `sort`. (Not the minute quota: its 429s lower what is in flight.)
    SandboxProcess far;
    QVERIFY2(far.start({"--seed-companies", "3000", "--latency", "300", "--page-cap", "70",
                        "--unordered"}),
             qPrintable(far.errorString()));
    PlanhatClient client(far.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options = client.options();
    options.requestsPerMinute = 0;
    options.pagesInFlight = 12;
    client.setOptions(options);
    ListQuery query = selecting({"_id"}, -1);
    query.pageSize = 100; // 43 pages of 70: the window fills once the cap is learnt
    ListJob *job = client.list(type("companies"), query);
    // Counted while pages arrive: the most connections open at once.
    qsizetype connections = 0;
    const quint16 port = quint16(far.url().port());
    connect(job, &ListJob::rowsReceived, this, [&connections, port] {
        connections = std::max(connections, noDelayOfConnectionsTo(port).size());
    });
    QVERIFY(collectRows(job).size() >= 3000);
    QVERIFY2(connections > 6, qPrintable(QStringLiteral("%1 connections").arg(connections)));
}

void TestClientIntegration::listPagesSelectSortAndCompanyFilter()
{
    const ObjectType &endusers = type("endusers");
    ListQuery query;
    query.pageSize = 7; // many small pages, several in flight
    query.select = {"email", "companyId"};
    query.sort = "email";
    QList<qint64> firstRows;
    QList<QJsonObject> rows;
    ListJob *job = m_client->list(endusers, query);
    connect(job, &ListJob::rowsReceived, this,
            [&](const QList<QJsonObject> &page, qint64 firstRow) {
                firstRows.append(firstRow);
                rows.append(page);
            });
    const ListResult result = startAndWait<ListResult>(job);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QVERIFY(rows.size() > 100);
    QCOMPARE(result.rowCount, rows.size());
    for (int i = 0; i < firstRows.size(); ++i)
        QCOMPARE(firstRows.at(i), qint64(i) * 7); // delivered in page order
    for (int i = 1; i < rows.size(); ++i) {
        QVERIFY2(rows.at(i - 1).value("email").toString() <= rows.at(i).value("email").toString(),
                 "not sorted by email");
        QVERIFY(!rows.at(i).contains("firstName"));
    }

    // maxRows stops early.
    query.maxRows = 10;
    QCOMPARE(listAll(endusers, query).size(), 10);

    // companyId filter, with enough ids that the client must split the URL.
    const QList<QJsonObject> companies = listAll(type("companies"), selecting({"_id"}, -1));
    QStringList companyIds;
    for (const QJsonObject &company : companies)
        companyIds.append(company.value("_id").toString());
    while (companyIds.size() < 300) // unknown ids pad the list past any URL limit
        companyIds.append(QStringLiteral("5f%1").arg(companyIds.size(), 22, 10, QLatin1Char('0')));
    ListQuery byCompany;
    byCompany.companyIds = companyIds;
    byCompany.select = {"companyId"};
    int requests = 0;
    connect(m_client.get(), &PlanhatClient::requestFinished, this,
            [&requests](const RequestLogEntry &entry) {
                if (entry.path.startsWith("/endusers"))
                    ++requests;
                QVERIFY2(entry.path.size() < 4000, "URL too long");
            });
    const QList<QJsonObject> filtered = listAll(endusers, byCompany);
    QVERIFY(requests >= 2);
    QCOMPARE(filtered.size(), listAll(endusers, selecting({"_id"}, -1)).size());

    ListQuery oneCompany;
    oneCompany.companyIds = {m_companyId};
    for (const QJsonObject &row : listAll(endusers, oneCompany))
        QCOMPARE(row.value("companyId").toString(), m_companyId);
}

void TestClientIntegration::customFieldDefinitions()
{
    // CustomFieldsJob is how the CLI, the main window and the template writer load them.
    auto *job = new CustomFieldsJob(m_client.get());
    QSignalSpy finished(job, &CustomFieldsJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    const auto catalog = finished.at(0).at(0).value<CustomFieldCatalog>();
    const auto error = finished.at(0).at(1).value<ApiError>();
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    const QList<FieldSpec> companyFields = catalog.fieldsFor(type("companies"));
    QVERIFY2(companyFields.size() >= 3, "demo data defines custom fields for companies");
    bool hasList = false;
    for (const FieldSpec &field : companyFields)
        hasList = hasList || (field.type == FieldType::Enum && !field.allowedValues.isEmpty());
    QVERIFY2(hasList, "a list custom field with its values");

    // A failed read reports the error and no fields.
    m_client->setToken("wrong-token-0000");
    auto *refused = new CustomFieldsJob(m_client.get());
    QSignalSpy refusedFinished(refused, &CustomFieldsJob::finished);
    refused->start();
    QVERIFY(refusedFinished.wait(10000));
    QCOMPARE(refusedFinished.at(0).at(1).value<ApiError>().kind(), ApiError::Kind::Auth);
    QCOMPARE(refusedFinished.at(0).at(0).value<CustomFieldCatalog>().size(), 0);
}

void TestClientIntegration::analyticsActivities()
{
    const ObjectResult refused
        = startAndWait<ObjectResult>(m_client->trackActivity({{"email", "a@example.com"}}));
    QCOMPARE(refused.error.kind(), ApiError::Kind::BadRequest); // no tenant UUID yet

    m_client->setAnalytics(m_sandbox.url(), "0b7c2f1e-tenant");
    const ObjectResult one = startAndWait<ObjectResult>(m_client->trackActivity(
        {{"email", "ana@example.com"}, {"action", "Logged in"}, {"weight", 1}}));
    QVERIFY2(!one.error.isError(), qPrintable(one.error.toString()));
    const ObjectResult many = startAndWait<ObjectResult>(m_client->trackActivities(
        QJsonArray {QJsonObject {{"email", "b@example.com"}, {"action", "Export"}},
                    QJsonObject {{"email", "c@example.com"}, {"action", "Import"}}}));
    QVERIFY2(!many.error.isError(), qPrintable(many.error.toString()));

    // What the sandbox received, read back over plain HTTP.
    QNetworkAccessManager network;
    QNetworkRequest request(m_sandbox.url().resolved(QUrl("/_sandbox/analytics")));
    request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
    QNetworkReply *reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    const QJsonArray received = QJsonDocument::fromJson(reply->readAll()).array();
    reply->deleteLater();
    QStringList actions;
    for (const QJsonValue &value : received)
        actions.append(value.toObject().value("action").toString());
    QVERIFY2(actions.contains("Logged in") && actions.contains("Export")
                 && actions.contains("Import"),
             qPrintable(actions.join(",")));
}

void TestClientIntegration::wrongTokenIsAuthError()
{
    m_client->setToken("wrong-token-0000");
    const ListResult result = startAndWait<ListResult>(m_client->list(type("companies")));
    QCOMPARE(result.error.kind(), ApiError::Kind::Auth);
    QCOMPARE(result.error.httpStatus(), 401);
    QVERIFY(!result.error.toString().contains("wrong-token-0000"));
    QVERIFY(!result.error.toString().contains('\n'));
}

void TestClientIntegration::createWithoutRequiredFieldShowsServerMessage()
{
    const ObjectResult result = startAndWait<ObjectResult>(
        m_client->create(type("endusers"), {{"companyId", m_companyId}, {"firstName", "No"}}));
    QCOMPARE(result.error.kind(), ApiError::Kind::BadRequest);
    QCOMPARE(result.error.httpStatus(), 400);
    QVERIFY2(result.error.message().contains("email"), qPrintable(result.error.message()));
    QCOMPARE(result.error.outcome(), ApiError::Outcome::NotApplied);
}

void TestClientIntegration::requestLogNeverHoldsTheToken()
{
    QList<RequestLogEntry> entries;
    connect(m_client.get(), &PlanhatClient::requestFinished, this,
            [&entries](const RequestLogEntry &entry) { entries.append(entry); });
    listAll(type("licenses"), selecting({"_id"}, -1));
    startAndWait<ObjectResult>(m_client->get(type("companies"), "nope", KeyKind::ExternalId));
    QVERIFY(entries.size() >= 2);
    for (const RequestLogEntry &entry : entries) {
        QVERIFY(!entry.method.isEmpty());
        QVERIFY(entry.milliseconds >= 0);
        QVERIFY(!entry.path.contains(SandboxProcess::token()));
        QVERIFY(!entry.error.contains(SandboxProcess::token()));
    }
    QCOMPARE(entries.last().httpStatus, 404);
}

QTEST_GUILESS_MAIN(TestClientIntegration)
#include "tst_clientintegration.moc"
