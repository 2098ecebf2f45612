// SPDX-License-Identifier: MIT
#include "objectfilterproxymodel.h"

#include "objecttablemodel.h"
#include "rowruns.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Planhat {

namespace {

/// Whether a change of these roles can change what a row sorts or filters by.
bool changesValues(const QList<int> &roles)
{
    return roles.isEmpty() || roles.contains(Qt::DisplayRole) || roles.contains(Qt::EditRole)
        || roles.contains(Qt::CheckStateRole);
}

} // namespace

ObjectFilterProxyModel::ObjectFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

ObjectFilterProxyModel::~ObjectFilterProxyModel()
{
    // The task finds out soon and ends by itself; nothing waits for it.
    cancelTask();
}

void ObjectFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    if (sourceModel == this->sourceModel())
        return;
    beginResetModel();
    cancelTask();
    setBusy(false);
    if (QAbstractItemModel *old = this->sourceModel())
        old->disconnect(this);
    if (m_model)
        m_model->disconnect(this);
    QAbstractProxyModel::setSourceModel(sourceModel);
    m_model = qobject_cast<ObjectTableModel *>(sourceModel);
    m_order.clear();
    m_rowOfSlot.clear();
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
                [this] { beginResetModel(); });
        connect(m_model, &QAbstractItemModel::modelReset, this,
                &ObjectFilterProxyModel::handleSourceReset);
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                &ObjectFilterProxyModel::handleRowsInserted);
        connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                &ObjectFilterProxyModel::handleRowsAboutToBeRemoved);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this,
                &ObjectFilterProxyModel::handleRowsRemoved);
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                &ObjectFilterProxyModel::handleDataChanged);
        connect(m_model, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
        connect(m_model, &ObjectTableModel::loadingChanged, this,
                &ObjectFilterProxyModel::handleLoadingChanged);
        m_sourceGeneration = m_model->storeGeneration();
        m_order = allSlots();
        indexSlots(0);
    }
    endResetModel();
    if (m_model && (currentSpec().sorts() || currentSpec().filters()))
        refresh();
}

void ObjectFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (!m_model || column >= m_model->columnCount())
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder && !m_busy)
        return;
    const int oldSection = busySection();
    m_sortColumn = column < 0 ? -1 : column;
    m_sortOrder = order;
    if (m_busy && oldSection != busySection())
        Q_EMIT headerDataChanged(Qt::Horizontal, oldSection, oldSection);
    refresh();
}

void ObjectFilterProxyModel::setQuickFilter(const QString &text)
{
    if (text == m_quickFilter)
        return;
    m_quickFilter = text;
    const QString folded = text.trimmed().toCaseFolded();
    if (folded == m_foldedQuickFilter)
        return;
    m_foldedQuickFilter = folded;
    refresh();
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
    refresh();
}

void ObjectFilterProxyModel::clearFilters()
{
    if (m_quickFilter.isEmpty() && m_columnFilters.isEmpty())
        return;
    m_quickFilter.clear();
    m_foldedQuickFilter.clear();
    m_columnFilters.clear();
    refresh();
}

SortFilterSpec ObjectFilterProxyModel::currentSpec() const
{
    SortFilterSpec spec;
    if (!m_model)
        return spec;
    if (m_sortColumn >= 0 && m_sortColumn < m_model->columnCount()) {
        spec.sortColumn = m_model->availableIndex(m_sortColumn);
        spec.order = m_sortOrder;
    }
    spec.quickFilter = m_foldedQuickFilter;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const ObjectColumn &shown = m_model->column(column);
        // Check boxes show no text to find.
        if (!spec.quickFilter.isEmpty() && shown.type() != FieldType::Boolean)
            spec.quickColumns.append(m_model->availableIndex(column));
        // A filter on a hidden column stays set but does not hide rows by what nobody sees.
        const auto filter = m_columnFilters.constFind(shown.name());
        if (filter != m_columnFilters.constEnd())
            spec.columnFilters.append({m_model->availableIndex(column), *filter});
    }
    return spec;
}

void ObjectFilterProxyModel::refresh()
{
    if (!m_model)
        return;
    cancelTask();
    m_refreshPending = false;
    const SortFilterSpec spec = currentSpec();
    if (!spec.sorts() && !spec.filters()) {
        // Every row in source order: one pass, no task.
        setOrder(allSlots());
        setBusy(false);
        return;
    }
    if (m_model->rowCount() <= m_synchronousRowLimit) {
        applyResult(SortFilterTask::run(m_model->snapshot(spec.sortColumn), spec));
        setBusy(false);
        return;
    }
    startTask(spec);
}

void ObjectFilterProxyModel::refreshLater()
{
    const SortFilterSpec spec = currentSpec();
    if (!spec.sorts() && !spec.filters())
        return;
    if (m_model->rowCount() <= m_synchronousRowLimit) {
        refresh();
        return;
    }
    // A result under way or the end of the load brings the next one.
    m_refreshPending = true;
    if (!m_busy && !m_model->isLoading())
        refresh();
}

