// SPDX-License-Identifier: MIT
#include "connectioncontroller.h"

#include "demosandbox.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "welcomepage.h"

#include "api/apiendpoint.h"
#include "api/planhatclient.h"
#include "auth/memorycredentialstore.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QTimer>

namespace Planhat {

ConnectionController::ConnectionController(std::unique_ptr<CredentialStore> keychain,
                                           QObject *parent)
    : QObject(parent)
    , m_keychain(std::move(keychain))
    , m_sessionTokens(std::make_unique<MemoryCredentialStore>())
    , m_tokens(m_sessionTokens.get(), m_keychain.get())
    , m_sandboxProgram(DemoSandbox::locateProgram())
{
    qRegisterMetaType<Planhat::MainWindow *>();
    // Between a dialog closing and a window opening no window may be shown; the app quits
    // only when nothing is left once that settled (main() turns Qt's own rule off).
    connect(qApp, &QGuiApplication::lastWindowClosed, this,
            [this] { QTimer::singleShot(0, this, &ConnectionController::quitIfNoWindowLeft); });
}

ConnectionController::~ConnectionController()
{
    delete m_window; // before the client it uses
    delete m_welcome;
}

void ConnectionController::quitIfNoWindowLeft()
{
    for (const QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->isVisible())
            return;
    }
    QCoreApplication::quit();
}

void ConnectionController::start()
{
    QString name = m_profiles.lastUsed();
    if (!m_profiles.contains(name)) {
        const QList<Profile> profiles = m_profiles.profiles();
        name = profiles.size() == 1 ? profiles.first().name : QString();
    }
    if (name.isEmpty() && m_profiles.profiles().isEmpty()) {
        showWelcomePage();
        return;
    }
    if (name.isEmpty()) {
        showProfileDialog(QString(),
                          m_profiles.profiles().isEmpty()
                              ? tr("Welcome! Create a profile to connect to your Planhat tenant.")
                              : tr("Choose the profile to connect with."));
        return;
    }
    openProfile(name);
}

void ConnectionController::showWelcomePage()
{
    if (!m_welcome) {
        m_welcome = new WelcomePage;
        m_welcome->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_welcome, &WelcomePage::connectRequested, this, [this] {
            showProfileDialog(QString(),
                              tr("Welcome! Create a profile to connect to your Planhat tenant."));
        });
        connect(m_welcome, &WelcomePage::demoRequested, this, &ConnectionController::openDemo);
    }
    m_welcome->show();
    m_welcome->raise();
    m_welcome->activateWindow();
}

void ConnectionController::openDemo()
{
    if (!m_demo) {
        m_demo = new DemoSandbox(m_sandboxProgram, this);
        connect(m_demo, &DemoSandbox::started, this, [this](const QUrl &url, const QString &token) {
            if (m_window && !mayLeaveCurrentWindow())
                return;
            // No profile: nothing of the demo is saved, and the token lives in this session.
            // The local sandbox has no quota to stay under, so the demo is not paced.
            m_profileName.clear();
            Profile demo;
            demo.baseUrl = url;
            demo.requestsPerMinute = 0;
            // The sandbox takes any tenant: with one, activities and metrics can be imported.
            demo.tenantUuid = QStringLiteral("00000000-0000-4000-8000-00000000d3e0");
            openWindow(demo, token, tr("Demo (local sandbox)"));
        });
        connect(m_demo, &DemoSandbox::failed, this, [this](const QString &message) {
            if (m_welcome)
                m_welcome->showError(tr("The demo could not start. %1").arg(message));
        });
    }
    if (m_welcome)
        m_welcome->showBusy(tr("Starting a local sandbox with demo data…"));
    m_demo->start();
}

void ConnectionController::openDirect(const QUrl &baseUrl, const QString &token)
{
    m_profileName.clear();
    Profile direct; // paced like a new profile: this may well be a real tenant
    direct.baseUrl = baseUrl;
    openWindow(direct, token, baseUrl.host());
}

void ConnectionController::openWithSessionToken(const Profile &profile, const QString &token)
{
    m_profiles.save(profile);
    m_sessionTokens->writeToken(profile.name, token)->start();
    m_profileName = profile.name;
    m_profiles.setLastUsed(profile.name);
    openWindow(profile, token, profile.name);
}

void ConnectionController::openProfile(const QString &name)
{
    const std::optional<Profile> profile = m_profiles.profile(name);
    if (!profile) {
        showProfileDialog(QString(), tr("There is no profile named %1.").arg(name));
        return;
    }
    m_tokens.read(name, this, [this, profile](const CredentialResult &result) {
        if (!result.isOk() || result.token.trimmed().isEmpty()) {
            showProfileDialog(
                profile->name,
                result.status == CredentialResult::Status::NotFound
                    ? tr("No token is stored for %1 yet: paste it below.").arg(profile->name)
                    : result.message());
            return;
        }
        m_profileName = profile->name;
        m_profiles.setLastUsed(profile->name);
        openWindow(*profile, result.token.trimmed(), profile->name);
    });
}

