// SPDX-License-Identifier: MIT
#include "trackcommand.h"

#include "analytics/analyticsrowconverter.h"
#include "api/planhatclient.h"
#include "clicontext.h"

#include <QJsonDocument>

namespace Planhat {

namespace {

/// The command line options and the activity fields they fill.
const QList<QPair<QString, QString>> &optionFields()
{
    static const QList<QPair<QString, QString>> fields {
        {QStringLiteral("email"), QStringLiteral("email")},
        {QStringLiteral("external-id"), QStringLiteral("externalId")},
        {QStringLiteral("company-external-id"), QStringLiteral("companyExternalId")},
        {QStringLiteral("action"), QStringLiteral("action")},
        {QStringLiteral("date"), QStringLiteral("date")},
        {QStringLiteral("weight"), QStringLiteral("weight")},
        {QStringLiteral("count"), QStringLiteral("count")},
        {QStringLiteral("info"), QStringLiteral("info")},
    };
    return fields;
}

} // namespace

CommandSpec TrackCommand::spec()
{
    auto option = [](const char *name, const char *description, const char *value) {
        return QCommandLineOption(QLatin1String(name), QLatin1String(description),
                                  QLatin1String(value));
    };
    return {QStringLiteral("track"),
            QStringLiteral("track --email E | --external-id X [--company-external-id C] "
                           "--action A [--date ISO] [--weight N] [--count N] [--info JSON] "
                           "[--yes]"),
            QStringLiteral("Send one user activity to the analytics host (needs the tenant "
                           "UUID)"),
            {option("email", "The end user's email.", "E"),
             option("external-id", "The end user's external id (instead of --email).", "X"),
             option("company-external-id", "The external id of the user's company.", "C"),
             option("action", "What the user did, e.g. \"Logged in\".", "A"),
             option("date", "When, as an ISO date or date-time (default: now).", "ISO"),
             option("weight", "How much the activity counts (a number).", "N"),
             option("count", "How many times it happened (a whole number).", "N"),
             option("info", "Extra details, a JSON object.", "JSON"),
             QCommandLineOption(QStringLiteral("yes"),
                                QStringLiteral("Send without asking (required when stdin is "
                                               "not a terminal)."))},
            0,
            0};
}

void TrackCommand::run()
{
    if (const ExitCode code = m_context.requireAnalytics(); code != ExitCode::Ok) {
        finish(code);
        return;
    }
    const QCommandLineParser &parser = m_context.parser();
    QStringList headers;
    QStringList cells;
    QHash<QString, int> columns;
    for (const auto &[optionName, field] : optionFields()) {
        if (!parser.isSet(optionName))
            continue;
        columns.insert(field, int(headers.size()));
        headers.append(QStringLiteral("--") + optionName);
        cells.append(parser.value(optionName));
    }
    if (parser.isSet(QStringLiteral("email")) && parser.isSet(QStringLiteral("external-id"))) {
        m_context.printError(QStringLiteral("give --email or --external-id, not both"));
        finish(ExitCode::Usage);
        return;
    }
    AnalyticsRowConverter converter(AnalyticsTarget::Activities, headers, columns);
    if (!columns.contains(QStringLiteral("email"))
        && !columns.contains(QStringLiteral("externalId"))) {
        m_context.printError(QStringLiteral("track needs --email or --external-id"));
        finish(ExitCode::Usage);
        return;
    }
    QJsonObject activity;
    QList<AnalyticsRowProblem> problems;
    if (!converter.convert(cells, 1, 0, &activity, &problems)) {
        for (const AnalyticsRowProblem &problem : std::as_const(problems)) {
            m_context.printError(problem.column.isEmpty()
                                     ? problem.message
                                     : QStringLiteral("%1 '%2': %3")
                                           .arg(problem.column, problem.value, problem.message));
        }
        finish(ExitCode::Usage);
        return;
    }
    if (!parser.isSet(QStringLiteral("yes")) && !m_context.stdinIsTerminal()) {
        m_context.printError(QStringLiteral("stdin is not a terminal, so the activity cannot be "
                                            "confirmed; pass --yes to send it"));
        finish(ExitCode::Usage);
        return;
    }
    if (!parser.isSet(QStringLiteral("yes"))
        && !askYes(
            QStringLiteral("Send the activity \"%1\" of %2? Type yes: ")
                .arg(activity.value(QStringLiteral("action")).toString(),
                     activity.value(QStringLiteral("email"))
                         .toString(activity.value(QStringLiteral("externalId")).toString())))) {
        m_context.printError(QStringLiteral("nothing sent"));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, activity](PlanhatClient *client) {
        reportRateLimitWaits(client);
        ObjectJob *job = client->trackActivity(activity);
        connect(job, &ObjectJob::finished, this, [this](const ObjectResult &result) {
            if (result.error.isError()) {
                m_context.printError(
                    QStringLiteral("sending the activity: %1").arg(result.error.toString()));
                finish(exitCodeFor(result.error));
                return;
            }
            m_context.out().write(QStringLiteral("sent 1 activity (the analytics host accepts "
                                                 "everything and processes it later)\n")
                                      .toUtf8());
            finish(ExitCode::Ok);
        });
        job->start();
    });
}

} // namespace Planhat
