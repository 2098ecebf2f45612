// SPDX-License-Identifier: MIT
#include "objecttablemodel.h"

#include "../api/planhatclient.h"
#include "columnselection.h"
#include "referenceresolver.h"

#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
/// Joins the columns of a quick-filter text; nobody types it, so no match spans columns.
const QChar columnSeparator(0x1e);

/// The quick-filter texts of `rows` and, for each of `columns`, their sort keys.
void precompute(const QList<QJsonObject> &rows, const QList<ObjectColumn> &columns,
                const ValueFormatter &formatter, const QCollator *collator, QStringList *quickTexts,
                std::vector<std::vector<SortKey>> *sortKeys)
{
    quickTexts->reserve(rows.size());
    if (sortKeys) {
        sortKeys->resize(size_t(columns.size()));
        for (std::vector<SortKey> &keys : *sortKeys)
            keys.reserve(size_t(rows.size()));
    }
    // Collation keys cost a microsecond each; columns like status or region repeat a few
    // texts, so each column remembers the keys of texts it has seen (up to a limit).
    constexpr qsizetype maxRememberedTexts = 2000;
    std::vector<QHash<QString, SortKey>> seenTexts(size_t(columns.size()));
    QString text;
    for (const QJsonObject &row : rows) {
        text.clear();
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const ObjectColumn &column = columns.at(c);
            const QJsonValue value = column.valueIn(row);
            // Each cell is formatted once, for both its filter text and its sort key.
            const QString display = column.type() == FieldType::Boolean
                ? QString()
                : formatter.displayText(column, value);
            if (sortKeys) {
                QHash<QString, SortKey> &seen = seenTexts[size_t(c)];
                const auto known = seen.constFind(display);
                if (known != seen.constEnd() && !display.isEmpty()) {
                    (*sortKeys)[size_t(c)].push_back(known.value());
                } else {
                    const SortKey key = SortKey::forValue(column, value, display, *collator);
                    if (key.kind() == SortKey::Kind::Text && seen.size() < maxRememberedTexts)
                        seen.insert(display, key);
                    (*sortKeys)[size_t(c)].push_back(key);
                }
            }
            if (column.type() == FieldType::Boolean)
                continue;
            text += display;
            text += columnSeparator;
        }
        quickTexts->append(text.toCaseFolded());
    }
}

} // namespace

ObjectTableModel::ObjectTableModel(const ObjectType &type, PlanhatClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_type(type)
    , m_client(client)
    , m_available(ObjectColumn::columnsFor(type))
    , m_caches(size_t(m_available.size()))
{
    m_pool.setMaxThreadCount(2);
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    m_formatter.setNameLookup([this](const QString &typeName, const QString &id) {
        return m_resolver ? m_resolver->name(typeName, id) : QString();
    });
    setVisibleColumns(ColumnSelection::defaultColumns(type));
}

ObjectTableModel::~ObjectTableModel()
{
    stopLoad();
}

void ObjectTableModel::setReferenceResolver(ReferenceResolver *resolver)
{
    if (resolver == m_resolver)
        return;
    if (m_resolver)
        m_resolver->disconnect(this);
    m_resolver = resolver;
    if (m_resolver) {
        connect(m_resolver, &ReferenceResolver::namesChanged, this,
                &ObjectTableModel::handleNamesChanged);
        requireNames();
    }
    QSet<QString> referencedTypes;
    for (const ObjectColumn &column : std::as_const(m_available)) {
        if (column.isReference())
            referencedTypes.insert(column.field().referenceType);
    }
    for (const QString &typeName : std::as_const(referencedTypes))
        handleNamesChanged(typeName);
}

QStringList ObjectTableModel::visibleColumns() const
{
    QStringList names;
    names.reserve(m_visible.size());
    for (int index : m_visible)
        names.append(m_available.at(index).name());
    return names;
}

void ObjectTableModel::setVisibleColumns(const QStringList &fieldNames)
{
    QList<int> visible;
    for (const QString &name : fieldNames) {
        for (int i = 0; i < m_available.size(); ++i) {
            if (m_available.at(i).name() == name && !visible.contains(i)) {
                visible.append(i);
                break;
            }
        }
    }
    if (visible == m_visible)
        return;
    beginResetModel();
    m_visible = visible;
    endResetModel();
    invalidatePrecomputed();
    requireNames();
}

const ObjectColumn &ObjectTableModel::column(int column) const
{
    return m_available.at(m_visible.at(column));
}

int ObjectTableModel::columnOf(const QString &fieldName) const
{
    for (int column = 0; column < m_visible.size(); ++column) {
        if (m_available.at(m_visible.at(column)).name() == fieldName)
            return column;
    }
    return -1;
}

void ObjectTableModel::setCompanyFilter(const QStringList &companyIds)
{
    if (m_type.companyField.isEmpty() || companyIds == m_companyIds)
        return;
    m_companyIds = companyIds;
    if (m_loadStarted)
        reload();
}

void ObjectTableModel::reload()
{
    const bool wasLoading = isLoading();
    stopLoad();
    beginResetModel();
    m_rows.clear();
    for (ColumnCache &cache : m_caches)
        cache = ColumnCache();
    endResetModel();
    invalidatePrecomputed();
    startLoad();
    if (isLoading() != wasLoading)
        Q_EMIT loadingChanged(isLoading());
}

QString ObjectTableModel::objectId(int row) const
{
    return m_rows.at(row).value(idField).toString();
}

int ObjectTableModel::rowOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).value(idField).toString() == id)
            return row;
    }
    return -1;
}

