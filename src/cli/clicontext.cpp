// SPDX-License-Identifier: MIT
#include "clicontext.h"

#include "api/apiendpoint.h"
#include "api/planhatclient.h"
#include "auth/credentialstore.h"
#include "auth/keychaincredentialstore.h"
#include "auth/profilestore.h"
#include "platform/console.h"
#include "schema/schema.h"

#include <QProcessEnvironment>
#include <QUuid>

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
    // CliRunner has refused unknown names already.
    OutputFormat format = OutputFormat::Json;
    if (m_parser.isSet(QStringLiteral("format"))
        && outputFormatFromName(m_parser.value(QStringLiteral("format")), &format))
        return format;
    return isTerminal(StandardStream::Output) ? OutputFormat::Table : OutputFormat::Json;
}

bool CliContext::stdinIsTerminal() const
{
    return isTerminal(StandardStream::Input);
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

CredentialStore *CliContext::credentialStore()
{
    if (!m_credentialStore)
        m_credentialStore = std::make_unique<KeychainCredentialStore>();
    return m_credentialStore.get();
}

void CliContext::setCredentialStore(std::unique_ptr<CredentialStore> store)
{
    m_credentialStore = std::move(store);
}

QString CliContext::profileName() const
{
    return m_parser.isSet(QStringLiteral("profile")) ? m_parser.value(QStringLiteral("profile"))
                                                     : QString();
}

std::optional<int> CliContext::parseRequestsPerMinute(const QString &text)
{
    bool isNumber = false;
    const int rate = text.trimmed().toInt(&isNumber);
    if (!isNumber || !Profile::isValidRequestsPerMinute(rate))
        return std::nullopt;
    return rate;
}

std::optional<int> CliContext::requestedRequestsPerMinute(QString *error) const
{
    error->clear();
    QString source;
    QString text;
    if (m_parser.isSet(QStringLiteral("max-rate"))) {
        source = QStringLiteral("--max-rate");
        text = m_parser.value(QStringLiteral("max-rate"));
    } else if (!qEnvironmentVariableIsEmpty("PLANHAT_MAX_RATE")) { // empty = unset, as usual
        source = QStringLiteral("PLANHAT_MAX_RATE");
        text = qEnvironmentVariable("PLANHAT_MAX_RATE");
    } else {
        return std::nullopt;
    }
    const std::optional<int> rate = parseRequestsPerMinute(text);
    if (!rate) {
        *error = QStringLiteral("%1 takes the requests per minute, a whole number from 0 (no "
                                "pacing) to %2, not '%3'")
                     .arg(source)
                     .arg(Profile::maxRequestsPerMinute)
                     .arg(text);
    }
    return rate;
}

QString CliContext::environmentToken()
{
    return QProcessEnvironment::systemEnvironment()
        .value(QStringLiteral("PLANHAT_API_TOKEN"))
        .trimmed();
}

ExitCode CliContext::reportCredentialFailure(const CredentialResult &result, const QString &profile)
{
    switch (result.status) {
    case CredentialResult::Status::Ok:
        return ExitCode::Ok;
    case CredentialResult::Status::NotFound:
        printError(QStringLiteral("no token stored for profile %1; run planhat-cli login "
                                  "--profile %1")
                       .arg(profile));
        break;
    case CredentialResult::Status::Unavailable:
        printError(QStringLiteral("%1. Set PLANHAT_API_TOKEN instead.").arg(result.message()));
        break;
    case CredentialResult::Status::Failed:
        printError(QStringLiteral("%1 (profile %2). Set PLANHAT_API_TOKEN instead.")
                       .arg(result.message(), profile));
        break;
    }
    return ExitCode::Auth;
}

QString CliContext::tenantUuid(QString *error) const
{
    error->clear();
    QString source;
    QString text;
    if (m_parser.isSet(QStringLiteral("tenant-uuid"))) {
        source = QStringLiteral("--tenant-uuid");
        text = m_parser.value(QStringLiteral("tenant-uuid"));
    } else if (!qEnvironmentVariableIsEmpty("PLANHAT_TENANT_UUID")) {
        source = QStringLiteral("PLANHAT_TENANT_UUID");
        text = qEnvironmentVariable("PLANHAT_TENANT_UUID");
    } else if (!profileName().isEmpty()) {
        const std::optional<Profile> profile = ProfileStore().profile(profileName());
        if (!profile) {
            *error = QStringLiteral("no profile named '%1'").arg(profileName());
            return QString();
        }
        return profile->tenantUuid.trimmed();
    }
    text = text.trimmed();
    if (!text.isEmpty() && QUuid::fromString(text).isNull()) {
        *error = QStringLiteral("%1 takes the tenant UUID (Planhat shows it under Settings, "
                                "Developer), not '%2'")
                     .arg(source, text);
        return QString();
    }
    return text;
}

QUrl CliContext::analyticsUrl(const QUrl &baseUrl, QString *error) const
{
    error->clear();
    QString text;
    if (m_parser.isSet(QStringLiteral("analytics-url")))
        text = m_parser.value(QStringLiteral("analytics-url"));
    else if (!qEnvironmentVariableIsEmpty("PLANHAT_ANALYTICS_URL"))
        text = qEnvironmentVariable("PLANHAT_ANALYTICS_URL");
    if (!text.trimmed().isEmpty()) {
        const QUrl url = ApiEndpoint::parseBaseUrl(text, error);
        if (!url.isValid())
            *error = QStringLiteral("analytics URL: %1").arg(*error);
        return url;
    }
    // Planhat has one analytics host for every region; a loopback base URL is a local
    // sandbox, which serves the analytics endpoints too.
    if (ApiEndpoint::isLoopbackHost(baseUrl.host()))
        return baseUrl;
    return ApiEndpoint::defaultAnalyticsUrl();
}

ExitCode CliContext::requireAnalytics()
{
    QString error;
    if (!analyticsUrl(QUrl(), &error).isValid()) {
        printError(error);
        return ExitCode::Usage;
    }
    const QString uuid = tenantUuid(&error);
    if (!error.isEmpty()) {
        printError(error);
        return ExitCode::Usage;
    }
    if (uuid.isEmpty()) {
        printError(QStringLiteral("no tenant UUID: the analytics host needs one. Give "
                                  "--tenant-uuid UUID, set PLANHAT_TENANT_UUID, or store it in "
                                  "the profile with planhat-cli login --profile NAME "
                                  "--tenant-uuid UUID (Planhat shows it under Settings, "
                                  "Developer)"));
        return ExitCode::Usage;
    }
    return ExitCode::Ok;
}

PlanhatClient *CliContext::makeClient(const QUrl &baseUrl, const QString &token,
                                      const QString &tenantUuid, const QUrl &analyticsUrl,
                                      int requestsPerMinute)
{
    m_client = std::make_unique<PlanhatClient>(baseUrl);
    m_client->setToken(token);
    ClientOptions options = m_client->options();
    options.requestsPerMinute = requestsPerMinute;
    m_client->setOptions(options);
    m_client->setAnalytics(analyticsUrl, tenantUuid);
    return m_client.get();
}

void CliContext::acquireClient(QObject *context, ClientCallback done)
{
    if (m_client) {
        done(m_client.get(), ExitCode::Ok);
        return;
    }

    QString baseUrlText
        = QProcessEnvironment::systemEnvironment().value(QStringLiteral("PLANHAT_BASE_URL"));
    QString rateError;
    const std::optional<int> requestedRate = requestedRequestsPerMinute(&rateError);
    if (!rateError.isEmpty()) {
        printError(rateError);
        done(nullptr, ExitCode::Usage);
        return;
    }
    int requestsPerMinute = requestedRate.value_or(ClientOptions().requestsPerMinute);
    const QString profileName = this->profileName();
    if (!profileName.isEmpty()) {
        const std::optional<Profile> profile = ProfileStore().profile(profileName);
        if (!profile) {
            printError(QStringLiteral("no profile named '%1'").arg(profileName));
            done(nullptr, ExitCode::Usage);
            return;
        }
        baseUrlText = profile->baseUrl.toString();
        requestsPerMinute = requestedRate.value_or(profile->requestsPerMinute);
    }
    if (m_parser.isSet(QStringLiteral("base-url")))
        baseUrlText = m_parser.value(QStringLiteral("base-url"));

    QString error;
    const QUrl baseUrl = ApiEndpoint::baseUrlOrDefault(baseUrlText, &error);
    if (!baseUrl.isValid()) {
        printError(error);
        done(nullptr, ExitCode::Usage);
        return;
    }
    // Commands that need the tenant check it first (requireTenantUuid()); for the others a
    // bad one is no reason to fail.
    const QString tenantUuid = this->tenantUuid(&error);
    QUrl analyticsUrl = this->analyticsUrl(baseUrl, &error);
    if (!analyticsUrl.isValid())
        analyticsUrl = ApiEndpoint::defaultAnalyticsUrl();

    // The environment wins over the keychain, so scripts and CI never need a keyring.
    const QString token = environmentToken();
    if (!token.isEmpty()) {
        done(makeClient(baseUrl, token, tenantUuid, analyticsUrl, requestsPerMinute), ExitCode::Ok);
        return;
    }
    if (profileName.isEmpty()) {
        printError(QStringLiteral("no API token: set PLANHAT_API_TOKEN to the token of a "
                                  "Planhat service account"));
        done(nullptr, ExitCode::Auth);
        return;
    }

    CredentialJob *job = credentialStore()->readToken(profileName);
    QObject::connect(job, &CredentialJob::finished, context,
                     [this, done, baseUrl, tenantUuid, analyticsUrl, requestsPerMinute,
                      profileName](const CredentialResult &result) {
                         if (!result.isOk()) {
                             done(nullptr, reportCredentialFailure(result, profileName));
                             return;
                         }
                         if (result.token.trimmed().isEmpty()) {
                             printError(
                                 QStringLiteral("the token stored for profile %1 is empty; run "
                                                "planhat-cli login --profile %1")
                                     .arg(profileName));
                             done(nullptr, ExitCode::Auth);
                             return;
                         }
                         done(makeClient(baseUrl, result.token.trimmed(), tenantUuid, analyticsUrl,
                                         requestsPerMinute),
                              ExitCode::Ok);
                     });
    job->start();
}

} // namespace Planhat
