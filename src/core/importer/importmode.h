// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Planhat {

/// What an import may do to the tenant.
enum class ImportMode {
    Upsert, ///< update rows whose key exists, create the others
    CreateOnly, ///< create every row; rows whose key exists are errors
    UpdateOnly, ///< update rows whose key exists; rows without a match are errors
};

/// "upsert", "create", "update": the names the CLI's --mode takes.
QString importModeName(ImportMode mode);
bool importModeFromName(const QString &name, ImportMode *mode);

} // namespace Planhat
