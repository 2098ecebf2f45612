// SPDX-License-Identifier: MIT
#include "api/retrypolicy.h"

#include <QTest>

using namespace Planhat;
using std::chrono::milliseconds;

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoffGrowsExponentially();
    void backoffIsCapped();
    void backoffJitterStaysInBounds_data();
    void backoffJitterStaysInBounds();
    void backoffJitterUsesTheRandomValue();
    void retryAfterSeconds_data();
    void retryAfterSeconds();
    void retryAfterHttpDate_data();
    void retryAfterHttpDate();
    void retryAfterGarbage_data();
    void retryAfterGarbage();
    void delayPrefersRetryAfterAndCapsIt();
    void rateLimitResetHeader_data();
    void rateLimitResetHeader();
    void rateLimitHeaderValues();
    void rateLimitDelayReadsTheHeaders();
    void rateLimitBackoffGrowsToTheWindowCap();
    void classify_data();
    void classify();
    void decide_data();
    void decide();
};

void TestRetryPolicy::backoffGrowsExponentially()
{
    const milliseconds initial(100);
    const milliseconds max(100000);
    QCOMPARE(RetryPolicy::backoff(0, initial, max, Jitter::None, 0.5), milliseconds(100));
    QCOMPARE(RetryPolicy::backoff(1, initial, max, Jitter::None, 0.5), milliseconds(200));
    QCOMPARE(RetryPolicy::backoff(2, initial, max, Jitter::None, 0.5), milliseconds(400));
    QCOMPARE(RetryPolicy::backoff(5, initial, max, Jitter::None, 0.5), milliseconds(3200));
}

void TestRetryPolicy::backoffIsCapped()
{
    const milliseconds initial(500);
    const milliseconds max(30000);
    QCOMPARE(RetryPolicy::backoff(6, initial, max, Jitter::None, 0), milliseconds(30000));
    QCOMPARE(RetryPolicy::backoff(7, initial, max, Jitter::None, 0), milliseconds(30000));
    // Huge exponents must not overflow into negative or zero waits.
    QCOMPARE(RetryPolicy::backoff(1000, initial, max, Jitter::None, 0), milliseconds(30000));
    QCOMPARE(RetryPolicy::backoff(1000, initial, max, Jitter::Full, 0.999).count(), 29970);
}

void TestRetryPolicy::backoffJitterStaysInBounds_data()
{
    QTest::addColumn<int>("jitter");
    QTest::addColumn<double>("lowFraction");
    QTest::newRow("full") << int(Jitter::Full) << 0.0;
    QTest::newRow("equal") << int(Jitter::Equal) << 0.5;
}

void TestRetryPolicy::backoffJitterStaysInBounds()
{
    QFETCH(int, jitter);
    QFETCH(double, lowFraction);
    const milliseconds initial(100);
    const milliseconds max(5000);
    for (int retry = 0; retry < 10; ++retry) {
        const qint64 ceiling = RetryPolicy::backoff(retry, initial, max, Jitter::None, 0).count();
        for (const double r : {0.0, 0.25, 0.5, 0.75, 0.9999}) {
            const qint64 wait
                = RetryPolicy::backoff(retry, initial, max, Jitter(jitter), r).count();
            QVERIFY2(wait >= qint64(ceiling * lowFraction) && wait <= ceiling,
                     qPrintable(QStringLiteral("retry %1, r %2: %3 not in [%4, %5]")
                                    .arg(retry)
                                    .arg(r)
                                    .arg(wait)
                                    .arg(qint64(ceiling * lowFraction))
                                    .arg(ceiling)));
        }
    }
}

void TestRetryPolicy::backoffJitterUsesTheRandomValue()
{
    const milliseconds initial(1000);
    const milliseconds max(60000);
    QCOMPARE(RetryPolicy::backoff(2, initial, max, Jitter::Full, 0.0), milliseconds(0));
    QCOMPARE(RetryPolicy::backoff(2, initial, max, Jitter::Full, 0.5), milliseconds(2000));
    QCOMPARE(RetryPolicy::backoff(2, initial, max, Jitter::Equal, 0.0), milliseconds(2000));
    QCOMPARE(RetryPolicy::backoff(2, initial, max, Jitter::Equal, 0.5), milliseconds(3000));
}