void ObjectFilterProxyModel::startTask(const SortFilterSpec &spec)
{
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const quint64 task = ++m_task;
    auto *watcher = new QFutureWatcher<SortFilterResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, task] {
        watcher->deleteLater();
        if (task != m_task)
            return;
        m_cancel.reset();
        const SortFilterResult result = watcher->future().takeResult();
        if (!result.cancelled)
            applyResult(result);
        setBusy(false);
        if (m_refreshPending && !m_model->isLoading())
            refresh();
    });
    TableSnapshot snapshot = m_model->snapshot(spec.sortColumn);
    watcher->setFuture(QtConcurrent::run([snapshot = std::move(snapshot), spec, cancel]() mutable {
        // The snapshot goes before the result is handed over, so that the table's columns
        // are no longer shared (and copied) when it changes them next.
        TableSnapshot own = std::move(snapshot);
        return SortFilterTask::run(own, spec, cancel.get());
    }));
    setBusy(true);
}

void ObjectFilterProxyModel::cancelTask()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    ++m_task;
}

void ObjectFilterProxyModel::applyResult(const SortFilterResult &result)
{
    if (result.cancelled)
        return;
    const SortFilterSpec spec = currentSpec();
    if (spec.sorts())
        m_model->keepRanks(spec.sortColumn, result.ranks);
    std::vector<int> order;
    order.reserve(result.order.size());
    // Records removed since the snapshot are gone; those added since were placed (filtered)
    // when they came and stay last.
    for (int slot : result.order) {
        if (m_model->rowOfSlot(slot) >= 0)
            order.push_back(slot);
    }
    for (int slot : m_order) {
        if (slot >= result.slotCount)
            order.push_back(slot);
    }
    setOrder(std::move(order));
}

void ObjectFilterProxyModel::setOrder(std::vector<int> order)
{
    if (order == m_order)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<int> persistentSlots;
    persistentSlots.reserve(size_t(persistent.size()));
    for (const QModelIndex &index : persistent)
        persistentSlots.push_back(m_order[size_t(index.row())]);
    m_order = std::move(order);
    indexSlots(0);
    QModelIndexList to;
    to.reserve(persistent.size());
    for (qsizetype i = 0; i < persistent.size(); ++i) {
        const int slot = persistentSlots[size_t(i)];
        const int row = size_t(slot) < m_rowOfSlot.size() ? m_rowOfSlot[size_t(slot)] : -1;
        to.append(row < 0 ? QModelIndex() : index(row, persistent.at(i).column()));
    }
    changePersistentIndexList(persistent, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ObjectFilterProxyModel::indexSlots(size_t fromRow)
{
    const size_t slotTotal = m_model ? size_t(m_model->slotCount()) : 0;
    if (fromRow == 0 || m_rowOfSlot.size() != slotTotal)
        m_rowOfSlot.assign(slotTotal, -1);
    for (size_t row = fromRow; row < m_order.size(); ++row)
        m_rowOfSlot[size_t(m_order[row])] = int(row);
}

void ObjectFilterProxyModel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    const int section = busySection();
    if (section < columnCount())
        Q_EMIT headerDataChanged(Qt::Horizontal, section, section);
    Q_EMIT busyChanged(busy);
}

int ObjectFilterProxyModel::busySection() const
{
    return m_sortColumn >= 0 ? m_sortColumn : 0;
}

std::vector<int> ObjectFilterProxyModel::allSlots() const
{
    std::vector<int> all;
    if (!m_model)
        return all;
    all.reserve(size_t(m_model->rowCount()));
    for (int row = 0; row < m_model->rowCount(); ++row)
        all.push_back(m_model->slotOfRow(row));
    return all;
}

void ObjectFilterProxyModel::handleSourceReset()
{
    cancelTask();
    setBusy(false);
    if (m_model->storeGeneration() == m_sourceGeneration) {
        // The same records, fewer of them (many rows removed at once) or other columns: the
        // order stays.
        std::vector<int> order;
        order.reserve(m_order.size());
        for (int slot : m_order) {
            if (m_model->rowOfSlot(slot) >= 0)
                order.push_back(slot);
        }
        m_order.swap(order);
    } else {
        m_sourceGeneration = m_model->storeGeneration();
        m_order = allSlots();
    }
    indexSlots(0);
    endResetModel();
    const SortFilterSpec spec = currentSpec();
    if (spec.sorts() || spec.filters())
        refreshLater();
}

void ObjectFilterProxyModel::handleRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const SortFilterSpec spec = currentSpec();
    std::vector<int> added;
    added.reserve(size_t(last - first + 1));
    for (int row = first; row <= last; ++row) {
        bool accepted = true;
        for (auto it = m_columnFilters.constBegin(); accepted && it != m_columnFilters.constEnd();
             ++it) {
            const int column = m_model->columnOf(it.key());
            accepted = column < 0 || m_model->cellContains(row, column, it.value());
        }
        if (accepted && m_model->rowContains(row, spec.quickFilter))
            added.push_back(m_model->slotOfRow(row));
    }
    if (!added.empty()) {
        const int firstNew = rowCount();
        beginInsertRows(QModelIndex(), firstNew, firstNew + int(added.size()) - 1);
        m_order.insert(m_order.end(), added.begin(), added.end());
        if (m_rowOfSlot.size() < size_t(m_model->slotCount()))
            m_rowOfSlot.resize(size_t(m_model->slotCount()), -1);
        indexSlots(size_t(firstNew));
        endInsertRows();
    } else if (m_rowOfSlot.size() < size_t(m_model->slotCount())) {
        m_rowOfSlot.resize(size_t(m_model->slotCount()), -1);
    }
    if (spec.sorts())
        refreshLater();
}

