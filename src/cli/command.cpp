// SPDX-License-Identifier: MIT
#include "command.h"

#include "clicontext.h"
#include "recordprinter.h"

#include "api/planhatclient.h"
#include "schema/objecttype.h"

#include <QCommandLineParser>
#include <QTextStream>

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

void Command::finishFailedList(RecordPrinter *printer, const QString &message,
                               const ApiError &error)
{
    // Rows already printed stay valid output: close the JSON array so it parses.
    if (printer->rowsAdded() > 0)
        printer->finish();
    m_context.printError(message);
    finish(exitCodeFor(error));
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

QString rateLimitWaitText(int milliseconds)
{
    const qint64 seconds = (qMax<qint64>(milliseconds, 0) + 999) / 1000;
    return QStringLiteral("rate limited, waiting %1 s").arg(qMax<qint64>(seconds, 1));
}

void Command::reportRateLimitWaits(PlanhatClient *client)
{
    connect(client, &PlanhatClient::rateLimitWaitStarted, this, &Command::announceRateLimitWait);
}

void Command::announceRateLimitWait(int milliseconds)
{
    // Pages in flight together meet the same limit within moments of each other; a wait
    // that ends within a second of the one announced is that same wait.
    const QDeadlineTimer end {qint64(milliseconds)};
    if (!m_announcedWaitEnd.hasExpired() && end.deadline() < m_announcedWaitEnd.deadline() + 1000)
        return;
    m_announcedWaitEnd = end;
    m_context.printNote(QStringLiteral("planhat-cli: ") + rateLimitWaitText(milliseconds));
}

QCommandLineOption Command::formatOption()
{
    return QCommandLineOption(QStringLiteral("format"),
                              QStringLiteral("json, csv or table (default: table on a "
                                             "terminal, json otherwise)."),
                              QStringLiteral("FORMAT"));
}

bool Command::askYes(const QString &question)
{
    m_context.printNote(question);
    QTextStream input(stdin);
    return input.readLine().trimmed().compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0;
}

const ObjectType *Command::listableType(const QString &name)
{
    const ObjectType *type = m_context.resolveType(name);
    if (type && !type->supports(Operation::List)) {
        m_context.printError(QStringLiteral("%1 cannot be listed").arg(type->name));
        return nullptr;
    }
    return type;
}

bool Command::readFieldSelection(const ObjectType &type, QStringList *fields)
{
    const QCommandLineParser &parser = m_context.parser();
    const bool allFields = parser.isSet(QStringLiteral("all-fields"));
    const bool selected = parser.isSet(QStringLiteral("select"));
    if (allFields && selected) {
        m_context.printError(QStringLiteral("--select and --all-fields exclude each other"));
        return false;
    }
    fields->clear();
    if (selected) {
        for (const QString &field :
             parser.value(QStringLiteral("select")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            fields->append(field.trimmed());
        if (fields->isEmpty()) {
            m_context.printError(QStringLiteral("--select needs at least one field name"));
            return false;
        }
    } else if (!allFields) {
        *fields = type.summaryFieldNames();
    }
    return true;
}

} // namespace Planhat
