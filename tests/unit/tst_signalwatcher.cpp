// SPDX-License-Identifier: MIT
// SignalWatcher (Unix): signals arrive in the event loop, and go back to what they did
// before once the watcher is gone.
#include "platform/signalwatcher.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace Planhat;

namespace {

volatile sig_atomic_t ownHandlerCalls = 0;

extern "C" void countCall(int)
{
    ownHandlerCalls = ownHandlerCalls + 1;
}

} // namespace

class TestSignalWatcher : public QObject
{
    Q_OBJECT

private slots:
    void deliversWatchedSignalsInTheEventLoop();
    void restoresThePreviousHandlingWhenDestroyed();
    void onlyOneInstanceWatches();
};

void TestSignalWatcher::deliversWatchedSignalsInTheEventLoop()
{
    SignalWatcher watcher;
    QSignalSpy received(&watcher, &SignalWatcher::signalReceived);
    QVERIFY(watcher.watch(SIGINT));
    QVERIFY(watcher.watch(SIGTERM));
    std::raise(SIGINT);
    std::raise(SIGTERM);
    std::raise(SIGINT);
    QTRY_COMPARE(received.count(), 3);
    QCOMPARE(received.at(0).at(0).toInt(), SIGINT);
    QCOMPARE(received.at(1).at(0).toInt(), SIGTERM);
    QCOMPARE(received.at(2).at(0).toInt(), SIGINT);
}

void TestSignalWatcher::restoresThePreviousHandlingWhenDestroyed()
{
    ownHandlerCalls = 0;
    const auto previous = std::signal(SIGUSR1, countCall);
    {
        SignalWatcher watcher;
        QSignalSpy received(&watcher, &SignalWatcher::signalReceived);
        QVERIFY(watcher.watch(SIGUSR1));
        std::raise(SIGUSR1);
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(int(ownHandlerCalls), 0);
    }
    std::raise(SIGUSR1);
    QCOMPARE(int(ownHandlerCalls), 1);
    std::signal(SIGUSR1, previous);
}

void TestSignalWatcher::onlyOneInstanceWatches()
{
    SignalWatcher first;
    {
        QTest::ignoreMessage(QtWarningMsg,
                             "SignalWatcher: another instance already watches this process's "
                             "signals");
        SignalWatcher second;
        QVERIFY(!second.watch(SIGUSR2));
    }
    // The second one going away leaves the first one working.
    QSignalSpy received(&first, &SignalWatcher::signalReceived);
    QVERIFY(first.watch(SIGUSR2));
    std::raise(SIGUSR2);
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.at(0).at(0).toInt(), SIGUSR2);
}

QTEST_GUILESS_MAIN(TestSignalWatcher)
#include "tst_signalwatcher.moc"
