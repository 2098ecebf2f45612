// SPDX-License-Identifier: MIT
// planhat-admin: the desktop application. Only wiring: the connection comes from the
// command line or the environment, everything else lives in planhatwidgets.
#include "mainwindow.h"
#include "version.h"

#include "api/apiendpoint.h"
#include "api/planhatclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QTableView>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PlanhatAdmin"));
    QApplication::setApplicationName(QStringLiteral("planhat-admin"));
    QApplication::setApplicationVersion(QStringLiteral(PLANHAT_ADMIN_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Planhat Admin"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Browse and edit the objects of a Planhat tenant. The API token is "
                       "read from PLANHAT_API_TOKEN."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption baseUrlOption(
        QStringLiteral("base-url"),
        QStringLiteral("API base URL (default $PLANHAT_BASE_URL or https://api.planhat.com)."),
        QStringLiteral("URL"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to FILE once the first type has loaded, "
                       "then quit."),
        QStringLiteral("FILE"));
    parser.addOptions({baseUrlOption, screenshotOption});
    parser.process(app);

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString baseUrlText = parser.value(baseUrlOption);
    if (baseUrlText.isEmpty())
        baseUrlText = environment.value(QStringLiteral("PLANHAT_BASE_URL"));
    QString error;
    const QUrl baseUrl = Planhat::ApiEndpoint::baseUrlOrDefault(baseUrlText, &error);
    const QString token = environment.value(QStringLiteral("PLANHAT_API_TOKEN")).trimmed();
    if (error.isEmpty() && token.isEmpty())
        error = QStringLiteral("No API token: set PLANHAT_API_TOKEN to the token of a Planhat "
                               "service account.");
    if (!error.isEmpty()) {
        std::fprintf(stderr, "planhat-admin: %s\n", qPrintable(error));
        QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), error);
        return 2;
    }

    Planhat::PlanhatClient client(baseUrl);
    client.setToken(token);
    Planhat::MainWindow window(&client, baseUrl.host());
    window.show();

    if (parser.isSet(screenshotOption)) {
        const QString path = parser.value(screenshotOption);
        // Wait until the first rows are in and laid out, then grab the real window.
        auto *poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, path, poll] {
            if (!window.tableModel() || window.tableModel()->rowCount() == 0
                || window.tableModel()->isLoading())
                return;
            poll->stop();
            // Show a record in the detail panel too.
            if (auto *table = window.findChild<QTableView *>(QStringLiteral("tableView")))
                table->selectRow(0);
            QTimer::singleShot(500, &window, [&window, path] {
                const bool saved = window.grab().save(path);
                std::fprintf(stderr,
                             saved ? "planhat-admin: saved %s\n"
                                   : "planhat-admin: could not save %s\n",
                             qPrintable(path));
                QApplication::exit(saved ? 0 : 1);
            });
        });
        poll->start(100);
    }
    return app.exec();
}
