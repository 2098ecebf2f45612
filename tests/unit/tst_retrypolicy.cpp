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

    RetryPolicy::Delay delay = policy.delayBeforeRetry(1, "3", now, 0.5);
    QVERIFY(delay.fromRetryAfter);
    QCOMPARE(delay.wait, milliseconds(3000));

    delay = policy.delayBeforeRetry(1, "600", now, 0.5);
    QVERIFY(delay.fromRetryAfter);
    QCOMPARE(delay.wait, milliseconds(5000));

    delay = policy.delayBeforeRetry(3, "garbage", now, 0.5);
    QVERIFY(!delay.fromRetryAfter);
    QCOMPARE(delay.wait, milliseconds(400));
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
    QTest::addColumn<RetryAction>("expected");
    using S = RequestSafety;
    using F = AttemptFailure;
    using A = RetryAction;
    QTest::newRow("success") << S::Read << F::None << 1 << A::Finish;
    QTest::newRow("permanent") << S::Read << F::Permanent << 1 << A::Finish;
    QTest::newRow("get 503") << S::Read << F::MaybeApplied << 1 << A::Retry;
    QTest::newRow("get 503 last attempt") << S::Read << F::MaybeApplied << 6 << A::Finish;
    QTest::newRow("put 503") << S::IdempotentWrite << F::MaybeApplied << 2 << A::Retry;
    QTest::newRow("create 429") << S::NonIdempotentWrite << F::RateLimited << 1 << A::Retry;
    QTest::newRow("create refused") << S::NonIdempotentWrite << F::Refused << 1 << A::Retry;
    QTest::newRow("create 500") << S::NonIdempotentWrite << F::MaybeApplied << 1
                                << A::GiveUpUnknown;
    QTest::newRow("bulk 429") << S::PartlyRepeatableWrite << F::RateLimited << 1 << A::Retry;
    QTest::newRow("bulk dropped") << S::PartlyRepeatableWrite << F::MaybeApplied << 1
                                  << A::RetryRepeatablePart;
    QTest::newRow("bulk dropped last attempt")
        << S::PartlyRepeatableWrite << F::MaybeApplied << 6 << A::GiveUpUnknown;
    QTest::newRow("429 last attempt") << S::Read << F::RateLimited << 6 << A::Finish;
}

void TestRetryPolicy::decide()
{
    QFETCH(RequestSafety, safety);
    QFETCH(AttemptFailure, failure);
    QFETCH(int, attempts);
    QFETCH(RetryAction, expected);
    QCOMPARE(RetryPolicy::decide(safety, failure, attempts, 6), expected);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
