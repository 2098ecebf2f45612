// SPDX-License-Identifier: MIT
#include "importpreviewmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Planhat {

ImportPreviewModel::ImportPreviewModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ImportPreviewModel::setPlan(std::shared_ptr<const ImportPlan> plan)
{
    beginResetModel();
    m_plan = std::move(plan);
    m_problemsByRow.clear();
    if (m_plan) {
        for (const ImportProblem &problem : m_plan->problems()) {
            QString &text = m_problemsByRow[problem.row];
            if (!text.isEmpty())
                text += QLatin1String("; ");
            text += problem.column.isEmpty()
                ? problem.message
                : QStringLiteral("%1: %2").arg(problem.column, problem.message);
        }
    }
    endResetModel();
}

QString ImportPreviewModel::valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        return tr("(none)");
    case QJsonValue::Null:
        return tr("(empty)");
    case QJsonValue::String:
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

QString ImportPreviewModel::changesText(const QList<FieldChange> &changes)
{
    QStringList parts;
    parts.reserve(changes.size());
    for (const FieldChange &change : changes) {
        // A value of a new record has no before.
        parts.append(
            change.before.isUndefined()
                ? QStringLiteral("%1: %2").arg(change.field, valueText(change.after))
                : QStringLiteral("%1: %2 → %3")
                      .arg(change.field, valueText(change.before), valueText(change.after)));
    }
    return parts.join(QLatin1String("; "));
}

QString ImportPreviewModel::actionText(PlannedAction action) const
{
    switch (action) {
    case PlannedAction::Create:
        return tr("create");
    case PlannedAction::Update:
        return tr("update");
    case PlannedAction::Unchanged:
        return tr("unchanged");
    case PlannedAction::Invalid:
        return tr("invalid");
    }
    return QString();
}

int ImportPreviewModel::rowCount(const QModelIndex &parent) const
{
    // Views take int rows; a plan beyond that is shown in part (the counts say the rest).
    return parent.isValid() || !m_plan ? 0 : int(qMin<qint64>(m_plan->rowCount(), INT_MAX));
}

int ImportPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlannedRow &row = m_plan->row(index.row());
    if (role == ActionRole)
        return plannedActionName(row.action);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Row:
        return index.row() + 1;
    case Line:
        return row.line;
    case Action:
        return actionText(row.action);
    case Record: {
        const ExistingRecord *existing = m_plan->existingFor(index.row());
        if (!existing)
            return QString();
        return role == Qt::ToolTipRole
            ? QStringLiteral("%1 (_id %2)").arg(existing->key, existing->id)
            : existing->key;
    }
    case Changes:
        switch (row.action) {
        case PlannedAction::Update: {
            const QList<FieldChange> changes = m_plan->changes(index.row());
            if (changes.isEmpty())
                return tr("%n field(s) change", nullptr, row.changedFields);
            return changesText(changes);
        }
        case PlannedAction::Create: {
            const QList<FieldChange> values = m_plan->changes(index.row());
            if (values.isEmpty())
                return row.changedFields == 0 ? QString()
                                              : tr("%n field(s) set", nullptr, row.changedFields);
            return changesText(values);
        }
        case PlannedAction::Invalid:
            return m_problemsByRow.value(index.row() + 1);
        case PlannedAction::Unchanged:
            return QString();
        }
        return QString();
    default:
        return {};
    }
}

QVariant ImportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Row:
        return tr("Row");
    case Line:
        return tr("Line");
    case Action:
        return tr("Action");
    case Record:
        return tr("Existing record");
    case Changes:
        return tr("Changes (before → after)");
    default:
        return {};
    }
}

} // namespace Planhat
