// SPDX-License-Identifier: MIT
// A server that reads each request and hangs up without answering, over real loopback
// sockets. Qt's HTTP layer would quietly send such a request again; for a create or for bulk
// rows without a key that could apply the change twice, so the client must prevent it.
#include "jobwaiter.h"

#include "api/planhatclient.h"
#include "schema/schema.h"

#include <QTcpServer>
#include <QTcpSocket>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

/// Counts the requests it receives and closes each connection once a request is complete.
class HangUpServer final : public QObject
{
public:
    HangUpServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    const QByteArray &buffer = m_buffers[socket];
                    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
                    if (headerEnd < 0)
                        return;
                    const QByteArray header = buffer.left(headerEnd).toLower();
                    const qsizetype lengthAt = header.indexOf("content-length:");
                    const qsizetype length = lengthAt < 0
                        ? 0
                        : header.mid(lengthAt + 15, header.indexOf('\r', lengthAt) - lengthAt - 15)
                              .trimmed()
                              .toLongLong();
                    if (buffer.size() < headerEnd + 4 + length)
                        return;
                    m_requests.append(buffer.left(buffer.indexOf('\r')));
                    m_buffers.remove(socket);
                    socket->close();
                    socket->deleteLater();
                });
            }
        });
    }

    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    const QList<QByteArray> &requests() const { return m_requests; }

private:
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QByteArray> m_requests;
};

} // namespace

class TestConnectionDrops final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void createIsSentExactlyOnce();
    void bulkRowsWithoutKeyAreSentOnceAndReportedUnknown();
    void bulkRowsWithKeyAreRetried();
    void readsAreRetried();

private:
    std::unique_ptr<HangUpServer> m_server;
    std::unique_ptr<PlanhatClient> m_client;
    const ObjectType &companies() const { return *Schema::builtin().type("companies"); }
};

void TestConnectionDrops::init()
{
    m_server = std::make_unique<HangUpServer>();
    m_client = std::make_unique<PlanhatClient>(m_server->url());
    m_client->setToken("token-for-hangups");
    ClientOptions options;
    options.maxAttempts = 3;
    options.initialBackoff = std::chrono::milliseconds(10);
    options.maxBackoff = std::chrono::milliseconds(20);
    m_client->setOptions(options);
}

void TestConnectionDrops::createIsSentExactlyOnce()
{
    const ObjectResult result
        = startAndWait<ObjectResult>(m_client->create(companies(), {{"name", "Once"}}), 20000);
    QCOMPARE(result.error.kind(), ApiError::Kind::Network);
    QCOMPARE(result.error.outcome(), ApiError::Outcome::Unknown);
    QVERIFY2(result.error.message().contains("may have been created"),
             qPrintable(result.error.message()));
    QTest::qWait(200); // a resend, were there one, would arrive now
    QCOMPARE(m_server->requests(), QList<QByteArray> {"POST /companies HTTP/1.1"});
}

void TestConnectionDrops::bulkRowsWithoutKeyAreSentOnceAndReportedUnknown()
{
    const BulkUpsertResult result = startAndWait<BulkUpsertResult>(
        m_client->bulkUpsert(companies(), {{{"name", "No key 1"}}, {{"name", "No key 2"}}}), 20000);
    QCOMPARE(result.rows.size(), 2);
    QCOMPARE(result.rows.at(0).status, RowOutcome::Status::OutcomeUnknown);
    QCOMPARE(result.rows.at(1).status, RowOutcome::Status::OutcomeUnknown);
    QCOMPARE(result.unknown, 2);
    QTest::qWait(200); // deliberate: a resend, were there one, would arrive now
    QCOMPARE(m_server->requests().size(), 1);
}

void TestConnectionDrops::bulkRowsWithKeyAreRetried()
{
    const BulkUpsertResult result = startAndWait<BulkUpsertResult>(
        m_client->bulkUpsert(companies(),
                             {{{"externalId", "k1"}, {"name", "Keyed"}}, {{"name", "Keyless"}}}),
        20000);
    QCOMPARE(result.rows.at(1).status, RowOutcome::Status::OutcomeUnknown);
    // The keyed row was repeated (an upsert is safe to repeat) until attempts ran out.
    QVERIFY2(m_server->requests().size() >= 3,
             qPrintable(QString::number(m_server->requests().size())));
    QVERIFY(result.rows.at(0).status == RowOutcome::Status::Failed
            || result.rows.at(0).status == RowOutcome::Status::OutcomeUnknown);
}

void TestConnectionDrops::readsAreRetried()
{
    const ObjectResult result
        = startAndWait<ObjectResult>(m_client->get(companies(), "abc"), 20000);
    QCOMPARE(result.error.kind(), ApiError::Kind::Network);
    QCOMPARE(result.error.outcome(), ApiError::Outcome::NotApplied);
    QVERIFY(m_server->requests().size() >= 3);
}

QTEST_GUILESS_MAIN(TestConnectionDrops)
#include "tst_connectiondrops.moc"