void TestRetryPolicy::retryAfterSeconds_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("one") << QByteArray("1") << qint64(1000);
    QTest::newRow("padded") << QByteArray("  120 ") << qint64(120000);
    QTest::newRow("decimal") << QByteArray("0.25") << qint64(250);
    QTest::newRow("absurd") << QByteArray("99999999999999999999") << qint64(1000000000000);
}

void TestRetryPolicy::retryAfterSeconds()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expected);
    const auto parsed = RetryPolicy::parseRetryAfter(header, QDateTime::currentDateTimeUtc());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->count(), expected);
}

void TestRetryPolicy::retryAfterHttpDate_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expected");
    // now is Sun, 06 Nov 1994 08:49:30 GMT
    QTest::newRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(7000);
    QTest::newRow("rfc850") << QByteArray("Sunday, 06-Nov-94 08:49:40 GMT") << qint64(10000);
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:50:30 1994") << qint64(60000);
    QTest::newRow("in the past") << QByteArray("Sun, 06 Nov 1994 08:00:00 GMT") << qint64(0);
}

void TestRetryPolicy::retryAfterHttpDate()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 30), Qt::UTC);
    const auto parsed = RetryPolicy::parseRetryAfter(header, now);
    QVERIFY2(parsed.has_value(), header.constData());
    QCOMPARE(parsed->count(), expected);
}

void TestRetryPolicy::retryAfterGarbage_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray("   ");
    QTest::newRow("negative") << QByteArray("-5");
    QTest::newRow("word") << QByteArray("soon");
    QTest::newRow("unit") << QByteArray("5s");
    QTest::newRow("bad date") << QByteArray("Sun, 36 Nov 1994 08:49:37 GMT");
    QTest::newRow("iso date") << QByteArray("1994-11-06T08:49:37Z");
}

void TestRetryPolicy::retryAfterGarbage()
{
    QFETCH(QByteArray, header);
    QVERIFY(!RetryPolicy::parseRetryAfter(header, QDateTime::currentDateTimeUtc()).has_value());
}

void TestRetryPolicy::delayPrefersRetryAfterAndCapsIt()
{
    ClientOptions options;
    options.initialBackoff = milliseconds(100);
    options.maxBackoff = milliseconds(1000);
    options.maxRetryAfter = milliseconds(5000);
    const RetryPolicy policy(options, Jitter::None);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    using Source = RetryPolicy::Delay::Source;

    RateLimitHeaders headers;
    headers.retryAfter = "3";
    RetryPolicy::Delay delay
        = policy.delayBeforeRetry(AttemptFailure::MaybeApplied, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::RetryAfter);
    QCOMPARE(delay.wait, milliseconds(3000));

    headers.retryAfter = "600";
    delay = policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::RetryAfter);
    QCOMPARE(delay.wait, milliseconds(5000));

    // Retry-After wins over the X-Rate-Limit headers.
    headers.retryAfter = "2";
    headers.reset = "30";
    headers.remaining = "0";
    delay = policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::RetryAfter);
    QCOMPARE(delay.wait, milliseconds(2000));

    // Other failures than 429 ignore X-Rate-Limit headers and back off up to maxBackoff.
    headers.retryAfter = "garbage";
    delay = policy.delayBeforeRetry(AttemptFailure::MaybeApplied, 2, headers, now, 0.5);
    QCOMPARE(delay.source, Source::Backoff);
    QCOMPARE(delay.wait, milliseconds(400));
    delay = policy.delayBeforeRetry(AttemptFailure::MaybeApplied, 9, headers, now, 0.5);
    QCOMPARE(delay.wait, milliseconds(1000));
}

void TestRetryPolicy::rateLimitResetHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expected"); // -1: no value
    // now is 2026-12-04 12:00:00 UTC = 1796385600 s since the epoch
    QTest::newRow("seconds left") << QByteArray("45") << qint64(45000);
    QTest::newRow("padded decimal") << QByteArray(" 1.5 ") << qint64(1500);
    QTest::newRow("unix seconds") << QByteArray("1796385630") << qint64(30000);
    QTest::newRow("unix milliseconds") << QByteArray("1796385600250") << qint64(250);
    QTest::newRow("unix seconds past") << QByteArray("1796385000") << qint64(0);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
    QTest::newRow("date") << QByteArray("Fri, 04 Dec 2026 12:00:30 GMT") << qint64(-1);
}

