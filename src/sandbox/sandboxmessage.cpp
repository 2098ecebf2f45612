// SPDX-License-Identifier: MIT
#include "sandboxmessage.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>
#include <QUrlQuery>

namespace Planhat::Sandbox {

bool SandboxRequest::changesData() const
{
    return method == HttpMethod::Post || method == HttpMethod::Put || method == HttpMethod::Delete;
}

QString SandboxRequest::queryValue(const QString &name) const
{
    for (const auto &item : query) {
        if (item.first == name)
            return item.second;
    }
    return QString();
}

SandboxRequest SandboxRequest::fromUrl(HttpMethod method, const QUrl &url, const QByteArray &body)
{
    SandboxRequest request;
    request.method = method;
    request.body = body;
    // Split before decoding so an encoded "/" inside a key stays part of the key.
    const QString encodedPath = url.path(QUrl::FullyEncoded);
    for (const QString &segment : encodedPath.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        request.path.append(QUrl::fromPercentEncoding(segment.toUtf8()));
    const QUrlQuery query(url.query(QUrl::FullyEncoded));
    request.query = query.queryItems(QUrl::FullyDecoded);
    return request;
}

SandboxResponse SandboxResponse::json(int status, const QByteArray &body)
{
    SandboxResponse response;
    response.status = status;
    response.body = body;
    return response;
}

SandboxResponse SandboxResponse::json(int status, const QJsonObject &body)
{
    return json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

SandboxResponse SandboxResponse::error(int status, const QString &message)
{
    return json(status, QJsonObject {{QStringLiteral("error"), message}});
}

QByteArray SandboxResponse::toHttp(Connection connection, Body bodyMode) const
{
    QByteArray message = head(connection);
    if (bodyMode == Body::Send)
        message += body;
    return message;
}

QByteArray SandboxResponse::head(Connection connection) const
{
    QByteArray message;
    message.reserve(256);
    message += "HTTP/1.1 ";
    message += QByteArray::number(status);
    message += ' ';
    message += reasonPhrase(status);
    message += "\r\nContent-Type: application/json\r\nContent-Length: ";
    message += QByteArray::number(body.size());
    message += "\r\n";
    for (const auto &header : headers) {
        message += header.first;
        message += ": ";
        message += header.second;
        message += "\r\n";
    }
    if (connection == Connection::Close)
        message += "Connection: close\r\n";
    message += "\r\n";
    return message;
}

QByteArray SandboxResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

bool parseJsonBody(const SandboxRequest &request, QJsonDocument *document, SandboxResponse *error)
{
    if (request.body.trimmed().isEmpty()) {
        *error = SandboxResponse::error(400,
                                        QStringLiteral("The request body is empty; "
                                                       "expected JSON"));
        return false;
    }
    QJsonParseError parseError;
    *document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SandboxResponse::error(400,
                                        QStringLiteral("Invalid JSON body: %1 at offset %2")
                                            .arg(parseError.errorString())
                                            .arg(parseError.offset));
        return false;
    }
    return true;
}

} // namespace Planhat::Sandbox
