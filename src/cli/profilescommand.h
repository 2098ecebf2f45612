// SPDX-License-Identifier: MIT
#pragma once

#include "auth/credentialstore.h"
#include "auth/profilestore.h"
#include "command.h"

#include <QList>

namespace Planhat {

/// `profiles [--format json|csv|table]`: the saved profiles, one row each (name, base URL,
/// tenant UUID, and whether the keychain holds a token for it: stored, none or unknown).
/// Exits 3 after the list when the keychain could not be asked.
class ProfilesCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;

    /// "stored", "none" or "unknown", for the token column.
    static QString tokenStateName(CredentialResult::Status status);

private:
    void printAndFinish();

    QList<Profile> m_profiles;
    QList<CredentialResult> m_results;
    int m_pending = 0;
};

} // namespace Planhat
