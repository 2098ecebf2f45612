// SPDX-License-Identifier: MIT
#include "exportcommand.h"

#include "api/planhatclient.h"
#include "clicontext.h"
#include "csv/recordcsvwriter.h"

#include <QSaveFile>

namespace Planhat {

ExportCommand::ExportCommand(CliContext &context, QObject *parent)
    : Command(context, parent)
{ }

ExportCommand::~ExportCommand() = default;

CommandSpec ExportCommand::spec()
{
    return {QStringLiteral("export"),
            QStringLiteral("export TYPE FILE [--select a,b | --all-fields]"),
            QStringLiteral("Write every object of a type to a CSV file"),
            {QCommandLineOption(QStringLiteral("select"),
                                QStringLiteral("Comma-separated fields to export."),
                                QStringLiteral("FIELDS")),
             QCommandLineOption(QStringLiteral("all-fields"),
                                QStringLiteral("Export every field (default: a few "
                                               "identifying fields)."))},
            2,
            2};
}

void ExportCommand::run()
{
    const QStringList arguments = m_context.arguments();
    m_type = listableType(arguments.at(0));
    if (!m_type || !readFieldSelection(*m_type, &m_query.select)) {
        finish(ExitCode::Usage);
        return;
    }
    m_columns = m_query.select; // empty = every field found

    // Open the file before any request, so a bad path fails fast and costs no API calls.
    m_file = std::make_unique<QSaveFile>(arguments.at(1));
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_context.printError(
            QStringLiteral("cannot write %1: %2").arg(arguments.at(1), m_file->errorString()));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this](PlanhatClient *client) { startList(client); });
}

void ExportCommand::startList(PlanhatClient *client)
{
    m_writer = std::make_unique<RecordCsvWriter>(m_file.get(), m_columns);
    reportRateLimitWaits(client);
    ListJob *job = client->list(*m_type, m_query);
    connect(job, &ListJob::rowsReceived, this,
            [this](const QList<QJsonObject> &rows) { m_writer->addRows(rows); });
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        if (result.error.isError()) {
            m_file->cancelWriting();
            m_context.printError(QStringLiteral("exporting %1 stopped after %2 rows, so %3 was "
                                                "not written: %4")
                                     .arg(m_type->name)
                                     .arg(result.rowCount)
                                     .arg(m_file->fileName(), result.error.toString()));
            finish(exitCodeFor(result.error));
            return;
        }
        m_writer->finish();
        if (!m_file->commit()) {
            m_context.printError(QStringLiteral("cannot write %1: %2")
                                     .arg(m_file->fileName(), m_file->errorString()));
            finish(ExitCode::Usage);
            return;
        }
        m_context.printNote(QStringLiteral("Exported %1 %2 to %3")
                                .arg(m_writer->rowsWritten())
                                .arg(m_type->name, m_file->fileName()));
        finish(ExitCode::Ok);
    });
    job->start();
}

} // namespace Planhat
