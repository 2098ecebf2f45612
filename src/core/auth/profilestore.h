// SPDX-License-Identifier: MIT
#pragma once

#include "../api/clientoptions.h"

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
    /// How fast long jobs may send (ClientOptions::requestsPerMinute); 0 = no pacing.
    int requestsPerMinute = ClientOptions().requestsPerMinute;

    /// The largest pace worth setting: the API's hard limit of 150 requests a second.
    static constexpr int maxRequestsPerMinute = 9000;
    /// Whether `rate` can be a profile's requestsPerMinute: 0 to maxRequestsPerMinute.
    static bool isValidRequestsPerMinute(int rate)
    {
        return rate >= 0 && rate <= maxRequestsPerMinute;
    }
};

/// Profiles kept in QSettings under "profiles/<name>/...". A pace missing from the settings
/// (profiles saved before it existed) or out of range reads as the default.
class ProfileStore
{
public:
    ProfileStore();

    /// Whether `name` can name a profile: 1 to 64 letters, digits, '.', '_', '-' or '@'
    /// (it is a settings group and a keychain key, so no slashes or spaces).
    static bool isValidName(const QString &name);

    /// Every profile, sorted by name.
    QList<Profile> profiles() const;
    std::optional<Profile> profile(const QString &name) const;
    bool contains(const QString &name) const;
    /// Creates or replaces the profile named profile.name.
    void save(const Profile &profile);
    void remove(const QString &name);

    /// The profile the desktop app used last (it opens with it), or an empty string.
    QString lastUsed() const;
    void setLastUsed(const QString &name);
};

} // namespace Planhat
