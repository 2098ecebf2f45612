// SPDX-License-Identifier: MIT
#include "credentialstore.h"

#include <QMetaObject>

namespace Planhat {

QString CredentialResult::message() const
{
    switch (status) {
    case Status::Ok:
        return QString();
    case Status::NotFound:
        return QStringLiteral("no token is stored for this profile");
    case Status::Unavailable:
        return QStringLiteral("No keychain (Secret Service) is available: %1").arg(reason);
    case Status::Failed:
        return QStringLiteral("The keychain failed: %1").arg(reason);
    }
    return reason;
}

CredentialJob::CredentialJob(Operation operation, const QString &profile, QObject *parent)
    : QObject(parent)
    , m_operation(operation)
    , m_profile(profile)
{
    qRegisterMetaType<CredentialResult>();
}

void CredentialJob::start()
{
    if (m_started)
        return;
    m_started = true;
    begin();
}

void CredentialJob::finishWith(const CredentialResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    // Queued, so a job that knows its answer at once still reports after start() returned.
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            Q_EMIT finished(result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

} // namespace Planhat
