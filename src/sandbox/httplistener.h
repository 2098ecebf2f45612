// SPDX-License-Identifier: MIT
#pragma once

#include <QTcpServer>

class QTcpSocket;

namespace Planhat::Sandbox {

/// The sandbox's TCP listener. Besides accepting connections it answers
/// `Expect: 100-continue` with an interim "100 Continue", which QAbstractHttpServer 6.4
/// does not do: curl sends that header with bodies over 1 MB and would otherwise wait a
/// second before every large bulk upsert.
class HttpListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit HttpListener(QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    static void continueIfExpected(QTcpSocket *socket);
};

} // namespace Planhat::Sandbox
