// SPDX-License-Identifier: MIT
#pragma once

#include "clientoptions.h"
#include "listpaging.h"
#include "requestlogentry.h"
#include "requestthrottle.h"
#include "retrypolicy.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Planhat {

class PlanhatClient;

/// One HTTP request as the client sends it (before the token is added).
struct ApiRequest
{
    QByteArray verb; ///< "GET", "POST", "PUT", "DELETE"
    QUrl url;
    std::optional<QByteArray> body; ///< JSON; sent with Content-Type: application/json
    RequestSafety safety = RequestSafety::Read;
    /// A write that is not safe to repeat whose body Qt may send again by itself all the
    /// same: a bulk upsert whose every row has a key. Sent from memory rather than from a
    /// OneShotBody, which Qt reads piece by piece through the requesting thread.
    bool bodyResendable = false;
};

/// The state PlanhatClient shares with its jobs: network access, token, options, throttles.
/// Internal to core/api. Outlives every job (the client deletes its jobs first).
class ClientCore
{
public:
    ClientCore(PlanhatClient *client, const QUrl &baseUrl,
               std::unique_ptr<QNetworkAccessManager> network);
    ~ClientCore();
    Q_DISABLE_COPY_MOVE(ClientCore)

    PlanhatClient *client() const { return m_client; }
    const QUrl &baseUrl() const { return m_baseUrl; }
    const ClientOptions &options() const { return m_options; }
    void setOptions(const ClientOptions &options);
    const QString &token() const { return m_token; }
    void setToken(const QString &token) { m_token = token; }
    const QUrl &analyticsBaseUrl() const { return m_analyticsBaseUrl; }
    const QString &tenantUuid() const { return m_tenantUuid; }
    void setAnalytics(const QUrl &analyticsBaseUrl, const QString &tenantUuid);

    /// The base URL with `encodedPath` (already percent-encoded, starting with '/') appended
    /// and `query` percent-encoded.
    QUrl apiUrl(const QString &encodedPath, const QueryItems &query = {}) const;
    QUrl analyticsUrl(const QString &encodedPath) const;

    /// The one place that adds the Authorization header. The reply is deleted by the
    /// manager after finished() (autoDeleteReplies).
    QNetworkReply *send(const ApiRequest &request);

    /// `text` with the token replaced by "[redacted]".
    QString redact(const QString &text) const;

    /// Emits PlanhatClient::requestFinished.
    void logRequest(const RequestLogEntry &entry) const;
    /// Emits PlanhatClient::rateLimitWaitStarted.
    void reportRateLimitWait(std::chrono::milliseconds wait) const;
    /// A 429 named the server's quota (X-Rate-Limit-Limit): requests start no faster than
    /// `perMinute` from now on, whatever ClientOptions::requestsPerMinute allows.
    void learnRequestsPerMinute(int perMinute);

    RequestThrottle &throttle() { return *m_throttle; }
    /// Client-wide gate that lets one bulk write run at a time.
    RequestThrottle &bulkGate() { return *m_bulkGate; }

    /// Remembers a job so the client can delete it before the core goes away.
    void adoptJob(QObject *job);
    void deleteJobs();

private:
    void applyRequestsPerMinute();
    QNetworkReply *createReply(const ApiRequest &request);
    /// The manager the next GET goes through: they alternate between the two (writes always
    /// take m_network).
    QNetworkAccessManager *nextReadNetwork();
    /// m_network, and m_secondReadNetwork when there is one.
    QList<QNetworkAccessManager *> networks() const;

    PlanhatClient *m_client;
    QUrl m_baseUrl;
    QUrl m_analyticsBaseUrl;
    QString m_token;
    QString m_tenantUuid;
    ClientOptions m_options;
    int m_learntRequestsPerMinute = 0; ///< from X-Rate-Limit-Limit; 0 = none learnt
    /// Every other GET goes through this one, when no network was given: Qt's HTTP/1.1
    /// client opens at most six connections to a host per manager, which capped the pages
    /// in flight against a far tenant at six. Null when a network was given (tests).
    /// (Declared before m_network, which takes the given one.)
    std::unique_ptr<QNetworkAccessManager> m_secondReadNetwork;
    std::unique_ptr<QNetworkAccessManager> m_network;
    bool m_nextReadOnSecond = false;
    std::unique_ptr<RequestThrottle> m_throttle;
    std::unique_ptr<RequestThrottle> m_bulkGate;
    QList<QPointer<QObject>> m_jobs;
};

/// "/path?query" of `url`, as request logs show it.
QString logPath(const QUrl &url);

} // namespace Planhat
