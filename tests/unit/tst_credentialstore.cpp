// SPDX-License-Identifier: MIT
// CredentialResult, the QtKeychain error mapping and the in-memory store.
#include "auth/keychainerrors.h"
#include "auth/memorycredentialstore.h"
#include "jobwaiter.h"

#include <QSignalSpy>
#include <QTest>

using namespace Planhat;
using Status = CredentialResult::Status;

class TestCredentialStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keychainErrors_data();
    void keychainErrors();
    void reasonNeverHoldsTheSecret();
    void messages();
    void memoryRoundTrip();
    void jobsFinishAfterStartReturns();

private:
    static CredentialResult run(CredentialJob *job);
};

CredentialResult TestCredentialStore::run(CredentialJob *job)
{
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    if (!Planhat::Test::waitForSignal(spy, 5000, "credential job"))
        return {};
    return spy.takeFirst().at(0).value<CredentialResult>();
}

void TestCredentialStore::keychainErrors_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("errorString");
    QTest::addColumn<int>("expected");
    QTest::newRow("no error") << int(QKeychain::NoError) << QString() << int(Status::Ok);
    QTest::newRow("entry not found") << int(QKeychain::EntryNotFound)
                                     << QStringLiteral("Entry not found") << int(Status::NotFound);
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QString()
                                << int(Status::Unavailable);
    QTest::newRow("no session bus, no display")
        << int(QKeychain::OtherError)
        << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
        << int(Status::Unavailable);
    QTest::newRow("no secret service on the bus")
        << int(QKeychain::OtherError)
        << QStringLiteral("The name org.freedesktop.secrets was not provided by any .service "
                          "files")
        << int(Status::Unavailable);
    QTest::newRow("bus address unusable")
        << int(QKeychain::OtherError)
        << QStringLiteral("Could not connect: No such file or directory")
        << int(Status::Unavailable);
    QTest::newRow("other error") << int(QKeychain::OtherError)
                                 << QStringLiteral("Something odd happened") << int(Status::Failed);
    QTest::newRow("access denied")
        << int(QKeychain::AccessDenied) << QString() << int(Status::Failed);
    QTest::newRow("denied by user")
        << int(QKeychain::AccessDeniedByUser) << QString() << int(Status::Failed);
}

void TestCredentialStore::keychainErrors()
{
    QFETCH(int, error);
    QFETCH(QString, errorString);
    QFETCH(int, expected);
    const Status status = static_cast<Status>(expected);
    const CredentialResult result
        = credentialResultFor(static_cast<QKeychain::Error>(error), errorString);
    QCOMPARE(result.status, status);
    QVERIFY(result.token.isEmpty());
    if (status == Status::Unavailable || status == Status::Failed) {
        QVERIFY2(!result.reason.isEmpty(), "a failure always has a reason");
        QVERIFY(!result.message().isEmpty());
    }
    if (!errorString.isEmpty() && status != Status::Ok && status != Status::NotFound)
        QVERIFY2(result.message().contains(errorString), qPrintable(result.message()));
}

void TestCredentialStore::reasonNeverHoldsTheSecret()
{
    const QString secret = QStringLiteral("s3cret-token-value");
    const CredentialResult result = credentialResultFor(
        QKeychain::OtherError, QStringLiteral("could not store '%1'").arg(secret), secret);
    QCOMPARE(result.status, Status::Failed);
    QVERIFY(!result.reason.contains(secret));
    QVERIFY(!result.message().contains(secret));
}

void TestCredentialStore::messages()
{
    CredentialResult result;
    result.status = Status::Unavailable;
    result.reason = QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY");
    QCOMPARE(result.message(),
             QStringLiteral("No keychain (Secret Service) is available: Cannot autolaunch D-Bus "
                            "without X11 $DISPLAY"));
    result.status = Status::Ok;
    QVERIFY(result.message().isEmpty());
    QVERIFY(result.isOk());
}

void TestCredentialStore::memoryRoundTrip()
{
    MemoryCredentialStore store;
    QCOMPARE(run(store.readToken(QStringLiteral("p"))).status, Status::NotFound);
    QCOMPARE(run(store.writeToken(QStringLiteral("p"), QStringLiteral("one"))).status, Status::Ok);
    CredentialResult read = run(store.readToken(QStringLiteral("p")));
    QCOMPARE(read.status, Status::Ok);
    QCOMPARE(read.token, QStringLiteral("one"));
    QCOMPARE(run(store.writeToken(QStringLiteral("p"), QStringLiteral("two"))).status, Status::Ok);
    QCOMPARE(run(store.readToken(QStringLiteral("p"))).token, QStringLiteral("two"));
    QCOMPARE(run(store.readToken(QStringLiteral("other"))).status, Status::NotFound);
    QCOMPARE(run(store.deleteToken(QStringLiteral("p"))).status, Status::Ok);
    QCOMPARE(run(store.readToken(QStringLiteral("p"))).status, Status::NotFound);
    QCOMPARE(run(store.deleteToken(QStringLiteral("p"))).status, Status::NotFound);
}

void TestCredentialStore::jobsFinishAfterStartReturns()
{
    MemoryCredentialStore store;
    CredentialJob *job = store.readToken(QStringLiteral("p"));
    QPointer<CredentialJob> guard(job);
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    QCOMPARE(spy.count(), 0); // never from inside start()
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.count(), 1);
    QTRY_VERIFY(guard.isNull()); // deletes itself afterwards
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
