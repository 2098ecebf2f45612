// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Planhat::Sandbox {

/// Checks the `Authorization` header the way Planhat does: `Bearer <token>`, or Basic with
/// the token as user name and an empty password. With an expected token only that token
/// passes; without one any non-empty token does. Never logs or returns the token.
class TokenAuthenticator
{
public:
    enum class Result { Accepted, Missing, Invalid };

    explicit TokenAuthenticator(const QString &expectedToken = QString());

    Result check(const QByteArray &authorizationHeader) const;
    /// The `{"error": ...}` text for a refused result.
    QString errorMessage(Result result) const;

private:
    static QByteArray tokenFrom(const QByteArray &authorizationHeader);

    QByteArray m_expectedToken;
};

} // namespace Planhat::Sandbox
