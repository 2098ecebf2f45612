// SPDX-License-Identifier: MIT
#include "importplan.h"

#include "data/fieldpath.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Planhat {

QJsonObject ExistingRecord::beforeImage() const
{
    if (imageText.isEmpty())
        return values;
    return QJsonDocument::fromJson(imageText).object();
}

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

QString ImportPlan::resolvedReference(const QString &field, const QString &value) const
{
    const auto it = m_resolved.constFind(field);
    return it == m_resolved.constEnd() ? QString() : it->value(value);
}

void ImportPlan::resolveReferences(QJsonObject *object) const
{
    for (auto field = m_resolved.constBegin(); field != m_resolved.constEnd(); ++field) {
        const QHash<QString, QString> &ids = field.value();
        const QJsonValue value = FieldPath::valueIn(*object, field.key());
        if (value.isString()) {
            const QString id = ids.value(value.toString());
            if (!id.isEmpty())
                FieldPath::setValueIn(object, field.key(), id);
        } else if (value.isArray()) {
            QJsonArray resolved;
            for (const QJsonValue &entry : value.toArray()) {
                const QString id = entry.isString() ? ids.value(entry.toString()) : QString();
                resolved.append(id.isEmpty() ? entry : QJsonValue(id));
            }
            FieldPath::setValueIn(object, field.key(), resolved);
        }
    }
}

} // namespace Planhat
