// SPDX-License-Identifier: MIT
#include "logoutcommand.h"

#include "auth/credentialstore.h"
#include "auth/profilestore.h"
#include "clicontext.h"

namespace Planhat {

CommandSpec LogoutCommand::spec()
{
    return {QStringLiteral("logout"),
            QStringLiteral("logout --profile NAME [--forget]"),
            QStringLiteral("Delete a profile's token from the keychain"),
            {QCommandLineOption(QStringLiteral("forget"),
                                QStringLiteral("Also delete the profile itself."))},
            0,
            0};
}

void LogoutCommand::run()
{
    m_profileName = m_context.profileName();
    if (m_profileName.isEmpty()) {
        m_context.printError(QStringLiteral("logout needs --profile NAME"));
        finish(ExitCode::Usage);
        return;
    }
    CredentialJob *job = m_context.credentialStore()->deleteToken(m_profileName);
    connect(job, &CredentialJob::finished, this, &LogoutCommand::handleDeleted);
    job->start();
}

void LogoutCommand::handleDeleted(const CredentialResult &result)
{
    switch (result.status) {
    case CredentialResult::Status::Ok:
        m_context.out().write(
            QStringLiteral("Logged out of profile %1: its token was deleted from the keychain\n")
                .arg(m_profileName)
                .toUtf8());
        break;
    case CredentialResult::Status::NotFound:
        m_context.out().write(
            QStringLiteral("No token was stored for profile %1\n").arg(m_profileName).toUtf8());
        break;
    case CredentialResult::Status::Unavailable:
    case CredentialResult::Status::Failed:
        // The profile stays, so a later logout can still find the token it names.
        finish(m_context.reportCredentialFailure(result, m_profileName));
        return;
    }
    if (m_context.parser().isSet(QStringLiteral("forget"))) {
        ProfileStore profiles;
        if (profiles.contains(m_profileName)) {
            profiles.remove(m_profileName);
            m_context.out().write(
                QStringLiteral("Forgot profile %1\n").arg(m_profileName).toUtf8());
        } else {
            m_context.out().write(
                QStringLiteral("No profile named %1 to forget\n").arg(m_profileName).toUtf8());
        }
    }
    finish(ExitCode::Ok);
}

} // namespace Planhat
