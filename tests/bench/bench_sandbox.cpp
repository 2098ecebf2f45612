// SPDX-License-Identifier: MIT
// bench_sandbox: what planhat-sandbox itself costs, so client benchmarks can tell whether
// they measure the client or the sandbox. Prints figures; asserts nothing.
// Usage: bench_sandbox [COMPANIES...] (default 100000 1000000). For each size: seeding
// (wall, the sandbox's CPU, its RSS), a plain page against a `select` page, and 5,000-row
// bulk upserts (half updates, half creates). CPU times come from /proc/<pid>/stat, so they
// stay meaningful on a loaded machine; the load average is printed beside them.
#include "platform/tcpnodelay.h"
#include "sandboxprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <cstdio>
#include <unistd.h>

using namespace Planhat::Test;

namespace {

/// User + system CPU seconds the process `pid` has used so far.
double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double ticks = double(sysconf(_SC_CLK_TCK));
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

double rssMiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.simplified().split(' ').value(1).toDouble() / 1024.0;
    }
    return -1;
}

QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return "?";
    return file.readAll().split(' ').mid(0, 3).join(' ');
}

struct Answer
{
    int status = 0;
    QByteArray body;
};

Answer send(QNetworkAccessManager *network, const QUrl &url, const QByteArray &method,
            const QByteArray &body = {})
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network->sendCustomRequest(request, method, body);
    // As planhat-cli's client does (ClientCore::send()): with Nagle on, a bulk body's last
    // short piece waits for the sandbox's delayed ACK, ~40 ms that are not the sandbox's.
    QObject::connect(reply, &QNetworkReply::socketStartedConnecting, reply,
                     [] { Planhat::disableNagleOnOpenSockets(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

/// Wall and sandbox CPU of one step, in milliseconds.
class Step
{
public:
    explicit Step(qint64 pid)
        : m_pid(pid)
        , m_cpu(cpuSeconds(pid))
    {
        m_timer.start();
    }
    double wallMs() const { return double(m_timer.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return (cpuSeconds(m_pid) - m_cpu) * 1000.0; }
    void print(const char *what, int repeats = 1) const
    {
        std::printf("  %-44s wall %8.1f ms  sandbox CPU %8.1f ms%s\n", what, wallMs() / repeats,
                    cpuMs() / repeats, repeats > 1 ? "  (each)" : "");
        std::fflush(stdout);
    }
    static void print(const char *what, double wallMs, double cpuMs)
    {
        std::printf("  %-44s wall %8.1f ms  sandbox CPU %8.1f ms\n", what, wallMs, cpuMs);
        std::fflush(stdout);
    }

private:
    qint64 m_pid;
    double m_cpu;
    QElapsedTimer m_timer;
};

/// 5,000 rows keyed by externalId: even rows update seeded companies, odd rows create.
QByteArray bulkBody(int total, int round)
{
    const int width = int(QString::number(total).size());
    QJsonArray rows;
    for (int i = 0; i < 5000; ++i) {
        const bool update = i % 2 == 0;
        const QString externalId = update
            ? QStringLiteral("ext-%1").arg(1 + (i * 97 + round * 13) % total, width, 10,
                                           QLatin1Char('0'))
            : QStringLiteral("bench-%1-%2").arg(round).arg(i);
        rows.append(
            QJsonObject {{QStringLiteral("externalId"), externalId},
                         {QStringLiteral("name"), QStringLiteral("Bench %1 %2").arg(round).arg(i)},
                         {QStringLiteral("phase"), QStringLiteral("Adoption")},
                         {QStringLiteral("custom"),
                          QJsonObject {{QStringLiteral("Seats"), i % 500 + round},
                                       {QStringLiteral("Region"), QStringLiteral("EMEA")}}}});
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Compact);
}

bool benchOne(int total)
{
    std::printf("== %d companies (load %s)\n", total, loadAverage().constData());
    SandboxProcess sandbox;
    QElapsedTimer seedTimer;
    seedTimer.start();
    if (!sandbox.start({QStringLiteral("--seed-companies"), QString::number(total)})) {
        std::fprintf(stderr, "bench_sandbox: %s\n", qPrintable(sandbox.errorString()));
        return false;
    }
    const qint64 pid = sandbox.processId();
    std::printf("  seed + ready                                 wall %8.1f ms  sandbox CPU %8.1f "
                "ms  RSS %.0f MiB\n",
                double(seedTimer.elapsed()), cpuSeconds(pid) * 1000.0, rssMiB(pid));

    QNetworkAccessManager network;
    const auto pageUrl = [&sandbox, total](int page, const QString &extra) {
        QUrl url = sandbox.url().resolved(QUrl(QStringLiteral("/companies")));
        const int offset = (page * 7919 * 2000) % qMax(1, total - 2000);
        url.setQuery(QStringLiteral("limit=2000&offset=%1%2").arg(offset).arg(extra));
        return url;
    };
    constexpr int pages = 20;
    const struct
    {
        const char *label;
        QString query;
    } kinds[] = {
        {"page of 2000, every field", QString()},
        {"page of 2000, select=name", QStringLiteral("&select=name")},
        {"page of 2000, select=name,custom.Seats", QStringLiteral("&select=name,custom.Seats")},
        {"page of 2000, sort=name (first: sorts)", QStringLiteral("&sort=name")},
        {"page of 2000, sort=name (cached order)", QStringLiteral("&sort=name")},
    };
    for (const auto &kind : kinds) {
        const Step step(pid);
        const int repeats = QByteArray(kind.label).contains("first") ? 1 : pages;
        qint64 bytes = 0;
        for (int page = 0; page < repeats; ++page) {
            const Answer answer = send(&network, pageUrl(page, kind.query), "GET");
            if (answer.status != 200) {
                std::fprintf(stderr, "bench_sandbox: list answered %d\n", answer.status);
                return false;
            }
            bytes += answer.body.size();
        }
        step.print(kind.label, repeats);
        std::printf("    %.0f KB per page\n", double(bytes) / repeats / 1024.0);
    }

    // Ten rounds: the sandbox's CPU time comes in clock ticks of 10 ms, so the average of
    // ten says more than any one.
    constexpr int rounds = 10;
    double totalWall = 0;
    double totalCpu = 0;
    for (int round = 1; round <= rounds; ++round) {
        const QByteArray body = bulkBody(total, round);
        const Step step(pid);
        const Answer answer = send(
            &network, sandbox.url().resolved(QUrl(QStringLiteral("/companies"))), "PUT", body);
        // Taken before this client reads the answer: the step measures the round trip.
        const double wall = step.wallMs();
        const double cpu = step.cpuMs();
        totalWall += wall;
        totalCpu += cpu;
        const QJsonObject result = QJsonDocument::fromJson(answer.body).object();
        if (answer.status != 200 || result.value(QStringLiteral("created")).toInt() != 2500
            || result.value(QStringLiteral("updated")).toInt() != 2500) {
            std::fprintf(stderr, "bench_sandbox: bulk upsert answered %d: %s\n", answer.status,
                         answer.body.left(300).constData());
            return false;
        }
        if (round <= 3) {
            const QByteArray label
                = "bulk upsert 5000 (2500 new, 2500 updated) #" + QByteArray::number(round);
            Step::print(label.constData(), wall, cpu);
        }
    }
    Step::print("bulk upsert 5000, average of 10", totalWall / rounds, totalCpu / rounds);
    std::printf("  sandbox RSS now %.0f MiB, peak %.0f MiB (load %s)\n", rssMiB(pid),
                sandbox.peakRssMiB(), loadAverage().constData());
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QList<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.append(QByteArray(argv[i]).toInt());
    if (sizes.isEmpty())
        sizes = {100000, 1000000};
    for (const int total : sizes) {
        if (total < 5000) {
            std::fprintf(stderr, "bench_sandbox: sizes must be at least 5000\n");
            return 2;
        }
        if (!benchOne(total))
            return 1;
    }
    std::printf("targets: ready with 1,000,000 in < 10 s and RSS < 1.5 GB; 100,000 seeded in "
                "< 1 s; select page <= plain page; bulk upsert of 5000 < 50 ms\n");
    return 0;
}
