// SPDX-License-Identifier: MIT
// bench_client: how fast PlanhatClient lists and bulk-upserts against planhat-sandbox.
// Prints figures; asserts nothing. Usage: bench_client [COMPANIES] (default 100000).
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "schema/schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <cstdio>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

const ObjectType &companies()
{
    return *Schema::builtin().type(QStringLiteral("companies"));
}

void report(const char *what, double seconds, qint64 records)
{
    std::printf("%-46s %8.2f s  %10.0f records/s\n", what, seconds, records / seconds);
    std::fflush(stdout);
}

/// Fetches every page as raw bytes, 4 at a time, without parsing: what the sandbox and the
/// loopback transfer cost alone.
QList<QByteArray> fetchRawPages(const QUrl &baseUrl, int total, int pageSize)
{
    QNetworkAccessManager network;
    QList<QByteArray> pages(total / pageSize + 1);
    int next = 0;
    int running = 0;
    QEventLoop loop;
    std::function<void()> startNext = [&]() {
        while (running < 4 && next * pageSize <= total) {
            const int page = next++;
            QUrl url = baseUrl.resolved(QUrl(QStringLiteral("/companies")));
            url.setQuery(QStringLiteral("limit=%1&offset=%2").arg(pageSize).arg(page * pageSize));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
            QNetworkReply *reply = network.get(request);
            ++running;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, page]() {
                pages[page] = reply->readAll();
                reply->deleteLater();
                --running;
                startNext();
                if (running == 0)
                    loop.quit();
            });
        }
    };
    startNext();
    loop.exec();
    return pages;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;

    SandboxProcess sandbox;
    QElapsedTimer seedTimer;
    seedTimer.start();
    if (!sandbox.start({QStringLiteral("--seed-companies"), QString::number(total)})) {
        std::fprintf(stderr, "bench_client: %s\n", qPrintable(sandbox.errorString()));
        return 1;
    }
    std::printf("planhat-sandbox with %d companies ready in %.2f s\n", total,
                seedTimer.elapsed() / 1000.0);

    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());

    // 1. List every company with all fields.
    qint64 listed = 0;
    int requests = 0;
    QObject::connect(&client, &PlanhatClient::requestFinished, &client,
                     [&requests](const RequestLogEntry &) { ++requests; });
    QElapsedTimer timer;
    timer.start();
    ListJob *list = client.list(companies());
    QObject::connect(list, &ListJob::rowsReceived, &client,
                     [&listed](const QList<QJsonObject> &rows) { listed += rows.size(); });
    const ListResult listResult = startAndWait<ListResult>(list, 600000);
    const double listSeconds = timer.elapsed() / 1000.0;
    if (listResult.error.isError() || listed != total) {
        std::fprintf(stderr, "bench_client: list failed after %lld rows: %s\n", listed,
                     qPrintable(listResult.error.toString()));
        return 1;
    }
    report("list companies, all fields (client)", listSeconds, listed);
    std::printf("  %d requests\n", requests);

    // Where the time goes: the sandbox and transfer alone, then parsing alone.
    timer.restart();
    const QList<QByteArray> raw = fetchRawPages(sandbox.url(), total, 5000);
    const double rawSeconds = timer.elapsed() / 1000.0;
    qint64 rawBytes = 0;
    for (const QByteArray &page : raw)
        rawBytes += page.size();
    report("  of which: raw pages from sandbox, no parsing", rawSeconds, total);
    std::printf("  %.1f MB of JSON, %.0f bytes per company\n", rawBytes / 1e6,
                double(rawBytes) / total);
    timer.restart();
    qint64 parsed = 0;
    for (const QByteArray &page : raw) {
        const QJsonArray array = QJsonDocument::fromJson(page).array();
        for (const QJsonValue &value : array)
            parsed += value.toObject().size() > 0 ? 1 : 0;
    }
    report("  of which: parsing those pages on one thread", timer.elapsed() / 1000.0, parsed);

    // 2. Bulk-upsert keyed rows: half update existing companies (the sandbox seeds
    // externalIds ext-1 ... ext-N, zero-padded to N's width), half create new ones.
    const int keyWidth = int(QString::number(total).size());
    const auto makeRows = [total, keyWidth](const QString &namePrefix) {
        QList<QJsonObject> rows;
        rows.reserve(total);
        for (int i = 0; i < total; ++i) {
            const bool update = i % 2 == 0;
            const QString externalId = update
                ? QStringLiteral("ext-%1").arg(i + 1, keyWidth, 10, QLatin1Char('0'))
                : QStringLiteral("bench-new-%1").arg(i);
            rows.append(
                QJsonObject {{QStringLiteral("externalId"), externalId},
                             {QStringLiteral("name"), namePrefix + QString::number(i)},
                             {QStringLiteral("phase"), QStringLiteral("Adoption")},
                             {QStringLiteral("custom"),
                              QJsonObject {{QStringLiteral("Seats"), i % 500},
                                           {QStringLiteral("Region"), QStringLiteral("EMEA")}}}});
        }
        return rows;
    };
    const QList<QJsonObject> rows = makeRows(QStringLiteral("Bench company "));
    timer.restart();
    const BulkUpsertResult upsert
        = startAndWait<BulkUpsertResult>(client.bulkUpsert(companies(), rows), 600000);
    const double upsertSeconds = timer.elapsed() / 1000.0;
    if (!upsert.allSucceeded()) {
        std::fprintf(stderr, "bench_client: upsert: %d failed, %d unknown: %s\n", upsert.failed,
                     upsert.unknown, qPrintable(upsert.error.toString()));
        return 1;
    }
    report("bulk upsert keyed rows (client)", upsertSeconds, total);
    std::printf("  created %d, updated %d, unchanged %d\n", upsert.created, upsert.updated,
                upsert.unchanged);

    // Where the time goes: the same kind of chunks, serialised beforehand and sent one after
    // another with plain QNetworkAccessManager, is what the sandbox alone costs.
    const QList<QJsonObject> rawRows = makeRows(QStringLiteral("Raw bench company "));
    QList<QByteArray> bodies;
    for (int first = 0; first < total; first += 5000) {
        QJsonArray chunk;
        for (int i = first; i < qMin(total, first + 5000); ++i)
            chunk.append(rawRows.at(i));
        bodies.append(QJsonDocument(chunk).toJson(QJsonDocument::Compact));
    }
    timer.restart();
    {
        QNetworkAccessManager network;
        for (const QByteArray &body : bodies) {
            QNetworkRequest request(sandbox.url().resolved(QUrl(QStringLiteral("/companies"))));
            request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            QNetworkReply *reply = network.put(request, body);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            reply->deleteLater();
        }
    }
    report("  of which: raw PUTs to the sandbox, no client", timer.elapsed() / 1000.0, total);

    std::printf("peak RSS: bench_client %.0f MiB, planhat-sandbox %.0f MiB\n", ownPeakRssMiB(),
                sandbox.peakRssMiB());
    std::printf("targets: list %d in <= 3 s, upsert %d in <= 8 s\n", total, total);
    return 0;
}
