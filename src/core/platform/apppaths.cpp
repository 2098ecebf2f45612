// SPDX-License-Identifier: MIT
#include "apppaths.h"

#include <QDir>
#include <QStandardPaths>

namespace Planhat {

namespace {

QString productSubdirectory()
{
    return QLatin1Char('/') + AppPaths::organizationName() + QLatin1Char('/')
        + AppPaths::applicationName();
}

} // namespace

QString AppPaths::organizationName()
{
    return QStringLiteral("PlanhatAdmin");
}

QString AppPaths::applicationName()
{
    return QStringLiteral("planhat-admin");
}

QString AppPaths::dataDirectory()
{
#ifdef Q_OS_WIN
    // AppDataLocation is the roaming profile on Windows, while GenericDataLocation is the
    // local one: start from the roaming profile as Qt does for AppDataLocation.
    QString base = QDir::fromNativeSeparators(qEnvironmentVariable("APPDATA"));
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
#else
    // Linux (XDG_DATA_HOME) and macOS (~/Library/Application Support): AppDataLocation is
    // GenericDataLocation with the organisation and application appended.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
#endif
    return base + productSubdirectory();
}

QString AppPaths::journalDirectory()
{
    return dataDirectory() + QStringLiteral("/imports");
}

QString AppPaths::cacheDirectory()
{
#ifdef Q_OS_WIN
    // CacheLocation on Windows is <local app data>/<organisation>/<application>/cache.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + productSubdirectory() + QStringLiteral("/cache");
#else
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
        + productSubdirectory();
#endif
}

} // namespace Planhat
