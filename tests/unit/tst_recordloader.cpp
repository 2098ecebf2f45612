// SPDX-License-Identifier: MIT
#include "api/planhatclient.h"
#include "fakenetwork.h"
#include "models/objectcolumn.h"
#include "models/recordloader.h"
#include "models/recordstore.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

constexpr int total = 3000;
constexpr int pageSize = 40;

QByteArray companiesJson(int first, int count)
{
    QJsonArray array;
    for (int n = first; n < first + count; ++n) {
        array.append(QJsonObject {{QStringLiteral("_id"), QStringLiteral("id%1").arg(n, 5)},
                                  {QStringLiteral("name"), QStringLiteral("Company %1").arg(n)}});
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

struct Harness
{
    Harness()
    {
        auto network = std::make_unique<FakeNetwork>();
        fake = network.get();
        client = std::make_unique<PlanhatClient>(QUrl(QStringLiteral("https://api.example.com")),
                                                 std::move(network));
        ClientOptions options = client->options();
        options.requestsPerMinute = 0;
        options.pagesInFlight = 8;
        client->setOptions(options);
        client->setToken(QStringLiteral("tok"));
        fake->handler = [](const SeenRequest &request) {
            const int offset = request.query(QStringLiteral("offset")).toInt();
            const int limit = request.query(QStringLiteral("limit")).toInt();
            return FakeAnswer::json(200, companiesJson(offset, qBound(0, total - offset, limit)),
                                    1);
        };
        loader = std::make_unique<RecordLoader>(companies, columns, client.get());
        loader->setPageSize(pageSize);
        QObject::connect(loader.get(), &RecordLoader::finished, loader.get(),
                         [this](const ApiError &error) { finished = error; });
    }

    const ObjectType companies = *Schema::builtin().type(QStringLiteral("companies"));
    const QList<ObjectColumn> columns = ObjectColumn::columnsFor(companies);
    FakeNetwork *fake = nullptr;
    std::unique_ptr<PlanhatClient> client;
    std::unique_ptr<RecordLoader> loader;
    std::optional<ApiError> finished;
};

} // namespace

class TestRecordLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliversEveryRowInOrder();
    void slowReceiverHoldsTheListing();
};

void TestRecordLoader::deliversEveryRowInOrder()
{
    Harness h;
    RecordStore store(h.columns);
    connect(h.loader.get(), &RecordLoader::rowsReceived, this,
            [&store](const RecordBlock &block) { store.append(block.rows); });
    h.loader->start();
    QVERIFY(QTest::qWaitFor([&] { return h.finished.has_value(); }, 10000));
    QVERIFY(!h.finished->isError());
    QVERIFY(h.loader->isComplete());
    QCOMPARE(store.rowCount(), total);
    for (int row = 0; row < total; row += 97)
        QCOMPARE(store.id(store.slotOf(row)), QStringLiteral("id%1").arg(row, 5));
}

void TestRecordLoader::slowReceiverHoldsTheListing()
{
    // A receiver slower than the network: pages must not pile up in the loader, so the pages
    // asked for stay a few ahead of those taken in.
    Harness h;
    int rows = 0;
    qsizetype mostAhead = 0;
    connect(h.loader.get(), &RecordLoader::rowsReceived, this, [&](const RecordBlock &block) {
        rows += block.rows.rowCount();
        const qsizetype pagesTaken = rows / pageSize;
        mostAhead = qMax(mostAhead, h.fake->requests.size() - pagesTaken);
        QThread::msleep(8);
    });
    h.loader->start();
    QVERIFY(QTest::qWaitFor([&] { return h.finished.has_value(); }, 20000));
    QVERIFY(!h.finished->isError());
    QCOMPARE(rows, total);
    // At most the pages queued in the loader, those in flight or parsed in the job
    // (pagesInFlight) and the one being taken in; without the hold the listing ran ahead by
    // over 60 of the 76 pages.
    QVERIFY2(mostAhead <= 14, qPrintable(QString::number(mostAhead)));
}

QTEST_GUILESS_MAIN(TestRecordLoader)
#include "tst_recordloader.moc"
