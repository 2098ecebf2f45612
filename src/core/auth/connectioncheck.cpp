// SPDX-License-Identifier: MIT
#include "connectioncheck.h"

#include "../api/planhatclient.h"
#include "../schema/schema.h"

namespace Planhat {

ConnectionCheckResult ConnectionCheckResult::from(const ApiError &error, const QUrl &baseUrl)
{
    using Kind = ApiError::Kind;
    using Outcome = ConnectionCheckResult::Outcome;
    ConnectionCheckResult result;
    result.error = error;
    result.baseUrl = baseUrl;
    const QString message = error.message();
    switch (error.kind()) {
    case Kind::None:
        result.outcome = Outcome::Ok;
        break;
    case Kind::Auth:
        result.outcome = Outcome::WrongToken;
        break;
    case Kind::NotFound:
    case Kind::InvalidResponse:
    case Kind::BadRequest:
        result.outcome = Outcome::WrongAddress;
        break;
    case Kind::Server:
    case Kind::RateLimited:
        result.outcome = Outcome::ServerError;
        break;
    case Kind::Timeout:
        result.outcome = Outcome::NoNetwork;
        break;
    case Kind::Network:
        // ErrorMapping::networkError words these cases; the kind alone does not tell them.
        if (message.startsWith(QLatin1String("TLS")) || message.contains(QLatin1String("SSL")))
            result.outcome = Outcome::TlsError;
        else if (message.startsWith(QLatin1String("host not found"))
                 || message.contains(QLatin1String("redirect")))
            result.outcome = Outcome::WrongAddress;
        else
            result.outcome = Outcome::NoNetwork;
        break;
    }
    return result;
}

QString ConnectionCheckResult::message() const
{
    const QString address = baseUrl.toString();
    const QString detail = error.toString();
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("Connected: the token works with %1.").arg(address);
    case Outcome::WrongToken:
        return QStringLiteral("Wrong token: %1 refused it (%2). Check that you pasted the whole "
                              "token of a Planhat service account.")
            .arg(address, detail);
    case Outcome::WrongAddress:
        return QStringLiteral("Wrong region or address: no Planhat API answered at %1 (%2). "
                              "Check the region or base URL.")
            .arg(address, detail);
    case Outcome::NoNetwork:
        return QStringLiteral("No network: %1 could not be reached (%2). Check your connection "
                              "and proxy.")
            .arg(address, detail);
    case Outcome::TlsError:
        return QStringLiteral("TLS error: the secure connection to %1 failed (%2).")
            .arg(address, detail);
    case Outcome::ServerError:
        return QStringLiteral("The server had a problem (%1); try again later.").arg(detail);
    }
    return detail;
}

ConnectionCheck::ConnectionCheck(const QUrl &baseUrl, const QString &token, QObject *parent)
    : QObject(parent)
    , m_baseUrl(baseUrl)
    , m_client(std::make_unique<PlanhatClient>(baseUrl))
{
    m_client->setToken(token);
    // A check is a question for a person waiting: answer within seconds, never retry long.
    ClientOptions options = m_client->options();
    options.maxAttempts = 1;
    options.transferTimeout = std::chrono::seconds(20);
    m_client->setOptions(options);
}

ConnectionCheck::~ConnectionCheck() = default;

void ConnectionCheck::start()
{
    ListQuery query;
    query.select = {QStringLiteral("_id")};
    query.maxRows = 1;
    query.pageSize = 1;
    ListJob *job = m_client->list(*Schema::builtin().type(QStringLiteral("companies")), query);
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        Q_EMIT finished(ConnectionCheckResult::from(result.error, m_baseUrl));
    });
    job->start();
}

} // namespace Planhat
