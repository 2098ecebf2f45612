// SPDX-License-Identifier: MIT
#pragma once

#include "importer/importplan.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>

namespace Planhat {

/// An import plan as a read-only table, one row per data row of the file: what the import
/// will do with it (create, update, unchanged, invalid), the existing record it matched and,
/// for updates, each changed field as before -> after. Cells are made when asked for, so a
/// plan of a million rows costs no more than the plan itself.
class ImportPreviewModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportPreviewModel)
public:
    enum Column {
        Row,
        Line,
        Action,
        Record,
        Changes,
        ColumnCount,
    };
    enum Roles {
        ActionRole = Qt::UserRole + 1, ///< plannedActionName() of the row: "create", ...
    };

    explicit ImportPreviewModel(QObject *parent = nullptr);

    void setPlan(std::shared_ptr<const ImportPlan> plan);
    const ImportPlan *plan() const { return m_plan.get(); }

    /// "name: \"Acme\" → \"Acme Inc\"; custom.Seats: 10 → 12"
    static QString changesText(const QList<FieldChange> &changes);
    /// A JSON value as a person reads it: text as is (quoted), "(none)" for a missing value.
    static QString valueText(const QJsonValue &value);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString actionText(PlannedAction action) const;

    std::shared_ptr<const ImportPlan> m_plan;
    QHash<qint64, QString> m_problemsByRow; ///< data row number -> its problems, one line each
};

} // namespace Planhat
