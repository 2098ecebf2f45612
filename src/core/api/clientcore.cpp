// SPDX-License-Identifier: MIT
#include "clientcore.h"

#include "apiendpoint.h"
#include "errormapping.h"
#include "oneshotbody.h"
#include "planhatclient.h"
#include "platform/tcpnodelay.h"
#include "version.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace Planhat {

namespace {

/// Planhat has one analytics host for every region; a local server on loopback (the
/// sandbox) serves the analytics endpoints itself.
QUrl defaultAnalyticsUrl(const QUrl &baseUrl)
{
    return ApiEndpoint::isLoopbackHost(baseUrl.host()) ? baseUrl
                                                       : ApiEndpoint::defaultAnalyticsUrl();
}

} // namespace

ClientCore::ClientCore(PlanhatClient *client, const QUrl &baseUrl,
                       std::unique_ptr<QNetworkAccessManager> network)
    : m_client(client)
    , m_baseUrl(baseUrl.adjusted(QUrl::StripTrailingSlash))
    , m_analyticsBaseUrl(defaultAnalyticsUrl(m_baseUrl))
    , m_secondReadNetwork(network ? nullptr : std::make_unique<QNetworkAccessManager>())
    , m_network(network ? std::move(network) : std::make_unique<QNetworkAccessManager>())
    , m_throttle(std::make_unique<RequestThrottle>())
    , m_bulkGate(std::make_unique<RequestThrottle>())
{
    for (QNetworkAccessManager *manager : networks())
        manager->setAutoDeleteReplies(true);
    m_bulkGate->setLimits(0, 1);
    QObject::connect(m_throttle.get(), &RequestThrottle::inFlightChanged, m_client,
                     &PlanhatClient::requestsInFlightChanged);
    // Pacing under the per-minute quota can hold requests back for many seconds: say so,
    // like a 429 wait, so front ends do not look stuck.
    QObject::connect(m_throttle.get(), &RequestThrottle::paced, m_client,
                     [this](qint64 milliseconds) {
                         reportRateLimitWait(std::chrono::milliseconds(milliseconds));
                     });
    setOptions(m_options);
}

ClientCore::~ClientCore() = default;

void ClientCore::setOptions(const ClientOptions &options)
{
    m_options = options;
    m_options.pagesInFlight = qMax(1, m_options.pagesInFlight);
    m_options.maxAttempts = qMax(1, m_options.maxAttempts);
    m_options.bulkChunkSize = qBound(1, m_options.bulkChunkSize, 5000);
    for (QNetworkAccessManager *manager : networks())
        manager->setTransferTimeout(int(m_options.transferTimeout.count()));
    m_throttle->setLimits(m_options.requestsPerSecond, m_options.maxRequestsInFlight);
    applyRequestsPerMinute();
}

void ClientCore::learnRequestsPerMinute(int perMinute)
{
    if (perMinute <= 0)
        return;
    m_learntRequestsPerMinute
        = m_learntRequestsPerMinute > 0 ? qMin(m_learntRequestsPerMinute, perMinute) : perMinute;
    applyRequestsPerMinute();
}

void ClientCore::applyRequestsPerMinute()
{
    const int configured = m_options.requestsPerMinute;
    int perMinute = configured > 0 ? configured : 0;
    if (m_learntRequestsPerMinute > 0)
        perMinute = perMinute > 0 ? qMin(perMinute, m_learntRequestsPerMinute)
                                  : m_learntRequestsPerMinute;
    m_throttle->setStartsPerMinute(perMinute);
}

void ClientCore::setAnalytics(const QUrl &analyticsBaseUrl, const QString &tenantUuid)
{
    m_analyticsBaseUrl = analyticsBaseUrl.isValid() && !analyticsBaseUrl.isEmpty()
        ? analyticsBaseUrl.adjusted(QUrl::StripTrailingSlash)
        : defaultAnalyticsUrl(m_baseUrl);
    m_tenantUuid = tenantUuid.trimmed();
}

namespace {

QUrl appendPath(const QUrl &base, const QString &encodedPath, const QueryItems &query)
{
    QUrl url = base;
    url.setPath(base.path(QUrl::FullyEncoded) + encodedPath, QUrl::TolerantMode);
    QStringList parts;
    parts.reserve(query.size());
    // Commas stay literal: Planhat reads comma-separated lists in select and companyId.
    for (const auto &item : query) {
        parts.append(QString::fromLatin1(QUrl::toPercentEncoding(item.first) + '='
                                         + QUrl::toPercentEncoding(item.second, ",")));
    }
    if (!parts.isEmpty())
        url.setQuery(parts.join(QLatin1Char('&')), QUrl::TolerantMode);
    return url;
}

} // namespace