void ConnectionController::showProfileDialog(const QString &profileName, const QString &message)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    // No parent: a switch deletes the window, and the dialog must outlive that.
    m_dialog = new ProfileDialog(m_tokens);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!profileName.isEmpty() || !message.isEmpty())
        m_dialog->showProfile(profileName.isEmpty() ? m_profiles.lastUsed() : profileName, message);
    connect(m_dialog, &ProfileDialog::profileSaved, this,
            &ConnectionController::rebuildProfileMenu);
    connect(m_dialog, &ProfileDialog::profileDeleted, this,
            &ConnectionController::rebuildProfileMenu);
    connect(m_dialog, &QDialog::accepted, this, [this] {
        const Profile profile = m_dialog->connectionProfile();
        if (!m_window || mayLeaveCurrentWindow()) {
            m_profileName = profile.name;
            m_profiles.setLastUsed(profile.name);
            openWindow(profile, m_dialog->connectionToken(), profile.name);
        }
    });
    m_dialog->open();
}

bool ConnectionController::mayLeaveCurrentWindow()
{
    if (!m_window)
        return true;
    // True when there are no edits, or the user let them go (they are reverted then, so the
    // window's own close does not ask a second time).
    return m_window->confirmDiscardChanges();
}

void ConnectionController::switchToProfile(const QString &name)
{
    if (name == m_profileName && m_window)
        return;
    if (!mayLeaveCurrentWindow()) {
        rebuildProfileMenu(); // puts the check mark back on the current profile
        return;
    }
    openProfile(name);
}

void ConnectionController::openWindow(const Profile &connection, const QString &token,
                                      const QString &title)
{
    auto client = std::make_unique<PlanhatClient>(connection.baseUrl);
    client->setToken(token);
    // The default analytics host: Planhat's, or the sandbox itself for a local one.
    client->setAnalytics(QUrl(), connection.tenantUuid);
    ClientOptions options = client->options();
    options.requestsPerMinute = connection.requestsPerMinute;
    client->setOptions(options);
    auto *window = new MainWindow(client.get(), title);
    window->setAttribute(Qt::WA_DeleteOnClose);
    if (m_window)
        window->setGeometry(m_window->geometry());
    window->show();

    // The old window goes after the new one is up, so the app never has none.
    QPointer<MainWindow> old = m_window;
    std::unique_ptr<PlanhatClient> oldClient = std::move(m_client);
    m_client = std::move(client);
    m_window = window;
    if (old) {
        old->disconnect(this);
        old->close();
        delete old;
    }
    oldClient.reset();
    connect(window, &QObject::destroyed, this,
            [this] { QTimer::singleShot(0, this, &ConnectionController::quitIfNoWindowLeft); });
    rebuildProfileMenu();
    if (m_welcome)
        m_welcome->close(); // the first connection is made: its job is done
    Q_EMIT windowOpened(window);
}

void ConnectionController::rebuildProfileMenu()
{
    if (!m_window)
        return;
    if (!m_profileMenu) {
        m_profileMenu = new QMenu(tr("&Profile"), m_window);
        m_profileMenu->setObjectName(QStringLiteral("menuProfile"));
        // Help stays the last menu.
        const auto *help = m_window->findChild<QMenu *>(QStringLiteral("menuHelp"));
        m_window->menuBar()->insertMenu(help ? help->menuAction() : nullptr, m_profileMenu);
        // planhat-cli login may add profiles while the app runs: list them as they are now.
        connect(m_profileMenu, &QMenu::aboutToShow, this,
                &ConnectionController::rebuildProfileMenu);
    }
    m_profileMenu->clear();
    auto *group = new QActionGroup(m_profileMenu);
    for (const Profile &profile : m_profiles.profiles()) {
        QAction *action = m_profileMenu->addAction(profile.name);
        action->setCheckable(true);
        action->setChecked(profile.name == m_profileName);
        action->setToolTip(profile.baseUrl.toString());
        action->setActionGroup(group);
        const QString name = profile.name;
        connect(action, &QAction::triggered, this, [this, name] { switchToProfile(name); });
    }
    if (!m_profileMenu->isEmpty())
        m_profileMenu->addSeparator();
    QAction *manage
        = m_profileMenu->addAction(tr("&Manage Profiles…"), this, [this] { showProfileDialog(); });
    manage->setObjectName(QStringLiteral("actionManageProfiles"));
    manage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
}

} // namespace Planhat
