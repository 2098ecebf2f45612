// SPDX-License-Identifier: MIT
#pragma once

#include "credentialstore.h"

#include <QObject>

#include <functional>

namespace Planhat {

class MemoryCredentialStore;

/// Where the desktop app finds a profile's token: first among the tokens kept for this
/// session only (when the user chose that because no keychain was available), then in the
/// keychain. Neither store is owned.
class ProfileTokens
{
public:
    ProfileTokens(MemoryCredentialStore *session, CredentialStore *keychain);

    MemoryCredentialStore *session() const { return m_session; }
    CredentialStore *keychain() const { return m_keychain; }

    /// Reads `profile`'s token; `done` runs later, on `context`'s thread, unless `context`
    /// is gone. NotFound means neither store has one.
    void read(const QString &profile, QObject *context,
              std::function<void(const CredentialResult &)> done) const;
    /// Removes `profile`'s token from both stores; `done` gets the keychain's answer
    /// (NotFound counts as done).
    void remove(const QString &profile, QObject *context,
                std::function<void(const CredentialResult &)> done) const;

private:
    MemoryCredentialStore *m_session;
    CredentialStore *m_keychain;
};

} // namespace Planhat
