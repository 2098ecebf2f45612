// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Planhat {

/// A named connection to one tenant. Holds no secret: tokens live in the keychain.
struct Profile
{
    QString name;
    QUrl baseUrl;
    QString tenantUuid; ///< for analytics calls; may be empty
};

/// Profiles kept in QSettings under "profiles/<name>/...".
class ProfileStore
{
public:
    ProfileStore();

    QList<Profile> profiles() const;
    std::optional<Profile> profile(const QString &name) const;
    void save(const Profile &profile);
    void remove(const QString &name);
};

} // namespace Planhat
