// SPDX-License-Identifier: MIT
#include "apicall.h"

#include "errormapping.h"

#include <QDateTime>
#include <QList>
#include <QNetworkReply>
#include <QRandomGenerator>

#include <utility>

namespace Planhat {

namespace {
constexpr qsizetype largeBody = 64 * 1024;

/// Buffers of large bodies (list pages), kept to take the next ones once nobody holds them
/// any more. A fresh buffer of a few megabytes faults in 4 KiB at a time as the body is
/// copied in, and on virtual machines those faults cost more than the copy: the pages that
/// finished in one turn of the event loop held a million-row table's window up for 20-30 ms.
/// A buffer used before is mapped already. Per thread: bodies are read on their client's
/// thread, or joined on the pool's (ApiResponse::wholeBody()).
class BodyBuffers
{
public:
    /// An empty array of at least `capacity` that no one else holds, or a null one.
    QByteArray take(qsizetype capacity)
    {
        for (qsizetype i = 0; i < m_buffers.size(); ++i) {
            QByteArray &buffer = m_buffers[i];
            if (buffer.isDetached() && buffer.capacity() >= capacity) {
                QByteArray taken = std::move(buffer);
                m_buffers.removeAt(i);
                taken.truncate(0); // keeps the capacity
                return taken;
            }
        }
        return {};
    }
    /// Keeps (shares) `body` for a later take() once its other holders let go.
    void keep(const QByteArray &body)
    {
        // Pages in flight, parsed and being encoded; beyond that, bodies held long.
        constexpr qsizetype maxBuffers = 16;
        if (m_buffers.size() < maxBuffers)
            m_buffers.append(body);
    }

private:
    QList<QByteArray> m_buffers;
};

thread_local BodyBuffers bodyBuffers;

/// An empty array with room for a body of `size` bytes and ApiResponse::bodyPadding more.
QByteArray bodyBuffer(qint64 size)
{
    qsizetype capacity = qsizetype(size) + ApiResponse::bodyPadding;
    // Large bodies (list pages) get a capacity rounded up to a power of two: pages differ by
    // a few bytes, and with exact sizes the block one page freed was too small for the next,
    // so the heap grew and every page was faulted in afresh.
    QByteArray body;
    if (capacity > largeBody) {
        capacity = qsizetype(qNextPowerOfTwo(quint64(capacity - 1)));
        body = bodyBuffers.take(capacity);
    }
    if (body.capacity() < capacity)
        body.reserve(capacity);
    return body;
}

/// Keeps a large body's buffer for a later bodyBuffer() of this thread.
void keepBodyBuffer(const QByteArray &body)
{
    if (body.capacity() > largeBody)
        bodyBuffers.keep(body);
}

/// The pieces of a body back to back, followed by ApiResponse::bodyPadding bytes of capacity.
QByteArray joinedBody(const QList<QByteArray> &pieces)
{
    qint64 size = 0;
    for (const QByteArray &piece : pieces)
        size += piece.size();
    QByteArray whole = bodyBuffer(size);
    for (const QByteArray &piece : pieces)
        whole.append(piece); // within the capacity
    keepBodyBuffer(whole);
    return whole;
}
} // namespace

QByteArray ApiResponse::wholeBody() const
{
    return bodyPieces.isEmpty() ? body : joinedBody(bodyPieces);
}

ApiCall::ApiCall(ClientCore *core, ApiRequest request, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_request(std::move(request))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiCall::start);
}

ApiCall::~ApiCall()
{
    abort();
}

void ApiCall::setRepeatablePart(std::function<std::optional<QByteArray>()> repeatablePart)
{
    m_repeatablePart = std::move(repeatablePart);
}

void ApiCall::start()
{
    if (m_aborted)
        return;
    m_core->throttle().acquire(this, [this] {
        m_holdsSlot = true;
        if (m_aborted) {
            releaseSlot();
            return;
        }
        sendAttempt();
    });
}

void ApiCall::abort()
{
    m_aborted = true;
    m_retryTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
    releaseSlot();
}

void ApiCall::releaseSlot()
{
    if (!m_holdsSlot)
        return;
    m_holdsSlot = false;
    m_core->throttle().release();
}

void ApiCall::sendAttempt()
{
    ++m_attempts;
    m_attemptTimer.start();
    QNetworkReply *reply = m_core->send(m_request);
    m_reply = reply;
    m_pieces.clear();
    if (m_bodyInPieces) {
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
            if (reply == m_reply)
                takeArrivedPiece(reply);
        });
    }
    if (m_request.body) {
        connect(reply, &QNetworkReply::uploadProgress, this,
                [this, reply](qint64 sent, qint64 total) {
                    if (reply == m_reply && sent == total && total > 0)
                        Q_EMIT bodySent();
                });
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleReplyFinished(reply); });
}

QByteArray ApiCall::readBody(QNetworkReply *reply)
{
    // A finished reply holds its whole body. One read into an array with room to spare:
    // readAll() would size the array exactly, and a parser needing padding would copy it.
    const qint64 size = reply->bytesAvailable();
    if (size <= 0)
        return reply->readAll();
    QByteArray body = bodyBuffer(size);
    body.resize(qsizetype(size)); // within the capacity
    const qint64 read = reply->read(body.data(), size);
    body.truncate(qsizetype(qMax<qint64>(read, 0))); // keeps the capacity
    if (reply->bytesAvailable() > 0)
        body += reply->readAll();
    keepBodyBuffer(body);
    return body;
}

void ApiCall::takeArrivedPiece(QNetworkReply *reply)
{
    // What arrived since the last readyRead() is mostly one piece of the reply's buffer:
    // read whole, it is shared, not copied.
    const qint64 available = reply->bytesAvailable();
    if (available > 0)
        m_pieces.append(reply->read(available));
}

