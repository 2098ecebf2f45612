// SPDX-License-Identifier: MIT
#pragma once

#include "auth/credentialstore.h"
#include "auth/profilestore.h"
#include "auth/profiletokens.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <memory>

class QPushButton;

namespace Ui {
class ProfileDialog;
}

namespace Planhat {

class ConnectionCheck;
struct ConnectionCheckResult;

/// Creates, edits, tests and deletes connection profiles. A profile's name, base URL (a
/// region or a custom URL), tenant UUID and pace (maximum requests a minute, so long jobs
/// stay under Planhat's quota) go to QSettings (ProfileStore); its token goes
/// only to the OS keychain. Where no keychain exists the dialog says so and offers to keep
/// the token in memory for this session only. "Test connection" makes one real one-row
/// call and says what failed (wrong token, wrong region, no network, TLS error); deleting a
/// profile also removes its keychain entry. "Connect" saves and closes the dialog with the
/// profile and its token ready for the caller (connectionProfile(), connectionToken()).
class ProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDialog)
public:
    /// `tokens` (its stores are not owned) must outlive the dialog.
    explicit ProfileDialog(const ProfileTokens &tokens, QWidget *parent = nullptr);
    ~ProfileDialog() override;

    /// Shows profile `name` (or a new one when it does not exist) and `message` above the
    /// form, e.g. why the app could not connect with it.
    void showProfile(const QString &name, const QString &message = QString());

    /// After Connect: the profile to open and its token.
    Profile connectionProfile() const { return m_connectionProfile; }
    QString connectionToken() const { return m_connectionToken; }

    QString testResult() const;
    QString formError() const;
    QString tokenState() const;

Q_SIGNALS:
    /// A profile was saved (and its token stored, if one was typed).
    void profileSaved(const QString &name);
    void profileDeleted(const QString &name);
    /// A connection test ended.
    void connectionTested(bool ok, const QString &message);

private:
    enum class AfterSave {
        Stay,
        Connect,
    };

    void reloadList(const QString &select);
    void handleProfileChosen();
    void startNewProfile();
    void updateBaseUrlEnabled();
    void refreshTokenState(const QString &name);
    void readKeychainTokenState(const QString &name);
    bool readForm(Profile *profile);
    void save(AfterSave after);
    void finishSave(const Profile &profile, AfterSave after);
    void storeToken(const Profile &profile, const QString &token, AfterSave after);
    void testConnection();
    void runCheck(const QUrl &baseUrl, const QString &token);
    void deleteProfile();
    void showFormError(const QString &message);
    void setBusy(bool busy);

    std::unique_ptr<Ui::ProfileDialog> m_ui;
    ProfileTokens m_tokens;
    ProfileStore m_profiles;
    QPushButton *m_connectButton = nullptr;
    QPointer<ConnectionCheck> m_check;
    bool m_keychainUnavailable = false;
    Profile m_connectionProfile;
    QString m_connectionToken;
};

} // namespace Planhat
