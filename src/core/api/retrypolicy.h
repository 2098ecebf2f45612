// SPDX-License-Identifier: MIT
#pragma once

#include "clientoptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>

#include <chrono>
#include <optional>

namespace Planhat {

/// How safe it is to send a request again after it may have reached the server.
enum class RequestSafety {
    Read, ///< GET: always safe
    IdempotentWrite, ///< PUT by key, DELETE: repeating gives the same result
    NonIdempotentWrite, ///< POST create: repeating may create a second object
    PartlyRepeatableWrite, ///< bulk upsert: rows with a key may be repeated, keyless rows not
};

/// What went wrong in one HTTP attempt, as far as retrying is concerned.
enum class AttemptFailure {
    None, ///< 2xx
    RateLimited, ///< 429: the server refused it, nothing was applied
    Refused, ///< connection refused: nothing was sent
    MaybeApplied, ///< 500/502/503/504, timeout, dropped connection: it may have been applied
    Permanent, ///< any other failure: repeating the request will not help
};

/// What to do after an attempt.
enum class RetryAction {
    Finish, ///< report the answer (success or error)
    Retry, ///< send the same request again
    RetryRepeatablePart, ///< send again only the part that is safe to repeat
    GiveUpUnknown, ///< stop: the request may have been applied and must not be repeated
};

enum class Jitter {
    None, ///< exactly the exponential delay
    Full, ///< uniformly in [0, delay]
    Equal, ///< uniformly in [delay/2, delay]
};

/// The pure rules behind retries: failure classes, the retry decision, exponential backoff
/// and Retry-After parsing.
class RetryPolicy
{
public:
    explicit RetryPolicy(const ClientOptions &options, Jitter jitter = Jitter::Equal);

    static AttemptFailure classify(int httpStatus, QNetworkReply::NetworkError error);

    /// `attemptsMade` counts the attempt that just failed (1 after the first).
    static RetryAction decide(RequestSafety safety, AttemptFailure failure, int attemptsMade,
                              int maxAttempts);

    /// initial * 2^retryIndex, capped at `max`, then jittered with `random01` in [0, 1).
    static std::chrono::milliseconds backoff(int retryIndex, std::chrono::milliseconds initial,
                                             std::chrono::milliseconds max, Jitter jitter,
                                             double random01);

    /// The wait a Retry-After header asks for: delta-seconds ("120", decimals tolerated) or
    /// an HTTP-date (IMF-fixdate, RFC 850 or asctime), relative to `now`; dates in the past
    /// give 0. Empty or unreadable values give no value.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value,
                                                                    const QDateTime &now);

    struct Delay
    {
        std::chrono::milliseconds wait {0};
        bool fromRetryAfter = false;
    };
    /// The wait before the next attempt: Retry-After when present (capped at maxRetryAfter),
    /// otherwise the jittered backoff for this retry.
    Delay delayBeforeRetry(int attemptsMade, const QByteArray &retryAfterHeader,
                           const QDateTime &now, double random01) const;

private:
    std::chrono::milliseconds m_initialBackoff;
    std::chrono::milliseconds m_maxBackoff;
    std::chrono::milliseconds m_maxRetryAfter;
    Jitter m_jitter;
};

} // namespace Planhat
