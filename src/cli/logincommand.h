// SPDX-License-Identifier: MIT
#pragma once

#include "api/clientoptions.h"
#include "command.h"

#include <QUrl>

#include <memory>

namespace Planhat {

struct CredentialResult;

/// `login --profile NAME [--base-url URL | --region REGION] [--tenant UUID] [--max-rate N]`:
/// reads the API token from stdin, checks it with a one-row list, stores it in the OS keychain
/// and saves the profile, with --max-rate as its pace when given (else the pace it had, else
/// the default). A token the server refuses is not stored; one that cannot be checked
/// (network error) is stored with a warning.
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
    int m_requestsPerMinute = ClientOptions().requestsPerMinute;
};

} // namespace Planhat
