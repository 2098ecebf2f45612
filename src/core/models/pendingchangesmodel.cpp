// SPDX-License-Identifier: MIT
#include "pendingchangesmodel.h"

#include "objectcolumn.h"
#include "objecttablemodel.h"
#include "referenceresolver.h"

namespace Planhat {

PendingChangesModel::PendingChangesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_formatter.setNameLookup([this](const QString &typeName, const QString &id) {
        ReferenceResolver *resolver = m_model ? m_model->referenceResolver() : nullptr;
        return resolver ? resolver->name(typeName, id) : QString();
    });
}

PendingChangesModel::~PendingChangesModel() = default;

void PendingChangesModel::setTableModel(ObjectTableModel *model)
{
    if (m_model == model)
        return;
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    if (m_model) {
        connect(m_model, &ObjectTableModel::changesChanged, this,
                &PendingChangesModel::scheduleRebuild);
    }
    rebuild();
}

void PendingChangesModel::scheduleRebuild()
{
    // A paste stages thousands of cells one by one: the list is made once, after them.
    if (m_rebuildScheduled)
        return;
    m_rebuildScheduled = true;
    QMetaObject::invokeMethod(this, &PendingChangesModel::rebuild, Qt::QueuedConnection);
}

void PendingChangesModel::rebuild()
{
    m_rebuildScheduled = false;
    beginResetModel();
    m_entries.clear();
    if (m_model) {
        const ObjectType &type = m_model->type();
        const ChangeSet &changes = m_model->changes();
        for (const QString &id : changes.changedRecords()) {
            const int row = m_model->rowOf(id);
            const QJsonObject record = row >= 0 ? m_model->record(row) : QJsonObject();
            // Records are named as people know them: name, title or email, else the id.
            QString label;
            for (const char *field : {"name", "title", "email"}) {
                if (label.isEmpty())
                    label = record.value(QLatin1String(field)).toString();
            }
            if (label.isEmpty())
                label = id;
            const QString problem = changes.saveError(id);
            for (const FieldChange &change : changes.changes(id)) {
                const FieldSpec *spec = type.field(change.field);
                if (!spec)
                    continue;
                const ObjectColumn column(*spec);
                m_entries.append({id, label, change.field, spec->displayName,
                                  m_formatter.displayText(column, change.before),
                                  m_formatter.displayText(column, change.after), problem});
            }
        }
    }
    endResetModel();
}

int PendingChangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int PendingChangesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PendingChangesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case Record:
            return role == Qt::ToolTipRole ? entry.id : entry.recordLabel;
        case Field:
            return role == Qt::ToolTipRole ? entry.field : entry.fieldLabel;
        case OldValue:
            return entry.oldText;
        case NewValue:
            return entry.newText;
        case Problem:
            return entry.problem;
        case ColumnCount:
            break;
        }
        break;
    case ObjectIdRole:
        return entry.id;
    case FieldNameRole:
        return entry.field;
    default:
        break;
    }
    return QVariant();
}

QVariant PendingChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Record:
        return tr("Record");
    case Field:
        return tr("Field");
    case OldValue:
        return tr("Old value");
    case NewValue:
        return tr("New value");
    case Problem:
        return tr("Not saved because");
    case ColumnCount:
        break;
    }
    return QVariant();
}

} // namespace Planhat
