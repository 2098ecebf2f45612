// SPDX-License-Identifier: MIT
#include "retrypolicy.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Planhat {

using std::chrono::milliseconds;

RetryPolicy::RetryPolicy(const ClientOptions &options, Jitter jitter)
    : m_initialBackoff(options.initialBackoff)
    , m_maxBackoff(options.maxBackoff)
    , m_maxRetryAfter(options.maxRetryAfter)
    , m_rateLimitWindow(options.rateLimitWindow)
    , m_jitter(jitter)
{ }

namespace {

std::optional<qint64> headerNumber(const QByteArray &value)
{
    bool ok = false;
    const qint64 number = value.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(number) : std::nullopt;
}

} // namespace

RateLimitHeaders RateLimitHeaders::fromReply(const QNetworkReply &reply)
{
    RateLimitHeaders headers;
    headers.retryAfter = reply.rawHeader("Retry-After");
    headers.limit = reply.rawHeader("X-Rate-Limit-Limit");
    headers.remaining = reply.rawHeader("X-Rate-Limit-Remaining");
    headers.reset = reply.rawHeader("X-Rate-Limit-Reset");
    return headers;
}

std::optional<int> RateLimitHeaders::limitValue() const
{
    const std::optional<qint64> value = headerNumber(limit);
    if (!value || *value <= 0)
        return std::nullopt;
    return int(std::min<qint64>(*value, std::numeric_limits<int>::max()));
}

std::optional<int> RateLimitHeaders::remainingValue() const
{
    const std::optional<qint64> value = headerNumber(remaining);
    if (!value || *value < 0)
        return std::nullopt;
    return int(std::min<qint64>(*value, std::numeric_limits<int>::max()));
}

AttemptFailure RetryPolicy::classify(int httpStatus, QNetworkReply::NetworkError error)
{
    using E = QNetworkReply::NetworkError;
    const int code = static_cast<int>(error);
    // Connection-level errors (1..199) decide even when a status line arrived: a body cut
    // short is a dropped connection, not an answer.
    if (code > 0 && code < 200) {
        switch (error) {
        case E::ConnectionRefusedError:
            return AttemptFailure::Refused;
        case E::RemoteHostClosedError:
        case E::TimeoutError:
        case E::OperationCanceledError:
        case E::TemporaryNetworkFailureError:
        case E::NetworkSessionFailedError:
        case E::UnknownNetworkError:
        case E::ProxyConnectionClosedError:
        case E::ProxyTimeoutError:
            return AttemptFailure::MaybeApplied;
        default:
            return AttemptFailure::Permanent; // DNS, TLS, redirects, proxy setup
        }
    }
    if (httpStatus == 0)
        return error == E::NoError ? AttemptFailure::Permanent : AttemptFailure::MaybeApplied;
    if (httpStatus >= 200 && httpStatus < 300)
        return AttemptFailure::None;
    switch (httpStatus) {
    case 429:
        return AttemptFailure::RateLimited;
    case 500:
    case 502:
    case 503:
    case 504:
        return AttemptFailure::MaybeApplied;
    default:
        return AttemptFailure::Permanent;
    }
}

RetryAction RetryPolicy::decide(RequestSafety safety, AttemptFailure failure, int attemptsMade,
                                int maxAttempts, milliseconds rateLimitedFor,
                                milliseconds rateLimitPatience)
{
    switch (failure) {
    case AttemptFailure::None:
    case AttemptFailure::Permanent:
        return RetryAction::Finish;
    case AttemptFailure::RateLimited:
        // Nothing was applied, and the server will take it again once its window resets:
        // wait as long as patience allows, whatever the attempt count.
        return rateLimitedFor < rateLimitPatience ? RetryAction::Retry : RetryAction::Finish;
    case AttemptFailure::Refused:
        return attemptsMade < maxAttempts ? RetryAction::Retry : RetryAction::Finish;
    case AttemptFailure::MaybeApplied:
        break;
    }
    switch (safety) {
    case RequestSafety::Read:
    case RequestSafety::IdempotentWrite:
        return attemptsMade < maxAttempts ? RetryAction::Retry : RetryAction::Finish;
    case RequestSafety::PartlyRepeatableWrite:
        return attemptsMade < maxAttempts ? RetryAction::RetryRepeatablePart
                                          : RetryAction::GiveUpUnknown;
    case RequestSafety::NonIdempotentWrite:
        return RetryAction::GiveUpUnknown;
    }
    return RetryAction::Finish;
}

