// SPDX-License-Identifier: MIT
#include "clirunner.h"

#include "analyticsimportcommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "listcommand.h"
#include "logincommand.h"
#include "logoutcommand.h"
#include "metricscommand.h"
#include "objectcommands.h"
#include "profilescommand.h"
#include "templatecommand.h"
#include "trackcommand.h"
#include "typescommand.h"
#include "version.h"

#include <QCoreApplication>

#include <algorithm>

namespace Planhat {

CliRunner::CliRunner(QObject *parent)
    : QObject(parent)
{ }

CliRunner::~CliRunner() = default;

QList<CommandSpec> CliRunner::commandSpecs()
{
    return {TypesCommand::spec(),
            ListCommand::spec(),
            GetCommand::spec(),
            CreateCommand::spec(),
            UpdateCommand::spec(),
            DeleteCommand::spec(),
            LoginCommand::spec(),
            ProfilesCommand::spec(),
            LogoutCommand::spec(),
            ExportCommand::spec(),
            ImportCommand::spec(),
            UndoCommand::spec(),
            MissingCommand::spec(),
            TemplateCommand::spec(),
            AnalyticsImportCommand::spec(AnalyticsTarget::Activities),
            AnalyticsImportCommand::spec(AnalyticsTarget::Metrics),
            TrackCommand::spec(),
            MetricsCommand::spec()};
}

QList<QCommandLineOption> CliRunner::globalOptions()
{
    return {QCommandLineOption(QStringLiteral("base-url"),
                               QStringLiteral("API base URL (default https://api.planhat.com, "
                                              "or $PLANHAT_BASE_URL)."),
                               QStringLiteral("URL")),
            QCommandLineOption(QStringLiteral("profile"),
                               QStringLiteral("Use a saved connection profile (see login)."),
                               QStringLiteral("NAME")),
            QCommandLineOption(QStringLiteral("max-rate"),
                               QStringLiteral("Send at most N requests a minute (0 = no pacing; "
                                              "default $PLANHAT_MAX_RATE, the profile's "
                                              "setting, or 200)."),
                               QStringLiteral("N")),
            QCommandLineOption(QStringLiteral("tenant-uuid"),
                               QStringLiteral("Tenant UUID for the analytics host (default "
                                              "$PLANHAT_TENANT_UUID or the profile's)."),
                               QStringLiteral("UUID")),
            QCommandLineOption(QStringLiteral("analytics-url"),
                               QStringLiteral("Analytics host (default "
                                              "$PLANHAT_ANALYTICS_URL, else "
                                              "https://analytics.planhat.com)."),
                               QStringLiteral("URL")),
            QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                               QStringLiteral("Show help.")),
            QCommandLineOption(QStringLiteral("version"), QStringLiteral("Show the version."))};
}

QString CliRunner::commandNameIn(const QStringList &arguments)
{
    // The first argument that is neither an option nor the value of a global option.
    // "import activities" and "import metrics" are commands of their own.
    const QStringList globalsWithValue {
        QStringLiteral("--base-url"), QStringLiteral("--profile"), QStringLiteral("--max-rate"),
        QStringLiteral("--tenant-uuid"), QStringLiteral("--analytics-url")};
    QString command;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (globalsWithValue.contains(argument)) {
            ++i;
            continue;
        }
        if (argument.startsWith(QLatin1Char('-')))
            continue;
        if (command.isEmpty() && argument != QLatin1String("import"))
            return argument;
        if (!command.isEmpty()) {
            const bool analytics
                = argument == QLatin1String("activities") || argument == QLatin1String("metrics");
            return analytics ? command + QLatin1Char(' ') + argument : command;
        }
        command = argument;
    }
    return command;
}

