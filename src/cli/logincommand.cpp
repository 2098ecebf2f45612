// SPDX-License-Identifier: MIT
#include "logincommand.h"

#include "api/apiendpoint.h"
#include "auth/connectioncheck.h"
#include "auth/credentialstore.h"
#include "auth/profilestore.h"
#include "clicontext.h"
#include "tokeninput.h"

#include <QProcessEnvironment>
#include <QUuid>

namespace Planhat {

LoginCommand::LoginCommand(CliContext &context, QObject *parent)
    : Command(context, parent)
{ }

LoginCommand::~LoginCommand() = default;

CommandSpec LoginCommand::spec()
{
    return {QStringLiteral("login"),
            // The global --max-rate, given to login, is stored as the profile's pace.
            QStringLiteral("login --profile NAME [--region REGION] [--tenant-uuid UUID]"),
            QStringLiteral("Save a profile and its API token (read from stdin) in the keychain"),
            {QCommandLineOption(QStringLiteral("region"),
                                QStringLiteral("Planhat region, e.g. eu2 (api-REGION.planhat.com) "
                                               "instead of --base-url."),
                                QStringLiteral("REGION")),
             QCommandLineOption(QStringLiteral("tenant"),
                                QStringLiteral("Analytics tenant UUID of the profile."),
                                QStringLiteral("UUID"))},
            0,
            0};
}

bool LoginCommand::resolveSettings()
{
    const QCommandLineParser &parser = m_context.parser();
    m_profileName = m_context.profileName();
    if (m_profileName.isEmpty()) {
        m_context.printError(QStringLiteral("login needs --profile NAME"));
        return false;
    }
    if (!ProfileStore::isValidName(m_profileName)) {
        m_context.printError(QStringLiteral("'%1' cannot name a profile: use 1 to 64 letters, "
                                            "digits, '.', '_', '-' or '@'")
                                 .arg(m_profileName));
        return false;
    }
    const std::optional<Profile> existing = ProfileStore().profile(m_profileName);

    const bool hasBaseUrl = parser.isSet(QStringLiteral("base-url"));
    const bool hasRegion = parser.isSet(QStringLiteral("region"));
    if (hasBaseUrl && hasRegion) {
        m_context.printError(QStringLiteral("--base-url and --region exclude each other"));
        return false;
    }
    QString baseUrlText;
    if (hasRegion) {
        const QString region = parser.value(QStringLiteral("region"));
        const QUrl regional = ApiEndpoint::regionalBaseUrl(region);
        if (!regional.isValid()) {
            m_context.printError(QStringLiteral("'%1' is not a region name").arg(region));
            return false;
        }
        baseUrlText = regional.toString();
    } else if (hasBaseUrl) {
        baseUrlText = parser.value(QStringLiteral("base-url"));
    } else if (existing && existing->baseUrl.isValid()) {
        baseUrlText = existing->baseUrl.toString();
    } else {
        baseUrlText
            = QProcessEnvironment::systemEnvironment().value(QStringLiteral("PLANHAT_BASE_URL"));
    }
    QString error;
    m_baseUrl = ApiEndpoint::baseUrlOrDefault(baseUrlText, &error);
    if (!m_baseUrl.isValid()) {
        m_context.printError(error);
        return false;
    }

    // --tenant-uuid is the global option (every command takes it); --tenant, the older name.
    const QString tenantOption = parser.isSet(QStringLiteral("tenant"))
        ? QStringLiteral("tenant")
        : QStringLiteral("tenant-uuid");
    if (parser.isSet(tenantOption)) {
        m_tenantUuid = parser.value(tenantOption).trimmed();
        if (!m_tenantUuid.isEmpty() && QUuid::fromString(m_tenantUuid).isNull()) {
            m_context.printError(
                QStringLiteral("--%1 takes a UUID, not '%2'").arg(tenantOption, m_tenantUuid));
            return false;
        }
    } else if (existing) {
        m_tenantUuid = existing->tenantUuid;
    }

    // Only the option is stored: PLANHAT_MAX_RATE is a setting of one shell, not the profile.
    if (parser.isSet(QStringLiteral("max-rate"))) {
        QString error;
        const std::optional<int> rate = m_context.requestedRequestsPerMinute(&error); // the option
        if (!rate) {
            m_context.printError(error);
            return false;
        }
        m_requestsPerMinute = *rate;
    } else if (existing) {
        m_requestsPerMinute = existing->requestsPerMinute;
    }
    return true;
}

void LoginCommand::run()
{
    if (!resolveSettings()) {
        finish(ExitCode::Usage);
        return;
    }
    // Ask the keychain first: without one, say so before anyone types or pastes a token.
    CredentialJob *probe = m_context.credentialStore()->readToken(m_profileName);
    connect(probe, &CredentialJob::finished, this, &LoginCommand::handleKeychainProbed);
    probe->start();
}

void LoginCommand::handleKeychainProbed(const CredentialResult &result)
{
    if (result.status != CredentialResult::Status::Ok
        && result.status != CredentialResult::Status::NotFound) {
        finish(m_context.reportCredentialFailure(result, m_profileName));
        return;
    }
    const QString token = readTokenFromStdin(
        QStringLiteral("Planhat API token for profile %1 (input hidden): ").arg(m_profileName));
    if (token.isEmpty()) {
        m_context.printError(QStringLiteral("no token given: type it at the prompt or pipe it "
                                            "in on stdin"));
        finish(ExitCode::Usage);
        return;
    }
    checkToken(token);
}

void LoginCommand::checkToken(const QString &token)
{
    auto *check = new ConnectionCheck(m_baseUrl, token, this);
    connect(check, &ConnectionCheck::finished, this,
            [this, token, check](const ConnectionCheckResult &result) {
                check->deleteLater();
                if (result.outcome == ConnectionCheckResult::Outcome::WrongToken) {
                    m_context.printError(
                        QStringLiteral("%1 refused the token, so it was not stored: %2")
                            .arg(m_baseUrl.toString(), result.error.toString()));
                    finish(ExitCode::Auth);
                    return;
                }
                if (!result.isOk()) {
                    m_context.printNote(QStringLiteral("planhat-cli: warning: could not check the "
                                                       "token with %1 (%2); storing it anyway")
                                            .arg(m_baseUrl.toString(), result.error.toString()));
                }
                storeToken(token);
            });
    check->start();
}

void LoginCommand::storeToken(const QString &token)
{
    CredentialJob *job = m_context.credentialStore()->writeToken(m_profileName, token);
    connect(job, &CredentialJob::finished, this, [this](const CredentialResult &result) {
        if (!result.isOk()) {
            finish(m_context.reportCredentialFailure(result, m_profileName));
            return;
        }
        ProfileStore().save({m_profileName, m_baseUrl, m_tenantUuid, m_requestsPerMinute});
        m_context.out().write(QStringLiteral("Logged in as profile %1 (%2)\n")
                                  .arg(m_profileName, m_baseUrl.toString())
                                  .toUtf8());
        finish(ExitCode::Ok);
    });
    job->start();
}

} // namespace Planhat
