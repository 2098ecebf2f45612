// SPDX-License-Identifier: MIT
#include "tokenauthenticator.h"

namespace Planhat::Sandbox {

namespace {

// Compares without an early exit so timing does not reveal how much of a token matched.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace

TokenAuthenticator::TokenAuthenticator(const QString &expectedToken)
    : m_expectedToken(expectedToken.toUtf8())
{ }

QByteArray TokenAuthenticator::tokenFrom(const QByteArray &authorizationHeader)
{
    const QByteArray header = authorizationHeader.trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0)
        return QByteArray();
    const QByteArray scheme = header.left(space).toLower();
    const QByteArray credentials = header.mid(space + 1).trimmed();
    if (scheme == "bearer")
        return credentials;
    if (scheme == "basic") {
        const auto decoded
            = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return QByteArray();
        const QByteArray &userPassword = *decoded;
        const qsizetype colon = userPassword.indexOf(':');
        // Planhat's form is "<token>:" - the token as user name, no password.
        if (colon < 0 || colon != userPassword.size() - 1)
            return QByteArray();
        return userPassword.left(colon);
    }
    return QByteArray();
}

TokenAuthenticator::Result TokenAuthenticator::check(const QByteArray &authorizationHeader) const
{
    if (authorizationHeader.trimmed().isEmpty())
        return m_expectedToken.isEmpty() ? Result::Missing : Result::Invalid;
    const QByteArray token = tokenFrom(authorizationHeader);
    if (m_expectedToken.isEmpty())
        return token.isEmpty() ? Result::Missing : Result::Accepted;
    return constantTimeEquals(token, m_expectedToken) ? Result::Accepted : Result::Invalid;
}

QString TokenAuthenticator::errorMessage(Result result) const
{
    switch (result) {
    case Result::Accepted:
        return QString();
    case Result::Missing:
        return QStringLiteral("Unauthorized: missing API token");
    case Result::Invalid:
        return QStringLiteral("Unauthorized: invalid API token");
    }
    return QString();
}

} // namespace Planhat::Sandbox
