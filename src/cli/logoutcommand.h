// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"

namespace Planhat {

struct CredentialResult;

/// `logout --profile NAME [--forget]`: deletes the profile's token from the keychain (no
/// token stored is fine); --forget also deletes the profile itself.
class LogoutCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;

private:
    void handleDeleted(const CredentialResult &result);

    QString m_profileName;
};

} // namespace Planhat
