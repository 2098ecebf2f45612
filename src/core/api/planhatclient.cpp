// SPDX-License-Identifier: MIT
#include "planhatclient.h"

#include "../schema/schema.h"
#include "clientcore.h"
#include "objectjob_p.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace Planhat {

namespace {

QString encodedKeyPath(const ObjectType &type, const QString &key, KeyKind keyKind)
{
    return type.endpoint() + QLatin1Char('/')
        + QString::fromLatin1(QUrl::toPercentEncoding(keyPathPrefix(keyKind) + key));
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

ApiError badRequest(const QString &message)
{
    return ApiError(ApiError::Kind::BadRequest, 0, message);
}

} // namespace

PlanhatClient::PlanhatClient(const QUrl &baseUrl, QObject *parent)
    : PlanhatClient(baseUrl, nullptr, parent)
{ }

PlanhatClient::PlanhatClient(const QUrl &baseUrl, std::unique_ptr<QNetworkAccessManager> network,
                             QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ClientCore>(this, baseUrl, std::move(network)))
{ }

PlanhatClient::~PlanhatClient()
{
    // Jobs use the core (throttles, network); they must go before it does.
    d->deleteJobs();
}

QUrl PlanhatClient::baseUrl() const
{
    return d->baseUrl();
}

void PlanhatClient::setToken(const QString &token)
{
    d->setToken(token.trimmed());
}

bool PlanhatClient::hasToken() const
{
    return !d->token().isEmpty();
}

void PlanhatClient::setAnalytics(const QUrl &analyticsBaseUrl, const QString &tenantUuid)
{
    d->setAnalytics(analyticsBaseUrl, tenantUuid);
}

const ClientOptions &PlanhatClient::options() const
{
    return d->options();
}

void PlanhatClient::setOptions(const ClientOptions &options)
{
    d->setOptions(options);
}

int PlanhatClient::requestsInFlight() const
{
    return d->throttle().inFlight();
}

ListJob *PlanhatClient::list(const ObjectType &type, const ListQuery &query)
{
    auto *job = new ListJob(this, type, query);
    d->adoptJob(job);
    return job;
}

ListJob *PlanhatClient::customFieldDefinitions()
{
    if (const ObjectType *type = Schema::builtin().type(QStringLiteral("customfields")))
        return list(*type);
    ObjectType fallback;
    fallback.name = QStringLiteral("customfields");
    return list(fallback);
}

ObjectJob *PlanhatClient::makeObjectJob(std::unique_ptr<ObjectJob::Private> job)
{
    auto *objectJob = new ObjectJob(this, std::move(job));
    d->adoptJob(objectJob);
    return objectJob;
}

ObjectJob *PlanhatClient::get(const ObjectType &type, const QString &key, KeyKind keyKind)
{
    using Kind = ObjectJob::Private::Kind;
    if (key.isEmpty())
        return makeObjectJob(ObjectJob::Private::failing(
            d.get(), Kind::Get, badRequest(QStringLiteral("no key given"))));
    ApiRequest request;
    request.verb = "GET";
    request.url = d->apiUrl(encodedKeyPath(type, key, keyKind));
    request.safety = RequestSafety::Read;
    return makeObjectJob(std::make_unique<ObjectJob::Private>(d.get(), Kind::Get, request));
}

ObjectJob *PlanhatClient::create(const ObjectType &type, const QJsonObject &object)
{
    ApiRequest request;
    request.verb = "POST";
    request.url = d->apiUrl(type.endpoint());
    request.body = json(type.writablePayload(object, ObjectType::IdHandling::Remove));
    request.safety = RequestSafety::NonIdempotentWrite;
    return makeObjectJob(
        std::make_unique<ObjectJob::Private>(d.get(), ObjectJob::Private::Kind::Create, request));
}

ObjectJob *PlanhatClient::update(const ObjectType &type, const QString &key,
                                 const QJsonObject &changes, KeyKind keyKind)
{
    using Kind = ObjectJob::Private::Kind;
    if (key.isEmpty())
        return makeObjectJob(ObjectJob::Private::failing(
            d.get(), Kind::Update, badRequest(QStringLiteral("no key given"))));
    const QJsonObject payload = type.writablePayload(changes, ObjectType::IdHandling::Remove);
    if (payload.isEmpty()) {
        return makeObjectJob(ObjectJob::Private::failing(
            d.get(), Kind::Update,
            badRequest(QStringLiteral("nothing to update: no writable field was given "
                                      "(read-only fields are never sent)"))));
    }
    ApiRequest request;
    request.verb = "PUT";
    request.url = d->apiUrl(encodedKeyPath(type, key, keyKind));
    request.body = json(payload);
    request.safety = RequestSafety::IdempotentWrite;
    return makeObjectJob(std::make_unique<ObjectJob::Private>(d.get(), Kind::Update, request));
}

ObjectJob *PlanhatClient::remove(const ObjectType &type, const QString &key, KeyKind keyKind)
{
    using Kind = ObjectJob::Private::Kind;
    if (key.isEmpty())
        return makeObjectJob(ObjectJob::Private::failing(
            d.get(), Kind::Delete, badRequest(QStringLiteral("no key given"))));
    ApiRequest request;
    request.verb = "DELETE";
    request.url = d->apiUrl(encodedKeyPath(type, key, keyKind));
    request.safety = RequestSafety::IdempotentWrite;
    return makeObjectJob(std::make_unique<ObjectJob::Private>(d.get(), Kind::Delete, request));
}

BulkUpsertJob *PlanhatClient::bulkUpsert(const ObjectType &type, const QList<QJsonObject> &rows)
{
    return bulkUpsert(BulkRows::of(type, rows));
}

BulkUpsertJob *PlanhatClient::bulkUpsert(const BulkRows &rows)
{
    auto *job = new BulkUpsertJob(this, rows);
    d->adoptJob(job);
    return job;
}

namespace {

std::optional<ApiError> missingTenant(const QString &tenantUuid)
{
    if (!tenantUuid.isEmpty())
        return std::nullopt;
    return badRequest(QStringLiteral("no analytics tenant UUID is set (Planhat shows it under "
                                     "Settings, Developer)"));
}

} // namespace

ObjectJob *PlanhatClient::trackActivity(const QJsonObject &activity)
{
    return postAnalytics(AnalyticsEndpoint::Activity, json(activity));
}

ObjectJob *PlanhatClient::trackActivities(const QJsonArray &activities)
{
    return postAnalytics(AnalyticsEndpoint::Activities,
                         QJsonDocument(activities).toJson(QJsonDocument::Compact));
}

ObjectJob *PlanhatClient::pushMetrics(const QJsonValue &metrics)
{
    const QByteArray body = metrics.isArray()
        ? QJsonDocument(metrics.toArray()).toJson(QJsonDocument::Compact)
        : json(metrics.toObject());
    return postAnalytics(AnalyticsEndpoint::Metrics, body);
}

ObjectJob *PlanhatClient::postAnalytics(AnalyticsEndpoint endpoint, const QByteArray &jsonBody)
{
    using Kind = ObjectJob::Private::Kind;
    if (const auto error = missingTenant(d->tenantUuid()))
        return makeObjectJob(ObjectJob::Private::failing(d.get(), Kind::Analytics, *error));
    QString path;
    switch (endpoint) {
    case AnalyticsEndpoint::Activity:
        path = QStringLiteral("/analytics/");
        break;
    case AnalyticsEndpoint::Activities:
        path = QStringLiteral("/analytics/bulk/");
        break;
    case AnalyticsEndpoint::Metrics:
        path = QStringLiteral("/dimensiondata/");
        break;
    }
    ApiRequest request;
    request.verb = "POST";
    request.url
        = d->analyticsUrl(path + QString::fromLatin1(QUrl::toPercentEncoding(d->tenantUuid())));
    request.body = jsonBody;
    request.safety = RequestSafety::NonIdempotentWrite;
    return makeObjectJob(std::make_unique<ObjectJob::Private>(d.get(), Kind::Analytics, request));
}

ListJob *PlanhatClient::dimensionData(const ListQuery &query)
{
    // Not an object type of the schema: dimension data is only listed.
    ObjectType type;
    type.name = QStringLiteral("dimensiondata");
    type.singularName = QStringLiteral("Metric");
    return list(type, query);
}

QUrl PlanhatClient::analyticsBaseUrl() const
{
    return d->analyticsBaseUrl();
}

QString PlanhatClient::tenantUuid() const
{
    return d->tenantUuid();
}

} // namespace Planhat
