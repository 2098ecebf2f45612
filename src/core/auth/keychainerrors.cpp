// SPDX-License-Identifier: MIT
#include "keychainerrors.h"

namespace Planhat {

namespace {

// Messages of GLib (libsecret), libdbus and QtDBus when there is no session bus, or no Secret
// Service on it: "Cannot autolaunch D-Bus without X11 $DISPLAY", "Could not connect: No such
// file or directory", "The name org.freedesktop.secrets was not provided by any .service files".
bool meansNoKeychainService(const QString &errorString)
{
    static const char *const markers[] = {
        "d-bus",
        "dbus",
        "org.freedesktop.secrets",
        "secret service",
        "serviceunknown",
        "noreply",
        "autolaunch",
        "session bus",
        "message bus",
        "could not connect",
    };
    const QString text = errorString.toLower();
    for (const char *marker : markers) {
        if (text.contains(QLatin1String(marker)))
            return true;
    }
    return false;
}

} // namespace

CredentialResult credentialResultFor(QKeychain::Error error, const QString &errorString,
                                     const QString &secret)
{
    CredentialResult result;
    QString reason = errorString.trimmed();
    if (!secret.isEmpty())
        reason.replace(secret, QStringLiteral("<token>"));
    switch (error) {
    case QKeychain::NoError:
        result.status = CredentialResult::Status::Ok;
        return result;
    case QKeychain::EntryNotFound:
        result.status = CredentialResult::Status::NotFound;
        return result;
    case QKeychain::NoBackendAvailable:
        result.status = CredentialResult::Status::Unavailable;
        if (reason.isEmpty())
            reason = QStringLiteral("no keychain service is running");
        break;
    case QKeychain::NotImplemented:
        result.status = CredentialResult::Status::Unavailable;
        if (reason.isEmpty())
            reason = QStringLiteral("this platform's keychain is not supported");
        break;
    case QKeychain::AccessDeniedByUser:
        result.status = CredentialResult::Status::Failed;
        if (reason.isEmpty())
            reason = QStringLiteral("access was denied by the user");
        break;
    case QKeychain::AccessDenied:
        result.status = CredentialResult::Status::Failed;
        if (reason.isEmpty())
            reason = QStringLiteral("access was denied (is the keyring locked?)");
        break;
    case QKeychain::CouldNotDeleteEntry:
        result.status = CredentialResult::Status::Failed;
        if (reason.isEmpty())
            reason = QStringLiteral("the entry could not be deleted");
        break;
    case QKeychain::OtherError:
        result.status = meansNoKeychainService(reason) ? CredentialResult::Status::Unavailable
                                                       : CredentialResult::Status::Failed;
        if (reason.isEmpty())
            reason = QStringLiteral("unknown error");
        break;
    }
    result.reason = reason;
    return result;
}

} // namespace Planhat
