// SPDX-License-Identifier: MIT
#include "exportcommand.h"

#include "api/planhatclient.h"
#include "clicontext.h"
#include "importcommand.h"
#include "xlsx/recordfilewriter.h"

namespace Planhat {

ExportCommand::ExportCommand(CliContext &context, QObject *parent)
    : Command(context, parent)
{ }

ExportCommand::~ExportCommand() = default;

CommandSpec ExportCommand::spec()
{
    return {QStringLiteral("export"),
            QStringLiteral("export TYPE FILE [--select a,b | --all-fields]"),
            QStringLiteral("Write every object of a type to a CSV file or an Excel workbook "
                           "(.xlsx)"),
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
    // The file's type is fixed now; the tenant's custom fields type a workbook's cells.
    m_writer = std::make_unique<RecordFileWriter>(arguments.at(1), m_columns, *m_type);
    if (!m_writer->open()) {
        m_context.printError(m_writer->errorString());
        finish(ExitCode::Usage);
        return;
    }
    withClient([this](PlanhatClient *client) {
        if (m_writer->format() != RecordFileFormat::Workbook) {
            startList(client, *m_type);
            return;
        }
        ImportOptions::withCustomFields(
            this, m_context, client, *m_type,
            [this, client](const ObjectType &type) { startList(client, type); },
            [this](ExitCode code) { finish(code); });
    });
}

void ExportCommand::startList(PlanhatClient *client, const ObjectType &type)
{
    m_writer->setType(type);
    reportRateLimitWaits(client);
    ListJob *job = client->list(*m_type, m_query);
    if (m_writer->format() == RecordFileFormat::Workbook) {
        connect(job, &ListJob::rowsReceived, this,
                [this](const QList<QJsonObject> &rows) { m_writer->addRows(rows); });
    } else {
        // CSV needs no object per record: cells go from the page's bytes to the file.
        job->setRowFormat(ListJob::RowFormat::Raw);
        connect(job, &ListJob::rawRowsReceived, this,
                [this](const RawRows &rows) { m_writer->addRawRows(rows); });
    }
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        if (result.error.isError()) {
            m_context.printError(QStringLiteral("exporting %1 stopped after %2 rows, so %3 was "
                                                "not written: %4")
                                     .arg(m_type->name)
                                     .arg(result.rowCount)
                                     .arg(m_writer->fileName(), result.error.toString()));
            finish(exitCodeFor(result.error));
            return;
        }
        if (!m_writer->commit()) {
            m_context.printError(m_writer->errorString());
            finish(ExitCode::Usage);
            return;
        }
        m_context.printNote(QStringLiteral("Exported %1 %2 to %3")
                                .arg(m_writer->rowsWritten())
                                .arg(m_type->name, m_writer->fileName()));
        finish(ExitCode::Ok);
    });
    job->start();
}

} // namespace Planhat
