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

/// What a 429 answer said about the server's rate limit: the raw header values, empty when
/// absent.
struct RateLimitHeaders
{
    QByteArray retryAfter; ///< Retry-After
    QByteArray limit; ///< X-Rate-Limit-Limit: requests allowed per window
    QByteArray remaining; ///< X-Rate-Limit-Remaining: requests left in this window
    QByteArray reset; ///< X-Rate-Limit-Reset: when the window resets

    static RateLimitHeaders fromReply(const QNetworkReply &reply);
    /// X-Rate-Limit-Limit as a positive number, if it is one.
    std::optional<int> limitValue() const;
    /// X-Rate-Limit-Remaining as a number >= 0, if it is one.
    std::optional<int> remainingValue() const;
};

enum class Jitter {
    None, ///< exactly the exponential delay
    Full, ///< uniformly in [0, delay]
    Equal, ///< uniformly in [delay/2, delay]
};

/// The pure rules behind retries: failure classes, the retry decision, exponential backoff
/// and the reading of Retry-After and X-Rate-Limit-* headers.
class RetryPolicy
{
public:
    explicit RetryPolicy(const ClientOptions &options, Jitter jitter = Jitter::Equal);

    static AttemptFailure classify(int httpStatus, QNetworkReply::NetworkError error);

    /// `attemptsMade` counts the attempts that failed other than by 429, the one that just
    /// failed included (1 after the first); 429 answers do not use up `maxAttempts`: a request
    /// answered 429 is retried as long as `rateLimitedFor` (the time since the first of the
    /// 429 answers in a row, 0 at the first) is below `rateLimitPatience`.
    static RetryAction decide(RequestSafety safety, AttemptFailure failure, int attemptsMade,
                              int maxAttempts, std::chrono::milliseconds rateLimitedFor,
                              std::chrono::milliseconds rateLimitPatience);

    /// initial * 2^retryIndex, capped at `max`, then jittered with `random01` in [0, 1).
    static std::chrono::milliseconds backoff(int retryIndex, std::chrono::milliseconds initial,
                                             std::chrono::milliseconds max, Jitter jitter,
                                             double random01);

    /// The wait a Retry-After header asks for: delta-seconds ("120", decimals tolerated) or
    /// an HTTP-date (IMF-fixdate, RFC 850 or asctime), relative to `now`; dates in the past
    /// give 0. Empty or unreadable values give no value.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value,
                                                                    const QDateTime &now);

    /// The wait an X-Rate-Limit-Reset header asks for: seconds to wait, or the moment of the
    /// reset as Unix time in seconds (values from 10^9) or milliseconds (from 10^12), relative
    /// to `now`. Unreadable values give no value.
    static std::optional<std::chrono::milliseconds> parseRateLimitReset(const QByteArray &value,
                                                                        const QDateTime &now);

    struct Delay
    {
        enum class Source {
            Backoff, ///< exponential backoff: the server said nothing about when
            RetryAfter, ///< the Retry-After header
            RateLimitReset, ///< the X-Rate-Limit-Reset header
            RateLimitWindow, ///< X-Rate-Limit-Remaining: 0 without a reset: one window
        };
        std::chrono::milliseconds wait {0};
        Source source = Source::Backoff;
    };
    /// The wait before the next attempt after `failure`. `retryIndex` counts the retries of
    /// this kind before this one (0 before the first): attempts that failed other than by 429,
    /// or the 429 answers in a row. Retry-After wins when present; for a 429, then
    /// X-Rate-Limit-Reset, then X-Rate-Limit-Remaining: 0 (rateLimitWindow, doubled per 429 in
    /// a row), then backoff growing up to maxRetryAfter; other failures back off up to
    /// maxBackoff. Every wait is capped at maxRetryAfter.
    Delay delayBeforeRetry(AttemptFailure failure, int retryIndex, const RateLimitHeaders &headers,
                           const QDateTime &now, double random01) const;

private:
    std::chrono::milliseconds m_initialBackoff;
    std::chrono::milliseconds m_maxBackoff;
    std::chrono::milliseconds m_maxRetryAfter;
    std::chrono::milliseconds m_rateLimitWindow;
    Jitter m_jitter;
};

} // namespace Planhat
