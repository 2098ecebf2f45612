// SPDX-License-Identifier: MIT
#pragma once

#include "exitcode.h"
#include "recordprinter.h"

#include <QCommandLineParser>
#include <QFile>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Planhat {

class CredentialStore;
struct CredentialResult;
class ObjectType;
class PlanhatClient;

/// What every command needs: its parsed command line, stdout and stderr, the credential store,
/// and a client connected to the chosen tenant.
class CliContext
{
public:
    CliContext();
    ~CliContext();

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineParser &parser() const { return m_parser; }
    /// The positional arguments after the command name.
    QStringList arguments() const;

    QFile &out() { return m_out; }
    /// Writes "planhat-cli: <message>" as one line on stderr.
    void printError(const QString &message);
    void printNote(const QString &message); ///< one line on stderr, no prefix

    /// The output format from --format, or table on a terminal and JSON otherwise.
    OutputFormat outputFormat() const;
    bool stdinIsTerminal() const;

    /// The type named by `name`, or nullptr after printing a usage error listing the types.
    const ObjectType *resolveType(const QString &name);

    /// Called with the client, or with nullptr and the exit code after the reason was printed.
    using ClientCallback = std::function<void(PlanhatClient *client, ExitCode failure)>;

    /// Makes the client: the base URL from --base-url, else the --profile's URL, else
    /// PLANHAT_BASE_URL, else the default; the token from PLANHAT_API_TOKEN when set (it
    /// wins), else from the keychain entry of --profile; the pace (requests per minute)
    /// from requestedRequestsPerMinute(), else the --profile's setting, else the
    /// ClientOptions default. A bad --max-rate or PLANHAT_MAX_RATE is a usage error.
    /// Reading the keychain is
    /// asynchronous: `done` runs later, in `context`'s thread, unless `context` is gone by
    /// then. Without a keychain read (token from the environment, or a usage error) `done`
    /// runs before this returns. Later calls reuse the client.
    void acquireClient(QObject *context, ClientCallback done);

    /// The store for tokens: the OS keychain unless setCredentialStore() replaced it.
    CredentialStore *credentialStore();
    void setCredentialStore(std::unique_ptr<CredentialStore> store);

    /// Prints why a keychain operation for `profile` failed and returns the exit code (Auth).
    /// A missing token names the login command that stores one.
    ExitCode reportCredentialFailure(const CredentialResult &result, const QString &profile);

    /// The --profile value, or an empty string.
    QString profileName() const;
    /// The pace asked for on this run: --max-rate, else PLANHAT_MAX_RATE; nullopt when
    /// neither is given. An invalid value gives nullopt with `error` naming it (a usage
    /// error); `error` is empty otherwise.
    std::optional<int> requestedRequestsPerMinute(QString *error) const;
    /// A --max-rate value: a whole number of requests per minute, 0 (no pacing) to
    /// Profile::maxRequestsPerMinute; nullopt for anything else.
    static std::optional<int> parseRequestsPerMinute(const QString &text);
    /// PLANHAT_API_TOKEN, trimmed; empty when unset.
    static QString environmentToken();

    /// The analytics tenant UUID: --tenant-uuid, else PLANHAT_TENANT_UUID, else the
    /// --profile's. Empty when none is given; empty with `error` set when the one given is
    /// not a UUID or the profile does not exist.
    QString tenantUuid(QString *error) const;
    /// The analytics host: --analytics-url, else PLANHAT_ANALYTICS_URL, else the base URL
    /// when that is a loopback host (a local planhat-sandbox serves both), else
    /// https://analytics.planhat.com. Plain http only to loopback, as for the API. Invalid
    /// with `error` set on a bad URL (acquireClient() then uses the default).
    QUrl analyticsUrl(const QUrl &baseUrl, QString *error) const;
    /// For commands that post to the analytics host: ExitCode::Ok when the tenant UUID is
    /// given and valid and the analytics URL (when given) is valid; otherwise prints why and
    /// returns ExitCode::Usage. (Other commands ignore a bad analytics URL or tenant.)
    ExitCode requireAnalytics();

private:
    PlanhatClient *makeClient(const QUrl &baseUrl, const QString &token, const QString &tenantUuid,
                              const QUrl &analyticsUrl, int requestsPerMinute);

    QCommandLineParser m_parser;
    QFile m_out;
    QFile m_err;
    std::unique_ptr<CredentialStore> m_credentialStore;
    std::unique_ptr<PlanhatClient> m_client;
};

} // namespace Planhat
