// SPDX-License-Identifier: MIT
#include "objectcommands.h"

#include "api/planhatclient.h"
#include "clicontext.h"
#include "schema/schema.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Planhat {

QCommandLineOption ObjectCommand::byOption()
{
    return QCommandLineOption(QStringLiteral("by"),
                              QStringLiteral("What KEY is: _id (default), externalId or "
                                             "sourceId. KEY may also carry the extid- or "
                                             "srcid- prefix itself."),
                              QStringLiteral("KEY"));
}

QCommandLineOption ObjectCommand::jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"),
                              QStringLiteral("The object as JSON text, @FILE, or @- for stdin."),
                              QStringLiteral("JSON"));
}

bool ObjectCommand::resolveType(Operation operation, const char *verb)
{
    m_type = m_context.resolveType(m_context.arguments().value(0));
    if (!m_type)
        return false;
    if (!m_type->supports(operation)) {
        m_context.printError(QStringLiteral("the API cannot %1 %2 one by one")
                                 .arg(QLatin1String(verb), m_type->name));
        return false;
    }
    return true;
}

bool ObjectCommand::readKeyKind(KeyKind *kind)
{
    *kind = KeyKind::Id;
    if (!m_context.parser().isSet(QStringLiteral("by")))
        return true;
    const QString by = m_context.parser().value(QStringLiteral("by"));
    KeyKind candidate = KeyKind::Id;
    if (keyKindFromName(by, &candidate)) {
        if (m_type->keyField(candidate).isEmpty()) {
            m_context.printError(QStringLiteral("%1 cannot be found by %2").arg(m_type->name, by));
            return false;
        }
        *kind = candidate;
        return true;
    }
    m_context.printError(
        QStringLiteral("--by takes _id, externalId or sourceId, not '%1'").arg(by));
    return false;
}

bool ObjectCommand::readJsonOption(QJsonObject *object)
{
    if (!m_context.parser().isSet(QStringLiteral("json"))) {
        m_context.printError(QStringLiteral("--json is required"));
        return false;
    }
    const QString argument = m_context.parser().value(QStringLiteral("json"));
    QByteArray text = argument.toUtf8();
    QString source = QStringLiteral("--json");
    if (argument.startsWith(QLatin1Char('@'))) {
        const QString path = argument.mid(1);
        QFile file;
        const bool opened = path == QLatin1String("-")
            ? file.open(stdin, QIODevice::ReadOnly)
            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
        if (!opened) {
            m_context.printError(
                QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
            return false;
        }
        text = file.readAll();
        source = path == QLatin1String("-") ? QStringLiteral("stdin") : path;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        // Report line and column, not just the byte offset Qt gives.
        const QByteArray before = text.left(error.offset);
        const int line = before.count('\n') + 1;
        const int column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
        m_context.printError(QStringLiteral("invalid JSON in %1 at line %2, column %3: %4")
                                 .arg(source)
                                 .arg(line)
                                 .arg(column)
                                 .arg(error.errorString()));
        return false;
    }
    if (!document.isObject()) {
        m_context.printError(QStringLiteral("%1 must hold one JSON object").arg(source));
        return false;
    }
    *object = document.object();
    return true;
}

void ObjectCommand::runAndPrint(ObjectJob *job)
{
    connect(job, &ObjectJob::finished, this, [this](const ObjectResult &result) {
        if (result.error.isError()) {
            m_context.printError(result.error.toString());
            finish(exitCodeFor(result.error));
            return;
        }
        RecordPrinter::printRecord(&m_context.out(), m_context.outputFormat(), result.object);
        finish(ExitCode::Ok);
    });
    job->start();
}

CommandSpec GetCommand::spec()
{
    return {QStringLiteral("get"),
            QStringLiteral("get TYPE KEY [--by externalId|sourceId]"),
            QStringLiteral("Print one object"),
            {byOption(), formatOption()},
            2,
            2};
}

void GetCommand::run()
{
    KeyKind kind = KeyKind::Id;
    if (!resolveType(Operation::Get, "get") || !readKeyKind(&kind)) {
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, kind](PlanhatClient *client) {
        runAndPrint(client->get(*m_type, m_context.arguments().at(1), kind));
    });
}

CommandSpec CreateCommand::spec()
{
    return {QStringLiteral("create"),
            QStringLiteral("create TYPE --json JSON|@FILE"),
            QStringLiteral("Create one object and print it"),
            {jsonOption(), formatOption()},
            1,
            1};
}

