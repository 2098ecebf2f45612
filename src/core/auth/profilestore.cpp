// SPDX-License-Identifier: MIT
#include "profilestore.h"

#include "platform/apppaths.h"

#include <QRegularExpression>
#include <QSettings>

namespace Planhat {

namespace {

const QLatin1String profilesGroup("profiles");
const QLatin1String baseUrlKey("baseUrl");
const QLatin1String tenantUuidKey("tenantUuid");
const QLatin1String requestsPerMinuteKey("requestsPerMinute");
const QLatin1String lastUsedKey("lastProfile");

// One settings file shared by the desktop app and the CLI, whatever the executable's name.
QSettings openSettings()
{
    return QSettings(QSettings::NativeFormat, QSettings::UserScope, AppPaths::organizationName(),
                     AppPaths::applicationName());
}

} // namespace

ProfileStore::ProfileStore() = default;

bool ProfileStore::isValidName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return valid.match(name).hasMatch();
}

QList<Profile> ProfileStore::profiles() const
{
    QSettings settings = openSettings();
    settings.beginGroup(profilesGroup);
    QList<Profile> result;
    QStringList names = settings.childGroups();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        settings.beginGroup(name);
        Profile profile {name, settings.value(baseUrlKey).toUrl(),
                         settings.value(tenantUuidKey).toString()};
        bool isNumber = false;
        const int rate = settings.value(requestsPerMinuteKey).toInt(&isNumber);
        if (isNumber && Profile::isValidRequestsPerMinute(rate))
            profile.requestsPerMinute = rate;
        result.append(profile);
        settings.endGroup();
    }
    return result;
}

std::optional<Profile> ProfileStore::profile(const QString &name) const
{
    for (const Profile &candidate : profiles()) {
        if (candidate.name == name)
            return candidate;
    }
    return std::nullopt;
}

bool ProfileStore::contains(const QString &name) const
{
    return profile(name).has_value();
}

void ProfileStore::save(const Profile &profile)
{
    QSettings settings = openSettings();
    settings.beginGroup(profilesGroup);
    settings.beginGroup(profile.name);
    settings.setValue(baseUrlKey, profile.baseUrl);
    settings.setValue(tenantUuidKey, profile.tenantUuid);
    settings.setValue(requestsPerMinuteKey, profile.requestsPerMinute);
}

void ProfileStore::remove(const QString &name)
{
    QSettings settings = openSettings();
    settings.beginGroup(profilesGroup);
    settings.remove(name);
}

QString ProfileStore::lastUsed() const
{
    return openSettings().value(lastUsedKey).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    openSettings().setValue(lastUsedKey, name);
}

} // namespace Planhat
