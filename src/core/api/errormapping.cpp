// SPDX-License-Identifier: MIT
#include "errormapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Planhat::ErrorMapping {

namespace {

QString stringField(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString().trimmed();
    if (value.isObject()) {
        // {"error": {"message": "..."}} and similar nestings
        const QJsonObject inner = value.toObject();
        for (const QLatin1String innerKey :
             {QLatin1String("message"), QLatin1String("error"), QLatin1String("msg")}) {
            if (inner.value(innerKey).isString())
                return inner.value(innerKey).toString().trimmed();
        }
    }
    return {};
}

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString messageFromObject(const QJsonObject &object)
{
    const QString error = stringField(object, QLatin1String("error"));
    const QString message = stringField(object, QLatin1String("message"));
    const QString msg = stringField(object, QLatin1String("msg"));
    if (!error.isEmpty() && !message.isEmpty() && error != message)
        return error + QLatin1String(": ") + message;
    for (const QString &candidate : {error, message, msg}) {
        if (!candidate.isEmpty())
            return candidate;
    }
    return compactJson(object);
}

QString hostAndPort(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("http") ? 80 : 443;
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(defaultPort));
}

QString durationText(std::chrono::milliseconds duration)
{
    if (duration.count() < 1000 || duration.count() % 1000 != 0)
        return QStringLiteral("%1 ms").arg(duration.count());
    return QStringLiteral("%1 s").arg(duration.count() / 1000);
}

} // namespace

ApiError::Kind kindForStatus(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return ApiError::Kind::None;
    if (httpStatus == 401 || httpStatus == 403)
        return ApiError::Kind::Auth;
    if (httpStatus == 404)
        return ApiError::Kind::NotFound;
    if (httpStatus == 429)
        return ApiError::Kind::RateLimited;
    if (httpStatus >= 500 && httpStatus < 600)
        return ApiError::Kind::Server;
    if (httpStatus >= 400 && httpStatus < 500)
        return ApiError::Kind::BadRequest;
    return ApiError::Kind::InvalidResponse;
}

QString oneLine(const QString &text, int maxLength)
{
    QString line = text.simplified();
    if (line.size() > maxLength)
        line = line.left(qMax(0, maxLength - 3)).trimmed() + QLatin1String("...");
    return line;
}

QString redact(const QString &text, const QString &token)
{
    if (token.isEmpty())
        return text;
    QString result = text;
    result.replace(token, QLatin1String("[redacted]"));
    return result;
}

QString messageFromJson(const QJsonValue &value)
{
    if (value.isObject())
        return oneLine(messageFromObject(value.toObject()));
    return oneLine(compactJson(value));
}

QJsonValue parseBody(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return {};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error == QJsonParseError::NoError) {
        if (document.isObject())
            return document.object();
        if (document.isArray())
            return document.array();
    }
    const QJsonDocument wrapped = QJsonDocument::fromJson("[" + trimmed + "]", &parseError);
    if (parseError.error == QJsonParseError::NoError && wrapped.array().size() == 1)
        return wrapped.array().first();
    return QString::fromUtf8(trimmed);
}

QString serverMessage(const QByteArray &body)
{
    const QJsonValue parsed = parseBody(body);
    if (parsed.isUndefined())
        return {};
    if (parsed.isObject())
        return oneLine(messageFromObject(parsed.toObject()));
    if (!parsed.isString() || body.trimmed().startsWith('"'))
        return oneLine(compactJson(parsed));

    const QByteArray trimmed = body.trimmed();
    QString text = QString::fromUtf8(trimmed);
    if (text.startsWith(QLatin1Char('<'))) {
        static const QRegularExpression invisible(
            QStringLiteral("<(head|script|style)[^>]*>.*?</\\1>"),
            QRegularExpression::CaseInsensitiveOption
                | QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
        text.remove(invisible);
        text.replace(tag, QStringLiteral(" "));
    }
    return oneLine(text);
}

ApiError httpError(int httpStatus, const QByteArray &body, const QString &reasonPhrase,
                   const QString &token, ApiError::Outcome outcome)
{
    const ApiError::Kind kind = kindForStatus(httpStatus);
    QString message = redact(serverMessage(body), token);
    if (message.isEmpty())
        message = oneLine(redact(reasonPhrase, token));
    if (httpStatus == 401) {
        message += QLatin1String(message.isEmpty() ? "" : " ")
            + QLatin1String("(check the API token; a 401 can also mean the base URL "
                            "names the wrong region, e.g. https://api-eu.planhat.com)");
    } else if (httpStatus == 403 && message.isEmpty()) {
        message = QStringLiteral("the token's service account may not do this");
    } else if (httpStatus >= 300 && httpStatus < 400) {
        message = QStringLiteral("the server answered with a redirect; check the base URL");
    }
    return ApiError(kind, httpStatus, message, outcome);
}

ApiError networkError(QNetworkReply::NetworkError error, const QUrl &url, const QString &qtMessage,
                      std::chrono::milliseconds transferTimeout, const QString &token,
                      ApiError::Outcome outcome)
{
    using E = QNetworkReply::NetworkError;
    ApiError::Kind kind = ApiError::Kind::Network;
    QString message;
    switch (error) {
    case E::ConnectionRefusedError:
        message = QStringLiteral("connection refused by %1").arg(hostAndPort(url));
        break;
    case E::RemoteHostClosedError:
        message = QStringLiteral("the connection to %1 dropped before the answer arrived")
                      .arg(hostAndPort(url));
        break;
    case E::HostNotFoundError:
        message = QStringLiteral("host not found: %1").arg(url.host());
        break;
    case E::TimeoutError:
    case E::OperationCanceledError: // what Qt 6.4 reports when the transfer timeout expires
        kind = ApiError::Kind::Timeout;
        message = QStringLiteral("no answer from %1 within %2")
                      .arg(hostAndPort(url), durationText(transferTimeout));
        break;
    case E::SslHandshakeFailedError:
        message = QStringLiteral("TLS handshake with %1 failed: %2")
                      .arg(hostAndPort(url), oneLine(redact(qtMessage, token)));
        break;
    case E::TemporaryNetworkFailureError:
    case E::NetworkSessionFailedError:
        message = QStringLiteral("the network is not available");
        break;
    case E::TooManyRedirectsError:
    case E::InsecureRedirectError:
        message = QStringLiteral("the server redirected the request; check the base URL");
        break;
    default:
        message = oneLine(redact(qtMessage, token));
        if (message.isEmpty())
            message = QStringLiteral("the request to %1 failed").arg(hostAndPort(url));
        break;
    }
    return ApiError(kind, 0, message, outcome);
}

} // namespace Planhat::ErrorMapping
