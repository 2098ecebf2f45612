// SPDX-License-Identifier: MIT
// Where planhat-cli's client gets its base URL and token: --profile, the keychain (an
// in-memory store here) and PLANHAT_API_TOKEN, which wins.
#include "api/planhatclient.h"
#include "auth/memorycredentialstore.h"
#include "auth/profilestore.h"
#include "clicontext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

namespace {

// A keychain that is never there, as on a machine without a Secret Service.
class MissingKeychainJob final : public CredentialJob
{
public:
    using CredentialJob::CredentialJob;

protected:
    void begin() override
    {
        CredentialResult result;
        result.status = CredentialResult::Status::Unavailable;
        result.reason = QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY");
        finishWith(result);
    }
};

class MissingKeychain final : public CredentialStore
{
public:
    CredentialJob *readToken(const QString &profile) override
    {
        return new MissingKeychainJob(CredentialJob::Operation::Read, profile, this);
    }
    CredentialJob *writeToken(const QString &profile, const QString &) override
    {
        return new MissingKeychainJob(CredentialJob::Operation::Write, profile, this);
    }
    CredentialJob *deleteToken(const QString &profile) override
    {
        return new MissingKeychainJob(CredentialJob::Operation::Delete, profile, this);
    }
};

struct Acquired
{
    bool returned = false; // acquireClient() had returned
    bool called = false;
    bool calledAtOnce = false;
    PlanhatClient *client = nullptr;
    ExitCode failure = ExitCode::Ok;
};

} // namespace

class TestCliContext final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void environmentTokenWins();
    void storedTokenOfProfile();
    void noStoredToken();
    void noKeychain();
    void noProfileNoToken();
    void unknownProfile();

private:
    static bool storeToken(CredentialStore *store, const QString &profile, const QString &token);
    static void parse(CliContext &context, const QStringList &arguments);
    Acquired acquire(CliContext &context);

    QTemporaryDir m_config;
    QObject m_receiver;
};

void TestCliContext::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    qunsetenv("PLANHAT_BASE_URL");
    ProfileStore().save({QStringLiteral("local"), QUrl(QStringLiteral("http://127.0.0.1:9")),
                         QStringLiteral("2f5d8a8e-6a0e-4f33-9d35-0a6c52b1f9c1")});
}

void TestCliContext::init()
{
    qunsetenv("PLANHAT_API_TOKEN");
}

bool TestCliContext::storeToken(CredentialStore *store, const QString &profile,
                                const QString &token)
{
    CredentialJob *job = store->writeToken(profile, token);
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    return spy.wait(5000) && spy.first().at(0).value<CredentialResult>().isOk();
}

void TestCliContext::parse(CliContext &context, const QStringList &arguments)
{
    context.parser().addOptions(
        {QCommandLineOption(QStringLiteral("profile"), QString(), QStringLiteral("NAME")),
         QCommandLineOption(QStringLiteral("base-url"), QString(), QStringLiteral("URL"))});
    QVERIFY(context.parser().parse(QStringList {QStringLiteral("planhat-cli")} + arguments));
}

Acquired TestCliContext::acquire(CliContext &context)
{
    auto acquired = std::make_shared<Acquired>();
    context.acquireClient(&m_receiver, [acquired](PlanhatClient *client, ExitCode failure) {
        acquired->called = true;
        acquired->calledAtOnce = !acquired->returned;
        acquired->client = client;
        acquired->failure = failure;
    });
    acquired->returned = true;
    if (!acquired->called)
        (void)QTest::qWaitFor([&acquired] { return acquired->called; }, 5000);
    return *acquired;
}

void TestCliContext::environmentTokenWins()
{
    qputenv("PLANHAT_API_TOKEN", "env-token");
    CliContext context;
    auto *store = new MemoryCredentialStore;
    context.setCredentialStore(std::unique_ptr<CredentialStore>(store));
    parse(context, {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("list")});
    // A stored token exists, but the environment's wins without asking the keychain.
    QVERIFY(storeToken(store, QStringLiteral("local"), QStringLiteral("stored")));
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.called);
    QVERIFY(acquired.calledAtOnce);
    QVERIFY(acquired.client);
    QVERIFY(acquired.client->hasToken());
    QCOMPARE(acquired.client->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:9")));
}

void TestCliContext::storedTokenOfProfile()
{
    CliContext context;
    auto *store = new MemoryCredentialStore;
    context.setCredentialStore(std::unique_ptr<CredentialStore>(store));
    parse(context, {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("list")});
    QVERIFY(storeToken(store, QStringLiteral("local"), QStringLiteral("stored")));

    const Acquired acquired = acquire(context);
    QVERIFY(acquired.called);
    QVERIFY(!acquired.calledAtOnce); // the keychain answers later
    QVERIFY(acquired.client);
    QVERIFY(acquired.client->hasToken());
    QCOMPARE(acquired.client->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:9")));

    // --base-url overrides the profile's URL; the token still comes from the profile.
    CliContext overridden;
    auto *secondStore = new MemoryCredentialStore;
    overridden.setCredentialStore(std::unique_ptr<CredentialStore>(secondStore));
    parse(overridden,
          {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("--base-url"),
           QStringLiteral("http://localhost:10"), QStringLiteral("list")});
    QVERIFY(storeToken(secondStore, QStringLiteral("local"), QStringLiteral("t")));
    const Acquired second = acquire(overridden);
    QVERIFY(second.client);
    QCOMPARE(second.client->baseUrl(), QUrl(QStringLiteral("http://localhost:10")));
}

void TestCliContext::noStoredToken()
{
    CliContext context;
    context.setCredentialStore(std::make_unique<MemoryCredentialStore>());
    parse(context, {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("list")});
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.called);
    QVERIFY(!acquired.client);
    QCOMPARE(acquired.failure, ExitCode::Auth);
}

void TestCliContext::noKeychain()
{
    CliContext context;
    context.setCredentialStore(std::make_unique<MissingKeychain>());
    parse(context, {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("list")});
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.called);
    QVERIFY(!acquired.client);
    QCOMPARE(acquired.failure, ExitCode::Auth);

    // With PLANHAT_API_TOKEN the keychain is never asked, so its absence does not matter.
    qputenv("PLANHAT_API_TOKEN", "env-token");
    CliContext withToken;
    withToken.setCredentialStore(std::make_unique<MissingKeychain>());
    parse(withToken,
          {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("list")});
    const Acquired second = acquire(withToken);
    QVERIFY(second.client);
}

void TestCliContext::noProfileNoToken()
{
    CliContext context;
    context.setCredentialStore(std::make_unique<MemoryCredentialStore>());
    parse(context, {QStringLiteral("list")});
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.calledAtOnce);
    QVERIFY(!acquired.client);
    QCOMPARE(acquired.failure, ExitCode::Auth);
}

void TestCliContext::unknownProfile()
{
    qputenv("PLANHAT_API_TOKEN", "env-token");
    CliContext context;
    context.setCredentialStore(std::make_unique<MemoryCredentialStore>());
    parse(context, {QStringLiteral("--profile"), QStringLiteral("nope"), QStringLiteral("list")});
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.calledAtOnce);
    QVERIFY(!acquired.client);
    QCOMPARE(acquired.failure, ExitCode::Usage);
}

QTEST_GUILESS_MAIN(TestCliContext)
#include "tst_clicontext.moc"