QString CliRunner::generalHelp() const
{
    QString help
        = QStringLiteral("Usage: planhat-cli [--base-url URL] [--profile NAME] [--max-rate N] "
                         "[--tenant-uuid UUID] [--analytics-url URL] COMMAND [ARGS]\n\n"
                         "Administer a Planhat tenant from scripts. The API token is read from\n"
                         "PLANHAT_API_TOKEN or, with --profile, from the OS keychain (stored by\n"
                         "login); PLANHAT_API_TOKEN wins when both exist.\n\nCommands:\n");
    QString subcommands;
    for (const CommandSpec &spec : commandSpecs()) {
        // "import activities" and "import metrics" get a list of their own: the one above
        // names each command once.
        if (spec.name.contains(QLatin1Char(' ')))
            subcommands += QStringLiteral("  %1\n      %2\n").arg(spec.synopsis, spec.description);
        else
            help += QStringLiteral("  %1%2\n").arg(spec.name.leftJustified(10), spec.description);
    }
    help
        += QStringLiteral("\nUser activities and metrics (to the analytics host):\n") + subcommands;
    help += QStringLiteral(
        "\nGlobal options:\n"
        "  --base-url URL   API base URL (default https://api.planhat.com, or\n"
        "                   $PLANHAT_BASE_URL); plain http only to localhost\n"
        "  --profile NAME   use a saved connection profile: its base URL, its pace, and\n"
        "                   its token from the keychain unless PLANHAT_API_TOKEN is set\n"
        "  --max-rate N     send at most N requests a minute, so long jobs stay under\n"
        "                   Planhat's soft quota of 200 calls a minute; 0 = no pacing\n"
        "                   (default $PLANHAT_MAX_RATE, else the profile's setting,\n"
        "                   else 200; login --max-rate N stores it in the profile)\n"
        "  --tenant-uuid UUID  the tenant UUID that track and import activities|metrics\n"
        "                   need (default $PLANHAT_TENANT_UUID, else the profile's;\n"
        "                   login --tenant-uuid UUID stores it in the profile)\n"
        "  --analytics-url URL  the analytics host (default $PLANHAT_ANALYTICS_URL, else\n"
        "                   https://analytics.planhat.com, or the base URL when that is\n"
        "                   a local sandbox); plain http only to localhost\n"
        "  --version        show the version\n"
        "  -h, --help       show this help; COMMAND --help for a command's options\n\n"
        "Exit codes: 0 ok, 1 some items failed, 2 usage error, 3 authentication,\n"
        "4 network or server error.\n");
    return help;
}

QString CliRunner::commandHelp(const CommandSpec &spec) const
{
    QString help
        = QStringLiteral("Usage: planhat-cli [--base-url URL] [--profile NAME] [--max-rate N] "
                         "[--tenant-uuid UUID] [--analytics-url URL] %1\n\n%2.\n")
              .arg(spec.synopsis, spec.description);
    if (!spec.options.isEmpty())
        help += QStringLiteral("\nOptions:\n");
    for (const QCommandLineOption &option : spec.options) {
        QString name = QStringLiteral("--") + option.names().constLast();
        if (!option.valueName().isEmpty())
            name += QLatin1Char(' ') + option.valueName();
        help += QStringLiteral("  %1 %2\n").arg(name.leftJustified(18), option.description());
    }
    return help;
}

