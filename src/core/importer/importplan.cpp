// SPDX-License-Identifier: MIT
#include "importplan.h"

namespace Planhat {

QString plannedActionName(PlannedAction action)
{
    switch (action) {
    case PlannedAction::Create:
        return QStringLiteral("create");
    case PlannedAction::Update:
        return QStringLiteral("update");
    case PlannedAction::Unchanged:
        return QStringLiteral("unchanged");
    case PlannedAction::Invalid:
        return QStringLiteral("invalid");
    }
    return QString();
}

bool ImportPlan::canRun() const
{
    if (!m_mappingProblems.isEmpty())
        return false;
    return m_problemCount == 0 || m_settings.skipInvalidRows;
}

const ExistingRecord *ImportPlan::existingFor(qint64 index) const
{
    const qint32 existing = m_rows[size_t(index)].existing;
    return existing >= 0 ? &m_existing[size_t(existing)] : nullptr;
}

} // namespace Planhat