milliseconds RetryPolicy::backoff(int retryIndex, milliseconds initial, milliseconds max,
                                  Jitter jitter, double random01)
{
    const double cap = double(std::max<qint64>(0, max.count()));
    const double exponent = std::clamp(retryIndex, 0, 62);
    const double base
        = std::min(cap, double(std::max<qint64>(0, initial.count())) * std::pow(2.0, exponent));
    const double r = std::clamp(random01, 0.0, 1.0);
    double delay = base;
    switch (jitter) {
    case Jitter::None:
        break;
    case Jitter::Full:
        delay = base * r;
        break;
    case Jitter::Equal:
        delay = base / 2 + base / 2 * r;
        break;
    }
    return milliseconds(qint64(std::llround(delay)));
}

namespace {

std::optional<QDateTime> parseHttpDate(const QString &text)
{
    const QLocale c = QLocale::c();
    const QString simplified = text.simplified();
    // IMF-fixdate, RFC 850, asctime (RFC 9110 §5.6.7)
    for (const QLatin1String format : {QLatin1String("ddd, dd MMM yyyy HH:mm:ss 'GMT'"),
                                       QLatin1String("dddd, dd-MMM-yy HH:mm:ss 'GMT'"),
                                       QLatin1String("ddd MMM d HH:mm:ss yyyy")}) {
        const QDateTime parsed = c.toDateTime(simplified, format);
        if (!parsed.isValid())
            continue;
        QDate date = parsed.date();
        if (format.contains(QLatin1String("-yy ")) && date.year() < 1970)
            date = date.addYears(100);
        return QDateTime(date, parsed.time(), Qt::UTC);
    }
    return std::nullopt;
}

} // namespace

std::optional<milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &value,
                                                         const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression seconds(QStringLiteral("^\\d+(\\.\\d+)?$"));
    if (seconds.match(text).hasMatch()) {
        // Far beyond any cap; avoids overflow on absurd values.
        const double ms = std::min(text.toDouble() * 1000.0, 1e12);
        return milliseconds(qint64(std::llround(ms)));
    }
    const std::optional<QDateTime> date = parseHttpDate(text);
    if (!date)
        return std::nullopt;
    return milliseconds(std::max<qint64>(0, now.msecsTo(*date)));
}

std::optional<milliseconds> RetryPolicy::parseRateLimitReset(const QByteArray &value,
                                                             const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    static const QRegularExpression number(QStringLiteral("^\\d+(\\.\\d+)?$"));
    if (!number.match(text).hasMatch())
        return std::nullopt;
    const double reset = text.toDouble();
    // Servers send either the seconds left or the moment of the reset; no window lasts
    // anywhere near 10^9 s, so large values can only be moments.
    if (reset >= 1e12)
        return milliseconds(
            std::max<qint64>(0, qint64(std::llround(reset)) - now.toMSecsSinceEpoch()));
    if (reset >= 1e9) {
        const double ms = reset * 1000.0 - double(now.toMSecsSinceEpoch());
        return milliseconds(std::max<qint64>(0, qint64(std::llround(ms))));
    }
    return milliseconds(qint64(std::llround(reset * 1000.0)));
}

RetryPolicy::Delay RetryPolicy::delayBeforeRetry(AttemptFailure failure, int retryIndex,
                                                 const RateLimitHeaders &headers,
                                                 const QDateTime &now, double random01) const
{
    using Source = Delay::Source;
    const auto capped = [this](milliseconds wait) {
        return std::min(wait, m_maxRetryAfter);
    };
    if (const auto retryAfter = parseRetryAfter(headers.retryAfter, now))
        return {capped(*retryAfter), Source::RetryAfter};
    if (failure != AttemptFailure::RateLimited)
        return {capped(backoff(retryIndex, m_initialBackoff, m_maxBackoff, m_jitter, random01)),
                Source::Backoff};
    if (const auto reset = parseRateLimitReset(headers.reset, now))
        return {capped(*reset), Source::RateLimitReset};
    if (headers.remainingValue() == 0) {
        // The quota is used up and the server does not say when it comes back: wait a whole
        // window, longer each time it was not enough.
        return {backoff(retryIndex, m_rateLimitWindow, m_maxRetryAfter, Jitter::None, 0),
                Source::RateLimitWindow};
    }
    return {backoff(retryIndex, m_initialBackoff, m_maxRetryAfter, m_jitter, random01),
            Source::Backoff};
}

} // namespace Planhat
