// SPDX-License-Identifier: MIT
#include "profilescommand.h"

#include "clicontext.h"
#include "recordprinter.h"

#include <QJsonObject>

namespace Planhat {

CommandSpec ProfilesCommand::spec()
{
    return {QStringLiteral("profiles"),
            QStringLiteral("profiles [--format json|csv|table]"),
            QStringLiteral("List the saved profiles and whether a token is stored"),
            {formatOption()},
            0,
            0};
}

QString ProfilesCommand::tokenStateName(CredentialResult::Status status)
{
    switch (status) {
    case CredentialResult::Status::Ok:
        return QStringLiteral("stored");
    case CredentialResult::Status::NotFound:
        return QStringLiteral("none");
    case CredentialResult::Status::Unavailable:
    case CredentialResult::Status::Failed:
        break;
    }
    return QStringLiteral("unknown");
}

void ProfilesCommand::run()
{
    m_profiles = ProfileStore().profiles();
    m_results.resize(m_profiles.size());
    m_pending = int(m_profiles.size());
    if (m_pending == 0) {
        printAndFinish();
        return;
    }
    for (int i = 0; i < m_profiles.size(); ++i) {
        CredentialJob *job = m_context.credentialStore()->readToken(m_profiles.at(i).name);
        connect(job, &CredentialJob::finished, this, [this, i](const CredentialResult &result) {
            // Only whether a token exists matters here: drop the token itself at once.
            CredentialResult state = result;
            state.token.clear();
            m_results[i] = state;
            if (--m_pending == 0)
                printAndFinish();
        });
        job->start();
    }
}

void ProfilesCommand::printAndFinish()
{
    QList<QJsonObject> rows;
    for (int i = 0; i < m_profiles.size(); ++i) {
        const Profile &profile = m_profiles.at(i);
        rows.append({{QStringLiteral("name"), profile.name},
                     {QStringLiteral("baseUrl"), profile.baseUrl.toString()},
                     {QStringLiteral("tenantUuid"), profile.tenantUuid},
                     {QStringLiteral("maxRate"), profile.requestsPerMinute},
                     {QStringLiteral("token"), tokenStateName(m_results.at(i).status)}});
    }
    RecordPrinter printer(&m_context.out(), m_context.outputFormat(),
                          {QStringLiteral("name"), QStringLiteral("baseUrl"),
                           QStringLiteral("tenantUuid"), QStringLiteral("maxRate"),
                           QStringLiteral("token")});
    printer.addRows(rows);
    printer.finish();
    if (rows.isEmpty()) {
        m_context.printNote(QStringLiteral("planhat-cli: no profiles yet; create one with "
                                           "planhat-cli login --profile NAME"));
    }
    for (int i = 0; i < m_results.size(); ++i) {
        const CredentialResult &result = m_results.at(i);
        if (result.status == CredentialResult::Status::Unavailable
            || result.status == CredentialResult::Status::Failed) {
            // One explanation is enough: the keychain is the same for every profile.
            finish(m_context.reportCredentialFailure(result, m_profiles.at(i).name));
            return;
        }
    }
    finish(ExitCode::Ok);
}

} // namespace Planhat
