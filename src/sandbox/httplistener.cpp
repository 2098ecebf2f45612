// SPDX-License-Identifier: MIT
#include "httplistener.h"

#include <QTcpSocket>

namespace Planhat::Sandbox {

namespace {

constexpr qint64 maxHeadSize = 16 * 1024;

} // namespace

HttpListener::HttpListener(QObject *parent)
    : QTcpServer(parent)
{ }

void HttpListener::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Connected before QAbstractHttpServer connects its own handler, so this sees each
    // request's first bytes before they are consumed.
    connect(socket, &QTcpSocket::readyRead, socket, [socket]() { continueIfExpected(socket); });
    addPendingConnection(socket);
}

void HttpListener::continueIfExpected(QTcpSocket *socket)
{
    // QAbstractHttpServer reads each request inside a read transaction: one in progress
    // means this request's head has been looked at already.
    if (socket->isTransactionStarted())
        return;
    const QByteArray data = socket->peek(maxHeadSize);
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QByteArray head = data.left(headEnd + 2).toLower();
    if (!head.contains("\r\nexpect: 100-continue\r\n"))
        return;
    const qsizetype lengthAt = head.indexOf("\r\ncontent-length:");
    if (lengthAt < 0)
        return;
    const qsizetype lengthEnd = head.indexOf("\r\n", lengthAt + 2);
    const qint64 contentLength
        = head.mid(lengthAt + 17, lengthEnd - lengthAt - 17).trimmed().toLongLong();
    const qint64 bodyReceived = socket->bytesAvailable() - (headEnd + 4);
    if (contentLength > bodyReceived)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

} // namespace Planhat::Sandbox
