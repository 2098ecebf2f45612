// SPDX-License-Identifier: MIT
#include "objectfilterproxymodel.h"

#include "objecttablemodel.h"

namespace Planhat {

ObjectFilterProxyModel::ObjectFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

ObjectFilterProxyModel::~ObjectFilterProxyModel() = default;

void ObjectFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_model = qobject_cast<ObjectTableModel *>(sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

void ObjectFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (m_model && column >= 0 && column < m_model->columnCount())
        m_model->prepareSort(column);
    QSortFilterProxyModel::sort(column, order);
}

void ObjectFilterProxyModel::setQuickFilter(const QString &text)
{
    if (text == m_quickFilter)
        return;
    m_quickFilter = text;
    m_foldedQuickFilter = text.trimmed().toCaseFolded();
    refilter();
}

QString ObjectFilterProxyModel::columnFilter(int sourceColumn) const
{
    return m_columnFilters.value(fieldName(sourceColumn));
}

void ObjectFilterProxyModel::setColumnFilter(int sourceColumn, const QString &text)
{
    const QString name = fieldName(sourceColumn);
    if (name.isEmpty())
        return;
    const QString folded = text.trimmed().toCaseFolded();
    if (folded == m_columnFilters.value(name))
        return;
    if (folded.isEmpty())
        m_columnFilters.remove(name);
    else
        m_columnFilters.insert(name, folded);
    refilter();
}

void ObjectFilterProxyModel::clearFilters()
{
    if (m_quickFilter.isEmpty() && m_columnFilters.isEmpty())
        return;
    m_quickFilter.clear();
    m_foldedQuickFilter.clear();
    m_columnFilters.clear();
    refilter();
}

bool ObjectFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    for (auto it = m_columnFilters.constBegin(); it != m_columnFilters.constEnd(); ++it) {
        const int column = m_model->columnOf(it.key());
        // A filter on a hidden column stays set but does not hide rows by what nobody sees.
        if (column >= 0 && !m_model->cellContains(sourceRow, column, it.value()))
            return false;
    }
    return m_model->rowContains(sourceRow, m_foldedQuickFilter);
}

bool ObjectFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model || left.model() != m_model || right.model() != m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    // A full sort compares the ranks the model prepared; rows that arrive or change while
    // sorted are placed by their keys.
    const int leftRank = m_model->sortRank(left.row(), left.column());
    const int rightRank = m_model->sortRank(right.row(), right.column());
    if (leftRank != SortRanks::notRanked && rightRank != SortRanks::notRanked) {
        if (leftRank < 0 || rightRank < 0)
            return emptyCellsLast(leftRank < 0, rightRank < 0);
        return leftRank < rightRank;
    }
    const SortKey leftKey = m_model->sortKey(left.row(), left.column());
    const SortKey rightKey = m_model->sortKey(right.row(), right.column());
    if (leftKey.isEmpty() || rightKey.isEmpty())
        return emptyCellsLast(leftKey.isEmpty(), rightKey.isEmpty());
    return leftKey.compare(rightKey) < 0;
}

void ObjectFilterProxyModel::refilter()
{
    // invalidateFilter() inserts the rows a filter lets through one by one into the sorted
    // mapping, which takes seconds for 100,000 rows; rebuilding the mapping is one filter
    // pass and one sort.
    const int column = sortColumn();
    if (m_model && column >= 0 && column < m_model->columnCount())
        m_model->prepareSort(column);
    invalidate();
}

bool ObjectFilterProxyModel::emptyCellsLast(bool leftIsEmpty, bool rightIsEmpty) const
{
    // QSortFilterProxyModel sorts descending by swapping the arguments of lessThan(): decide
    // by the order, so that empty cells end up last either way.
    if (sortOrder() == Qt::AscendingOrder)
        return !leftIsEmpty && rightIsEmpty;
    return leftIsEmpty && !rightIsEmpty;
}

QString ObjectFilterProxyModel::fieldName(int sourceColumn) const
{
    if (!m_model || sourceColumn < 0 || sourceColumn >= m_model->columnCount())
        return QString();
    return m_model->column(sourceColumn).name();
}

} // namespace Planhat
