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

PlanhatClient *Command::clientOrFinish()
{
    ExitCode failure = ExitCode::Ok;
    PlanhatClient *client = m_context.client(&failure);
    if (!client)
        finish(failure);
    return client;
}

} // namespace Planhat
