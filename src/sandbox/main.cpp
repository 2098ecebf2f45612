// SPDX-License-Identifier: MIT
// planhat-sandbox: option parsing and wiring only; the server lives in planhatsandbox.
#include "demoseeder.h"
#include "platform/allocator.h"
#include "platform/signalwatcher.h"
#include "sandboxserver.h"
#include "sandboxstore.h"
#include "storefile.h"
#include "typecollection.h"

#include <version.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <csignal>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstdio>
#include <limits>
#include <memory>

using namespace Planhat::Sandbox;

namespace {

constexpr int exitUsage = 2;
constexpr int exitFailure = 1;

void printError(const QString &message)
{
    const QByteArray line = "planhat-sandbox: " + message.toUtf8() + '\n';
    std::fputs(line.constData(), stderr);
    std::fflush(stderr);
}

int usageError(const QString &message)
{
    printError(message);
    std::fputs("Try 'planhat-sandbox --help' for more information.\n", stderr);
    return exitUsage;
}

/// Reads an integer option in [minimum, maximum]; false (and a message) when invalid.
bool readInteger(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 minimum,
                 qint64 maximum, qint64 *value, QString *error)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 number = parser.value(option).toLongLong(&ok);
    if (!ok || number < minimum || number > maximum) {
        *error = QStringLiteral("--%1 expects an integer from %2 to %3, got '%4'")
                     .arg(option.names().constFirst())
                     .arg(minimum)
                     .arg(maximum)
                     .arg(parser.value(option));
        return false;
    }
    *value = number;
    return true;
}

qint64 objectCount(const SandboxStore &store)
{
    qint64 count = 0;
    for (const TypeCollection *collection : store.collections())
        count += collection->size();
    return count;
}

} // namespace