void TestRetryPolicy::rateLimitResetHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);
    QCOMPARE(now.toSecsSinceEpoch(), qint64(1796385600));
    const auto parsed = RetryPolicy::parseRateLimitReset(header, now);
    QCOMPARE(parsed.has_value(), expected >= 0);
    if (parsed)
        QCOMPARE(parsed->count(), expected);
}

void TestRetryPolicy::rateLimitHeaderValues()
{
    RateLimitHeaders headers;
    QVERIFY(!headers.limitValue());
    QVERIFY(!headers.remainingValue());
    headers.limit = " 200 ";
    headers.remaining = "0";
    QCOMPARE(headers.limitValue(), std::optional<int>(200));
    QCOMPARE(headers.remainingValue(), std::optional<int>(0));
    headers.limit = "0";
    headers.remaining = "-1";
    QVERIFY(!headers.limitValue());
    QVERIFY(!headers.remainingValue());
    headers.limit = "many";
    QVERIFY(!headers.limitValue());
}

void TestRetryPolicy::rateLimitDelayReadsTheHeaders()
{
    ClientOptions options;
    options.initialBackoff = milliseconds(100);
    options.maxBackoff = milliseconds(1000);
    options.maxRetryAfter = milliseconds(120000);
    options.rateLimitWindow = milliseconds(60000);
    const RetryPolicy policy(options, Jitter::None);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    using Source = RetryPolicy::Delay::Source;

    // X-Rate-Limit-Reset says when the window resets (capped like Retry-After).
    RateLimitHeaders headers;
    headers.limit = "200";
    headers.remaining = "0";
    headers.reset = "45";
    RetryPolicy::Delay delay
        = policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::RateLimitReset);
    QCOMPARE(delay.wait, milliseconds(45000));
    headers.reset = "600";
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5).wait,
             milliseconds(120000));

    // Used up, no reset: a whole window, doubled per 429 in a row, up to the cap.
    headers.reset.clear();
    delay = policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::RateLimitWindow);
    QCOMPARE(delay.wait, milliseconds(60000));
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 1, headers, now, 0.5).wait,
             milliseconds(120000));
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 5, headers, now, 0.5).wait,
             milliseconds(120000));

    // Requests left: nothing to wait out, a short backoff.
    headers.remaining = "3";
    delay = policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, headers, now, 0.5);
    QCOMPARE(delay.source, Source::Backoff);
    QCOMPARE(delay.wait, milliseconds(100));
}

void TestRetryPolicy::rateLimitBackoffGrowsToTheWindowCap()
{
    ClientOptions options;
    options.initialBackoff = milliseconds(500);
    options.maxBackoff = milliseconds(30000);
    options.maxRetryAfter = milliseconds(120000);
    const RetryPolicy policy(options, Jitter::None);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A bare 429 backs off past maxBackoff, up to the 120 s window.
    const RateLimitHeaders none;
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 0, none, now, 0).wait,
             milliseconds(500));
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 7, none, now, 0).wait,
             milliseconds(64000));
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::RateLimited, 8, none, now, 0).wait,
             milliseconds(120000));
    QCOMPARE(policy.delayBeforeRetry(AttemptFailure::Refused, 8, none, now, 0).wait,
             milliseconds(30000));
}

Q_DECLARE_METATYPE(Planhat::AttemptFailure)
Q_DECLARE_METATYPE(Planhat::RequestSafety)
Q_DECLARE_METATYPE(Planhat::RetryAction)

