// SPDX-License-Identifier: MIT
#include "apiendpoint.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Planhat {

QUrl ApiEndpoint::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://api.planhat.com"));
}

QUrl ApiEndpoint::regionalBaseUrl(const QString &region)
{
    const QString name = region.trimmed().toLower();
    if (name.isEmpty())
        return defaultBaseUrl();
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    if (!valid.match(name).hasMatch())
        return {};
    return QUrl(QStringLiteral("https://api-%1.planhat.com").arg(name));
}

QUrl ApiEndpoint::defaultAnalyticsUrl()
{
    return QUrl(QStringLiteral("https://analytics.planhat.com"));
}

bool ApiEndpoint::isLoopbackHost(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name == QLatin1String("localhost"))
        return true;
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))
        name = name.mid(1, name.size() - 2);
    const QHostAddress address(name);
    return !address.isNull() && address.isLoopback();
}

QUrl ApiEndpoint::baseUrlOrDefault(const QString &text, QString *error)
{
    return text.trimmed().isEmpty() ? defaultBaseUrl() : parseBaseUrl(text, error);
}

QUrl ApiEndpoint::parseBaseUrl(const QString &text, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QUrl();
    };
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QStringLiteral("The base URL is empty."));

    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return fail(
            QStringLiteral("\"%1\" is not a valid URL: %2").arg(trimmed, url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty() || url.host().isEmpty()) {
        return fail(QStringLiteral("\"%1\" has no scheme and host; write it as https://%2")
                        .arg(trimmed, trimmed.section(QLatin1Char('/'), 0, 0)));
    }
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http")) {
        return fail(
            QStringLiteral("The base URL must start with https:// (not %1://).").arg(url.scheme()));
    }
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host())) {
        return fail(QStringLiteral("Plain http:// is only allowed to this computer (localhost, "
                                   "127.0.0.1, ::1); use https://%1 so the token is encrypted.")
                        .arg(url.authority()));
    }
    if (!url.userInfo().isEmpty())
        return fail(QStringLiteral("The base URL must not contain a user name or password."));
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("The base URL must not contain a query (?) or fragment (#)."));

    QUrl result;
    result.setScheme(scheme);
    result.setHost(url.host());
    result.setPort(url.port());
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    result.setPath(path, QUrl::TolerantMode);
    if (error)
        error->clear();
    return result;
}

} // namespace Planhat
