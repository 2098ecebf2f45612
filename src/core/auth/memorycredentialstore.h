// SPDX-License-Identifier: MIT
#pragma once

#include "credentialstore.h"

#include <QHash>

namespace Planhat {

/// Keeps tokens in this process's memory only: the session-only fallback when no keychain
/// exists, and the store tests of callers use. Forgotten when the store is destroyed.
class MemoryCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;

    CredentialJob *readToken(const QString &profile) override;
    CredentialJob *writeToken(const QString &profile, const QString &token) override;
    CredentialJob *deleteToken(const QString &profile) override;

private:
    QHash<QString, QString> m_tokens;
};

} // namespace Planhat
