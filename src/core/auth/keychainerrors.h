// SPDX-License-Identifier: MIT
#pragma once

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

namespace Planhat {

/// Turns a finished QtKeychain job's error into a CredentialResult status and plain reason.
/// "No backend", and the D-Bus failures QtKeychain reports as OtherError when there is no
/// session bus or no Secret Service on it, count as Unavailable. `secret`, when given, is
/// removed from the reason should a backend ever echo it.
CredentialResult credentialResultFor(QKeychain::Error error, const QString &errorString,
                                     const QString &secret = QString());

} // namespace Planhat
