// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QIODevice>

namespace Planhat {

/// A request body that can be read once and never rewound.
///
/// Qt's HTTP/1 layer silently sends a request again (up to twice) when the connection drops
/// before an answer arrives, whatever the method. For a create or for bulk rows without a
/// key, that second send can apply the change twice. Uploading from a device that cannot
/// seek back makes Qt fail such a resend with QNetworkReply::ContentReSendError instead,
/// which the client reports as "may have been applied".
class OneShotBody final : public QIODevice
{
    Q_OBJECT
public:
    OneShotBody(const QByteArray &data, QObject *parent);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool reset() override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

} // namespace Planhat
