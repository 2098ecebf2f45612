// SPDX-License-Identifier: MIT
#include "sandboxserver.h"

#include "httplistener.h"

#include <QHttpServerRequest>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>

namespace Planhat::Sandbox {

namespace {

HttpMethod methodOf(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
    case QHttpServerRequest::Method::Head: // answered like GET, without the body
        return HttpMethod::Get;
    case QHttpServerRequest::Method::Post:
        return HttpMethod::Post;
    case QHttpServerRequest::Method::Put:
        return HttpMethod::Put;
    case QHttpServerRequest::Method::Delete:
        return HttpMethod::Delete;
    default:
        return HttpMethod::Other;
    }
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

SandboxResponse retryLater(const QString &message)
{
    SandboxResponse response = SandboxResponse::error(429, message);
    response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return response;
}

ApiOptions apiOptions(const SandboxServerOptions &options)
{
    ApiOptions api;
    api.pageCap = options.pageCap;
    api.unordered = options.unordered;
    api.orderSeed = options.faultSeed;
    api.leanUpdateKeys = options.leanUpdateKeys;
    return api;
}

} // namespace

SandboxServer::SandboxServer(SandboxStore *store, const SandboxServerOptions &options,
                             QObject *parent)
    : QAbstractHttpServer(parent)
    , m_options(options)
    , m_api(store, apiOptions(options))
    , m_authenticator(options.token)
    , m_faults(options.failRate, options.faultSeed)
    , m_rateLimiter(options.rateLimit, 1000)
    , m_quota(options.minuteQuota, options.quotaWindowMs)
{ }

SandboxServer::~SandboxServer() = default;

bool SandboxServer::listenOnLoopback(quint16 port, QString *error)
{
    auto *listener = new HttpListener(this);
    if (!listener->listen(QHostAddress::LocalHost, port)) {
        if (error) {
            *error = QStringLiteral("Cannot listen on 127.0.0.1:%1: %2")
                         .arg(port)
                         .arg(listener->errorString());
        }
        delete listener;
        return false;
    }
    bind(listener);
    m_port = listener->serverPort();
    return true;
}

QUrl SandboxServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Exchange exchange;
    exchange.socket = socket;
    exchange.timer.start();
    exchange.method = methodName(request.method());
    exchange.target = request.url().path(QUrl::FullyEncoded);
    if (request.url().hasQuery())
        exchange.target += QLatin1Char('?') + request.url().query(QUrl::FullyEncoded);
    if (request.value(QByteArrayLiteral("connection")).trimmed().toLower() == "close")
        exchange.connection = SandboxResponse::Connection::Close;
    if (request.method() == QHttpServerRequest::Method::Head)
        exchange.body = SandboxResponse::Body::Omit;

    const SandboxRequest sandboxRequest
        = SandboxRequest::fromUrl(methodOf(request.method()), request.url(), request.body());
    // The sandbox's own control endpoints are exempt from simulated trouble.
    const bool isControl = sandboxRequest.path.value(0) == QLatin1String("_sandbox");

    if (!isControl && m_quota.isActive()) {
        // Planhat's older docs: a 429 without Retry-After; the client learns the quota
        // only from these headers, which every answer carries.
        const bool admitted = m_quota.admit();
        exchange.headers = {
            {QByteArrayLiteral("X-Rate-Limit-Limit"), QByteArray::number(m_quota.limit())},
            {QByteArrayLiteral("X-Rate-Limit-Remaining"), QByteArray::number(m_quota.remaining())}};
        if (!admitted) {
            deliver(exchange,
                    SandboxResponse::error(429,
                                           QStringLiteral("Too many requests: the quota of %1 "
                                                          "requests per %2 s is used up")
                                               .arg(m_quota.limit())
                                               .arg(double(m_options.quotaWindowMs) / 1000.0)));
            return true;
        }
    }

    if (!isControl && !m_rateLimiter.admit()) {
        deliver(exchange,
                retryLater(QStringLiteral("Rate limit exceeded: at most %1 requests per "
                                          "second")
                               .arg(m_options.rateLimit)));
        return true;
    }

    if (!isControl && m_options.failWritesStatus != 0 && sandboxRequest.changesData()) {
        deliver(exchange,
                SandboxResponse::error(m_options.failWritesStatus,
                                       QStringLiteral("Writes are failing on purpose "
                                                      "(--fail-writes %1)")
                                           .arg(m_options.failWritesStatus)));
        return true;
    }

