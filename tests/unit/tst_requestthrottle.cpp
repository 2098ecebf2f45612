// SPDX-License-Identifier: MIT
#include "api/requestthrottle.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Planhat;

class TestRequestThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void limitsRequestsInFlight();
    void limitsStartsPerSecond();
    void holdDelaysStarts();
    void holdHalvesTheBurst();
    void destroyedContextIsSkipped();
    void unlimitedStartsAtOnce();
    void limitsStartsPerMinute();
    void minuteWindowSlides();
    void loweredMinuteLimitCountsEarlierStarts();
};

void TestRequestThrottle::limitsRequestsInFlight()
{
    RequestThrottle throttle;
    throttle.setLimits(0, 3);
    QSignalSpy inFlightChanged(&throttle, &RequestThrottle::inFlightChanged);
    QObject context;
    QList<int> started;
    for (int i = 0; i < 10; ++i)
        throttle.acquire(&context, [&started, i] { started.append(i); });
    QCOMPARE(started, (QList<int> {0, 1, 2}));
    QCOMPARE(throttle.inFlight(), 3);
    QCOMPARE(throttle.waiting(), 7);

    throttle.release();
    QCOMPARE(started.size(), 4);
    QCOMPARE(started.last(), 3);
    QCOMPARE(throttle.inFlight(), 3);
    for (int i = 0; i < 6; ++i)
        throttle.release();
    QCOMPARE(started.size(), 10);
    QCOMPARE(started, (QList<int> {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    for (int i = 0; i < 3; ++i)
        throttle.release();
    QCOMPARE(throttle.inFlight(), 0);
    QVERIFY(!inFlightChanged.isEmpty());
    QCOMPARE(inFlightChanged.last().at(0).toInt(), 0);
    for (const QList<QVariant> &args : std::as_const(inFlightChanged))
        QVERIFY(args.at(0).toInt() <= 3);
}

void TestRequestThrottle::limitsStartsPerSecond()
{
    RequestThrottle throttle;
    throttle.setLimits(20, 0);
    QObject context;
    QElapsedTimer clock;
    clock.start();
    QList<qint64> startTimes;
    for (int i = 0; i < 30; ++i) {
        throttle.acquire(&context, [&] {
            startTimes.append(clock.elapsed());
            throttle.release();
        });
    }
    QCOMPARE(startTimes.size(), 20);
    QTRY_COMPARE_WITH_TIMEOUT(startTimes.size(), 30, 3000);
    // No sliding second holds more than 20 starts (a little slack for timer granularity).
    for (int i = 20; i < startTimes.size(); ++i) {
        QVERIFY2(startTimes.at(i) - startTimes.at(i - 20) >= 990,
                 qPrintable(QStringLiteral("start %1 at %2 ms, start %3 at %4 ms")
                                .arg(i)
                                .arg(startTimes.at(i))
                                .arg(i - 20)
                                .arg(startTimes.at(i - 20))));
    }
}

void TestRequestThrottle::holdDelaysStarts()
{
    RequestThrottle throttle;
    throttle.setLimits(0, 0);
    QObject context;
    throttle.holdFor(std::chrono::milliseconds(200));
    QElapsedTimer clock;
    clock.start();
    qint64 startedAt = -1;
    throttle.acquire(&context, [&] { startedAt = clock.elapsed(); });
    QCOMPARE(startedAt, qint64(-1));
    QTRY_VERIFY_WITH_TIMEOUT(startedAt >= 0, 2000);
    QVERIFY2(startedAt >= 190, qPrintable(QString::number(startedAt)));
}

void TestRequestThrottle::holdHalvesTheBurst()
{
    RequestThrottle throttle;
    qint64 now = 0;
    throttle.setClock([&now] { return now; });
    throttle.setLimits(0, 8);
    QObject context;
    int started = 0;
    for (int i = 0; i < 8; ++i)
        throttle.acquire(&context, [&] { ++started; });
    QCOMPARE(started, 8);
    QCOMPARE(throttle.effectiveMaxInFlight(), 8);

    // A 429 with 8 in flight: at most 4 from now on, and nothing grows back during the hold.
    throttle.holdFor(std::chrono::milliseconds(1000));
    QCOMPARE(throttle.effectiveMaxInFlight(), 4);
    throttle.release();
    QCOMPARE(throttle.effectiveMaxInFlight(), 4);
    for (int i = 0; i < 4; ++i)
        throttle.acquire(&context, [&] { ++started; });
    for (int i = 0; i < 4; ++i)
        throttle.release(); // 3 in flight, but the hold is on
    QCOMPARE(started, 8);

    // After the hold, each request that ends lets one more in, up to the configured 8.
    now = 1000;
    throttle.release(); // 2 in flight: the limit grows to 5, and 3 waiting start
    QCOMPARE(throttle.effectiveMaxInFlight(), 5);
    QCOMPARE(started, 11);
    QCOMPARE(throttle.inFlight(), 5);
    for (int i = 0; i < 3; ++i)
        throttle.release();
    QCOMPARE(throttle.effectiveMaxInFlight(), 0 + 8);
    QCOMPARE(started, 12);
}

void TestRequestThrottle::destroyedContextIsSkipped()
{
    RequestThrottle throttle;
    throttle.setLimits(0, 1);
    QObject first;
    auto gone = std::make_unique<QObject>();
    QObject last;
    QStringList started;
    throttle.acquire(&first, [&] { started.append(QStringLiteral("first")); });
    throttle.acquire(gone.get(), [&] { started.append(QStringLiteral("gone")); });
    throttle.acquire(&last, [&] { started.append(QStringLiteral("last")); });
    gone.reset();
    throttle.release();
    QCOMPARE(started, (QStringList {QStringLiteral("first"), QStringLiteral("last")}));
}

void TestRequestThrottle::unlimitedStartsAtOnce()
{
    RequestThrottle throttle;
    throttle.setLimits(0, 0);
    QObject context;
    int started = 0;
    for (int i = 0; i < 500; ++i)
        throttle.acquire(&context, [&] { ++started; });
    QCOMPARE(started, 500);
    QCOMPARE(throttle.inFlight(), 500);
}

void TestRequestThrottle::limitsStartsPerMinute()
{
    RequestThrottle throttle;
    qint64 now = 0;
    throttle.setClock([&now] { return now; });
    throttle.setLimits(0, 0);
    throttle.setStartsPerMinute(3);
    QSignalSpy paced(&throttle, &RequestThrottle::paced);
    QObject context;
    QList<int> started;
    for (int i = 0; i < 5; ++i)
        throttle.acquire(&context, [&started, i] { started.append(i); });
    // A burst within the quota starts at once; the rest waits for the window, and says so
    // once.
    QCOMPARE(started, (QList<int> {0, 1, 2}));
    QCOMPARE(throttle.waiting(), 2);
    QCOMPARE(paced.size(), 1);
    QCOMPARE(paced.at(0).at(0).toLongLong(), qint64(60000));

    // release() re-checks the queue against the (fake) clock.
    now = 59999;
    throttle.release();
    QCOMPARE(started.size(), 3);
    QCOMPARE(paced.size(), 1); // the same wait is not reported twice
    now = 60000;
    throttle.release();
    QCOMPARE(started, (QList<int> {0, 1, 2, 3, 4}));
}

void TestRequestThrottle::minuteWindowSlides()
{
    RequestThrottle throttle;
    qint64 now = 0;
    throttle.setClock([&now] { return now; });
    throttle.setLimits(0, 0);
    throttle.setStartsPerMinute(3);
    QSignalSpy paced(&throttle, &RequestThrottle::paced);
    QObject context;
    QList<qint64> startedAt;
    const auto acquire = [&] {
        throttle.acquire(&context, [&] { startedAt.append(now); });
    };
    acquire();
    now = 30000;
    acquire();
    acquire();
    acquire(); // the fourth in a minute: waits for the first to leave the window
    acquire();
    QCOMPARE(startedAt, (QList<qint64> {0, 30000, 30000}));
    QCOMPARE(paced.last().at(0).toLongLong(), qint64(30000));
    now = 60000;
    throttle.release();
    QCOMPARE(startedAt, (QList<qint64> {0, 30000, 30000, 60000}));
    QCOMPARE(paced.last().at(0).toLongLong(), qint64(30000)); // until 90000
    now = 90000;
    throttle.release();
    QCOMPARE(startedAt.size(), 5);
    QCOMPARE(startedAt.last(), qint64(90000));
    QCOMPARE(paced.size(), 2);
}

void TestRequestThrottle::loweredMinuteLimitCountsEarlierStarts()
{
    RequestThrottle throttle;
    qint64 now = 0;
    throttle.setClock([&now] { return now; });
    throttle.setLimits(0, 0);
    QObject context;
    int started = 0;
    for (int i = 0; i < 5; ++i)
        throttle.acquire(&context, [&started] { ++started; });
    QCOMPARE(started, 5); // no per-minute limit yet
    now = 10000;
    throttle.setStartsPerMinute(3);
    throttle.acquire(&context, [&started] { ++started; });
    QCOMPARE(started, 5);
    now = 60000;
    throttle.release();
    QCOMPARE(started, 6);
    throttle.setStartsPerMinute(0);
    for (int i = 0; i < 10; ++i)
        throttle.acquire(&context, [&started] { ++started; });
    QCOMPARE(started, 16);
}

QTEST_GUILESS_MAIN(TestRequestThrottle)
#include "tst_requestthrottle.moc"
