// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QString>

namespace Planhat {

class ObjectTableModel;

/// Sorts and filters an ObjectTableModel.
///
/// Sorting is by value and type: numbers numerically, dates chronologically, text by the
/// locale's collation (case-insensitive, digits as numbers), references by name; empty
/// cells go last in either order. The filters keep rows whose case-folded display text
/// contains the filter text: the quick filter in any visible column, and each column filter
/// in its own column (booleans match "true" or "false").
///
/// The source model ranks a column's values once for a sort (SortRanks) and answers a filter
/// once per distinct value (TextMatcher), so sorting or filtering many rows compares
/// integers and looks answers up.
/// With any other source model it behaves as a plain QSortFilterProxyModel.
class ObjectFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ObjectFilterProxyModel(QObject *parent = nullptr);
    ~ObjectFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QString quickFilter() const { return m_quickFilter; }
    void setQuickFilter(const QString &text);

    /// The filter on the source model's column `sourceColumn`. Column filters stay with
    /// their field when columns are hidden, moved or shown again.
    QString columnFilter(int sourceColumn) const;
    void setColumnFilter(int sourceColumn, const QString &text);
    void clearFilters();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString fieldName(int sourceColumn) const;
    void refilter();
    bool emptyCellsLast(bool leftIsEmpty, bool rightIsEmpty) const;

    QPointer<ObjectTableModel> m_model;
    QString m_quickFilter;
    QString m_foldedQuickFilter;
    QHash<QString, QString> m_columnFilters; ///< field name -> case-folded filter text
};

} // namespace Planhat
