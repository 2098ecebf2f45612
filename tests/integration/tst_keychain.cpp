// SPDX-License-Identifier: MIT
// KeychainCredentialStore against the real gnome-keyring that scripts/test starts under
// dbus-run-session: store, read, overwrite, delete; the token never reaches a file in plain
// text or a log line; and without a keychain, planhat-cli says so plainly and stores nothing.
#include "auth/keychaincredentialstore.h"
#include "auth/profilestore.h"
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Planhat;
using namespace Planhat::Test;
using Status = CredentialResult::Status;

namespace {

QMutex logMutex;
QStringList logLines;

void collectLogLine(QtMsgType, const QMessageLogContext &, const QString &message)
{
    QMutexLocker locker(&logMutex);
    logLines.append(message);
}

QString freshToken()
{
    return QStringLiteral("tok-") + QUuid::createUuid().toString(QUuid::Id128);
}

} // namespace

class TestKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storeReadOverwriteDelete();
    void tokenNeverOnDiskOrInLogs();
    void noKeychainIsExplained_data();
    void noKeychainIsExplained();
    void profileWithoutKeychainNeedsEnvironmentToken();

private:
    static CredentialResult run(CredentialJob *job);
    /// Files under the app's config, data and cache locations (and HOME's .config, .local,
    /// .cache) that contain `secret` as UTF-8 or UTF-16; `scanned` gets every file read.
    static QStringList filesContaining(const QString &secret, QSet<QString> *scanned);

    KeychainCredentialStore m_store {QStringLiteral("planhat-admin-tst-keychain")};
    SandboxProcess m_sandbox;
    QtMessageHandler m_previousHandler = nullptr;
};

void TestKeychain::initTestCase()
{
    // No skipping: without the keyring this test must fail, loudly and with the reason.
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run under scripts/test (dbus-run-session + gnome-keyring)");
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
    // Every category at every level, so "no log line holds the token" means something.
    QLoggingCategory::setFilterRules(QStringLiteral("*=true\nqt.*.debug=false"));
    m_previousHandler = qInstallMessageHandler(collectLogLine);
}

void TestKeychain::cleanupTestCase()
{
    qInstallMessageHandler(m_previousHandler);
}

CredentialResult TestKeychain::run(CredentialJob *job)
{
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    if (!Planhat::Test::waitForSignal(spy, 30000, "credential job")) {
        CredentialResult timedOut;
        timedOut.reason = QStringLiteral("timed out");
        return timedOut;
    }
    return spy.takeFirst().at(0).value<CredentialResult>();
}

void TestKeychain::storeReadOverwriteDelete()
{
    const QString profile
        = QStringLiteral("roundtrip-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString first = freshToken();
    const QString second = freshToken();

    CredentialResult result = run(m_store.readToken(profile));
    QVERIFY2(result.status == Status::NotFound, qPrintable(result.message()));

    result = run(m_store.writeToken(profile, first));
    QVERIFY2(result.isOk(), qPrintable(result.message()));
    result = run(m_store.readToken(profile));
    QVERIFY2(result.isOk(), qPrintable(result.message()));
    QCOMPARE(result.token, first);

    result = run(m_store.writeToken(profile, second));
    QVERIFY2(result.isOk(), qPrintable(result.message()));
    result = run(m_store.readToken(profile));
    QVERIFY2(result.isOk(), qPrintable(result.message()));
    QCOMPARE(result.token, second);

    // Another service's entry with the same key is a different entry.
    KeychainCredentialStore otherService(QStringLiteral("planhat-admin-tst-keychain-other"));
    QCOMPARE(run(otherService.readToken(profile)).status, Status::NotFound);

    result = run(m_store.deleteToken(profile));
    QVERIFY2(result.isOk(), qPrintable(result.message()));
    result = run(m_store.readToken(profile));
    QVERIFY2(result.status == Status::NotFound, qPrintable(result.message()));
    QVERIFY(result.token.isEmpty());
    // Deleting what is not there says so.
    QCOMPARE(run(m_store.deleteToken(profile)).status, Status::NotFound);
}

QStringList TestKeychain::filesContaining(const QString &secret, QSet<QString> *scanned)
{
    const QByteArray utf8 = secret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()),
                           secret.size() * qsizetype(sizeof(char16_t)));
    QStringList roots;
    for (QStandardPaths::StandardLocation location :
         {QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
          QStandardPaths::AppLocalDataLocation, QStandardPaths::CacheLocation,
          QStandardPaths::ConfigLocation, QStandardPaths::GenericConfigLocation,
          QStandardPaths::GenericDataLocation, QStandardPaths::GenericCacheLocation})
        roots.append(QStandardPaths::writableLocation(location));
    const QString home = QDir::homePath();
    roots << home + QStringLiteral("/.config") << home + QStringLiteral("/.local")
          << home + QStringLiteral("/.cache");

    QStringList hits;
    for (const QString &root : std::as_const(roots)) {
        if (root.isEmpty() || !QFileInfo(root).isDir())
            continue;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = QFileInfo(it.next()).canonicalFilePath();
            if (path.isEmpty() || scanned->contains(path))
                continue;
            QFile file(path);
            if (!QFileInfo(path).isFile() || file.size() > 64 * 1024 * 1024
                || !file.open(QIODevice::ReadOnly))
                continue; // sockets, huge files, files gone meanwhile
            scanned->insert(path);
            const QByteArray content = file.readAll();
            if (content.contains(utf8) || content.contains(utf16))
                hits.append(path);
        }
    }
    return hits;
}

