// SPDX-License-Identifier: MIT
#pragma once

#include "sortfiltertask.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace Planhat {

class ObjectTableModel;

/// Sorts and filters an ObjectTableModel without holding the window up.
///
/// Sorting is by value and type: numbers numerically, dates chronologically, text by the
/// locale's collation (case-insensitive, digits as numbers), references by name; empty
/// cells go last in either order; equal values keep the order the rows arrived in. The
/// filters keep rows whose case-folded display text contains the filter text: the quick
/// filter in any visible column, and each column filter in its own column (booleans match
/// "true" or "false").
///
/// The order is a list of record slots computed by a SortFilterTask from a snapshot of the
/// table's columns. Past synchronousRowLimit() rows the task runs on a worker thread and its
/// result is swapped in with layoutChanged() (persistent indexes follow their records);
/// meanwhile isBusy() is true, the header of the sort column (or of the first column) ends
/// in "…", and a new sort or filter cancels the task under way and starts over. Rows that
/// arrive while sorted or filtered are filtered at once and shown last until the next
/// result, which is computed when loading ends (or at once for rows added later); rows
/// removed from the source go without recomputing anything.
///
/// The source must be an ObjectTableModel; other models are shown without rows.
class ObjectFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    /// Tables up to this many rows are sorted and filtered on the spot (a worker thread
    /// would cost more than the work).
    static constexpr int defaultSynchronousRowLimit = 10000;

    explicit ObjectFilterProxyModel(QObject *parent = nullptr);
    ~ObjectFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    /// Sorts by the source's visible column `column`; -1 shows the rows in the order they
    /// arrived.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    QString quickFilter() const { return m_quickFilter; }
    void setQuickFilter(const QString &text);

    /// The filter on the source model's column `sourceColumn`. Column filters stay with
    /// their field when columns are hidden, moved or shown again.
    QString columnFilter(int sourceColumn) const;
    void setColumnFilter(int sourceColumn, const QString &text);
    void clearFilters();

    /// Whether a sort or filter is being computed; the rows shown are the previous result.
    bool isBusy() const { return m_busy; }
    int synchronousRowLimit() const { return m_synchronousRowLimit; }
    void setSynchronousRowLimit(int rows) { m_synchronousRowLimit = rows; }

    // QAbstractItemModel
    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

Q_SIGNALS:
    /// A sort or filter started computing (true) or its result is shown (false).
    void busyChanged(bool busy);

private:
    SortFilterSpec currentSpec() const;
    QString fieldName(int sourceColumn) const;
    /// Computes the rows to show for the current sort and filters, cancelling a computation
    /// under way.
    void refresh();
    /// refresh() soon: at once for small tables, else when loading ends or the task
    /// under way is done.
    void refreshLater();
    void startTask(const SortFilterSpec &spec);
    void cancelTask();
    void applyResult(const SortFilterResult &result);
    /// Shows `order` in place of the current rows (layoutChanged).
    void setOrder(std::vector<int> order);
    void indexSlots(size_t fromRow);
    void setBusy(bool busy);
    int busySection() const;
    /// Every source row in source order.
    std::vector<int> allSlots() const;

    void handleSourceReset();
    void handleRowsInserted(const QModelIndex &parent, int first, int last);
    void handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void handleRowsRemoved();
    void handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void handleLoadingChanged(bool loading);

    QPointer<ObjectTableModel> m_model;
    std::vector<int> m_order; ///< proxy row -> record slot
    std::vector<int> m_rowOfSlot; ///< record slot -> proxy row, -1 when not shown
    std::vector<int> m_removedSlots; ///< between rowsAboutToBeRemoved and rowsRemoved
    quint64 m_sourceGeneration = 0; ///< the store generation m_order refers to
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_quickFilter;
    QString m_foldedQuickFilter;
    QHash<QString, QString> m_columnFilters; ///< field name -> case-folded filter text
    int m_synchronousRowLimit = defaultSynchronousRowLimit;
    bool m_busy = false;
    bool m_refreshPending = false; ///< rows or values changed during the task or the load
    quint64 m_task = 0; ///< the task whose result is awaited; results of others are dropped
    std::shared_ptr<std::atomic<bool>> m_cancel; ///< of the task under way
};

} // namespace Planhat
