// SPDX-License-Identifier: MIT
// bench_table: ObjectTableModel and ObjectFilterProxyModel over many companies from
// planhat-sandbox: time to the first rows, to all rows, to sort and to filter, and peak RSS,
// against the targets. Prints figures; asserts nothing.
// Usage: bench_table [COMPANIES] (default 100000).
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "models/referenceresolver.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>

#include <cstdio>
#include <ctime>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

int misses = 0;

/// CPU time of the calling (GUI) thread: next to wall time, it tells what other processes on
/// a busy machine added.
double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
}

double cpuMark = 0;

void restart(QElapsedTimer *timer)
{
    timer->restart();
    cpuMark = threadCpuMs();
}

/// `cpuAt`: the GUI thread's CPU clock when the step ended; now when negative.
void report(const char *what, double milliseconds, double targetMilliseconds, double cpuAt = -1)
{
    const bool met = milliseconds <= targetMilliseconds;
    misses += met ? 0 : 1;
    const double cpu = (cpuAt < 0 ? threadCpuMs() : cpuAt) - cpuMark;
    std::printf("%-42s %7.0f ms  target %5.0f ms  %-6s  GUI thread CPU %5.0f ms\n", what,
                milliseconds, targetMilliseconds, met ? "ok" : "MISSED", cpu);
    std::fflush(stdout);
}

void note(const char *what, double milliseconds)
{
    std::printf("%-42s %7.0f ms                          GUI thread CPU %5.0f ms\n", what,
                milliseconds, threadCpuMs() - cpuMark);
    std::fflush(stdout);
}

CustomFieldCatalog loadCatalog(PlanhatClient *client)
{
    QJsonArray definitions;
    ListJob *job = client->customFieldDefinitions();
    QObject::connect(job, &ListJob::rowsReceived, client,
                     [&definitions](const QList<QJsonObject> &rows) {
                         for (const QJsonObject &row : rows)
                             definitions.append(row);
                     });
    startAndWait<ListResult>(job);
    return CustomFieldCatalog::fromJson(definitions);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;

    SandboxProcess sandbox;
    QElapsedTimer timer;
    timer.start();
    if (!sandbox.start({QStringLiteral("--seed-companies"), QString::number(total)})) {
        std::fprintf(stderr, "bench_table: %s\n", qPrintable(sandbox.errorString()));
        return 1;
    }
    std::printf("planhat-sandbox with %d companies ready in %.2f s\n", total,
                timer.elapsed() / 1000.0);

    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ReferenceResolver resolver(&client);
    const CustomFieldCatalog catalog = loadCatalog(&client);
    const ObjectType companies
        = catalog.apply(*Schema::builtin().type(QStringLiteral("companies")));

    // "Choosing companies": the model and its proxy are made and the view fetches.
    restart(&timer);
    double firstRowsCpu = 0;
    ObjectTableModel model(companies, &client);
    model.setReferenceResolver(&resolver);
    QStringList columns = model.visibleColumns();
    columns.append(QStringLiteral("custom.Seats"));
    model.setVisibleColumns(columns);
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    qint64 firstRowsMs = -1;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model, [&]() {
        if (firstRowsMs < 0) {
            firstRowsMs = timer.elapsed();
            firstRowsCpu = threadCpuMs();
        }
    });
    QEventLoop loop;
    QObject::connect(&model, &ObjectTableModel::loadingChanged, &loop, [&loop](bool loading) {
        if (!loading)
            loop.quit();
    });
    model.fetchMore(QModelIndex());
    loop.exec();
    const qint64 loadedMs = timer.elapsed();
    if (!model.isComplete() || model.rowCount() != total) {
        std::fprintf(stderr, "bench_table: loaded %d of %d rows\n", model.rowCount(), total);
        return 1;
    }
    std::printf("%d companies, %d columns: %s\n\n", model.rowCount(), model.columnCount(),
                qPrintable(model.visibleColumns().join(QStringLiteral(", "))));

    const double loadedCpu = threadCpuMs();
    report("first rows shown after choosing companies", double(firstRowsMs), 1000, firstRowsCpu);
    report("all rows loaded into the model", double(loadedMs), 5000, loadedCpu);

    const int nameColumn = model.columnOf(QStringLiteral("name"));
    const int seatsColumn = model.columnOf(QStringLiteral("custom.Seats"));
    restart(&timer);
    proxy.sort(nameColumn, Qt::AscendingOrder);
    proxy.rowCount();
    report("sort by name (first time, right after load)", double(timer.elapsed()), 300);
    restart(&timer);
    proxy.sort(seatsColumn, Qt::DescendingOrder);
    proxy.rowCount();
    report("sort by custom number field (first time)", double(timer.elapsed()), 300);
    restart(&timer);
    proxy.sort(nameColumn, Qt::DescendingOrder);
    proxy.rowCount();
    note("  sort by name again", double(timer.elapsed()));

    // A word from a name, as someone would type it.
    const QString word = proxy.index(proxy.rowCount() / 2, nameColumn)
                             .data()
                             .toString()
                             .section(QLatin1Char(' '), 0, 0)
                             .toLower();
    restart(&timer);
    proxy.setQuickFilter(word);
    proxy.rowCount();
    report("quick filter (first time)", double(timer.elapsed()), 300);
    std::printf("  \"%s\" keeps %d rows\n", qPrintable(word), proxy.rowCount());
    restart(&timer);
    proxy.setQuickFilter(word + QLatin1Char(' '));
    proxy.rowCount();
    proxy.setQuickFilter(QStringLiteral("1"));
    proxy.rowCount();
    note("  two more quick filters", double(timer.elapsed()));
    restart(&timer);
    proxy.setQuickFilter(QString());
    proxy.setColumnFilter(model.columnOf(QStringLiteral("custom.Region")), QStringLiteral("emea"));
    proxy.rowCount();
    report("column filter", double(timer.elapsed()), 300);
    std::printf("  Region \"emea\" keeps %d rows\n", proxy.rowCount());
    restart(&timer);
    proxy.clearFilters();
    proxy.rowCount();
    note("  clear filters", double(timer.elapsed()));

    // Sort keys and filter texts are computed in the thread pool while pages arrive; on this
    // machine the sandbox shares the cores, so that work ends after the last page. Sorting
    // by a column not sorted yet, once the table sat idle for two seconds:
    QEventLoop idle;
    QTimer::singleShot(2000, &idle, &QEventLoop::quit);
    idle.exec();
    restart(&timer);
    proxy.sort(model.columnOf(QStringLiteral("externalId")), Qt::AscendingOrder);
    proxy.rowCount();
    report("sort by external ID (first time, 2 s idle)", double(timer.elapsed()), 300);

    const double rss = ownPeakRssMiB();
    misses += rss < 600 ? 0 : 1;
    std::printf("%-44s %9.0f MiB  target %6d MiB  %s\n", "peak RSS (bench_table)", rss, 600,
                rss < 600 ? "ok" : "MISSED");
    std::printf("%s\n", misses == 0 ? "all targets met" : "some targets missed");
    return 0;
}
