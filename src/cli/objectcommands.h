// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"
#include "schema/objecttype.h"

#include <QJsonObject>

namespace Planhat {

class ObjectJob;
struct ObjectResult;

/// Shared by the commands that work on single objects: the type and key arguments,
/// --by, --json, and printing the object the server returned.
class ObjectCommand : public Command
{
    Q_OBJECT
public:
    using Command::Command;

protected:
    /// Resolves TYPE and checks it supports `operation`; prints a usage error otherwise.
    bool resolveType(Operation operation, const char *verb);
    /// Reads --by into `kind` (default: _id); prints a usage error on a bad value.
    bool readKeyKind(KeyKind *kind);
    /// Reads --json JSON, --json @FILE or --json @- (stdin) into `object`.
    bool readJsonOption(QJsonObject *object);
    /// Starts `job`, prints its object on success or one error line on failure.
    void runAndPrint(ObjectJob *job);

    static QCommandLineOption byOption();
    static QCommandLineOption jsonOption();

    const ObjectType *m_type = nullptr;
};

/// `get TYPE KEY [--by externalId|sourceId]`
class GetCommand final : public ObjectCommand
{
    Q_OBJECT
public:
    using ObjectCommand::ObjectCommand;
    static CommandSpec spec();
    void run() override;
};

/// `create TYPE --json JSON|@FILE`
class CreateCommand final : public ObjectCommand
{
    Q_OBJECT
public:
    using ObjectCommand::ObjectCommand;
    static CommandSpec spec();
    void run() override;
};

/// `update TYPE KEY --json JSON|@FILE [--by externalId|sourceId]`
class UpdateCommand final : public ObjectCommand
{
    Q_OBJECT
public:
    using ObjectCommand::ObjectCommand;
    static CommandSpec spec();
    void run() override;
};

/// `delete TYPE KEY... --yes [--by externalId|sourceId]`: deletes each key, reports each.
class DeleteCommand final : public ObjectCommand
{
    Q_OBJECT
public:
    using ObjectCommand::ObjectCommand;
    static CommandSpec spec();
    void run() override;

private:
    bool confirm(int count);
    void handleDeleted(const QString &key, const ObjectResult &result);

    int m_pending = 0;
    int m_deleted = 0;
    ExitCode m_exitCode = ExitCode::Ok;
};

} // namespace Planhat
