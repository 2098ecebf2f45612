// SPDX-License-Identifier: MIT
#pragma once

#include "faultinjector.h"
#include "ratelimiter.h"
#include "sandboxapi.h"
#include "sandboxmessage.h"
#include "tokenauthenticator.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QPointer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace Planhat::Sandbox {

class SandboxStore;

/// How the server behaves beyond plain Planhat semantics (all off by default).
struct SandboxServerOptions
{
    enum class RequestLog { Off, Stderr };

    QString token; ///< empty: any non-empty token is accepted
    double failRate = 0.0; ///< probability of one injected fault per request
    quint64 faultSeed = 0;
    int rateLimit = 0; ///< requests per second; 0 = unlimited
    /// Requests per quota window (any method); 0 = unlimited. Beyond it: 429 with
    /// `X-Rate-Limit-Limit`/`X-Rate-Limit-Remaining` and no `Retry-After`, as Planhat's
    /// older docs describe. Answers within the quota carry those headers too.
    int minuteQuota = 0;
    qint64 quotaWindowMs = 60'000; ///< the quota's window (a minute unless tests say)
    int latencyMs = 0; ///< added to every answer (and drop)
    /// When not 0, every request that would change data is answered with this HTTP status
    /// and changes nothing, while reads work: a server that is down for writes.
    int failWritesStatus = 0;
    RequestLog requestLog = RequestLog::Off;
    /// Every list page holds at most this many rows (0: only the documented 2000).
    int pageCap = 0;
    /// Lists without `sort` come in a random order per request, seeded from faultSeed.
    bool unordered = false;
    /// Bulk answers' `updatesKeys` hold `_id` only.
    bool leanUpdateKeys = false;
};

/// The sandbox's HTTP front: derives from QAbstractHttpServer to own each exchange, so it
/// can answer, delay, or drop a connection (before or after applying the change). Listens
/// on loopback only. Checks the quota, the rate limit, then injected faults, then the
/// token, then hands the request to SandboxApi.
///
/// Answers are written to the socket directly, through a QPointer, rather than through a
/// QHttpServerResponder: a delayed responder would keep a reference to Qt's per-connection
/// request object, which Qt deletes when the client goes away.
class SandboxServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    SandboxServer(SandboxStore *store, const SandboxServerOptions &options,
                  QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Listens on 127.0.0.1:`port` (0 picks a free port). On failure returns false and
    /// says why in `error`.
    bool listenOnLoopback(quint16 port, QString *error);
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:<port>"
    QUrl baseUrl() const;

    const FaultInjector &faults() const { return m_faults; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    /// One request in flight: where to answer and what to log.
    struct Exchange
    {
        QPointer<QTcpSocket> socket;
        QElapsedTimer timer;
        QByteArray method;
        QString target;
        SandboxResponse::Connection connection = SandboxResponse::Connection::KeepAlive;
        SandboxResponse::Body body = SandboxResponse::Body::Send;
        /// Added to whatever answer the exchange gets (the quota's headers).
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    void deliver(const Exchange &exchange, const SandboxResponse &response);
    void drop(const Exchange &exchange, Fault fault);
    void later(std::function<void()> action);
    void log(const Exchange &exchange, const QString &outcome) const;

    SandboxServerOptions m_options;
    SandboxApi m_api;
    TokenAuthenticator m_authenticator;
    FaultInjector m_faults;
    RateLimiter m_rateLimiter;
    RateLimiter m_quota;
    quint16 m_port = 0;
};

} // namespace Planhat::Sandbox
