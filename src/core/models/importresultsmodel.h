// SPDX-License-Identifier: MIT
#pragma once

#include "importer/importplan.h"
#include "importer/importresults.h"

#include <QAbstractTableModel>

#include <memory>

namespace Planhat {

/// The outcome of every row of an import as a read-only table: row, line, status (created,
/// updated, unchanged, failed, outcome unknown, pending), the record's `_id` and the
/// message. Holds a copy of the results, refreshed with setResults() after each run.
class ImportResultsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportResultsModel)
public:
    enum Column {
        Row,
        Line,
        Status,
        RecordId,
        Message,
        ColumnCount,
    };
    enum Roles {
        StatusRole = Qt::UserRole + 1, ///< rowStatusName() of the row: "created", ...
    };

    explicit ImportResultsModel(QObject *parent = nullptr);

    /// `plan` gives each row its file line; it may be null.
    void setResults(const ImportResults &results, std::shared_ptr<const ImportPlan> plan);
    const ImportResults &results() const { return m_results; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    ImportResults m_results;
    std::shared_ptr<const ImportPlan> m_plan;
};

} // namespace Planhat