void TestRetryPolicy::classify_data()
{
    using E = QNetworkReply::NetworkError;
    QTest::addColumn<int>("status");
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<AttemptFailure>("expected");
    QTest::newRow("200") << 200 << E::NoError << AttemptFailure::None;
    QTest::newRow("206") << 206 << E::NoError << AttemptFailure::None;
    QTest::newRow("429") << 429 << E::UnknownContentError << AttemptFailure::RateLimited;
    QTest::newRow("500") << 500 << E::InternalServerError << AttemptFailure::MaybeApplied;
    QTest::newRow("502") << 502 << E::UnknownServerError << AttemptFailure::MaybeApplied;
    QTest::newRow("503") << 503 << E::ServiceUnavailableError << AttemptFailure::MaybeApplied;
    QTest::newRow("504") << 504 << E::UnknownServerError << AttemptFailure::MaybeApplied;
    QTest::newRow("501") << 501 << E::OperationNotImplementedError << AttemptFailure::Permanent;
    QTest::newRow("400") << 400 << E::ProtocolInvalidOperationError << AttemptFailure::Permanent;
    QTest::newRow("401") << 401 << E::AuthenticationRequiredError << AttemptFailure::Permanent;
    QTest::newRow("404") << 404 << E::ContentNotFoundError << AttemptFailure::Permanent;
    QTest::newRow("refused") << 0 << E::ConnectionRefusedError << AttemptFailure::Refused;
    QTest::newRow("dropped") << 0 << E::RemoteHostClosedError << AttemptFailure::MaybeApplied;
    QTest::newRow("dropped mid-body")
        << 200 << E::RemoteHostClosedError << AttemptFailure::MaybeApplied;
    QTest::newRow("timeout") << 0 << E::TimeoutError << AttemptFailure::MaybeApplied;
    QTest::newRow("transfer timeout")
        << 0 << E::OperationCanceledError << AttemptFailure::MaybeApplied;
    QTest::newRow("dns") << 0 << E::HostNotFoundError << AttemptFailure::Permanent;
    QTest::newRow("tls") << 0 << E::SslHandshakeFailedError << AttemptFailure::Permanent;
}

void TestRetryPolicy::classify()
{
    QFETCH(int, status);
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(AttemptFailure, expected);
    QCOMPARE(RetryPolicy::classify(status, error), expected);
}

void TestRetryPolicy::decide_data()
{
    QTest::addColumn<RequestSafety>("safety");
    QTest::addColumn<AttemptFailure>("failure");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("rateLimitedFor");
    QTest::addColumn<RetryAction>("expected");
    using S = RequestSafety;
    using F = AttemptFailure;
    using A = RetryAction;
    QTest::newRow("success") << S::Read << F::None << 1 << qint64(0) << A::Finish;
    QTest::newRow("permanent") << S::Read << F::Permanent << 1 << qint64(0) << A::Finish;
    QTest::newRow("get 503") << S::Read << F::MaybeApplied << 1 << qint64(0) << A::Retry;
    QTest::newRow("get 503 last attempt")
        << S::Read << F::MaybeApplied << 6 << qint64(0) << A::Finish;
    QTest::newRow("put 503") << S::IdempotentWrite << F::MaybeApplied << 2 << qint64(0) << A::Retry;
    QTest::newRow("create 429") << S::NonIdempotentWrite << F::RateLimited << 1 << qint64(0)
                                << A::Retry;
    QTest::newRow("create refused")
        << S::NonIdempotentWrite << F::Refused << 1 << qint64(0) << A::Retry;
    QTest::newRow("refused last attempt") << S::Read << F::Refused << 6 << qint64(0) << A::Finish;
    QTest::newRow("create 500") << S::NonIdempotentWrite << F::MaybeApplied << 1 << qint64(0)
                                << A::GiveUpUnknown;
    QTest::newRow("bulk 429") << S::PartlyRepeatableWrite << F::RateLimited << 1 << qint64(0)
                              << A::Retry;
    QTest::newRow("bulk dropped") << S::PartlyRepeatableWrite << F::MaybeApplied << 1 << qint64(0)
                                  << A::RetryRepeatablePart;
    QTest::newRow("bulk dropped last attempt")
        << S::PartlyRepeatableWrite << F::MaybeApplied << 6 << qint64(0) << A::GiveUpUnknown;
    // 429s do not use up attempts: only patience ends them.
    QTest::newRow("429 after max attempts")
        << S::Read << F::RateLimited << 6 << qint64(0) << A::Retry;
    QTest::newRow("429 within patience")
        << S::Read << F::RateLimited << 1 << qint64(299999) << A::Retry;
    QTest::newRow("429 past patience")
        << S::Read << F::RateLimited << 1 << qint64(300000) << A::Finish;
}

void TestRetryPolicy::decide()
{
    QFETCH(RequestSafety, safety);
    QFETCH(AttemptFailure, failure);
    QFETCH(int, attempts);
    QFETCH(qint64, rateLimitedFor);
    QFETCH(RetryAction, expected);
    QCOMPARE(RetryPolicy::decide(safety, failure, attempts, 6, milliseconds(rateLimitedFor),
                                 milliseconds(300000)),
             expected);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
