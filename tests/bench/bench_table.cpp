// SPDX-License-Identifier: MIT
// bench_table: ObjectTableModel and ObjectFilterProxyModel over many companies from
// planhat-sandbox: time to the first rows and to all rows, the first sort by name and by a
// custom number, a quick filter, a column filter and deleting 500 rows (each until its result
// is shown: the proxy computes on a worker thread and swaps the result in); the longest the
// GUI thread went without handling events; peak RSS. Prints figures against the targets;
// asserts nothing.
// Usage: bench_table [COMPANIES] (default 100000).
#include "benchsupport.h"
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

/// CPU time of the whole process (every thread: the pool sorts and filters in parts).
double processCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
}

double cpuMark = 0;
double processCpuMark = 0;

void restart(QElapsedTimer *timer)
{
    timer->restart();
    cpuMark = threadCpuMs();
    processCpuMark = processCpuMs();
}

/// `cpuAt`: the GUI thread's CPU clock when the step ended; now when negative.
/// `processCpuAt`: the same for the whole process.
void report(const char *what, double milliseconds, double targetMilliseconds, double cpuAt = -1,
            double processCpuAt = -1)
{
    const bool met = milliseconds <= targetMilliseconds;
    misses += met ? 0 : 1;
    const double cpu = (cpuAt < 0 ? threadCpuMs() : cpuAt) - cpuMark;
    std::printf("%-42s %7.0f ms  target %5.0f ms  %-6s  GUI thread CPU %5.0f ms  all threads "
                "%5.0f ms\n",
                what, milliseconds, targetMilliseconds, met ? "ok" : "MISSED", cpu,
                (processCpuAt < 0 ? processCpuMs() : processCpuAt) - processCpuMark);
    std::fflush(stdout);
}

/// How late a timer ticking every few milliseconds on the GUI thread fires: the longest time
/// the window could not repaint or take input.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(interval);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.elapsed();
            m_longest = qMax(m_longest, now - m_last - interval);
            m_last = now;
            const double cpu = threadCpuMs();
            m_longestCpu = qMax(m_longestCpu, cpu - m_lastCpu);
            m_lastCpu = cpu;
        });
        m_clock.start();
        m_timer.start();
    }
    /// Lets the timer see a step that just blocked the thread.
    void settle()
    {
        QEventLoop loop;
        QTimer::singleShot(3 * interval, &loop, &QEventLoop::quit);
        loop.exec();
    }
    /// The longest stall since the last take, and starts over.
    qint64 take()
    {
        settle();
        const qint64 longest = m_longest;
        m_longest = 0;
        return longest;
    }
    /// The most CPU time the GUI thread spent between two ticks since the last call: the
    /// stall without the time other processes took the core (this machine is shared).
    double takeCpu()
    {
        const double longest = m_longestCpu;
        m_longestCpu = 0;
        return longest;
    }

private:
    static constexpr int interval = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
    double m_lastCpu = threadCpuMs();
    double m_longestCpu = 0;
};

/// Prints the longest stall since the last take (`what` the GUI thread was doing) and keeps
/// the longest of all.
void noteStall(const char *what, StallMeter *stalls, qint64 *longest, double *longestCpu)
{
    const qint64 stall = stalls->take();
    const double cpu = stalls->takeCpu();
    std::printf("  longest GUI-thread stall while %s: %lld ms (GUI thread CPU %.0f ms)\n", what,
                stall, cpu);
    *longest = qMax(*longest, stall);
    *longestCpu = qMax(*longestCpu, cpu);
}

/// Runs the event loop until the proxy shows the result of its last sort or filter.
void waitForResult(ObjectFilterProxyModel *proxy)
{
    if (!proxy->isBusy())
        return;
    QEventLoop loop;
    QObject::connect(proxy, &ObjectFilterProxyModel::busyChanged, &loop, [&loop](bool busy) {
        if (!busy)
            loop.quit();
    });
    loop.exec();
}

/// The targets: at 1,000,000 rows, and at 100,000 rows three times better than the
/// issue's 500,000-row figures scaled down.
struct Targets
{
    double firstRows;
    double loaded;
    double sort;
    double filter;
    double remove;
    double stall;
    double rssMiB;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const Targets targets = total >= 1000000 ? Targets {1000, 8000, 500, 500, 500, 50, 1024}
                                             : Targets {1000, 500, 113, 67, 113, 50, 200};

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
    // Measure the table, not Planhat's soft quota: at 200 calls a minute the 500 pages of a
    // million rows alone take 2.5 minutes, as they would against a real tenant.
    ClientOptions options = client.options();
    options.requestsPerMinute = 0;
    client.setOptions(options);
    ReferenceResolver resolver(&client);
    const CustomFieldCatalog catalog = loadCatalog(&client);
    const ObjectType companies
        = catalog.apply(*Schema::builtin().type(QStringLiteral("companies")));
    StallMeter stalls;