void CreateCommand::run()
{
    QJsonObject object;
    if (!resolveType(Operation::Create, "create") || !readJsonOption(&object)) {
        finish(ExitCode::Usage);
        return;
    }
    // Checked here so a missing field is a usage error with nothing sent.
    const QStringList missing = m_type->missingRequiredFields(object);
    if (!missing.isEmpty()) {
        m_context.printError(
            QStringLiteral("a new %1 needs %2")
                .arg(m_type->singularName.toLower(), missing.join(QLatin1String(", "))));
        finish(ExitCode::Usage);
        return;
    }
    withClient(
        [this, object](PlanhatClient *client) { runAndPrint(client->create(*m_type, object)); });
}

CommandSpec UpdateCommand::spec()
{
    return {QStringLiteral("update"),
            QStringLiteral("update TYPE KEY --json JSON|@FILE [--by externalId|sourceId]"),
            QStringLiteral("Change the given fields of one object and print it"),
            {jsonOption(), byOption(), formatOption()},
            2,
            2};
}

void UpdateCommand::run()
{
    KeyKind kind = KeyKind::Id;
    QJsonObject changes;
    if (!resolveType(Operation::Update, "update") || !readKeyKind(&kind)
        || !readJsonOption(&changes)) {
        finish(ExitCode::Usage);
        return;
    }
    QStringList readOnly;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (m_type->isReadOnly(it.key()))
            readOnly.append(it.key());
    }
    if (!readOnly.isEmpty()) {
        m_context.printNote(QStringLiteral("planhat-cli: not sending read-only fields: %1")
                                .arg(readOnly.join(QLatin1String(", "))));
    }
    // The rule the client applies before sending, checked here so that nothing to send is a
    // usage error and no request is made.
    if (m_type->writablePayload(changes, ObjectType::IdHandling::Remove).isEmpty()) {
        m_context.printError(QStringLiteral("nothing to update: --json holds no field that "
                                            "clients may change"));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, changes, kind](PlanhatClient *client) {
        runAndPrint(client->update(*m_type, m_context.arguments().at(1), changes, kind));
    });
}

CommandSpec DeleteCommand::spec()
{
    return {QStringLiteral("delete"),
            QStringLiteral("delete TYPE KEY... --yes [--by externalId|sourceId]"),
            QStringLiteral("Delete objects"),
            {QCommandLineOption(QStringLiteral("yes"), QStringLiteral("Delete without asking.")),
             byOption()},
            2,
            -1};
}

bool DeleteCommand::confirm(int count)
{
    if (m_context.parser().isSet(QStringLiteral("yes")))
        return true;
    const QString what = QStringLiteral("%1 %2").arg(count).arg(
        count == 1 ? m_type->singularName.toLower() : m_type->pluralName.toLower());
    if (!m_context.stdinIsTerminal()) {
        m_context.printError(QStringLiteral("refusing to delete %1 without --yes").arg(what));
        return false;
    }
    return askYes(QStringLiteral("Delete %1? This cannot be undone. Type yes: ").arg(what));
}

void DeleteCommand::run()
{
    KeyKind kind = KeyKind::Id;
    if (!resolveType(Operation::Delete, "delete") || !readKeyKind(&kind)) {
        finish(ExitCode::Usage);
        return;
    }
    const QStringList keys = m_context.arguments().mid(1);
    if (!confirm(keys.size())) {
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, keys, kind](PlanhatClient *client) {
        m_pending = int(keys.size());
        for (const QString &key : keys) {
            ObjectJob *job = client->remove(*m_type, key, kind);
            connect(job, &ObjectJob::finished, this,
                    [this, key](const ObjectResult &result) { handleDeleted(key, result); });
            job->start();
        }
    });
}

void DeleteCommand::handleDeleted(const QString &key, const ObjectResult &result)
{
    if (result.error.isError()) {
        m_context.printError(QStringLiteral("%1: %2").arg(key, result.error.toString()));
        m_exitCode = worseExitCode(m_exitCode, exitCodeFor(result.error));
    } else {
        ++m_deleted;
        m_context.out().write(QStringLiteral("deleted %1\n").arg(key).toUtf8());
    }
    if (--m_pending > 0)
        return;
    if (m_exitCode != ExitCode::Ok) {
        m_context.printError(QStringLiteral("deleted %1 of %2 %3")
                                 .arg(m_deleted)
                                 .arg(m_context.arguments().size() - 1)
                                 .arg(m_type->pluralName.toLower()));
    }
    finish(m_exitCode);
}

} // namespace Planhat
