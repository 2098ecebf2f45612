// SPDX-License-Identifier: MIT
#include "importproblemmodel.h"

namespace Planhat {

ImportProblemModel::ImportProblemModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ImportProblemModel::setProblems(const QList<ImportProblem> &problems)
{
    beginResetModel();
    m_problems = problems;
    endResetModel();
}

int ImportProblemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ImportProblemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportProblemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ImportProblem &problem = m_problems.at(index.row());
    if (role == Qt::ToolTipRole)
        return problem.toString();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Row:
        return problem.row;
    case Line:
        return problem.line > 0 ? QVariant(problem.line) : QVariant();
    case ColumnName:
        return problem.column;
    case Value:
        return problem.value;
    case Message:
        return problem.message;
    default:
        return {};
    }
}

QVariant ImportProblemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Row:
        return tr("Row");
    case Line:
        return tr("Line");
    case ColumnName:
        return tr("Column");
    case Value:
        return tr("Value");
    case Message:
        return tr("Problem");
    default:
        return {};
    }
}

} // namespace Planhat
