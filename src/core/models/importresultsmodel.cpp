// SPDX-License-Identifier: MIT
#include "importresultsmodel.h"

namespace Planhat {

ImportResultsModel::ImportResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ImportResultsModel::setResults(const ImportResults &results,
                                    std::shared_ptr<const ImportPlan> plan)
{
    beginResetModel();
    m_results = results;
    m_plan = std::move(plan);
    endResetModel();
}

int ImportResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_results.rowCount(), INT_MAX));
}

int ImportResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RowOutcome &outcome = m_results.row(index.row());
    if (role == StatusRole)
        return rowStatusName(outcome.status);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Row:
        return index.row() + 1;
    case Line:
        return m_plan && index.row() < m_plan->rowCount() ? QVariant(m_plan->row(index.row()).line)
                                                          : QVariant();
    case Status:
        return rowStatusName(outcome.status);
    case RecordId:
        return outcome.id;
    case Message:
        return outcome.message;
    default:
        return {};
    }
}

QVariant ImportResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Row:
        return tr("Row");
    case Line:
        return tr("Line");
    case Status:
        return tr("Status");
    case RecordId:
        return tr("_id");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace Planhat
