// SPDX-License-Identifier: MIT
#pragma once

#include "exitcode.h"

#include <QCommandLineOption>
#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace Planhat {

class ApiError;
class CliContext;
class PlanhatClient;
class ObjectType;
class RecordPrinter;

/// One planhat-cli command. run() starts it; finished() reports the exit code once, after
/// which the command is done (the runner quits the event loop).
class Command : public QObject
{
    Q_OBJECT
public:
    explicit Command(CliContext &context, QObject *parent = nullptr);

    virtual void run() = 0;

Q_SIGNALS:
    void finished(Planhat::ExitCode code);

protected:
    void finish(ExitCode code);
    /// --format json|csv|table, for every command that prints records.
    static QCommandLineOption formatOption();
    /// The type called `name` when it can be listed; otherwise prints why and returns
    /// nullptr (the caller finishes with ExitCode::Usage).
    const ObjectType *listableType(const QString &name);
    /// The fields that --select / --all-fields ask for, into `fields`: the --select names,
    /// nothing for --all-fields (every field), the type's summary fields when neither is
    /// given. Returns false, with the reason printed, when both are given or --select names
    /// no field.
    bool readFieldSelection(const ObjectType &type, QStringList *fields);
    /// Asks `question` on stderr ("… Type yes: ") and reads the answer from stdin; true when
    /// it is "yes". Only for a terminal stdin: callers check --yes and stdinIsTerminal() first.
    bool askYes(const QString &question);
    /// Runs `work` with the client for the chosen tenant once it exists (the token may come
    /// from the keychain, which answers asynchronously). When it cannot be made (no token,
    /// no keychain, bad URL) prints why and finishes with the matching exit code instead.
    void withClient(std::function<void(PlanhatClient *client)> work);
    /// Says on stderr when `client` waits out a rate limit ("planhat-cli: rate limited,
    /// waiting 45 s"), once per wait: other requests in flight that run into the same limit
    /// while it lasts do not repeat it.
    void reportRateLimitWaits(PlanhatClient *client);
    /// A list that failed part-way: closes what `printer` printed so far so it still parses
    /// (prints nothing when no row came: an empty "[]" would read as an empty tenant), prints
    /// `message` and finishes with the exit code `error` calls for.
    void finishFailedList(RecordPrinter *printer, const QString &message, const ApiError &error);

    CliContext &m_context;

private:
    void announceRateLimitWait(int milliseconds);

    bool m_finished = false;
    QDeadlineTimer m_announcedWaitEnd; // expired: no wait announced yet
};

/// "rate limited, waiting N s", N being `milliseconds` in whole seconds, rounded up (a wait
/// of 300 ms is "1 s", never "0 s").
QString rateLimitWaitText(int milliseconds);

/// How a command appears on the command line and in --help.
struct CommandSpec
{
    QString name;
    QString synopsis; ///< "list TYPE [--select a,b | --all-fields] ..."
    QString description; ///< one line
    QList<QCommandLineOption> options;
    int minArguments = 0; ///< positional arguments after the command name
    int maxArguments = 0; ///< -1 = unlimited
};

} // namespace Planhat
