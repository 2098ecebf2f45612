// SPDX-License-Identifier: MIT
#pragma once

#include "apierror.h"
#include "clientcore.h"
#include "requestlogentry.h"
#include "retrypolicy.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QNetworkReply;

namespace Planhat {

/// The outcome of one logical request after all its attempts.
struct ApiResponse
{
    /// Spare capacity kept past the end of `body` (not part of it), so a parser that reads
    /// ahead (simdjson) can parse the body where it lies instead of copying it first.
    static constexpr qsizetype bodyPadding = 64;

    int httpStatus = 0; ///< of the last attempt; 0 when no answer arrived
    QByteArray body; ///< of the last attempt, followed by bodyPadding bytes of capacity
    /// With ApiCall::setBodyInPieces(), a successful answer's body as it arrived, and `body`
    /// empty: wholeBody() joins the pieces where the body is parsed.
    QList<QByteArray> bodyPieces;
    ApiError error; ///< None for 2xx
    int attempts = 0;
    /// An earlier attempt failed in a way that may have applied the request (a DELETE that
    /// then gets 404 did its job).
    bool mayHaveBeenAppliedEarlier = false;
    RequestLogEntry log; ///< the last attempt, for owners that log success themselves

    /// The body, its pieces joined, followed by bodyPadding bytes of capacity.
    QByteArray wholeBody() const;
};

/// Runs one request through throttle, attempts, backoff and retry rules, and reports once
/// through finished(). Internal to core/api; owned by a job (its QObject parent).
class ApiCall : public QObject
{
    Q_OBJECT
public:
    enum class SuccessLog {
        Immediate, ///< every attempt is logged when it ends
        Deferred, ///< the owner logs a successful last attempt itself (with row counts)
    };

    ApiCall(ClientCore *core, ApiRequest request, QObject *parent);
    ~ApiCall() override;

    void setSuccessLog(SuccessLog mode) { m_successLog = mode; }
    /// Keeps a successful answer's body in the pieces it arrived in (ApiResponse::bodyPieces):
    /// for large bodies parsed on another thread, which then joins them, not this one.
    void setBodyInPieces(bool inPieces) { m_bodyInPieces = inPieces; }
    /// For RequestSafety::PartlyRepeatableWrite: called after a failure that may have been
    /// applied; returns the body to send again (the part safe to repeat), or nothing when no
    /// part of the request is safe to repeat.
    void setRepeatablePart(std::function<std::optional<QByteArray>()> repeatablePart);

    void start();
    /// Stops at once; finished() is not emitted afterwards.
    void abort();

Q_SIGNALS:
    /// The request body of an attempt was handed to the connection whole. QNetworkAccessManager
    /// fetches a body through the thread that sent it, piece by piece: work that thread does
    /// before this keeps the server waiting for the rest.
    void bodySent();
    void finished(const Planhat::ApiResponse &response);

private:
    void sendAttempt();
    void handleReplyFinished(QNetworkReply *reply);
    static QByteArray readBody(QNetworkReply *reply);
    void takeArrivedPiece(QNetworkReply *reply);
    void scheduleRetry(AttemptFailure failure, const RateLimitHeaders &headers);
    void releaseSlot();

    ClientCore *m_core;
    ApiRequest m_request;
    SuccessLog m_successLog = SuccessLog::Immediate;
    std::function<std::optional<QByteArray>()> m_repeatablePart;
    QPointer<QNetworkReply> m_reply;
    bool m_bodyInPieces = false;
    QList<QByteArray> m_pieces; ///< of the attempt under way, with m_bodyInPieces
    QTimer m_retryTimer;
    QElapsedTimer m_attemptTimer;
    int m_attempts = 0; ///< every attempt, as logs count them
    int m_countedAttempts = 0; ///< attempts that failed other than by 429 (maxAttempts)
    int m_rateLimitedInARow = 0; ///< 429 answers since the last other answer
    QElapsedTimer m_rateLimitedSince; ///< since the first of those 429 answers
    bool m_holdsSlot = false;
    bool m_aborted = false;
    bool m_mayHaveBeenApplied = false;
};

} // namespace Planhat
