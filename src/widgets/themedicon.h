// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QString>

namespace Planhat {

/// The icon the desktop's theme has under freedesktop icon name `name` (e.g.
/// "document-save"), else ours from the resources (:/icons/<name>.png, with a @2x file for
/// high-DPI screens). Every action icon comes from here, so each one has a fallback.
QIcon themedIcon(const QString &name);

/// The application's own icon in every size the resources carry; the theme's icon of the
/// installed app id wins where one exists.
QIcon applicationIcon();

} // namespace Planhat
