// SPDX-License-Identifier: MIT
#include "profiletokens.h"

#include "memorycredentialstore.h"

namespace Planhat {

ProfileTokens::ProfileTokens(MemoryCredentialStore *session, CredentialStore *keychain)
    : m_session(session)
    , m_keychain(keychain)
{ }

void ProfileTokens::read(const QString &profile, QObject *context,
                         std::function<void(const CredentialResult &)> done) const
{
    CredentialJob *job = m_session->readToken(profile);
    CredentialStore *keychain = m_keychain;
    QObject::connect(job, &CredentialJob::finished, context,
                     [profile, context, done, keychain](const CredentialResult &result) {
                         if (result.status != CredentialResult::Status::NotFound) {
                             done(result);
                             return;
                         }
                         CredentialJob *keychainJob = keychain->readToken(profile);
                         QObject::connect(keychainJob, &CredentialJob::finished, context, done);
                         keychainJob->start();
                     });
    job->start();
}

void ProfileTokens::remove(const QString &profile, QObject *context,
                           std::function<void(const CredentialResult &)> done) const
{
    m_session->deleteToken(profile)->start(); // memory only: cannot fail in a way that matters
    CredentialJob *job = m_keychain->deleteToken(profile);
    QObject::connect(job, &CredentialJob::finished, context, done);
    job->start();
}

} // namespace Planhat
