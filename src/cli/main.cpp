// SPDX-License-Identifier: MIT
// planhat-cli: headless commands over planhatcore.
#include "clirunner.h"
#include "platform/allocator.h"
#include "version.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char *argv[])
{
    Planhat::keepFreedLargeBlocks();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("planhat-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLANHAT_ADMIN_VERSION));

    Planhat::CliRunner runner;
    if (const std::optional<Planhat::ExitCode> done = runner.prepare(app.arguments()))
        return static_cast<int>(*done);
    QObject::connect(&runner, &Planhat::CliRunner::finished, &app, [](Planhat::ExitCode code) {
        QCoreApplication::exit(static_cast<int>(code));
    });
    QTimer::singleShot(0, &runner, &Planhat::CliRunner::run);
    return app.exec();
}
