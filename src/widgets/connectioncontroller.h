// SPDX-License-Identifier: MIT
#pragma once

#include "demosandbox.h"
#include "profiledialog.h"
#include "welcomepage.h"

#include "auth/profilestore.h"
#include "auth/profiletokens.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QMenu;

namespace Planhat {

class CredentialStore;
class MainWindow;
class MemoryCredentialStore;
class PlanhatClient;

/// Connects the desktop app to a tenant and keeps it connected to one: opens the last
/// profile used (its token from the keychain, or from memory for a session-only token),
/// the welcome page when there is no profile at all ("Connect to Planhat" or "Try the
/// demo"), or the profile dialog when no profile is usable; adds a Profile menu to the main
/// window to switch profiles or manage them. Each connection gets its own PlanhatClient
/// and MainWindow; a switch opens the new window before closing the old one.
class ConnectionController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionController)
public:
    /// `keychain` is where tokens are kept (the OS keychain in the app).
    explicit ConnectionController(std::unique_ptr<CredentialStore> keychain,
                                  QObject *parent = nullptr);
    ~ConnectionController() override;

    /// Opens the last profile, the welcome page when there is none, or the profile dialog
    /// when it cannot be used.
    void start();
    /// The welcome page of a first run.
    void showWelcomePage();
    /// "Try the demo": starts a local planhat-sandbox with demo data (see DemoSandbox) and
    /// connects to it with its session token and no saved profile. The sandbox runs until
    /// the controller goes.
    void openDemo();
    /// The planhat-sandbox "Try the demo" runs (default DemoSandbox::locateProgram()).
    void setSandboxProgram(const QString &program) { m_sandboxProgram = program; }
    /// Connects without a profile, for scripts and tests: `--base-url` and
    /// PLANHAT_API_TOKEN. The window names the host instead of a profile.
    void openDirect(const QUrl &baseUrl, const QString &token);
    /// Saves `profile` and connects with it, its token kept in memory for this session only
    /// (never in the keychain): the throwaway profile of scripts/demo.
    void openWithSessionToken(const Profile &profile, const QString &token);
    /// Switches to profile `name` (asking first when the open window has unsaved edits).
    void switchToProfile(const QString &name);
    /// Opens the profile dialog, showing `profileName` and `message`.
    void showProfileDialog(const QString &profileName = QString(),
                           const QString &message = QString());

    MainWindow *window() const { return m_window; }
    ProfileDialog *profileDialog() const { return m_dialog; }
    WelcomePage *welcomePage() const { return m_welcome; }
    DemoSandbox *demoSandbox() const { return m_demo; }
    QString currentProfile() const { return m_profileName; }

Q_SIGNALS:
    /// A main window opened for a connection (the first, or after a switch).
    void windowOpened(Planhat::MainWindow *window);

private:
    void openProfile(const QString &name);
    /// Opens a window on `connection`'s base URL, with its tenant UUID and pace (its name
    /// may be empty: the demo and direct connections have no profile).
    void openWindow(const Profile &connection, const QString &token, const QString &title);
    bool mayLeaveCurrentWindow();
    void rebuildProfileMenu();
    void quitIfNoWindowLeft();

    std::unique_ptr<CredentialStore> m_keychain;
    std::unique_ptr<MemoryCredentialStore> m_sessionTokens;
    ProfileTokens m_tokens;
    ProfileStore m_profiles;
    std::unique_ptr<PlanhatClient> m_client;
    QPointer<MainWindow> m_window;
    QPointer<ProfileDialog> m_dialog;
    QPointer<QMenu> m_profileMenu;
    QPointer<WelcomePage> m_welcome;
    QPointer<DemoSandbox> m_demo;
    QString m_sandboxProgram;
    QString m_profileName;
};

} // namespace Planhat