void ObjectTableModel::appendRecord(const QJsonObject &record)
{
    handleRowsReceived({record});
}

int ObjectTableModel::replaceRecord(const QJsonObject &record)
{
    const int row = rowOf(record.value(idField).toString());
    if (row < 0)
        return -1;
    m_rows[row] = record;
    // Cached keys and texts are indexed by row: drop them rather than patch one entry.
    for (ColumnCache &cache : m_caches)
        cache = ColumnCache();
    invalidatePrecomputed();
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    return row;
}

int ObjectTableModel::removeRecords(const QStringList &ids)
{
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    int removed = 0;
    // From the end, so earlier rows keep their numbers while later ones go.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!wanted.contains(m_rows.at(row).value(idField).toString()))
            continue;
        beginRemoveRows(QModelIndex(), row, row);
        m_rows.removeAt(row);
        // Cached keys and texts are indexed by row, and views may ask before this returns.
        for (ColumnCache &cache : m_caches)
            cache = ColumnCache();
        invalidatePrecomputed();
        endRemoveRows();
        ++removed;
    }
    return removed;
}

const SortKey &ObjectTableModel::sortKey(int row, int column) const
{
    ColumnCache &cache = cacheFor(column);
    const size_t rows = size_t(m_rows.size());
    if (cache.sortKeys.size() < rows) {
        const ObjectColumn &spec = this->column(column);
        cache.sortKeys.reserve(rows);
        for (size_t i = cache.sortKeys.size(); i < rows; ++i) {
            cache.sortKeys.push_back(SortKey::forValue(spec, spec.valueIn(m_rows.at(qsizetype(i))),
                                                       m_formatter, m_collator));
        }
    }
    return cache.sortKeys[size_t(row)];
}

const QString &ObjectTableModel::filterText(int row, int column) const
{
    ColumnCache &cache = cacheFor(column);
    const size_t rows = size_t(m_rows.size());
    if (cache.filterTexts.size() < rows) {
        const ObjectColumn &spec = this->column(column);
        const bool isBoolean = spec.type() == FieldType::Boolean;
        cache.filterTexts.reserve(rows);
        for (size_t i = cache.filterTexts.size(); i < rows; ++i) {
            const QJsonValue value = spec.valueIn(m_rows.at(qsizetype(i)));
            // Check boxes have no text; filter them by "true" and "false".
            if (isBoolean) {
                const int state = ValueFormatter::checkState(value);
                cache.filterTexts.push_back(state < 0                  ? QString()
                                                : state == Qt::Checked ? QStringLiteral("true")
                                                                       : QStringLiteral("false"));
            } else {
                cache.filterTexts.push_back(m_formatter.displayText(spec, value).toCaseFolded());
            }
        }
    }
    return cache.filterTexts[size_t(row)];
}

const QString &ObjectTableModel::quickFilterText(int row) const
{
    if (row >= m_quickTexts.size()) {
        QList<ObjectColumn> columns;
        for (int index : m_visible)
            columns.append(m_available.at(index));
        QStringList texts;
        precompute(m_rows.mid(m_quickTexts.size()), columns, m_formatter, nullptr, &texts, nullptr);
        m_quickTexts.append(texts);
    }
    return m_quickTexts.at(row);
}

void ObjectTableModel::prepareQuickFilterTexts() const
{
    finishPrecompute();
    if (!m_rows.isEmpty())
        quickFilterText(int(m_rows.size()) - 1);
}

