// SPDX-License-Identifier: MIT
// disableNagleOnOpenSockets() on a real loopback connection: both ends get TCP_NODELAY,
// what is no TCP socket is left alone.
#include "platform/tcpnodelay.h"

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

using namespace Planhat;

namespace {

int noDelayOf(qintptr descriptor)
{
    int value = -1;
    socklen_t size = sizeof value;
    if (::getsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &value, &size) != 0)
        return -1;
    return value;
}

} // namespace

class TestTcpNoDelay final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bothEndsOfAConnectionSendWithoutDelay();
};

void TestTcpNoDelay::bothEndsOfAConnectionSendWithoutDelay()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
    QVERIFY(accepted);
    QTemporaryDir dir;
    QFile file(dir.filePath("plain"));
    QVERIFY(file.open(QIODevice::WriteOnly));

    // Sockets start with Nagle on: otherwise this test would prove nothing.
    QCOMPARE(noDelayOf(client.socketDescriptor()), 0);
    QCOMPARE(noDelayOf(accepted->socketDescriptor()), 0);

    // The two ends; the listening socket may count too.
    QVERIFY(disableNagleOnOpenSockets() >= 2);
    QCOMPARE(noDelayOf(client.socketDescriptor()), 1);
    QCOMPARE(noDelayOf(accepted->socketDescriptor()), 1);
    QCOMPARE(noDelayOf(file.handle()), -1); // a file has no such option, and is unharmed
    QVERIFY(file.write("still writable") > 0);
    // Nothing left to change.
    QCOMPARE(disableNagleOnOpenSockets(), 0);

    // The connection still carries data both ways.
    client.write("ping");
    QVERIFY(client.waitForBytesWritten(5000));
    QVERIFY(accepted->bytesAvailable() > 0 || accepted->waitForReadyRead(5000));
    QCOMPARE(accepted->readAll(), QByteArray("ping"));
}

QTEST_GUILESS_MAIN(TestTcpNoDelay)
#include "tst_tcpnodelay.moc"