    // "Choosing companies": the model and its proxy are made and the view fetches.
    restart(&timer);
    double firstRowsCpu = 0;
    double firstRowsProcessCpu = 0;
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
            firstRowsProcessCpu = processCpuMs();
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
    const double loadedProcessCpu = processCpuMs();
    report("first rows shown after choosing companies", double(firstRowsMs), targets.firstRows,
           firstRowsCpu, firstRowsProcessCpu);
    report("all rows loaded into the model", double(loadedMs), targets.loaded, loadedCpu,
           loadedProcessCpu);
    qint64 longestStall = stalls.take();
    double longestStallCpu = stalls.takeCpu();
    std::printf("  longest GUI-thread stall while loading: %lld ms (GUI thread CPU %.0f ms)\n",
                longestStall, longestStallCpu);

    const int nameColumn = model.columnOf(QStringLiteral("name"));
    const int seatsColumn = model.columnOf(QStringLiteral("custom.Seats"));
    restart(&timer);
    proxy.sort(nameColumn, Qt::AscendingOrder);
    waitForResult(&proxy);
    report("sort by name (first time)", double(timer.elapsed()), targets.sort);
    restart(&timer);
    proxy.sort(seatsColumn, Qt::DescendingOrder);
    waitForResult(&proxy);
    report("sort by custom number field (first time)", double(timer.elapsed()), targets.sort);
    restart(&timer);
    proxy.sort(nameColumn, Qt::DescendingOrder);
    waitForResult(&proxy);
    report("  sort by name again", double(timer.elapsed()), targets.sort);
    noteStall("sorting", &stalls, &longestStall, &longestStallCpu);

    // A word from a name, as someone would type it.
    const QString word = proxy.index(proxy.rowCount() / 2, nameColumn)
                             .data()
                             .toString()
                             .section(QLatin1Char(' '), 0, 0)
                             .toLower();
    restart(&timer);
    proxy.setQuickFilter(word);
    waitForResult(&proxy);
    report("quick filter (first time)", double(timer.elapsed()), targets.filter);
    std::printf("  \"%s\" keeps %d rows\n", qPrintable(word), proxy.rowCount());
    restart(&timer);
    proxy.setQuickFilter(QString());
    proxy.setColumnFilter(model.columnOf(QStringLiteral("custom.Region")), QStringLiteral("emea"));
    waitForResult(&proxy);
    report("column filter", double(timer.elapsed()), targets.filter);
    std::printf("  Region \"emea\" keeps %d rows\n", proxy.rowCount());
    restart(&timer);
    proxy.clearFilters();
    waitForResult(&proxy);
    report("  clear filters", double(timer.elapsed()), targets.filter);
    noteStall("filtering", &stalls, &longestStall, &longestStallCpu);

    // 500 records spread over the table, deleted while it is sorted by name.
    QStringList doomed;
    for (int i = 0; i < 500; ++i)
        doomed.append(model.objectId(int(qint64(i) * model.rowCount() / 500)));
    restart(&timer);
    const int removed = model.removeRecords(doomed);
    waitForResult(&proxy);
    report("delete 500 rows", double(timer.elapsed()), targets.remove);
    if (removed != 500 || model.rowCount() != total - 500) {
        std::fprintf(stderr, "bench_table: deleted %d, %d rows left\n", removed, model.rowCount());
        return 1;
    }
    noteStall("deleting", &stalls, &longestStall, &longestStallCpu);

    const double stall = double(longestStall);
    misses += stall <= targets.stall ? 0 : 1;
    std::printf("%-42s %7.0f ms  target %5.0f ms  %-6s  GUI thread CPU %5.0f ms\n",
                "longest GUI-thread stall", stall, targets.stall,
                stall <= targets.stall ? "ok" : "MISSED", longestStallCpu);
    const double rss = ownPeakRssMiB();
    misses += rss < targets.rssMiB ? 0 : 1;
    std::printf("%-42s %7.0f MiB target %5.0f MiB %s\n", "peak RSS (bench_table)", rss,
                targets.rssMiB, rss < targets.rssMiB ? "ok" : "MISSED");
    std::printf("%s\n", misses == 0 ? "all targets met" : "some targets missed");
    return 0;
}
