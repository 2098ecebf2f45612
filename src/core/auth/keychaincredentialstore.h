// SPDX-License-Identifier: MIT
#pragma once

#include "credentialstore.h"

namespace Planhat {

/// Tokens in the OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS,
/// Credential Manager on Windows): service `serviceName`, key = profile name. Never falls back
/// to plain-text storage: where no keychain exists, jobs finish with Unavailable.
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    /// "planhat-admin", shared by the desktop app and planhat-cli.
    static QString defaultServiceName();

    explicit KeychainCredentialStore(QObject *parent = nullptr);
    KeychainCredentialStore(const QString &serviceName, QObject *parent = nullptr);

    QString serviceName() const { return m_serviceName; }

    CredentialJob *readToken(const QString &profile) override;
    CredentialJob *writeToken(const QString &profile, const QString &token) override;
    CredentialJob *deleteToken(const QString &profile) override;

private:
    QString m_serviceName;
};

} // namespace Planhat
