// SPDX-License-Identifier: MIT
#include "analyticsimportcommand.h"

#include "analytics/analyticsbatcher.h"
#include "analytics/analyticssender.h"
#include "api/planhatclient.h"
#include "clicontext.h"
#include "importcommand.h"
#include "platform/console.h"

#include <QFileInfo>

namespace Planhat {

namespace {

constexpr int maxPrintedProblems = 100;

QString rowsWord(AnalyticsTarget target, qint64 count)
{
    if (target == AnalyticsTarget::Activities)
        return count == 1 ? QStringLiteral("activity") : QStringLiteral("activities");
    return count == 1 ? QStringLiteral("metric value") : QStringLiteral("metric values");
}

} // namespace

AnalyticsImportCommand::AnalyticsImportCommand(CliContext &context, AnalyticsTarget target)
    : Command(context)
    , m_target(target)
{ }

CommandSpec AnalyticsImportCommand::spec(AnalyticsTarget target)
{
    const bool activities = target == AnalyticsTarget::Activities;
    const QString name = QStringLiteral("import ") + AnalyticsTargets::name(target);
    return {name,
            name
                + QStringLiteral(" FILE [--sheet NAME] [--delimiter C] [--encoding NAME] "
                                 "[--dry-run] [--yes]"),
            activities
                ? QStringLiteral("Send user activities from a CSV file or workbook to the "
                                 "analytics host in bulk (columns email or externalId, action, "
                                 "and optionally companyExternalId, name, date, weight, count, "
                                 "info; needs the tenant UUID)")
                : QStringLiteral("Push metrics (dimension data) from a CSV file or workbook to "
                                 "the analytics host in bulk (columns dimensionId, value, "
                                 "externalId, and optionally model, date; needs the tenant "
                                 "UUID)"),
            {ImportOptions::sheetOption(), ImportOptions::delimiterOption(),
             ImportOptions::encodingOption(),
             QCommandLineOption(QStringLiteral("dry-run"),
                                QStringLiteral("Check the file and print what would be sent, "
                                               "without sending.")),
             QCommandLineOption(QStringLiteral("yes"),
                                QStringLiteral("Send without asking (required when stdin is "
                                               "not a terminal)."))},
            2,
            2};
}

void AnalyticsImportCommand::run()
{
    const QCommandLineParser &parser = m_context.parser();
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (!dryRun) {
        if (const ExitCode code = m_context.requireAnalytics(); code != ExitCode::Ok) {
            finish(code);
            return;
        }
        if (!parser.isSet(QStringLiteral("yes")) && !m_context.stdinIsTerminal()) {
            m_context.printError(QStringLiteral("stdin is not a terminal, so the import cannot "
                                                "be confirmed; pass --yes to send it"));
            finish(ExitCode::Usage);
            return;
        }
    }
    m_filePath = m_context.arguments().at(1);
    TableOptions options;
    if (!ImportOptions::readCsvOptions(m_context, m_filePath, &options.csv)) {
        finish(ExitCode::Usage);
        return;
    }
    options.sheet = parser.value(QStringLiteral("sheet"));
    m_content = AnalyticsFileReader::read(m_filePath, options, m_target);
    if (!m_content.error.isEmpty()) {
        m_context.printError(m_content.error);
        finish(ExitCode::Usage);
        return;
    }
    printProblems(m_content);
    const QList<AnalyticsBatcher::Batch> batches
        = AnalyticsBatcher::split(m_content.rows, AnalyticsTargets::maxBodyBytes);
    const qint64 valid = m_content.rows.size();
    if (dryRun || valid == 0) {
        m_context.out().write(QStringLiteral("would send %1 %2 in %3 requests; rejected before "
                                             "sending %4\n")
                                  .arg(valid)
                                  .arg(rowsWord(m_target, valid))
                                  .arg(batches.size())
                                  .arg(m_content.rowsRejected)
                                  .toUtf8());
        finish(m_content.rowsRejected > 0 ? ExitCode::ItemsFailed : ExitCode::Ok);
        return;
    }
    if (!parser.isSet(QStringLiteral("yes"))
        && !askYes(QStringLiteral("Send %1 %2 from %3 in %4 requests? Type yes: ")
                       .arg(valid)
                       .arg(rowsWord(m_target, valid))
                       .arg(QFileInfo(m_filePath).fileName())
                       .arg(batches.size()))) {
        m_context.printError(QStringLiteral("nothing sent"));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this](PlanhatClient *client) { send(client); });
}

void AnalyticsImportCommand::printProblems(const AnalyticsFileContent &content)
{
    const QString file = QFileInfo(m_filePath).fileName();
    qsizetype printed = 0;
    for (const AnalyticsRowProblem &problem : content.problems) {
        if (printed++ >= maxPrintedProblems)
            break;
        m_context.printError(
            QStringLiteral("%1: %2").arg(file, analyticsProblemText(problem, content.lineWord())));
    }
    if (content.rowsRejected > 0) {
        m_context.printError(QStringLiteral("%1 rows of %2 have problems and are not sent%3")
                                 .arg(content.rowsRejected)
                                 .arg(file)
                                 .arg(content.problems.size() > maxPrintedProblems
                                          ? QStringLiteral(" (the first %1 problems are shown)")
                                                .arg(maxPrintedProblems)
                                          : QString()));
    }
}

void AnalyticsImportCommand::send(PlanhatClient *client)
{
    reportRateLimitWaits(client);
    auto *sender = new AnalyticsSender(client, m_target, std::move(m_content.rows), this);
    const bool terminal = isTerminal(StandardStream::Error);
    connect(sender, &AnalyticsSender::progressed, this,
            [this, terminal](qint64 sent, qint64 total) {
                if (!terminal)
                    return;
                m_context.printNote(QStringLiteral("sent %1 of %2").arg(sent).arg(total));
            });
    connect(sender, &AnalyticsSender::finished, this, &AnalyticsImportCommand::report);
    sender->start();
}

void AnalyticsImportCommand::report(const AnalyticsSendResult &result)
{
    QString line = QStringLiteral("sent %1, rejected before sending %2, requests %3")
                       .arg(result.rowsSent)
                       .arg(m_content.rowsRejected)
                       .arg(result.requests);
    if (result.rowsNotSent > 0)
        line += QStringLiteral(", not sent %1").arg(result.rowsNotSent);
    if (result.rowsInDoubt > 0)
        line += QStringLiteral(", outcome unknown %1").arg(result.rowsInDoubt);
    m_context.out().write((line + QLatin1Char('\n')).toUtf8());
    if (result.error.isError()) {
        m_context.printError(QStringLiteral("sending stopped: %1%2")
                                 .arg(result.error.toString(),
                                      result.rowsInDoubt > 0
                                          ? QStringLiteral("; the last request may have arrived: "
                                                           "check before sending its rows again")
                                          : QString()));
        finish(exitCodeFor(result.error));
        return;
    }
    m_context.printNote(
        m_target == AnalyticsTarget::Metrics
            ? QStringLiteral("planhat-cli: the analytics host accepts everything and processes "
                             "it later, without errors per row; read the metrics back with "
                             "planhat-cli metrics to confirm they arrived")
            : QStringLiteral("planhat-cli: the analytics host accepts everything and processes "
                             "it later, without errors per row"));
    finish(m_content.rowsRejected > 0 ? ExitCode::ItemsFailed : ExitCode::Ok);
}

} // namespace Planhat
