// SPDX-License-Identifier: MIT
#include "clicontext.h"

#include "api/apiendpoint.h"
#include "api/planhatclient.h"
#include "auth/profilestore.h"
#include "schema/schema.h"

#include <QProcessEnvironment>

#include <unistd.h>

namespace Planhat {

CliContext::CliContext()
{
    m_out.open(stdout, QIODevice::WriteOnly);
    m_err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
}

CliContext::~CliContext()
{
    m_out.flush();
}

QStringList CliContext::arguments() const
{
    return m_parser.positionalArguments().mid(1);
}

void CliContext::printError(const QString &message)
{
    m_out.flush();
    m_err.write(QStringLiteral("planhat-cli: %1\n").arg(message).toUtf8());
}

void CliContext::printNote(const QString &message)
{
    m_err.write(message.toUtf8() + '\n');
}

OutputFormat CliContext::outputFormat() const
{
    const QString format = m_parser.isSet(QStringLiteral("format"))
        ? m_parser.value(QStringLiteral("format"))
        : QString();
    if (format == QLatin1String("json"))
        return OutputFormat::Json;
    if (format == QLatin1String("csv"))
        return OutputFormat::Csv;
    if (format == QLatin1String("table"))
        return OutputFormat::Table;
    return isatty(STDOUT_FILENO) ? OutputFormat::Table : OutputFormat::Json;
}

bool CliContext::stdinIsTerminal() const
{
    return isatty(STDIN_FILENO);
}

const ObjectType *CliContext::resolveType(const QString &name)
{
    const ObjectType *type = Schema::builtin().type(name);
    if (!type) {
        printError(QStringLiteral("unknown object type '%1'; known types: %2")
                       .arg(name, Schema::builtin().typeNames().join(QLatin1String(", "))));
    }
    return type;
}

PlanhatClient *CliContext::client(ExitCode *failure)
{
    if (m_client)
        return m_client.get();

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString baseUrlText = environment.value(QStringLiteral("PLANHAT_BASE_URL"));
    QString tenantUuid;
    if (m_parser.isSet(QStringLiteral("profile"))) {
        const QString name = m_parser.value(QStringLiteral("profile"));
        const std::optional<Profile> profile = ProfileStore().profile(name);
        if (!profile) {
            printError(QStringLiteral("no profile named '%1'").arg(name));
            *failure = ExitCode::Usage;
            return nullptr;
        }
        baseUrlText = profile->baseUrl.toString();
        tenantUuid = profile->tenantUuid;
    }
    if (m_parser.isSet(QStringLiteral("base-url")))
        baseUrlText = m_parser.value(QStringLiteral("base-url"));

    QUrl baseUrl = ApiEndpoint::defaultBaseUrl();
    if (!baseUrlText.isEmpty()) {
        QString error;
        baseUrl = ApiEndpoint::parseBaseUrl(baseUrlText, &error);
        if (!baseUrl.isValid()) {
            printError(error);
            *failure = ExitCode::Usage;
            return nullptr;
        }
    }

    const QString token = environment.value(QStringLiteral("PLANHAT_API_TOKEN")).trimmed();
    if (token.isEmpty()) {
        printError(QStringLiteral("no API token: set PLANHAT_API_TOKEN to the token of a "
                                  "Planhat service account"));
        *failure = ExitCode::Auth;
        return nullptr;
    }

    m_client = std::make_unique<PlanhatClient>(baseUrl);
    m_client->setToken(token);
    if (!tenantUuid.isEmpty())
        m_client->setAnalytics(ApiEndpoint::defaultAnalyticsUrl(), tenantUuid);
    return m_client.get();
}

} // namespace Planhat
