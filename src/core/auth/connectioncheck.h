// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace Planhat {

class PlanhatClient;

/// What a connection check found, in terms a person can act on.
struct ConnectionCheckResult
{
    enum class Outcome {
        Ok, ///< the token lists companies at this address
        WrongToken, ///< the server answered and refused the token (401/403)
        WrongAddress, ///< no Planhat API there: unknown host, 404, not JSON, redirect
        NoNetwork, ///< the host could not be reached (refused, dropped, timeout, offline)
        TlsError, ///< the secure connection failed (certificate, handshake)
        ServerError, ///< the API answered with 5xx or kept rate limiting
    };

    Outcome outcome = Outcome::NoNetwork;
    ApiError error; ///< None for Ok
    QUrl baseUrl;

    bool isOk() const { return outcome == Outcome::Ok; }
    /// One or two sentences saying what failed and what to check; never holds the token.
    QString message() const;

    static ConnectionCheckResult from(const ApiError &error, const QUrl &baseUrl);
};

/// Tries a token against a base URL with the cheapest real call (a one-row list of
/// companies), on a client of its own so a check never disturbs the client in use. Shared
/// by `planhat-cli login` and the desktop app's profile dialog. start() once; finished()
/// follows asynchronously.
class ConnectionCheck : public QObject
{
    Q_OBJECT
public:
    ConnectionCheck(const QUrl &baseUrl, const QString &token, QObject *parent = nullptr);
    ~ConnectionCheck() override;

    void start();

Q_SIGNALS:
    void finished(const Planhat::ConnectionCheckResult &result);

private:
    QUrl m_baseUrl;
    std::unique_ptr<PlanhatClient> m_client;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ConnectionCheckResult)