void TestKeychain::tokenNeverOnDiskOrInLogs()
{
    // Stored in-process through the store, and through planhat-cli login (which also writes
    // the profile to the shared settings file), then every file is searched for either token.
    const QString profile = QStringLiteral("ondisk-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString token = freshToken();
    CredentialResult result = run(m_store.writeToken(profile, token));
    QVERIFY2(result.isOk(), qPrintable(result.message()));

    const QString cliProfile
        = QStringLiteral("ondisk-cli-%1").arg(QCoreApplication::applicationPid());
    const CliRun login = runCli(m_sandbox.url(), {"login", "--profile", cliProfile},
                                {"PLANHAT_API_TOKEN", "QT_LOGGING_RULES=*=true"},
                                SandboxProcess::token().toUtf8() + '\n');
    QVERIFY2(login.exitCode == 0, login.err.constData());
    const QByteArray cliToken = SandboxProcess::token().toUtf8();
    QVERIFY2(!login.out.contains(cliToken) && !login.err.contains(cliToken),
             "planhat-cli login printed the token");
    const CliRun list = runCli({}, {"list", "companies", "--profile", cliProfile, "--limit", "1"},
                               {"PLANHAT_API_TOKEN", "QT_LOGGING_RULES=*=true"});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QVERIFY2(!list.out.contains(cliToken) && !list.err.contains(cliToken),
             "planhat-cli list printed the stored token");

    QSet<QString> scanned;
    QStringList hits = filesContaining(token, &scanned);
    hits += filesContaining(SandboxProcess::token(), &scanned);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1String(", "))));

    // The scan did cover the settings file and the keyring's own (encrypted) file.
    const QString settingsFile
        = QFileInfo(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                    + QStringLiteral("/PlanhatAdmin/planhat-admin.conf"))
              .canonicalFilePath();
    QVERIFY2(scanned.contains(settingsFile), qPrintable(settingsFile));
    QFile settings(settingsFile);
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(settings.readAll().contains(cliProfile.toUtf8())); // the profile, without token
    bool keyringScanned = false;
    for (const QString &path : std::as_const(scanned))
        keyringScanned = keyringScanned || path.contains(QLatin1String("/keyrings/"));
    QVERIFY2(keyringScanned, "no gnome-keyring file found under the data directory");

    {
        QMutexLocker locker(&logMutex);
        for (const QString &line : std::as_const(logLines)) {
            QVERIFY2(!line.contains(token) && !line.contains(SandboxProcess::token()),
                     "a log line holds the token");
        }
    }

    QVERIFY(run(m_store.deleteToken(profile)).isOk());
    QCOMPARE(runCli({}, {"logout", "--profile", cliProfile, "--forget"}).exitCode, 0);
}

void TestKeychain::noKeychainIsExplained_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::newRow("bus address points nowhere")
        << QStringList {"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY"};
    QTest::newRow("no session bus, no display")
        << QStringList {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY"};
}

void TestKeychain::noKeychainIsExplained()
{
    QFETCH(QStringList, environment);
    const QString profile = QStringLiteral("nokeychain-%1-%2")
                                .arg(QCoreApplication::applicationPid())
                                .arg(QTest::currentDataTag()[0] == 'b' ? 1 : 2);
    const QString token = freshToken();
    const CliRun run = runCli(m_sandbox.url(), {"login", "--profile", profile}, environment,
                              token.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("No keychain (Secret Service) is available"), run.err.constData());
    QVERIFY2(run.err.contains("PLANHAT_API_TOKEN"), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.contains(token.toUtf8()));

    // Nothing stored: no profile, and no entry in the real keychain.
    QVERIFY(!ProfileStore().contains(profile));
    KeychainCredentialStore realStore;
    QCOMPARE(this->run(realStore.readToken(profile)).status, Status::NotFound);
    QSet<QString> scanned;
    QVERIFY(filesContaining(token, &scanned).isEmpty());
}

void TestKeychain::profileWithoutKeychainNeedsEnvironmentToken()
{
    const QString profile
        = QStringLiteral("nokeychain-list-%1").arg(QCoreApplication::applicationPid());
    ProfileStore().save({profile, m_sandbox.url(), QString()});
    const QStringList noKeychain {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY"};

    CliRun run = runCli({}, {"list", "companies", "--profile", profile},
                        noKeychain + QStringList {"PLANHAT_API_TOKEN"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("No keychain (Secret Service) is available"), run.err.constData());
    QVERIFY2(run.err.contains("Set PLANHAT_API_TOKEN instead"), run.err.constData());

    // The environment's token needs no keychain.
    run = runCli({}, {"list", "companies", "--profile", profile, "--limit", "1"}, noKeychain);
    QVERIFY2(run.exitCode == 0, run.err.constData());

    run = runCli({}, {"profiles", "--format", "json"}, noKeychain);
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.out.contains(profile.toUtf8()), run.out.constData());
    QVERIFY2(run.out.contains("\"unknown\""), run.out.constData());
    QVERIFY2(run.err.contains("No keychain (Secret Service) is available"), run.err.constData());

    run = runCli({}, {"logout", "--profile", profile}, noKeychain);
    QCOMPARE(run.exitCode, 3);
    QVERIFY(ProfileStore().contains(profile)); // kept, so a later logout can still work
    ProfileStore().remove(profile);
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
