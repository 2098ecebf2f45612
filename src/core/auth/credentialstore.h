// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

namespace Planhat {

/// What one credential operation came to. Holds the token only for a successful read.
struct CredentialResult
{
    enum class Status {
        Ok, ///< done; for reads, `token` holds the token
        NotFound, ///< no token stored for this profile yet
        Unavailable, ///< no keychain service (no Secret Service, no D-Bus session)
        Failed, ///< the keychain answered with another error (locked, access denied...)
    };

    Status status = Status::Failed;
    QString token; ///< only for a successful read
    QString reason; ///< for Unavailable and Failed: what the keychain said, never the token

    bool isOk() const { return status == Status::Ok; }
    /// One plain sentence for people, e.g. "No keychain (Secret Service) is available: Cannot
    /// autolaunch D-Bus without X11 $DISPLAY". Empty for Ok.
    QString message() const;
};

/// One asynchronous read, write or delete of a profile's token. Created by a CredentialStore
/// as its child; call start() after connecting finished(). finished() is emitted exactly once,
/// never from within start(), after which the job deletes itself.
class CredentialJob : public QObject
{
    Q_OBJECT
public:
    enum class Operation {
        Read,
        Write,
        Delete,
    };

    CredentialJob(Operation operation, const QString &profile, QObject *parent);

    Operation operation() const { return m_operation; }
    QString profile() const { return m_profile; }

    void start();

Q_SIGNALS:
    void finished(const Planhat::CredentialResult &result);

protected:
    /// Starts the work; must end in exactly one finishWith().
    virtual void begin() = 0;
    /// Emits finished() (queued, so never from inside start()) and deletes the job later.
    void finishWith(const CredentialResult &result);

private:
    Operation m_operation;
    QString m_profile;
    bool m_started = false;
    bool m_finished = false;
};

/// Where API tokens live, keyed by profile name. Implementations: KeychainCredentialStore (the
/// OS keychain) and MemoryCredentialStore (this session only). Tokens never go to QSettings,
/// files or logs.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual CredentialJob *readToken(const QString &profile) = 0;
    virtual CredentialJob *writeToken(const QString &profile, const QString &token) = 0;
    /// Finishes with NotFound when nothing was stored (which callers may treat as done).
    virtual CredentialJob *deleteToken(const QString &profile) = 0;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::CredentialResult)
