// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Planhat {

/// Where the product keeps its files, for every program of it (planhat-admin, planhat-cli):
/// the same identity ("PlanhatAdmin" / "planhat-admin") whatever the running program calls
/// itself. Computed from the environment and QStandardPaths' generic locations with these
/// names spelled out, never by setting QCoreApplication's names: safe on any thread, and
/// the answers do not change with the running program's names.
class AppPaths
{
public:
    AppPaths() = delete;

    /// The organisation and application names of the product, as the desktop app sets them
    /// on QCoreApplication (and as QSettings files are named).
    static QString organizationName();
    static QString applicationName();

    /// The per-user data directory: what QStandardPaths::AppDataLocation answers in the
    /// desktop app (e.g. ~/.local/share/PlanhatAdmin/planhat-admin).
    static QString dataDirectory();
    /// Import journals, shared by the CLI and the app: dataDirectory() + "/imports".
    static QString journalDirectory();
    /// Caches that may be deleted: what QStandardPaths::CacheLocation answers in the
    /// desktop app (e.g. ~/.cache/PlanhatAdmin/planhat-admin).
    static QString cacheDirectory();
};

} // namespace Planhat
