// SPDX-License-Identifier: MIT
#include "importmode.h"

namespace Planhat {

QString importModeName(ImportMode mode)
{
    switch (mode) {
    case ImportMode::Upsert:
        return QStringLiteral("upsert");
    case ImportMode::CreateOnly:
        return QStringLiteral("create");
    case ImportMode::UpdateOnly:
        return QStringLiteral("update");
    }
    return QString();
}

bool importModeFromName(const QString &name, ImportMode *mode)
{
    for (ImportMode candidate :
         {ImportMode::Upsert, ImportMode::CreateOnly, ImportMode::UpdateOnly}) {
        if (importModeName(candidate) == name) {
            *mode = candidate;
            return true;
        }
    }
    return false;
}

} // namespace Planhat