void ObjectTableModel::prepareSortRanks(int column) const
{
    if (sortRanks(column))
        return;
    const size_t rows = size_t(m_rows.size());
    finishPrecompute();
    if (rows > 0)
        sortKey(0, column); // computes the keys of the rows still missing
    ColumnCache &cache = cacheFor(column);
    const std::vector<SortKey> &keys = cache.sortKeys;
    std::vector<int> order(rows);
    for (size_t i = 0; i < rows; ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&keys](int left, int right) {
        return keys[size_t(left)].compare(keys[size_t(right)]) < 0;
    });
    cache.sortRanks.assign(rows, -1);
    int rank = -1;
    for (size_t i = 0; i < rows; ++i) {
        const SortKey &key = keys[size_t(order[i])];
        if (key.isEmpty())
            break; // empty cells sort last and keep rank -1
        if (i == 0 || keys[size_t(order[i - 1])].compare(key) != 0)
            ++rank;
        cache.sortRanks[size_t(order[i])] = rank;
    }
}

const int *ObjectTableModel::sortRanks(int column) const
{
    const ColumnCache &cache = cacheFor(column);
    if (cache.sortRanks.empty() || cache.sortRanks.size() != size_t(m_rows.size()))
        return nullptr;
    return cache.sortRanks.data();
}

int ObjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ObjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

QVariant ObjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ObjectColumn &spec = column(index.column());
    const QJsonObject &record = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (spec.type() == FieldType::Boolean)
            return QVariant();
        return m_formatter.displayText(spec, spec.valueIn(record));
    case Qt::EditRole:
        return spec.valueIn(record).toVariant();
    case Qt::ToolTipRole: {
        const QString toolTip = m_formatter.toolTip(spec, spec.valueIn(record));
        return toolTip.isEmpty() ? QVariant() : QVariant(toolTip);
    }
    case Qt::CheckStateRole: {
        if (spec.type() != FieldType::Boolean)
            return QVariant();
        const int state = ValueFormatter::checkState(spec.valueIn(record));
        return state < 0 ? QVariant() : QVariant(state);
    }
    case Qt::TextAlignmentRole:
        if (spec.isNumeric())
            return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant();
    case ObjectIdRole:
        return record.value(idField).toString();
    case RawJsonRole:
        return QVariant::fromValue(record);
    case FieldNameRole:
        return spec.name();
    case FieldTypeRole:
        return int(spec.type());
    default:
        break;
    }
    return QVariant();
}

QVariant ObjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_visible.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    const ObjectColumn &spec = column(section);
    switch (role) {
    case Qt::DisplayRole:
        return spec.field().displayName;
    case Qt::ToolTipRole:
        return spec.name();
    case FieldNameRole:
        return spec.name();
    case FieldTypeRole:
        return int(spec.type());
    default:
        break;
    }
    return QVariant();
}

Qt::ItemFlags ObjectTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

bool ObjectTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loadStarted;
}

void ObjectTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_loadStarted)
        return;
    startLoad();
    if (isLoading())
        Q_EMIT loadingChanged(true);
}

QHash<int, QByteArray> ObjectTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ObjectIdRole, "objectId");
    names.insert(RawJsonRole, "rawJson");
    names.insert(FieldNameRole, "fieldName");
    names.insert(FieldTypeRole, "fieldType");
    return names;
}

void ObjectTableModel::startLoad()
{
    m_loadStarted = true;
    m_complete = false;
    if (!m_client) {
        Q_EMIT loadFailed(ApiError(ApiError::Kind::Network, 0, QStringLiteral("no client")));
        return;
    }
    ListQuery query;
    query.pageSize = m_pageSize;
    if (!m_type.companyField.isEmpty())
        query.companyIds = m_companyIds;
    ListJob *job = m_client->list(m_type, query);
    m_job = job;
    // A job replaced by reload() is disconnected and aborted, but its queued deliveries
    // must still never reach the new rows: check the job against the current one.
    connect(job, &ListJob::rowsReceived, this, [this, job](const QList<QJsonObject> &rows) {
        if (m_job == job)
            handleRowsReceived(rows);
    });
    connect(job, &ListJob::finished, this, [this, job](const ListResult &result) {
        if (m_job == job)
            handleLoadFinished(result);
    });
    job->start();
}

void ObjectTableModel::stopLoad()
{
    if (!m_job)
        return;
    ListJob *job = m_job;
    m_job = nullptr;
    job->disconnect(this);
    job->abort();
}

