// SPDX-License-Identifier: MIT
#include "listcommand.h"

#include "api/planhatclient.h"
#include "clicontext.h"
#include "schema/schema.h"

namespace Planhat {

ListCommand::~ListCommand() = default;

CommandSpec ListCommand::spec()
{
    return {QStringLiteral("list"),
            QStringLiteral("list TYPE [--select a,b | --all-fields] [--company ID] "
                           "[--sort FIELD] [--limit N] [--format json|csv|table]"),
            QStringLiteral("List objects of a type (all pages)"),
            {QCommandLineOption(QStringLiteral("select"),
                                QStringLiteral("Comma-separated fields to return."),
                                QStringLiteral("FIELDS")),
             QCommandLineOption(QStringLiteral("all-fields"),
                                QStringLiteral("Return every field (default: a few "
                                               "identifying fields).")),
             QCommandLineOption(QStringLiteral("company"),
                                QStringLiteral("Only objects of these companies (ids, or "
                                               "extid-X / srcid-X; comma-separated)."),
                                QStringLiteral("ID")),
             QCommandLineOption(QStringLiteral("sort"),
                                QStringLiteral("Sort by a field; prefix - for descending."),
                                QStringLiteral("FIELD")),
             QCommandLineOption(QStringLiteral("limit"), QStringLiteral("Stop after N objects."),
                                QStringLiteral("N")),
             formatOption()},
            1,
            1};
}

void ListCommand::run()
{
    const QCommandLineParser &parser = m_context.parser();
    m_type = listableType(m_context.arguments().first());
    if (!m_type || !readFieldSelection(*m_type, &m_query.select)) {
        finish(ExitCode::Usage);
        return;
    }
    m_columns = m_query.select; // empty = every field found
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        m_query.maxRows = parser.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok || m_query.maxRows < 1) {
            m_context.printError(QStringLiteral("--limit needs a positive number, got '%1'")
                                     .arg(parser.value(QStringLiteral("limit"))));
            finish(ExitCode::Usage);
            return;
        }
    }
    m_query.sort = parser.value(QStringLiteral("sort")).trimmed();

    QStringList companies;
    for (const QString &company :
         parser.value(QStringLiteral("company")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        companies.append(company.trimmed());
    if (!companies.isEmpty() && m_type->companyField.isEmpty()) {
        m_context.printError(
            QStringLiteral("%1 do not belong to one company; --company does not apply")
                .arg(m_type->pluralName));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, companies](PlanhatClient *client) {
        m_client = client;
        reportRateLimitWaits(client);
        resolveCompaniesThenList(companies, {});
    });
}

void ListCommand::resolveCompaniesThenList(QStringList pending, QStringList resolved)
{
    while (!pending.isEmpty() && !pending.first().startsWith(QLatin1String("extid-"))
           && !pending.first().startsWith(QLatin1String("srcid-")))
        resolved.append(pending.takeFirst());
    if (pending.isEmpty()) {
        m_query.companyIds = resolved;
        startList();
        return;
    }
    const QString key = pending.takeFirst();
    ObjectJob *job = m_client->get(*Schema::builtin().type(QStringLiteral("companies")), key);
    connect(job, &ObjectJob::finished, this,
            [this, key, pending, resolved](const ObjectResult &result) mutable {
                if (result.error.isError()) {
                    m_context.printError(
                        QStringLiteral("company %1: %2").arg(key, result.error.toString()));
                    finish(exitCodeFor(result.error));
                    return;
                }
                resolved.append(result.object.value(QStringLiteral("_id")).toString());
                resolveCompaniesThenList(pending, resolved);
            });
    job->start();
}

void ListCommand::startList()
{
    m_printer
        = std::make_unique<RecordPrinter>(&m_context.out(), m_context.outputFormat(), m_columns);
    ListJob *job = m_client->list(*m_type, m_query);
    if (m_printer->takesRawRows()) {
        // JSON and CSV are written from the page's bytes as each page arrives: no
        // QJsonObject per row.
        job->setRowFormat(ListJob::RowFormat::Raw);
        connect(job, &ListJob::rawRowsReceived, this,
                [this](const RawRows &rows) { m_printer->addRawRows(rows); });
    } else {
        connect(job, &ListJob::rowsReceived, this,
                [this](const QList<QJsonObject> &rows) { m_printer->addRows(rows); });
    }
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        if (result.error.isError()) {
            finishFailedList(m_printer.get(),
                             QStringLiteral("listing %1 stopped after %2 rows: %3")
                                 .arg(m_type->name)
                                 .arg(result.rowCount)
                                 .arg(result.error.toString()),
                             result.error);
            return;
        }
        m_printer->finish();
        finish(ExitCode::Ok);
    });
    job->start();
}

} // namespace Planhat
