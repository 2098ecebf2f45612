// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"
#include "command.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace Planhat {

/// Parses planhat-cli's command line, picks the command and runs it.
class CliRunner final : public QObject
{
    Q_OBJECT
public:
    explicit CliRunner(QObject *parent = nullptr);
    ~CliRunner() override;

    /// Parses `arguments` (argv, program name first). Returns an exit code when the process
    /// is done already (--help, --version, usage errors); nullopt when run() should follow.
    std::optional<ExitCode> prepare(const QStringList &arguments);
    void run();

Q_SIGNALS:
    void finished(Planhat::ExitCode code);

private:
    static QList<CommandSpec> commandSpecs();
    static QList<QCommandLineOption> globalOptions();
    static QString commandNameIn(const QStringList &arguments);
    QString generalHelp() const;
    QString commandHelp(const CommandSpec &spec) const;

    CliContext m_context;
    std::unique_ptr<Command> m_command;
};

} // namespace Planhat
