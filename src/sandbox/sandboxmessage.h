// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QJsonDocument;
class QUrl;

namespace Planhat::Sandbox {

enum class HttpMethod { Get, Post, Put, Delete, Other };

using QueryItems = QList<QPair<QString, QString>>;

/// One request as the API layer sees it: no sockets, no headers (authentication is the
/// server's job), the path split into decoded segments.
struct SandboxRequest
{
    HttpMethod method = HttpMethod::Other;
    QStringList path; ///< decoded segments, e.g. {"companies", "extid-42"}
    QueryItems query; ///< decoded, in request order
    QByteArray body;

    /// Whether the method may change data (POST, PUT, DELETE).
    bool changesData() const;
    /// The first value of query parameter `name`, or a null string.
    QString queryValue(const QString &name) const;

    static SandboxRequest fromUrl(HttpMethod method, const QUrl &url, const QByteArray &body);
};

/// One response: status, JSON body and any extra headers.
struct SandboxResponse
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static SandboxResponse json(int status, const QByteArray &body);
    static SandboxResponse json(int status, const QJsonObject &body);
    /// `{"error": message}` with `status`.
    static SandboxResponse error(int status, const QString &message);

    enum class Connection { KeepAlive, Close };
    /// Whether the body is sent (HEAD answers carry only the headers).
    enum class Body { Send, Omit };
    /// The complete HTTP/1.1 message.
    QByteArray toHttp(Connection connection, Body body = Body::Send) const;
    /// The status line and headers of toHttp(), up to the blank line: what goes before the
    /// body, for writers that send the body as it is instead of copying it into the message.
    QByteArray head(Connection connection) const;

    static QByteArray reasonPhrase(int status);
};

/// Parses the request's body as JSON; on failure (empty or invalid) fills `error` with a
/// 400 response naming the problem.
bool parseJsonBody(const SandboxRequest &request, QJsonDocument *document, SandboxResponse *error);

} // namespace Planhat::Sandbox
