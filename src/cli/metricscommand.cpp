// SPDX-License-Identifier: MIT
#include "metricscommand.h"

#include "analytics/analyticsrowconverter.h"
#include "analytics/metricsreader.h"
#include "api/planhatclient.h"
#include "clicontext.h"

namespace Planhat {

MetricsCommand::~MetricsCommand() = default;

CommandSpec MetricsCommand::spec()
{
    return {QStringLiteral("metrics"),
            QStringLiteral("metrics [--company KEY] [--dimension ID] [--from DATE] [--to DATE] "
                           "[--limit N] [--format json|csv|table]"),
            QStringLiteral("Read metrics (dimension data) back (all pages)"),
            {QCommandLineOption(QStringLiteral("company"),
                                QStringLiteral("Only this company's metrics (its id, or extid-X "
                                               "/ srcid-X)."),
                                QStringLiteral("KEY")),
             QCommandLineOption(QStringLiteral("dimension"),
                                QStringLiteral("Only this metric (dimension id)."),
                                QStringLiteral("ID")),
             QCommandLineOption(QStringLiteral("from"),
                                QStringLiteral("Only values from this day on (ISO date)."),
                                QStringLiteral("DATE")),
             QCommandLineOption(QStringLiteral("to"),
                                QStringLiteral("Only values up to this day (ISO date)."),
                                QStringLiteral("DATE")),
             QCommandLineOption(QStringLiteral("limit"), QStringLiteral("Stop after N values."),
                                QStringLiteral("N")),
             formatOption()},
            0,
            0};
}

void MetricsCommand::run()
{
    const QCommandLineParser &parser = m_context.parser();
    for (const char *name : {"from", "to"}) {
        if (!parser.isSet(QLatin1String(name)))
            continue;
        const QString text = parser.value(QLatin1String(name));
        const auto date = AnalyticsRowConverter::parseDate(text);
        if (!date) {
            m_context.printError(QStringLiteral("--%1 takes an ISO date such as 2024-05-01, not "
                                                "'%2'")
                                     .arg(QLatin1String(name), text));
            finish(ExitCode::Usage);
            return;
        }
        (qstrcmp(name, "from") == 0 ? m_query.from : m_query.to) = date->date();
    }
    if (m_query.from && m_query.to && *m_query.from > *m_query.to) {
        m_context.printError(QStringLiteral("--from is after --to"));
        finish(ExitCode::Usage);
        return;
    }
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
    m_query.dimensionId = parser.value(QStringLiteral("dimension")).trimmed();
    const QString company = parser.value(QStringLiteral("company")).trimmed();
    withClient([this, company](PlanhatClient *client) {
        reportRateLimitWaits(client);
        read(client, company);
    });
}

void MetricsCommand::read(PlanhatClient *client, const QString &companyKey)
{
    m_printer = std::make_unique<RecordPrinter>(&m_context.out(), m_context.outputFormat(),
                                                QStringList());
    m_reader = std::make_unique<MetricsReader>(client);
    connect(m_reader.get(), &MetricsReader::rowsReceived, this,
            [this](const QList<QJsonObject> &rows) { m_printer->addRows(rows); });
    connect(m_reader.get(), &MetricsReader::finished, this, [this](const ApiError &error) {
        if (error.isError()) {
            finishFailedList(m_printer.get(), m_reader->errorMessage(), error);
            return;
        }
        m_printer->finish();
        finish(ExitCode::Ok);
    });
    m_reader->start(companyKey, m_query);
}

} // namespace Planhat