int main(int argc, char *argv[])
{
    Planhat::keepFreedLargeBlocks();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("planhat-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLANHAT_ADMIN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local Planhat-compatible REST server for tests and demos. Listens on 127.0.0.1 "
        "and prints its base URL as the first line of standard output; logs go to "
        "standard error."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0 = any free port)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption tokenOption(
        QStringLiteral("token"),
        QStringLiteral("The only API token to accept (default: any non-empty token)."),
        QStringLiteral("TOKEN"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed data set; only \"demo\" exists."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption seedCompaniesOption(
        QStringLiteral("seed-companies"),
        QStringLiteral("Add N generated companies (combinable with --seed demo)."),
        QStringLiteral("N"));
    const QCommandLineOption dataOption(
        QStringLiteral("data"),
        QStringLiteral("Load the store from FILE if it exists; save changes to it."),
        QStringLiteral("FILE"));
    const QCommandLineOption failRateOption(
        QStringLiteral("fail-rate"),
        QStringLiteral("Probability (0..1) that a request gets an injected fault: 429, 500, "
                       "503, or a dropped connection (before or after applying a change)."),
        QStringLiteral("P"));
    const QCommandLineOption faultSeedOption(
        QStringLiteral("fault-seed"),
        QStringLiteral("Seed for fault injection and --unordered, to replay a run (default: "
                       "random)."),
        QStringLiteral("N"));
    const QCommandLineOption rateLimitOption(
        QStringLiteral("rate-limit"),
        QStringLiteral("Answer 429 (Retry-After: 1) beyond N requests per second."),
        QStringLiteral("N"));
    const QCommandLineOption minuteQuotaOption(
        QStringLiteral("minute-quota"),
        QStringLiteral("Answer at most N requests per quota window, then 429 with "
                       "X-Rate-Limit-Limit and X-Rate-Limit-Remaining: 0 and no Retry-After "
                       "until the window ends; answers within the quota carry both headers."),
        QStringLiteral("N"));
    const QCommandLineOption quotaWindowOption(
        QStringLiteral("quota-window"),
        QStringLiteral("Length of the --minute-quota window in seconds (default 60)."),
        QStringLiteral("SECONDS"), QStringLiteral("60"));
    const QCommandLineOption pageCapOption(
        QStringLiteral("page-cap"),
        QStringLiteral("Answer at most N rows per list page, whatever limit asks (without "
                       "it: the documented maximum of 2000; the default page is 100)."),
        QStringLiteral("N"));
    const QCommandLineOption unorderedOption(
        QStringLiteral("unordered"),
        QStringLiteral("Answer a list without sort in a new random order per request (seeded "
                       "from --fault-seed), so offset paging without sort skips and repeats "
                       "rows; with sort the order is the sorted one, ties by _id."));
    const QCommandLineOption leanUpdateKeysOption(
        QStringLiteral("lean-update-keys"),
        QStringLiteral("Name updated objects by _id only in bulk answers' updatesKeys."));
    const QCommandLineOption latencyOption(
        QStringLiteral("latency"), QStringLiteral("Delay every response by MS milliseconds."),
        QStringLiteral("MS"));
    const QCommandLineOption failWritesOption(
        QStringLiteral("fail-writes"),
        QStringLiteral("Answer every request that changes data with HTTP STATUS (400-599) "
                       "without applying it; reads keep working."),
        QStringLiteral("STATUS"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"),
        QStringLiteral("Log one line per request (method, path, status, time) to stderr."));
    parser.addOptions({portOption, tokenOption, seedOption, seedCompaniesOption, dataOption,
                       failRateOption, faultSeedOption, rateLimitOption, minuteQuotaOption,
                       quotaWindowOption, pageCapOption, unorderedOption, leanUpdateKeysOption,
                       latencyOption, failWritesOption, verboseOption});

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));
    }

    QString error;
    qint64 port = 0;
    qint64 seedCompanies = 0;
    qint64 rateLimit = 0;
    qint64 latency = 0;
    qint64 faultSeed = 0;
    qint64 minuteQuota = 0;
    qint64 quotaWindow = 60;
    qint64 pageCap = 0;
    if (!readInteger(parser, portOption, 0, 65535, &port, &error)
        || !readInteger(parser, seedCompaniesOption, 0, 10'000'000, &seedCompanies, &error)
        || !readInteger(parser, rateLimitOption, 0, 1'000'000, &rateLimit, &error)
        || !readInteger(parser, minuteQuotaOption, 1, 1'000'000'000, &minuteQuota, &error)
        || !readInteger(parser, quotaWindowOption, 1, 86'400, &quotaWindow, &error)
        || !readInteger(parser, pageCapOption, 1, 1'000'000, &pageCap, &error)
        || !readInteger(parser, latencyOption, 0, 600'000, &latency, &error)
        || !readInteger(parser, faultSeedOption, 0, std::numeric_limits<qint64>::max(), &faultSeed,
                        &error)) {
        return usageError(error);
    }
    double failRate = 0.0;
    if (parser.isSet(failRateOption)) {
        bool ok = false;
        failRate = parser.value(failRateOption).toDouble(&ok);
        if (!ok || failRate < 0.0 || failRate > 1.0) {
            return usageError(QStringLiteral("--fail-rate expects a number from 0 to 1, got '%1'")
                                  .arg(parser.value(failRateOption)));
        }
    }
    if (parser.isSet(seedOption) && parser.value(seedOption) != QLatin1String("demo")) {
        return usageError(QStringLiteral("unknown --seed '%1' (only \"demo\" exists)")
                              .arg(parser.value(seedOption)));
    }
    if (parser.isSet(tokenOption) && parser.value(tokenOption).isEmpty())
        return usageError(QStringLiteral("--token must not be empty"));

#ifdef SIGPIPE
    std::signal(SIGPIPE, SIG_IGN); // a client gone mid-answer is a write error, not an end
#endif
    // Watch from the start: a SIGTERM during a long seed or load then ends the process
    // cleanly (and saves) as soon as the event loop runs.
    Planhat::SignalWatcher signalWatcher;
    signalWatcher.watch(SIGINT);
    signalWatcher.watch(SIGTERM);
    QObject::connect(&signalWatcher, &Planhat::SignalWatcher::signalReceived, &app,
                     [](int) { QCoreApplication::quit(); });

    QElapsedTimer startup;
    startup.start();

    SandboxStore store;
    std::unique_ptr<StoreFile> storeFile;
    bool loaded = false;
    if (parser.isSet(dataOption)) {
        storeFile = std::make_unique<StoreFile>(&store, parser.value(dataOption));
        switch (storeFile->load(&error)) {
        case StoreFile::LoadResult::Loaded:
            loaded = true;
            printError(QStringLiteral("loaded %1 objects from %2")
                           .arg(objectCount(store))
                           .arg(storeFile->path()));
            break;
        case StoreFile::LoadResult::Missing:
            break;
        case StoreFile::LoadResult::Failed:
            printError(error);
            return exitFailure;
        }
    }
    if (loaded && (parser.isSet(seedOption) || seedCompanies > 0))
        printError(QStringLiteral("data file exists: not seeding"));
    if (!loaded) {
        DemoSeeder seeder(&store);
        if (parser.isSet(seedOption))
            seeder.seedDemo();
        if (seedCompanies > 0)
            seeder.seedCompanies(int(seedCompanies));
        if (storeFile && !storeFile->saveNow(&error)) {
            printError(error);
            return exitFailure;
        }
    }
    // Clients page in `_id` order unless they ask for another: that order is ready before the
    // first request, as a tenant's index is, not sorted while the first page waits.
    for (TypeCollection *collection : store.collections())
        collection->ordered(SortOrder::fromQuery(QStringLiteral("_id")));
#ifdef __GLIBC__
    // Seeding and loading free many small blocks; left scattered, they made the first
    // requests (a 5,000-row bulk upsert) several times slower than later ones.
    malloc_trim(0);
#endif
    int failWritesStatus = 0;
    if (parser.isSet(failWritesOption)) {
        bool ok = false;
        failWritesStatus = parser.value(failWritesOption).toInt(&ok);
        if (!ok || failWritesStatus < 400 || failWritesStatus > 599) {
            return usageError(
                QStringLiteral("--fail-writes expects an HTTP status from 400 to 599, got '%1'")
                    .arg(parser.value(failWritesOption)));
        }
    }
    SandboxServerOptions options;
    options.token = parser.value(tokenOption);
    options.failRate = failRate;
    options.faultSeed = parser.isSet(faultSeedOption)
        ? quint64(faultSeed)
        : QRandomGenerator::system()->generate64() >> 1;
    options.rateLimit = int(rateLimit);
    options.minuteQuota = int(minuteQuota);
    options.quotaWindowMs = quotaWindow * 1000;
    options.pageCap = int(pageCap);
    options.unordered = parser.isSet(unorderedOption);
    options.leanUpdateKeys = parser.isSet(leanUpdateKeysOption);
    options.latencyMs = int(latency);
    options.failWritesStatus = failWritesStatus;
    options.requestLog = parser.isSet(verboseOption) ? SandboxServerOptions::RequestLog::Stderr
                                                     : SandboxServerOptions::RequestLog::Off;
    SandboxServer server(&store, options);
    if (!server.listenOnLoopback(quint16(port), &error)) {
        printError(error);
        return exitFailure;
    }

    // Scripts and tests read this line: it must come first and at once.
    const QByteArray url = server.baseUrl().toString().toUtf8() + '\n';
    std::fputs(url.constData(), stdout);
    std::fflush(stdout);
    printError(QStringLiteral("serving %1 objects (ready in %2 ms)")
                   .arg(objectCount(store))
                   .arg(startup.elapsed()));
    if (failRate > 0.0) {
        printError(QStringLiteral("injecting faults into %1% of requests, --fault-seed %2")
                       .arg(failRate * 100.0)
                       .arg(options.faultSeed));
    }
    if (options.unordered) {
        printError(QStringLiteral("lists without sort come in random order, --fault-seed %1")
                       .arg(options.faultSeed));
    }

    const int result = QCoreApplication::exec();
    if (storeFile && storeFile->isDirty()) {
        if (!storeFile->saveNow(&error)) {
            printError(error);
            return exitFailure;
        }
    }
    printError(QStringLiteral("stopped"));
    return result;
}
