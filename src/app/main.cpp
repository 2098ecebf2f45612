// SPDX-License-Identifier: MIT
// planhat-admin: the desktop application. Only wiring: profiles and connections are
// ConnectionController's, everything else lives in planhatwidgets.
#include "connectioncontroller.h"
#include "mainwindow.h"
#include "palettecolors.h"
#include "recordactions.h"
#include "recordformdialog.h"
#include "themedicon.h"
#include "version.h"

#include "api/apiendpoint.h"
#include "auth/keychaincredentialstore.h"
#include "models/objecttablemodel.h"
#include "platform/apppaths.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QStyle>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace {

bool saveGrab(QWidget *widget, const QString &path)
{
    const bool saved = widget->grab().save(path);
    std::fprintf(stderr, saved ? "planhat-admin: saved %s\n" : "planhat-admin: could not save %s\n",
                 qPrintable(path));
    return saved;
}

/// Once the first rows are in: grabs the window to `windowPath`, then (if asked) opens the
/// record form on the first row and grabs it to `formPath`, then quits.
void takeScreenshots(Planhat::MainWindow *window, const QString &windowPath,
                     const QString &formPath)
{
    auto *poll = new QTimer(window);
    QObject::connect(poll, &QTimer::timeout, window, [window, windowPath, formPath, poll] {
        if (!window->tableModel() || window->tableModel()->rowCount() == 0
            || window->tableModel()->isLoading())
            return;
        poll->stop();
        window->tableView()->selectRow(0); // show a record in the detail panel too
        QTimer::singleShot(500, window, [window, windowPath, formPath] {
            bool saved = windowPath.isEmpty() || saveGrab(window, windowPath);
            if (formPath.isEmpty()) {
                QApplication::exit(saved ? 0 : 1);
                return;
            }
            window->recordActions()->editAction()->trigger();
            QTimer::singleShot(800, window, [window, formPath, saved] {
                auto *form = window->findChild<Planhat::RecordFormDialog *>();
                const bool formSaved = form && saveGrab(form, formPath);
                QApplication::exit(saved && formSaved ? 0 : 1);
            });
        });
    });
    poll->start(100);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The product's identity (QSettings() and QStandardPaths::App*Location follow it); set
    // once, before any other thread runs.
    QApplication::setOrganizationName(Planhat::AppPaths::organizationName());
    QApplication::setApplicationName(Planhat::AppPaths::applicationName());
    QApplication::setApplicationVersion(QStringLiteral(PLANHAT_ADMIN_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Planhat Admin"));
    // Wayland and the task bar match windows to the installed desktop file by this name.
    QApplication::setDesktopFileName(QStringLiteral(PLANHAT_APP_ID));
    QApplication::setWindowIcon(Planhat::applicationIcon());
    // ConnectionController quits once no window is left: a profile dialog closing before
    // the main window opens must not end the app.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Browse and edit the objects of a Planhat tenant. Connections are "
                       "profiles (tokens in the OS keychain). For scripts: with "
                       "PLANHAT_API_TOKEN set, connects to --base-url (or $PLANHAT_BASE_URL) "
                       "without a profile, or with --profile NAME saves that profile and "
                       "keeps the token in memory for this session only."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption baseUrlOption(
        QStringLiteral("base-url"),
        QStringLiteral("API base URL (default $PLANHAT_BASE_URL or https://api.planhat.com)."),
        QStringLiteral("URL"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), QStringLiteral("Open this profile."), QStringLiteral("NAME"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to FILE once the first type has loaded, "
                       "then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption formScreenshotOption(
        QStringLiteral("screenshot-form"),
        QStringLiteral("With --screenshot: also open the record form on the first row and "
                       "save a picture of it to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption paletteOption(
        QStringLiteral("palette"),
        QStringLiteral("Use the Fusion style with a light or dark palette instead of the "
                       "desktop's (as for the README's screenshots)."),
        QStringLiteral("light|dark"));
    parser.addOptions(
        {baseUrlOption, profileOption, screenshotOption, formScreenshotOption, paletteOption});
    parser.process(app);

    if (parser.isSet(paletteOption)) {
        const QString scheme = parser.value(paletteOption);
        if (scheme != QLatin1String("light") && scheme != QLatin1String("dark")) {
            std::fprintf(stderr, "planhat-admin: --palette takes light or dark, not '%s'\n",
                         qPrintable(scheme));
            return 2;
        }
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(scheme == QLatin1String("dark")
                                     ? Planhat::PaletteColors::darkFusionPalette()
                                     : QApplication::style()->standardPalette());
    }

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    Planhat::ConnectionController controller(std::make_unique<Planhat::KeychainCredentialStore>());
    if (parser.isSet(screenshotOption) || parser.isSet(formScreenshotOption)) {
        QObject::connect(
            &controller, &Planhat::ConnectionController::windowOpened, &app,
            [&parser, &screenshotOption, &formScreenshotOption](Planhat::MainWindow *window) {
                takeScreenshots(window, parser.value(screenshotOption),
                                parser.value(formScreenshotOption));
            });
    }

    const QString token = environment.value(QStringLiteral("PLANHAT_API_TOKEN")).trimmed();
    const QString profileName = parser.value(profileOption);
    if (!token.isEmpty()) {
        QString baseUrlText = parser.value(baseUrlOption);
        if (baseUrlText.isEmpty())
            baseUrlText = environment.value(QStringLiteral("PLANHAT_BASE_URL"));
        QString error;
        const QUrl baseUrl = Planhat::ApiEndpoint::baseUrlOrDefault(baseUrlText, &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "planhat-admin: %s\n", qPrintable(error));
            QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), error);
            return 2;
        }
        if (profileName.isEmpty()) {
            controller.openDirect(baseUrl, token);
        } else if (!Planhat::ProfileStore::isValidName(profileName)) {
            std::fprintf(stderr, "planhat-admin: '%s' cannot name a profile\n",
                         qPrintable(profileName));
            return 2;
        } else {
            controller.openWithSessionToken({profileName, baseUrl, QString()}, token);
        }
    } else if (!profileName.isEmpty()) {
        controller.switchToProfile(profileName);
    } else {
        controller.start();
    }
    return app.exec();
}
