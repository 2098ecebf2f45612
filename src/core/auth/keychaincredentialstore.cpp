// SPDX-License-Identifier: MIT
#include "keychaincredentialstore.h"

#include "keychainerrors.h"

#include <qt6keychain/keychain.h>

namespace Planhat {

namespace {

class KeychainJob final : public CredentialJob
{
public:
    KeychainJob(Operation operation, const QString &serviceName, const QString &profile,
                const QString &token, QObject *parent)
        : CredentialJob(operation, profile, parent)
        , m_serviceName(serviceName)
        , m_token(token)
    { }

protected:
    void begin() override
    {
        // Secret Service reports success for deleting an entry that never existed: read
        // first, so a delete of nothing finishes with NotFound as the interface promises.
        startKeychainJob(operation() == Operation::Delete ? Operation::Read : operation());
    }

private:
    void startKeychainJob(Operation step)
    {
        QKeychain::Job *job = nullptr;
        switch (step) {
        case Operation::Read:
            job = new QKeychain::ReadPasswordJob(m_serviceName, this);
            break;
        case Operation::Write: {
            auto *write = new QKeychain::WritePasswordJob(m_serviceName, this);
            write->setTextData(m_token);
            job = write;
            break;
        }
        case Operation::Delete:
            job = new QKeychain::DeletePasswordJob(m_serviceName, this);
            break;
        }
        job->setAutoDelete(true);
        // Never a plain-text QSettings copy of the token, whatever QtKeychain's default.
        job->setInsecureFallback(false);
        job->setKey(profile());
        connect(job, &QKeychain::Job::finished, this,
                [this, step](QKeychain::Job *finishedJob) { handleFinished(step, finishedJob); });
        job->start();
    }

    void handleFinished(Operation step, QKeychain::Job *finishedJob)
    {
        CredentialResult result
            = credentialResultFor(finishedJob->error(), finishedJob->errorString(), m_token);
        m_token.clear();
        if (operation() == Operation::Delete && step == Operation::Read && result.isOk()) {
            startKeychainJob(Operation::Delete);
            return;
        }
        if (result.isOk() && operation() == Operation::Read) {
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finishedJob))
                result.token = read->textData();
        }
        finishWith(result);
    }

    QString m_serviceName;
    QString m_token; // only for writes, until the write finished
};

} // namespace

QString KeychainCredentialStore::defaultServiceName()
{
    return QStringLiteral("planhat-admin");
}

KeychainCredentialStore::KeychainCredentialStore(QObject *parent)
    : KeychainCredentialStore(defaultServiceName(), parent)
{ }

KeychainCredentialStore::KeychainCredentialStore(const QString &serviceName, QObject *parent)
    : CredentialStore(parent)
    , m_serviceName(serviceName)
{ }

CredentialJob *KeychainCredentialStore::readToken(const QString &profile)
{
    return new KeychainJob(CredentialJob::Operation::Read, m_serviceName, profile, QString(), this);
}

CredentialJob *KeychainCredentialStore::writeToken(const QString &profile, const QString &token)
{
    return new KeychainJob(CredentialJob::Operation::Write, m_serviceName, profile, token, this);
}

CredentialJob *KeychainCredentialStore::deleteToken(const QString &profile)
{
    return new KeychainJob(CredentialJob::Operation::Delete, m_serviceName, profile, QString(),
                           this);
}

} // namespace Planhat