void ObjectTableModel::handleRowsReceived(const QList<QJsonObject> &rows)
{
    if (rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    m_rows.append(rows);
    endInsertRows();
    schedulePrecompute();
}

void ObjectTableModel::handleLoadFinished(const ListResult &result)
{
    m_job = nullptr;
    m_complete = !result.error.isError();
    if (result.error.isError())
        Q_EMIT loadFailed(result.error);
    Q_EMIT loadingChanged(false);
}

void ObjectTableModel::handleNamesChanged(const QString &typeName)
{
    for (int i = 0; i < m_available.size(); ++i) {
        const ObjectColumn &spec = m_available.at(i);
        if (!spec.isReference() || spec.field().referenceType != typeName)
            continue;
        m_caches[size_t(i)] = ColumnCache();
        const int visibleColumn = int(m_visible.indexOf(i));
        if (visibleColumn >= 0)
            invalidatePrecomputed();
        if (visibleColumn >= 0 && !m_rows.isEmpty()) {
            Q_EMIT dataChanged(index(0, visibleColumn), index(rowCount() - 1, visibleColumn),
                               {Qt::DisplayRole, Qt::ToolTipRole});
        }
    }
}

void ObjectTableModel::requireNames()
{
    if (!m_resolver)
        return;
    for (int index : std::as_const(m_visible)) {
        const ObjectColumn &spec = m_available.at(index);
        if (spec.isReference())
            m_resolver->require(spec.field().referenceType);
    }
}

void ObjectTableModel::invalidatePrecomputed()
{
    ++m_generation;
    m_quickTexts.clear();
    m_pending.clear();
    m_inFlight.clear(); // their results are dropped by generation
    m_scheduledRows = 0;
    schedulePrecompute();
}

void ObjectTableModel::schedulePrecompute()
{
    const int first = qMax(m_scheduledRows, int(m_quickTexts.size()));
    if (first >= m_rows.size())
        return;
    m_scheduledRows = int(m_rows.size());
    // The worker gets copies: records and columns are implicitly shared, names come from a
    // snapshot and it makes its own collator, so nothing it reads changes under it.
    QList<ObjectColumn> columns;
    QList<int> indexes;
    QHash<QString, QHash<QString, QString>> names;
    for (int index : std::as_const(m_visible)) {
        const ObjectColumn &column = m_available.at(index);
        columns.append(column);
        indexes.append(index);
        if (column.isReference() && m_resolver) {
            const QString typeName = column.field().referenceType;
            names.insert(typeName, m_resolver->names(typeName));
        }
    }
    ValueFormatter formatter = m_formatter;
    formatter.setNameLookup([names](const QString &typeName, const QString &id) {
        return names.value(typeName).value(id);
    });
    const QLocale locale = m_collator.locale();
    const QList<QJsonObject> rows = m_rows.mid(first);
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<Precomputed>(this);
    connect(watcher, &QFutureWatcher<Precomputed>::finished, this,
            [this, watcher, generation, first] {
                watcher->deleteLater();
                if (generation == m_generation && m_inFlight.remove(first) > 0)
                    applyPrecomputed(first, watcher->result());
            });
    const QFuture<Precomputed> future
        = QtConcurrent::run(&m_pool, [rows, columns, indexes, formatter, locale] {
              QCollator collator(locale);
              collator.setNumericMode(true);
              collator.setCaseSensitivity(Qt::CaseInsensitive);
              Precomputed batch;
              batch.columns = indexes;
              precompute(rows, columns, formatter, &collator, &batch.quickTexts, &batch.sortKeys);
              return batch;
          });
    m_inFlight.insert(first, future);
    watcher->setFuture(future);
}

void ObjectTableModel::finishPrecompute() const
{
    // Waiting for the batches under way costs less than computing their rows a second time
    // on this thread while the pool computes them too.
    while (!m_inFlight.isEmpty()) {
        const int first = m_inFlight.firstKey();
        QFuture<Precomputed> future = m_inFlight.take(first);
        future.waitForFinished();
        applyPrecomputed(first, future.result());
    }
}

void ObjectTableModel::applyPrecomputed(int firstRow, const Precomputed &batch) const
{
    m_pending.insert(firstRow, batch);
    auto it = m_pending.begin();
    while (it != m_pending.end() && it.key() <= m_quickTexts.size()) {
        // Rows computed on the spot meanwhile are kept; a batch only adds what is missing.
        const Precomputed &ready = it.value();
        const qsizetype done = m_quickTexts.size() - it.key();
        if (done < ready.quickTexts.size())
            m_quickTexts.append(ready.quickTexts.mid(done));
        for (qsizetype c = 0; c < ready.columns.size(); ++c) {
            std::vector<SortKey> &keys = m_caches[size_t(ready.columns.at(c))].sortKeys;
            const std::vector<SortKey> &computed = ready.sortKeys[size_t(c)];
            // A column whose cache was dropped since (names changed) is computed anew later.
            if (keys.size() < size_t(it.key()) || keys.size() >= size_t(it.key()) + computed.size())
                continue;
            keys.insert(keys.end(), computed.begin() + qsizetype(keys.size() - size_t(it.key())),
                        computed.end());
        }
        it = m_pending.erase(it);
    }
}

ObjectTableModel::ColumnCache &ObjectTableModel::cacheFor(int column) const
{
    return m_caches[size_t(m_visible.at(column))];
}

} // namespace Planhat
