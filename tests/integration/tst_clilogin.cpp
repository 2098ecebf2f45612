// SPDX-License-Identifier: MIT
// planhat-cli login / profiles / logout and --profile, end to end: the real executable, a
// real planhat-sandbox and the real gnome-keyring that scripts/test starts.
#include "auth/keychaincredentialstore.h"
#include "auth/profilestore.h"
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace Planhat;
using namespace Planhat::Test;

class TestCliLogin final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void helpListsTheCommands();
    void loginNeedsAProfile();
    void emptyTokenIsUsageError();
    void wrongTokenIsNotStored();
    void loginStoresTheToken();
    void profileUsesTheStoredToken();
    void profilesListsIt();
    void environmentTokenWins();
    void loginAgainKeepsTheUrl();
    void loginStoresTheMaxRate();
    void logoutThenProfileNeedsLogin();
    void logoutForget();
    void terminalPromptHidesTheToken();

private:
    /// Runs planhat-cli and checks neither the right nor a wrong token appears in its output.
    CliRun cli(const QUrl &baseUrl, const QStringList &arguments,
               const QStringList &environment = {}, const QByteArray &input = {});
    static CredentialResult storedToken(const QString &profile);
    QJsonObject profileEntry(const QString &name);

    SandboxProcess m_sandbox;
    QString m_profile;
    QString m_wrongProfile;
    QString m_terminalProfile;
    bool m_leakedToken = false;
    const QByteArray m_wrongToken = "wrong-token-3e1d7c";
};

void TestCliLogin::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run under scripts/test (dbus-run-session + gnome-keyring)");
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
    m_profile = QStringLiteral("clilogin-%1").arg(QCoreApplication::applicationPid());
    m_wrongProfile = QStringLiteral("clilogin-wrong-%1").arg(QCoreApplication::applicationPid());
    m_terminalProfile = QStringLiteral("clilogin-tty-%1").arg(QCoreApplication::applicationPid());
}

void TestCliLogin::cleanupTestCase()
{
    for (const QString &profile : {m_profile, m_wrongProfile, m_terminalProfile})
        runCli({}, {"logout", "--profile", profile, "--forget"});
    QVERIFY2(!m_leakedToken, "a token appeared in planhat-cli's output");
}

CliRun TestCliLogin::cli(const QUrl &baseUrl, const QStringList &arguments,
                         const QStringList &environment, const QByteArray &input)
{
    const CliRun run = runCli(baseUrl, arguments, environment, input);
    const QByteArray token = SandboxProcess::token().toUtf8();
    for (const QByteArray &secret : {token, m_wrongToken}) {
        if (run.out.contains(secret) || run.err.contains(secret)) {
            m_leakedToken = true;
            qWarning("planhat-cli %s printed a token",
                     qPrintable(arguments.join(QLatin1Char(' '))));
        }
    }
    return run;
}

CredentialResult TestCliLogin::storedToken(const QString &profile)
{
    KeychainCredentialStore store;
    CredentialJob *job = store.readToken(profile);
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    if (!Planhat::Test::waitForSignal(spy, 30000, "reading the stored token"))
        return {};
    return spy.takeFirst().at(0).value<CredentialResult>();
}

QJsonObject TestCliLogin::profileEntry(const QString &name)
{
    const CliRun run = cli({}, {"profiles", "--format", "json"});
    if (run.exitCode != 0) {
        qWarning("profiles failed: %s", run.err.constData());
        return {};
    }
    const QJsonArray profiles = QJsonDocument::fromJson(run.out).array();
    for (const QJsonValue &profile : profiles) {
        if (profile.toObject().value(QStringLiteral("name")).toString() == name)
            return profile.toObject();
    }
    return {};
}

