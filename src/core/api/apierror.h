// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

namespace Planhat {

/// One failure of a call to the Planhat API, in a form every caller can show as one line.
/// Never holds the API token: the client redacts it from server messages.
class ApiError
{
public:
    enum class Kind {
        None, ///< no error
        Network, ///< connection refused, dropped, DNS, TLS
        Timeout, ///< the transfer timeout expired
        Auth, ///< 401 or 403
        NotFound, ///< 404
        RateLimited, ///< 429 after the last attempt
        Server, ///< 5xx after the last attempt
        BadRequest, ///< other 4xx: the request was rejected as sent
        InvalidResponse, ///< the body was not what the API documents
    };

    /// Whether the failed request may still have changed data on the server.
    enum class Outcome {
        NotApplied, ///< the server did not apply it (or it was a read)
        Unknown, ///< sent, and may have been applied: check before repeating it
    };

    ApiError() = default;
    ApiError(Kind kind, int httpStatus, const QString &message,
             Outcome outcome = Outcome::NotApplied);

    bool isError() const { return m_kind != Kind::None; }
    Kind kind() const { return m_kind; }
    int httpStatus() const { return m_httpStatus; } ///< 0 when no HTTP answer arrived
    QString message() const { return m_message; } ///< the server's message or Qt's reason
    Outcome outcome() const { return m_outcome; }

    /// "HTTP 401 (authentication failed): Invalid token" or
    /// "network error: Connection refused" — one line, for stderr, logs and status bars.
    QString toString() const;

    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    int m_httpStatus = 0;
    QString m_message;
    Outcome m_outcome = Outcome::NotApplied;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ApiError)
