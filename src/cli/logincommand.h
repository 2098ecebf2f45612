// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"

#include <QUrl>

#include <memory>

namespace Planhat {

struct CredentialResult;

/// `login --profile NAME [--base-url URL | --region REGION] [--tenant UUID]`: reads the API
/// token from stdin, checks it with a one-row list, stores it in the OS keychain and saves
/// the profile. A token the server refuses is not stored; one that cannot be checked (network
/// error) is stored with a warning.
class LoginCommand final : public Command
{
    Q_OBJECT
public:
    explicit LoginCommand(CliContext &context, QObject *parent = nullptr);
    ~LoginCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    bool resolveSettings();
    void handleKeychainProbed(const CredentialResult &result);
    void checkToken(const QString &token);
    void storeToken(const QString &token);

    QString m_profileName;
    QUrl m_baseUrl;
    QString m_tenantUuid;
};

} // namespace Planhat
