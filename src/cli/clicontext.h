// SPDX-License-Identifier: MIT
#pragma once

#include "exitcode.h"
#include "recordprinter.h"

#include <QCommandLineParser>
#include <QFile>
#include <QString>
#include <QStringList>

#include <memory>

namespace Planhat {

class ObjectType;
class PlanhatClient;

/// What every command needs: its parsed command line, stdout and stderr, and a client
/// connected to the chosen tenant.
class CliContext
{
public:
    CliContext();
    ~CliContext();

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineParser &parser() const { return m_parser; }
    /// The positional arguments after the command name.
    QStringList arguments() const;

    QFile &out() { return m_out; }
    /// Writes "planhat-cli: <message>" as one line on stderr.
    void printError(const QString &message);
    void printNote(const QString &message); ///< one line on stderr, no prefix

    /// The output format from --format, or table on a terminal and JSON otherwise.
    OutputFormat outputFormat() const;
    bool stdinIsTerminal() const;

    /// The type named by `name`, or nullptr after printing a usage error listing the types.
    const ObjectType *resolveType(const QString &name);

    /// Creates the client from --base-url / --profile / PLANHAT_BASE_URL and the token from
    /// PLANHAT_API_TOKEN. On failure prints why and sets `failure`; returns nullptr.
    PlanhatClient *client(ExitCode *failure);

private:
    QCommandLineParser m_parser;
    QFile m_out;
    QFile m_err;
    std::unique_ptr<PlanhatClient> m_client;
};

} // namespace Planhat
