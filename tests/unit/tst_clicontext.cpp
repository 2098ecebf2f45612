// SPDX-License-Identifier: MIT
// Where planhat-cli's client gets its base URL, token and pace: --profile, the keychain (an
// in-memory store here) and PLANHAT_API_TOKEN, which wins; --max-rate, PLANHAT_MAX_RATE and
// the profile's setting, in that order.
#include "api/planhatclient.h"
#include "auth/memorycredentialstore.h"
#include "auth/profilestore.h"
#include "clicontext.h"
#include "command.h"
#include "jobwaiter.h"

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
    void parseRequestsPerMinute_data();
    void parseRequestsPerMinute();
    void paceOfTheClient_data();
    void paceOfTheClient();
    void paceOfAProfileWithAStoredToken();
    void rateLimitWaitTextInWholeSeconds_data();
    void rateLimitWaitTextInWholeSeconds();

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
    ProfileStore().save(
        {QStringLiteral("paced"), QUrl(QStringLiteral("http://127.0.0.1:9")), QString(), 60});
}

void TestCliContext::init()
{
    qunsetenv("PLANHAT_API_TOKEN");
    qunsetenv("PLANHAT_MAX_RATE");
}

bool TestCliContext::storeToken(CredentialStore *store, const QString &profile,
                                const QString &token)
{
    CredentialJob *job = store->writeToken(profile, token);
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    return Planhat::Test::waitForSignal(spy, 5000, "storing the token")
        && spy.first().at(0).value<CredentialResult>().isOk();
}

void TestCliContext::parse(CliContext &context, const QStringList &arguments)
{
    context.parser().addOptions(
        {QCommandLineOption(QStringLiteral("profile"), QString(), QStringLiteral("NAME")),
         QCommandLineOption(QStringLiteral("base-url"), QString(), QStringLiteral("URL")),
         QCommandLineOption(QStringLiteral("max-rate"), QString(), QStringLiteral("N"))});
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
    if (!acquired->called && !QTest::qWaitFor([&acquired] { return acquired->called; }, 5000))
        QTest::qFail("acquireClient() never called back", __FILE__, __LINE__);
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

void TestCliContext::parseRequestsPerMinute_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rate"); // -1 = refused
    QTest::newRow("default") << "200" << 200;
    QTest::newRow("no pacing") << "0" << 0;
    QTest::newRow("spaces") << " 60 " << 60;
    QTest::newRow("hard limit") << "9000" << 9000;
    QTest::newRow("above the hard limit") << "9001" << -1;
    QTest::newRow("negative") << "-1" << -1;
    QTest::newRow("fraction") << "1.5" << -1;
    QTest::newRow("word") << "fast" << -1;
    QTest::newRow("empty") << "" << -1;
}

void TestCliContext::parseRequestsPerMinute()
{
    QFETCH(QString, text);
    QFETCH(int, rate);
    const std::optional<int> parsed = CliContext::parseRequestsPerMinute(text);
    QCOMPARE(parsed.value_or(-1), rate);
}

void TestCliContext::paceOfTheClient_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environment"); // PLANHAT_MAX_RATE; null = unset
    QTest::addColumn<int>("rate"); // -1 = usage error
    QTest::newRow("default") << QStringList {"list"} << QString() << 200;
    QTest::newRow("option") << QStringList {"--max-rate", "30", "list"} << QString() << 30;
    QTest::newRow("option 0 = no pacing")
        << QStringList {"--max-rate", "0", "list"} << QString() << 0;
    QTest::newRow("environment") << QStringList {"list"} << "90" << 90;
    QTest::newRow("empty environment = unset") << QStringList {"list"} << "" << 200;
    QTest::newRow("option beats environment")
        << QStringList {"--max-rate", "30", "list"} << "90" << 30;
    QTest::newRow("profile") << QStringList {"--profile", "paced", "list"} << QString() << 60;
    QTest::newRow("profile saved without a pace")
        << QStringList {"--profile", "local", "list"} << QString() << 200;
    QTest::newRow("environment beats profile")
        << QStringList {"--profile", "paced", "list"} << "90" << 90;
    QTest::newRow("option beats profile")
        << QStringList {"--profile", "paced", "--max-rate", "0", "list"} << "90" << 0;
    QTest::newRow("bad option") << QStringList {"--max-rate", "lots", "list"} << QString() << -1;
    QTest::newRow("option above the hard limit")
        << QStringList {"--max-rate", "100000", "list"} << QString() << -1;
    QTest::newRow("bad environment") << QStringList {"list"} << "-5" << -1;
    QTest::newRow("bad environment with a profile")
        << QStringList {"--profile", "paced", "list"} << "fast" << -1;
}

void TestCliContext::paceOfTheClient()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environment);
    QFETCH(int, rate);
    qputenv("PLANHAT_API_TOKEN", "env-token"); // no keychain read: the answer comes at once
    if (!environment.isNull())
        qputenv("PLANHAT_MAX_RATE", environment.toUtf8());
    CliContext context;
    context.setCredentialStore(std::make_unique<MemoryCredentialStore>());
    parse(context, arguments);

    QString error;
    const std::optional<int> requested = context.requestedRequestsPerMinute(&error);
    const Acquired acquired = acquire(context);
    QVERIFY(acquired.calledAtOnce);
    if (rate < 0) {
        QVERIFY(!requested);
        QVERIFY2(
            error.contains(arguments.contains("--max-rate") ? "--max-rate" : "PLANHAT_MAX_RATE"),
            qPrintable(error));
        QVERIFY2(error.contains("0 (no pacing) to 9000"), qPrintable(error));
        QVERIFY(!acquired.client);
        QCOMPARE(acquired.failure, ExitCode::Usage);
        return;
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(acquired.client);
    QCOMPARE(acquired.client->options().requestsPerMinute, rate);
}

void TestCliContext::paceOfAProfileWithAStoredToken()
{
    // The keychain answers later; the profile's pace still reaches the client made then.
    CliContext context;
    auto *store = new MemoryCredentialStore;
    context.setCredentialStore(std::unique_ptr<CredentialStore>(store));
    parse(context, {QStringLiteral("--profile"), QStringLiteral("paced"), QStringLiteral("list")});
    QVERIFY(storeToken(store, QStringLiteral("paced"), QStringLiteral("stored")));
    const Acquired acquired = acquire(context);
    QVERIFY(!acquired.calledAtOnce);
    QVERIFY(acquired.client);
    QCOMPARE(acquired.client->options().requestsPerMinute, 60);
}

void TestCliContext::rateLimitWaitTextInWholeSeconds_data()
{
    QTest::addColumn<int>("milliseconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("45 s") << 45000 << "rate limited, waiting 45 s";
    QTest::newRow("rounded up") << 1500 << "rate limited, waiting 2 s";
    QTest::newRow("never 0 s") << 300 << "rate limited, waiting 1 s";
    QTest::newRow("two minutes") << 120000 << "rate limited, waiting 120 s";
}

void TestCliContext::rateLimitWaitTextInWholeSeconds()
{
    QFETCH(int, milliseconds);
    QFETCH(QString, text);
    QCOMPARE(rateLimitWaitText(milliseconds), text);
}

QTEST_GUILESS_MAIN(TestCliContext)
#include "tst_clicontext.moc"
