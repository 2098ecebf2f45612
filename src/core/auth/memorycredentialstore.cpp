// SPDX-License-Identifier: MIT
#include "memorycredentialstore.h"

#include <functional>

namespace Planhat {

namespace {

class MemoryJob final : public CredentialJob
{
public:
    MemoryJob(Operation operation, const QString &profile, QObject *parent,
              std::function<CredentialResult()> work)
        : CredentialJob(operation, profile, parent)
        , m_work(std::move(work))
    { }

protected:
    void begin() override { finishWith(m_work()); }

private:
    std::function<CredentialResult()> m_work;
};

} // namespace

CredentialJob *MemoryCredentialStore::readToken(const QString &profile)
{
    return new MemoryJob(CredentialJob::Operation::Read, profile, this, [this, profile] {
        CredentialResult result;
        const auto it = m_tokens.constFind(profile);
        result.status = it == m_tokens.constEnd() ? CredentialResult::Status::NotFound
                                                  : CredentialResult::Status::Ok;
        if (it != m_tokens.constEnd())
            result.token = *it;
        return result;
    });
}

CredentialJob *MemoryCredentialStore::writeToken(const QString &profile, const QString &token)
{
    return new MemoryJob(CredentialJob::Operation::Write, profile, this, [this, profile, token] {
        m_tokens.insert(profile, token);
        CredentialResult result;
        result.status = CredentialResult::Status::Ok;
        return result;
    });
}

CredentialJob *MemoryCredentialStore::deleteToken(const QString &profile)
{
    return new MemoryJob(CredentialJob::Operation::Delete, profile, this, [this, profile] {
        CredentialResult result;
        result.status = m_tokens.remove(profile) > 0 ? CredentialResult::Status::Ok
                                                     : CredentialResult::Status::NotFound;
        return result;
    });
}

} // namespace Planhat