void ApiCall::handleReplyFinished(QNetworkReply *reply)
{
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    // A reply aborted by the transfer timeout is closed: reading it would only warn.
    QByteArray body;
    QList<QByteArray> pieces;
    if (reply->isOpen() && m_bodyInPieces) {
        takeArrivedPiece(reply);
        pieces = std::exchange(m_pieces, {});
    } else if (reply->isOpen()) {
        body = readBody(reply);
    }
    m_pieces.clear();
    const RateLimitHeaders headers = RateLimitHeaders::fromReply(*reply);
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QString qtMessage = reply->errorString();
    const qint64 elapsed = m_attemptTimer.elapsed();
    releaseSlot();

    const AttemptFailure failure = RetryPolicy::classify(status, networkError);
    if (failure != AttemptFailure::None && !pieces.isEmpty())
        body = joinedBody(std::exchange(pieces, {})); // errors are worded from the body here
    std::chrono::milliseconds rateLimitedFor {0};
    if (failure == AttemptFailure::RateLimited) {
        if (m_rateLimitedInARow++ == 0)
            m_rateLimitedSince.start();
        rateLimitedFor = std::chrono::milliseconds(m_rateLimitedSince.elapsed());
        // The server named its quota: pace every later request of this client under it.
        if (const std::optional<int> limit = headers.limitValue())
            m_core->learnRequestsPerMinute(*limit);
    } else {
        m_rateLimitedInARow = 0;
        if (failure != AttemptFailure::None)
            ++m_countedAttempts;
    }
    const bool isWrite = m_request.safety != RequestSafety::Read;
    const ApiError::Outcome outcome
        = isWrite && (failure == AttemptFailure::MaybeApplied || m_mayHaveBeenApplied)
        ? ApiError::Outcome::Unknown
        : ApiError::Outcome::NotApplied;

    ApiError error;
    if (failure != AttemptFailure::None) {
        const int code = static_cast<int>(networkError);
        if (code > 0 && code < 200) {
            error = ErrorMapping::networkError(networkError, m_request.url, qtMessage,
                                               m_core->options().transferTimeout, m_core->token(),
                                               outcome);
        } else if (status == 0) {
            error = networkError == QNetworkReply::NoError
                ? ApiError(ApiError::Kind::InvalidResponse, 0,
                           QStringLiteral("the answer had no HTTP status"), outcome)
                : ErrorMapping::networkError(QNetworkReply::RemoteHostClosedError, m_request.url,
                                             qtMessage, m_core->options().transferTimeout,
                                             m_core->token(), outcome);
        } else {
            error = ErrorMapping::httpError(status, body, reason, m_core->token(), outcome);
        }
    }

    RequestLogEntry entry;
    entry.method = QString::fromLatin1(m_request.verb);
    entry.path = logPath(m_request.url);
    entry.httpStatus = status;
    entry.milliseconds = elapsed;
    entry.attempt = m_attempts;
    entry.error = error.isError() ? error.toString() : QString();

    const ClientOptions &options = m_core->options();
    const RetryAction action
        = RetryPolicy::decide(m_request.safety, failure, m_countedAttempts, options.maxAttempts,
                              rateLimitedFor, options.rateLimitPatience);
    const bool mayHaveBeenAppliedEarlier = m_mayHaveBeenApplied;
    if (failure == AttemptFailure::MaybeApplied)
        m_mayHaveBeenApplied = true;

    if (action == RetryAction::Retry) {
        m_core->logRequest(entry);
        scheduleRetry(failure, headers);
        return;
    }
    if (action == RetryAction::RetryRepeatablePart && m_repeatablePart) {
        if (std::optional<QByteArray> repeatable = m_repeatablePart()) {
            m_core->logRequest(entry);
            m_request.body = std::move(repeatable);
            m_request.bodyResendable = true; // the part that may be repeated, by definition
            scheduleRetry(failure, headers);
            return;
        }
    }

    if (failure == AttemptFailure::RateLimited && m_rateLimitedInARow > 1) {
        // Callers stop resumably on RateLimited; say how long the client kept trying.
        error = ApiError(error.kind(), error.httpStatus(),
                         QStringLiteral("%1 (still refused after %2 s of waiting)")
                             .arg(error.message())
                             .arg(qRound(rateLimitedFor.count() / 1000.0)),
                         error.outcome());
        entry.error = error.toString();
    }
    if (error.isError() || m_successLog == SuccessLog::Immediate)
        m_core->logRequest(entry);
    ApiResponse response;
    response.httpStatus = status;
    response.body = body;
    response.bodyPieces = pieces;
    response.error = error;
    response.attempts = m_attempts;
    response.mayHaveBeenAppliedEarlier = mayHaveBeenAppliedEarlier;
    response.log = entry;
    Q_EMIT finished(response);
}

void ApiCall::scheduleRetry(AttemptFailure failure, const RateLimitHeaders &headers)
{
    const RetryPolicy policy(m_core->options());
    const bool rateLimited = failure == AttemptFailure::RateLimited;
    const int retryIndex = (rateLimited ? m_rateLimitedInARow : m_countedAttempts) - 1;
    const RetryPolicy::Delay delay = policy.delayBeforeRetry(
        failure, qMax(0, retryIndex), headers, QDateTime::currentDateTimeUtc(),
        QRandomGenerator::global()->generateDouble());
    if (rateLimited || delay.source == RetryPolicy::Delay::Source::RetryAfter)
        m_core->reportRateLimitWait(delay.wait);
    // A 429 concerns every request of this token, not just this one.
    if (failure == AttemptFailure::RateLimited)
        m_core->throttle().holdFor(delay.wait);
    m_retryTimer.start(delay.wait);
}

} // namespace Planhat
