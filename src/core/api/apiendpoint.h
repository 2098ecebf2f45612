// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

namespace Planhat {

/// Where a tenant's API lives, checked before anything is sent to it.
class ApiEndpoint
{
public:
    /// https://api.planhat.com
    static QUrl defaultBaseUrl();
    /// https://api-<region>.planhat.com, e.g. region "eu2"
    static QUrl regionalBaseUrl(const QString &region);
    /// https://analytics.planhat.com (the same for every region)
    static QUrl defaultAnalyticsUrl();

    /// Parses a base URL typed by a user or given on the command line. Refuses anything but
    /// https, except plain http to a loopback host (localhost, 127.0.0.0/8, ::1). On failure
    /// returns an invalid QUrl and sets `error` to a sentence naming the problem.
    static QUrl parseBaseUrl(const QString &text, QString *error);

    /// The default base URL when `text` is empty (nothing configured), else
    /// parseBaseUrl(text, error).
    static QUrl baseUrlOrDefault(const QString &text, QString *error);

    static bool isLoopbackHost(const QString &host);
};

} // namespace Planhat
