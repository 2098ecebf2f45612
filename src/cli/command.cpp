// SPDX-License-Identifier: MIT
#include "command.h"

#include "clicontext.h"

namespace Planhat {

Command::Command(CliContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{ }

void Command::finish(ExitCode code)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(code);
}

void Command::withClient(std::function<void(PlanhatClient *client)> work)
{
    m_context.acquireClient(this, [this, work](PlanhatClient *client, ExitCode failure) {
        if (!client) {
            finish(failure);
            return;
        }
        work(client);
    });
}

QCommandLineOption Command::formatOption()
{
    return QCommandLineOption(QStringLiteral("format"),
                              QStringLiteral("json, csv or table (default: table on a "
                                             "terminal, json otherwise)."),
                              QStringLiteral("FORMAT"));
}

} // namespace Planhat