    const Fault fault = isControl
        ? Fault::None
        : m_faults.next(sandboxRequest.changesData() ? RequestEffect::ChangesData
                                                     : RequestEffect::ReadOnly);
    switch (fault) {
    case Fault::TooManyRequests:
        deliver(exchange, retryLater(QStringLiteral("Too many requests (injected fault)")));
        return true;
    case Fault::InternalServerError:
        deliver(
            exchange,
            SandboxResponse::error(500, QStringLiteral("Internal server error (injected fault)")));
        return true;
    case Fault::ServiceUnavailable:
        deliver(
            exchange,
            SandboxResponse::error(503, QStringLiteral("Service unavailable (injected fault)")));
        return true;
    case Fault::DropBeforeApply:
        drop(exchange, fault);
        return true;
    case Fault::None:
    case Fault::DropAfterApply:
        break;
    }

    const TokenAuthenticator::Result access
        = m_authenticator.check(request.value(QByteArrayLiteral("authorization")));
    const SandboxResponse response = access == TokenAuthenticator::Result::Accepted
        ? m_api.handle(sandboxRequest)
        : SandboxResponse::error(401, m_authenticator.errorMessage(access));
    if (fault == Fault::DropAfterApply)
        drop(exchange, fault);
    else
        deliver(exchange, response);
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest answers everything; this only satisfies the interface.
    Exchange exchange;
    exchange.socket = socket;
    exchange.timer.start();
    exchange.method = methodName(request.method());
    exchange.target = request.url().path();
    deliver(exchange, SandboxResponse::error(404, QStringLiteral("No such endpoint")));
}

void SandboxServer::later(std::function<void()> action)
{
    if (m_options.latencyMs > 0)
        QTimer::singleShot(m_options.latencyMs, this, std::move(action));
    else
        action();
}

void SandboxServer::deliver(const Exchange &exchange, const SandboxResponse &response)
{
    SandboxResponse answer = response;
    answer.headers.append(exchange.headers);
    // A large body goes to the socket apart from its head: QIODevice keeps it as it is,
    // where one message would copy every list page (megabytes) once more. A small answer
    // stays one write.
    constexpr qsizetype sentApartFrom = 64 * 1024;
    const bool sendBody = exchange.body == SandboxResponse::Body::Send;
    const bool apart = sendBody && answer.body.size() >= sentApartFrom;
    const QByteArray head = apart ? answer.head(exchange.connection)
                                  : answer.toHttp(exchange.connection, exchange.body);
    const QByteArray body = apart ? answer.body : QByteArray();
    const int status = response.status;
    later([this, exchange, head, body, status]() {
        QTcpSocket *socket = exchange.socket.data();
        if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
            log(exchange, QStringLiteral("%1, client gone").arg(status));
            return;
        }
        socket->write(head);
        if (!body.isEmpty())
            socket->write(body);
        if (exchange.connection == SandboxResponse::Connection::Close)
            socket->disconnectFromHost();
        log(exchange, QString::number(status));
    });
}

void SandboxServer::drop(const Exchange &exchange, Fault fault)
{
    const QString outcome = QStringLiteral("dropped (%1)").arg(FaultInjector::name(fault));
    const auto abortConnection = [this, exchange, outcome]() {
        // Qt deletes the socket once it is disconnected, so abort only from the event
        // loop, never while QAbstractHttpServer is still inside its read handler.
        if (QTcpSocket *socket = exchange.socket.data())
            socket->abort();
        log(exchange, outcome);
    };
    if (m_options.latencyMs > 0)
        QTimer::singleShot(m_options.latencyMs, this, abortConnection);
    else
        QMetaObject::invokeMethod(this, abortConnection, Qt::QueuedConnection);
}

void SandboxServer::log(const Exchange &exchange, const QString &outcome) const
{
    if (m_options.requestLog == SandboxServerOptions::RequestLog::Off)
        return;
    const QByteArray line = exchange.method + ' ' + exchange.target.toUtf8() + ' '
        + outcome.toUtf8() + ' ' + QByteArray::number(exchange.timer.elapsed()) + " ms\n";
    std::fputs(line.constData(), stderr);
    std::fflush(stderr);
}

} // namespace Planhat::Sandbox
