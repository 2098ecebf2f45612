// SPDX-License-Identifier: MIT
#include "apierror.h"

namespace Planhat {

ApiError::ApiError(Kind kind, int httpStatus, const QString &message, Outcome outcome)
    : m_kind(kind)
    , m_httpStatus(httpStatus)
    , m_message(message)
    , m_outcome(outcome)
{ }

QString ApiError::toString() const
{
    if (!isError())
        return kindName(m_kind);
    QString text = m_httpStatus > 0
        ? QStringLiteral("HTTP %1 (%2)").arg(m_httpStatus).arg(kindName(m_kind))
        : kindName(m_kind);
    if (!m_message.isEmpty())
        text += QLatin1String(": ") + m_message;
    // Messages come from servers and from Qt: keep the promise of one line whatever they hold.
    for (QChar &c : text) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    }
    return text;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("no error");
    case Kind::Network:
        return QStringLiteral("network error");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Auth:
        return QStringLiteral("authentication failed");
    case Kind::NotFound:
        return QStringLiteral("not found");
    case Kind::RateLimited:
        return QStringLiteral("rate limited");
    case Kind::Server:
        return QStringLiteral("server error");
    case Kind::BadRequest:
        return QStringLiteral("bad request");
    case Kind::InvalidResponse:
        return QStringLiteral("invalid response");
    }
    return QStringLiteral("error");
}

} // namespace Planhat