std::optional<ExitCode> CliRunner::prepare(const QStringList &arguments)
{
    QCommandLineParser &parser = m_context.parser();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(globalOptions());

    const QString commandName = commandNameIn(arguments);
    std::optional<CommandSpec> spec;
    for (const CommandSpec &candidate : commandSpecs()) {
        if (candidate.name == commandName)
            spec = candidate;
    }
    if (spec)
        parser.addOptions(spec->options);

    if (!parser.parse(arguments)) {
        m_context.printError(parser.errorText());
        return ExitCode::Usage;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        m_context.out().write(QByteArrayLiteral("planhat-cli " PLANHAT_ADMIN_VERSION "\n"));
        return ExitCode::Ok;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        m_context.out().write((spec ? commandHelp(*spec) : generalHelp()).toUtf8());
        return ExitCode::Ok;
    }
    if (commandName.isEmpty()) {
        m_context.printError(QStringLiteral("no command given; try planhat-cli --help"));
        return ExitCode::Usage;
    }
    if (!spec) {
        m_context.printError(
            QStringLiteral("unknown command '%1'; try planhat-cli --help").arg(commandName));
        return ExitCode::Usage;
    }
    // Checked here, not when the client is made, so a typo fails before any command starts.
    QString rateError;
    m_context.requestedRequestsPerMinute(&rateError);
    if (!rateError.isEmpty()) {
        m_context.printError(rateError);
        return ExitCode::Usage;
    }
    const int argumentCount = int(m_context.arguments().size());
    if (argumentCount < spec->minArguments
        || (spec->maxArguments >= 0 && argumentCount > spec->maxArguments)) {
        m_context.printError(QStringLiteral("usage: planhat-cli %1").arg(spec->synopsis));
        return ExitCode::Usage;
    }
    const bool takesFormat = std::any_of(
        spec->options.cbegin(), spec->options.cend(), [](const QCommandLineOption &option) {
            return option.names().contains(QStringLiteral("format"));
        });
    if (takesFormat && parser.isSet(QStringLiteral("format"))) {
        const QString format = parser.value(QStringLiteral("format"));
        OutputFormat parsed = OutputFormat::Json;
        if (!outputFormatFromName(format, &parsed)) {
            m_context.printError(
                QStringLiteral("--format takes json, csv or table, not '%1'").arg(format));
            return ExitCode::Usage;
        }
    }

    if (spec->name == QLatin1String("types"))
        m_command = std::make_unique<TypesCommand>(m_context);
    else if (spec->name == QLatin1String("list"))
        m_command = std::make_unique<ListCommand>(m_context);
    else if (spec->name == QLatin1String("get"))
        m_command = std::make_unique<GetCommand>(m_context);
    else if (spec->name == QLatin1String("create"))
        m_command = std::make_unique<CreateCommand>(m_context);
    else if (spec->name == QLatin1String("update"))
        m_command = std::make_unique<UpdateCommand>(m_context);
    else if (spec->name == QLatin1String("delete"))
        m_command = std::make_unique<DeleteCommand>(m_context);
    else if (spec->name == QLatin1String("export"))
        m_command = std::make_unique<ExportCommand>(m_context);
    else if (spec->name == QLatin1String("login"))
        m_command = std::make_unique<LoginCommand>(m_context);
    else if (spec->name == QLatin1String("profiles"))
        m_command = std::make_unique<ProfilesCommand>(m_context);
    else if (spec->name == QLatin1String("import"))
        m_command = std::make_unique<ImportCommand>(m_context);
    else if (spec->name == QLatin1String("undo"))
        m_command = std::make_unique<UndoCommand>(m_context);
    else if (spec->name == QLatin1String("missing"))
        m_command = std::make_unique<MissingCommand>(m_context);
    else if (spec->name == QLatin1String("template"))
        m_command = std::make_unique<TemplateCommand>(m_context);
    else if (spec->name == QLatin1String("import activities"))
        m_command
            = std::make_unique<AnalyticsImportCommand>(m_context, AnalyticsTarget::Activities);
    else if (spec->name == QLatin1String("import metrics"))
        m_command = std::make_unique<AnalyticsImportCommand>(m_context, AnalyticsTarget::Metrics);
    else if (spec->name == QLatin1String("track"))
        m_command = std::make_unique<TrackCommand>(m_context);
    else if (spec->name == QLatin1String("metrics"))
        m_command = std::make_unique<MetricsCommand>(m_context);
    else
        m_command = std::make_unique<LogoutCommand>(m_context);
    connect(m_command.get(), &Command::finished, this, [this](ExitCode code) {
        m_context.out().flush();
        Q_EMIT finished(code);
    });
    return std::nullopt;
}

void CliRunner::run()
{
    m_command->run();
}

} // namespace Planhat