void TestCliLogin::helpListsTheCommands()
{
    CliRun run = cli({}, {"--help"});
    QCOMPARE(run.exitCode, 0);
    for (const char *command : {"login", "profiles", "logout", "types", "list", "delete"})
        QVERIFY2(run.out.contains(command), command);
    run = cli({}, {"login", "--help"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("--tenant"));
    QVERIFY(run.out.contains("--region"));
}

void TestCliLogin::loginNeedsAProfile()
{
    CliRun run = cli(m_sandbox.url(), {"login"}, {}, "x\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--profile"), run.err.constData());
    run = cli(m_sandbox.url(), {"login", "--profile", "a/b"}, {}, "x\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("cannot name a profile"), run.err.constData());
    run = cli(QUrl("http://api.planhat.com"), {"login", "--profile", m_profile}, {}, "x\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!ProfileStore().contains(m_profile));
    run = cli({}, {"logout"});
    QCOMPARE(run.exitCode, 2);
}

void TestCliLogin::emptyTokenIsUsageError()
{
    for (const QByteArray &input : {QByteArray(), QByteArray("\n"), QByteArray("   \nabc\n")}) {
        const CliRun run = cli(m_sandbox.url(), {"login", "--profile", m_profile}, {}, input);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no token given"), run.err.constData());
    }
    QVERIFY(!ProfileStore().contains(m_profile));
    QCOMPARE(storedToken(m_profile).status, CredentialResult::Status::NotFound);
}

void TestCliLogin::wrongTokenIsNotStored()
{
    const CliRun run = cli(m_sandbox.url(), {"login", "--profile", m_wrongProfile},
                           {"PLANHAT_API_TOKEN"}, m_wrongToken + '\n');
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("401"), run.err.constData());
    QVERIFY2(run.err.contains("not stored"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QVERIFY(!ProfileStore().contains(m_wrongProfile));
    QVERIFY(profileEntry(m_wrongProfile).isEmpty());
    QCOMPARE(storedToken(m_wrongProfile).status, CredentialResult::Status::NotFound);
}

void TestCliLogin::loginStoresTheToken()
{
    const CliRun run = cli(m_sandbox.url(), {"login", "--profile", m_profile},
                           {"PLANHAT_API_TOKEN"}, SandboxProcess::token().toUtf8() + "\n");
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QString::fromUtf8(run.out),
             QStringLiteral("Logged in as profile %1 (%2)\n")
                 .arg(m_profile, m_sandbox.url().toString()));
    const CredentialResult stored = storedToken(m_profile);
    QVERIFY2(stored.isOk(), qPrintable(stored.message()));
    QCOMPARE(stored.token, SandboxProcess::token());
    const std::optional<Profile> profile = ProfileStore().profile(m_profile);
    QVERIFY(profile);
    QCOMPARE(profile->baseUrl, m_sandbox.url());
}

void TestCliLogin::profileUsesTheStoredToken()
{
    // No --base-url and no PLANHAT_API_TOKEN: both come from the profile.
    const CliRun run = cli({}, {"list", "companies", "--profile", m_profile, "--format", "json"},
                           {"PLANHAT_API_TOKEN"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray companies = QJsonDocument::fromJson(run.out).array();
    QVERIFY(!companies.isEmpty());

    const QString id = companies.first().toObject().value(QStringLiteral("_id")).toString();
    const CliRun get = cli({}, {"get", "companies", id, "--profile", m_profile, "--format", "json"},
                           {"PLANHAT_API_TOKEN"});
    QVERIFY2(get.exitCode == 0, get.err.constData());
    QCOMPARE(QJsonDocument::fromJson(get.out).object().value(QStringLiteral("_id")).toString(), id);
}

void TestCliLogin::profilesListsIt()
{
    const QJsonObject entry = profileEntry(m_profile);
    QCOMPARE(entry.value(QStringLiteral("token")).toString(), QStringLiteral("stored"));
    QCOMPARE(entry.value(QStringLiteral("baseUrl")).toString(), m_sandbox.url().toString());

    const CliRun table = cli({}, {"profiles", "--format", "table"});
    QCOMPARE(table.exitCode, 0);
    bool found = false;
    for (const QByteArray &line : table.out.split('\n')) {
        if (line.startsWith(m_profile.toUtf8() + ' ')) {
            found = true;
            QVERIFY2(line.contains("stored"), line.constData());
            QVERIFY2(line.contains(m_sandbox.url().toString().toUtf8()), line.constData());
        }
    }
    QVERIFY2(found, table.out.constData());
}

void TestCliLogin::environmentTokenWins()
{
    // The stored token is right, but PLANHAT_API_TOKEN is set (wrong), so it is the one sent.
    const CliRun run
        = cli({}, {"list", "companies", "--profile", m_profile},
              {QStringLiteral("PLANHAT_API_TOKEN=") + QString::fromUtf8(m_wrongToken)});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("401"), run.err.constData());
}

void TestCliLogin::loginAgainKeepsTheUrl()
{
    const CliRun run = cli(
        {}, {"login", "--profile", m_profile, "--tenant", "2f5d8a8e-6a0e-4f33-9d35-0a6c52b1f9c1"},
        {"PLANHAT_API_TOKEN"}, SandboxProcess::token().toUtf8() + "\n");
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const std::optional<Profile> profile = ProfileStore().profile(m_profile);
    QVERIFY(profile);
    QCOMPARE(profile->baseUrl, m_sandbox.url());
    QCOMPARE(profile->tenantUuid, QStringLiteral("2f5d8a8e-6a0e-4f33-9d35-0a6c52b1f9c1"));

    const CliRun badTenant = cli({}, {"login", "--profile", m_profile, "--tenant", "nope"},
                                 {"PLANHAT_API_TOKEN"}, SandboxProcess::token().toUtf8() + "\n");
    QCOMPARE(badTenant.exitCode, 2);
}

void TestCliLogin::loginStoresTheMaxRate()
{
    QCOMPARE(ProfileStore().profile(m_profile)->requestsPerMinute, 200); // the default
    QCOMPARE(profileEntry(m_profile).value(QStringLiteral("maxRate")).toInt(), 200);

    CliRun run
        = cli({}, {"--max-rate", "60", "login", "--profile", m_profile},
              {"PLANHAT_API_TOKEN", "PLANHAT_MAX_RATE"}, SandboxProcess::token().toUtf8() + "\n");
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(ProfileStore().profile(m_profile)->requestsPerMinute, 60);
    QCOMPARE(profileEntry(m_profile).value(QStringLiteral("maxRate")).toInt(), 60);
    // The rest of the profile stays as it was.
    QCOMPARE(ProfileStore().profile(m_profile)->baseUrl, m_sandbox.url());

    // Logging in again without --max-rate keeps it; PLANHAT_MAX_RATE is not stored.
    run = cli({}, {"login", "--profile", m_profile}, {"PLANHAT_API_TOKEN", "PLANHAT_MAX_RATE=0"},
              SandboxProcess::token().toUtf8() + "\n");
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(ProfileStore().profile(m_profile)->requestsPerMinute, 60);

    // A bad value is a usage error, and changes nothing.
    run = cli({}, {"login", "--profile", m_profile, "--max-rate", "often"},
              {"PLANHAT_API_TOKEN", "PLANHAT_MAX_RATE"}, SandboxProcess::token().toUtf8() + "\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--max-rate"), run.err.constData());
    QCOMPARE(ProfileStore().profile(m_profile)->requestsPerMinute, 60);

    // The stored pace is what a command with --profile runs at; it lists as before.
    run = cli({}, {"list", "companies", "--profile", m_profile, "--limit", "1"},
              {"PLANHAT_API_TOKEN", "PLANHAT_MAX_RATE"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

void TestCliLogin::logoutThenProfileNeedsLogin()
{
    CliRun run = cli({}, {"logout", "--profile", m_profile});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("Logged out of profile"), run.out.constData());
    QCOMPARE(storedToken(m_profile).status, CredentialResult::Status::NotFound);

    run = cli({}, {"list", "companies", "--profile", m_profile}, {"PLANHAT_API_TOKEN"});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(QString::fromUtf8(run.err),
             QStringLiteral("planhat-cli: no token stored for profile %1; run planhat-cli login "
                            "--profile %1\n")
                 .arg(m_profile));
    QCOMPARE(profileEntry(m_profile).value(QStringLiteral("token")).toString(),
             QStringLiteral("none"));

    // Logging out again is fine, and says there was nothing to delete.
    run = cli({}, {"logout", "--profile", m_profile});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("No token was stored"), run.out.constData());
}

void TestCliLogin::logoutForget()
{
    QVERIFY(ProfileStore().contains(m_profile));
    const CliRun run = cli({}, {"logout", "--profile", m_profile, "--forget"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("Forgot profile"), run.out.constData());
    QVERIFY(!ProfileStore().contains(m_profile));
    QVERIFY(profileEntry(m_profile).isEmpty());
    QVERIFY(!m_leakedToken);
}

void TestCliLogin::terminalPromptHidesTheToken()
{
    // planhat-cli login on a pseudo-terminal, as a person types the token: a prompt appears,
    // echo is off while the token is typed, and the token is stored.
    QList<QByteArray> arguments {QByteArrayLiteral(PLANHAT_CLI_PATH),
                                 "--base-url",
                                 m_sandbox.url().toString().toUtf8(),
                                 "login",
                                 "--profile",
                                 m_terminalProfile.toUtf8()};
    QList<char *> argv;
    for (QByteArray &argument : arguments)
        argv.append(argument.data());
    argv.append(nullptr);
    QList<char *> envp; // everything but PLANHAT_API_TOKEN, prepared before fork()
    for (char **variable = environ; *variable; ++variable) {
        if (qstrncmp(*variable, "PLANHAT_API_TOKEN=", 18) != 0)
            envp.append(*variable);
    }
    envp.append(nullptr);

    int master = -1;
    const pid_t child = forkpty(&master, nullptr, nullptr, nullptr);
    QVERIFY2(child >= 0, "forkpty failed");
    if (child == 0) {
        execve(argv.first(), argv.data(), envp.data());
        _exit(127);
    }

    QByteArray screen;
    const auto readFor = [&screen, master](int milliseconds, const QByteArray &until) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < milliseconds && (until.isEmpty() || !screen.contains(until))) {
            pollfd descriptor {master, POLLIN, 0};
            if (poll(&descriptor, 1, 100) <= 0)
                continue;
            char buffer[512];
            const ssize_t got = ::read(master, buffer, sizeof buffer);
            if (got <= 0)
                return; // EIO: the child closed the terminal
            screen.append(buffer, got);
        }
    };
    readFor(30000, "(input hidden): ");
    const bool prompted = screen.contains("(input hidden): ");
    if (prompted) {
        const QByteArray line = SandboxProcess::token().toUtf8() + '\n';
        QCOMPARE(::write(master, line.constData(), size_t(line.size())), ssize_t(line.size()));
        readFor(30000, QByteArray());
    }
    int status = 0;
    if (!prompted)
        ::kill(child, SIGKILL);
    waitpid(child, &status, 0);
    ::close(master);

    QVERIFY2(prompted, screen.constData());
    QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 0, screen.constData());
    QVERIFY2(!screen.contains(SandboxProcess::token().toUtf8()), "the typed token was echoed");
    QVERIFY2(screen.contains("Logged in as profile " + m_terminalProfile.toUtf8()),
             screen.constData());
    const CredentialResult stored = storedToken(m_terminalProfile);
    QVERIFY2(stored.isOk(), qPrintable(stored.message()));
    QCOMPARE(stored.token, SandboxProcess::token());
}

QTEST_GUILESS_MAIN(TestCliLogin)
#include "tst_clilogin.moc"
