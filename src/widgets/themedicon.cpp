// SPDX-License-Identifier: MIT
#include "themedicon.h"

#include "version.h"

namespace Planhat {

QIcon themedIcon(const QString &name)
{
    return QIcon::fromTheme(name, QIcon(QStringLiteral(":/icons/%1.png").arg(name)));
}

QIcon applicationIcon()
{
    QIcon fallback;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        fallback.addFile(QStringLiteral(":/icons/app/%1.png").arg(size), QSize(size, size));
    return QIcon::fromTheme(QStringLiteral(PLANHAT_APP_ID), fallback);
}

} // namespace Planhat
