// SPDX-License-Identifier: MIT
#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QJsonValue>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <chrono>

namespace Planhat {

/// Turns HTTP answers and Qt network errors into ApiErrors with messages people can act on.
/// Pure functions: no network, no state; the token to redact is passed in.
namespace ErrorMapping {

/// Longest message kept from a server or from Qt.
constexpr int maxMessageLength = 300;

/// 401/403 Auth, 404 NotFound, 429 RateLimited, 5xx Server, other 4xx BadRequest,
/// 2xx None, anything else InvalidResponse.
ApiError::Kind kindForStatus(int httpStatus);

/// The server's message from an error body: `error`, `message` or `msg` of a JSON object
/// ("Unauthorized: invalid API token" when it has both `error` and `message`), a JSON
/// string, or the text itself (HTML tags dropped). One line, at most maxMessageLength.
QString serverMessage(const QByteArray &body);

/// A response body as JSON when it is JSON (objects, arrays, and bare strings or numbers,
/// which QJsonDocument alone refuses), else as text; undefined when empty.
QJsonValue parseBody(const QByteArray &body);

/// A JSON value (an error element of a bulk answer, say) as one line of message.
QString messageFromJson(const QJsonValue &value);

/// `text` with line breaks and runs of white space collapsed, cut to `maxLength`.
QString oneLine(const QString &text, int maxLength = maxMessageLength);

/// `text` with every occurrence of `token` replaced by "[redacted]".
QString redact(const QString &text, const QString &token);

/// The error for an HTTP answer that is not 2xx. 401 messages carry a hint that the
/// base URL may name the wrong region.
ApiError httpError(int httpStatus, const QByteArray &body, const QString &reasonPhrase,
                   const QString &token, ApiError::Outcome outcome = ApiError::Outcome::NotApplied);

/// The error for a request that got no (complete) HTTP answer. `qtMessage` is used only
/// when nothing better can be said; `transferTimeout` phrases timeouts.
ApiError networkError(QNetworkReply::NetworkError error, const QUrl &url, const QString &qtMessage,
                      std::chrono::milliseconds transferTimeout, const QString &token,
                      ApiError::Outcome outcome = ApiError::Outcome::NotApplied);

} // namespace ErrorMapping

} // namespace Planhat