void ObjectFilterProxyModel::handleRowsAboutToBeRemoved(const QModelIndex &parent, int first,
                                                        int last)
{
    m_removedSlots.clear();
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        m_removedSlots.push_back(m_model->slotOfRow(row));
}

void ObjectFilterProxyModel::handleRowsRemoved()
{
    std::vector<int> rows;
    rows.reserve(m_removedSlots.size());
    for (int slot : m_removedSlots) {
        const int row = m_rowOfSlot[size_t(slot)];
        if (row >= 0)
            rows.push_back(row);
    }
    m_removedSlots.clear();
    if (rows.empty())
        return;
    // From the end, so earlier rows keep their numbers; past a few dozen runs, one layout
    // change.
    const std::vector<std::pair<int, int>> runs = RowRuns::fromTheEnd(rows);
    if (runs.size() > RowRuns::maxRemovedOneByOne) {
        std::vector<int> order;
        order.reserve(m_order.size() - rows.size());
        for (int slot : m_order) {
            if (m_model->rowOfSlot(slot) >= 0)
                order.push_back(slot);
        }
        setOrder(std::move(order));
        return;
    }
    for (const auto &[first, last] : runs) {
        beginRemoveRows(QModelIndex(), first, last);
        for (int row = first; row <= last; ++row)
            m_rowOfSlot[size_t(m_order[size_t(row)])] = -1;
        m_order.erase(m_order.begin() + first, m_order.begin() + last + 1);
        indexSlots(size_t(first));
        endRemoveRows();
    }
}

void ObjectFilterProxyModel::handleDataChanged(const QModelIndex &topLeft,
                                               const QModelIndex &bottomRight,
                                               const QList<int> &roles)
{
    if (topLeft.parent().isValid() || m_order.empty())
        return;
    if (topLeft.row() == bottomRight.row()) {
        const QModelIndex left = mapFromSource(topLeft);
        if (left.isValid())
            Q_EMIT dataChanged(left, index(left.row(), bottomRight.column()), roles);
    } else {
        Q_EMIT dataChanged(index(0, topLeft.column()), index(rowCount() - 1, bottomRight.column()),
                           roles);
    }
    if (!changesValues(roles))
        return;
    const SortFilterSpec spec = currentSpec();
    if (spec.sorts() || spec.filters())
        refreshLater();
}

void ObjectFilterProxyModel::handleLoadingChanged(bool loading)
{
    if (!loading && m_refreshPending && !m_busy)
        refresh();
}

QString ObjectFilterProxyModel::fieldName(int sourceColumn) const
{
    if (!m_model || sourceColumn < 0 || sourceColumn >= m_model->columnCount())
        return QString();
    return m_model->column(sourceColumn).name();
}

QModelIndex ObjectFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex ObjectFilterProxyModel::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex ObjectFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int ObjectFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int ObjectFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool ObjectFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_order.empty() && columnCount() > 0;
}

QVariant ObjectFilterProxyModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (!m_model)
        return QVariant();
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return QVariant();
        return m_model->headerData(m_model->rowOfSlot(m_order[size_t(section)]), orientation, role);
    }
    const QVariant header = m_model->headerData(section, orientation, role);
    // The sort column's header (the first column's when unsorted) says a result is on its way.
    if (role == Qt::DisplayRole && m_busy && section == busySection())
        return QString(header.toString() + QStringLiteral(" \u2026"));
    return header;
}

QModelIndex ObjectFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this
        || size_t(proxyIndex.row()) >= m_order.size())
        return QModelIndex();
    const int row = m_model->rowOfSlot(m_order[size_t(proxyIndex.row())]);
    return row < 0 ? QModelIndex() : m_model->index(row, proxyIndex.column());
}

QModelIndex ObjectFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid() || sourceIndex.model() != m_model)
        return QModelIndex();
    const size_t slot = size_t(m_model->slotOfRow(sourceIndex.row()));
    if (slot >= m_rowOfSlot.size() || m_rowOfSlot[slot] < 0)
        return QModelIndex();
    return index(m_rowOfSlot[slot], sourceIndex.column());
}

} // namespace Planhat
