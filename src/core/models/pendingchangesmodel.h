// SPDX-License-Identifier: MIT
#pragma once

#include "valueformatter.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QString>

namespace Planhat {

class ObjectTableModel;

/// The edits staged in an ObjectTableModel, one row per changed field, for the
/// pending-changes dock: the record, the field, the old and the new value as the table shows
/// them, and the server's message when the record's save failed. Follows the table model's
/// changesChanged() (once per turn of the event loop); set the next table model before
/// deleting the last one.
class PendingChangesModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Record, Field, OldValue, NewValue, Problem, ColumnCount };
    enum Role {
        ObjectIdRole = Qt::UserRole + 1, ///< the changed record's `_id`
        FieldNameRole, ///< the changed field's name
    };

    explicit PendingChangesModel(QObject *parent = nullptr);
    ~PendingChangesModel() override;

    void setTableModel(ObjectTableModel *model);
    ObjectTableModel *tableModel() const { return m_model; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QString id;
        QString recordLabel;
        QString field;
        QString fieldLabel;
        QString oldText;
        QString newText;
        QString problem;
    };

    void scheduleRebuild();
    void rebuild();

    QPointer<ObjectTableModel> m_model;
    QList<Entry> m_entries;
    ValueFormatter m_formatter;
    bool m_rebuildScheduled = false;
};

} // namespace Planhat