QUrl ClientCore::apiUrl(const QString &encodedPath, const QueryItems &query) const
{
    return appendPath(m_baseUrl, encodedPath, query);
}

QUrl ClientCore::analyticsUrl(const QString &encodedPath) const
{
    return appendPath(m_analyticsBaseUrl, encodedPath, {});
}

namespace {

bool isSafeToRepeat(RequestSafety safety)
{
    return safety == RequestSafety::Read || safety == RequestSafety::IdempotentWrite;
}

} // namespace

QNetworkReply *ClientCore::send(const ApiRequest &request)
{
    QNetworkReply *reply = createReply(request);
    // A new connection: Nagle off before it carries a large body (see tcpnodelay.h). The
    // signal arrives once the socket exists, before the request is written.
    QObject::connect(reply, &QNetworkReply::socketStartedConnecting, reply,
                     [] { disableNagleOnOpenSockets(); });
    return reply;
}

QNetworkReply *ClientCore::createReply(const ApiRequest &request)
{
    QNetworkRequest networkRequest(request.url);
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setRawHeader("User-Agent", "planhat-admin/" PLANHAT_ADMIN_VERSION);
    if (request.body)
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                                 QByteArray("application/json"));
    if (!m_token.isEmpty())
        networkRequest.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    networkRequest.setTransferTimeout(int(m_options.transferTimeout.count()));
    // A redirect would carry the token to wherever it points: report it instead.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);

    const QByteArray body = request.body.value_or(QByteArray());
    if (request.body && !isSafeToRepeat(request.safety) && !request.bodyResendable) {
        // See OneShotBody: Qt must not resend this on its own after a dropped connection.
        networkRequest.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        networkRequest.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        auto *device = new OneShotBody(body, m_network.get()); // the reply owns it below
        QNetworkReply *reply = request.verb == "POST" ? m_network->post(networkRequest, device)
            : request.verb == "PUT"
            ? m_network->put(networkRequest, device)
            : m_network->sendCustomRequest(networkRequest, request.verb, device);
        device->setParent(reply);
        return reply;
    }
    if (request.verb == "GET")
        return nextReadNetwork()->get(networkRequest);
    if (request.verb == "POST")
        return m_network->post(networkRequest, body);
    if (request.verb == "PUT")
        return m_network->put(networkRequest, body);
    if (request.verb == "DELETE")
        return m_network->deleteResource(networkRequest);
    return m_network->sendCustomRequest(networkRequest, request.verb, body);
}

QList<QNetworkAccessManager *> ClientCore::networks() const
{
    QList<QNetworkAccessManager *> managers {m_network.get()};
    if (m_secondReadNetwork)
        managers.append(m_secondReadNetwork.get());
    return managers;
}

QNetworkAccessManager *ClientCore::nextReadNetwork()
{
    if (!m_secondReadNetwork)
        return m_network.get();
    m_nextReadOnSecond = !m_nextReadOnSecond;
    return m_nextReadOnSecond ? m_secondReadNetwork.get() : m_network.get();
}

QString ClientCore::redact(const QString &text) const
{
    return ErrorMapping::redact(text, m_token);
}

void ClientCore::logRequest(const RequestLogEntry &entry) const
{
    RequestLogEntry safe = entry;
    safe.error = redact(safe.error);
    safe.path = redact(safe.path);
    Q_EMIT m_client->requestFinished(safe);
}

void ClientCore::reportRateLimitWait(std::chrono::milliseconds wait) const
{
    Q_EMIT m_client->rateLimitWaitStarted(int(wait.count()));
}

void ClientCore::adoptJob(QObject *job)
{
    m_jobs.removeAll(QPointer<QObject>());
    m_jobs.append(job);
}

void ClientCore::deleteJobs()
{
    const QList<QPointer<QObject>> jobs = std::exchange(m_jobs, {});
    for (const QPointer<QObject> &job : jobs)
        delete job.data();
}

QString logPath(const QUrl &url)
{
    QString path = url.path(QUrl::FullyEncoded);
    if (url.hasQuery())
        path += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return path;
}

} // namespace Planhat
