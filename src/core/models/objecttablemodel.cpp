// SPDX-License-Identifier: MIT
#include "objecttablemodel.h"

#include "../api/planhatclient.h"
#include "columnselection.h"
#include "data/fieldpath.h"
#include "data/pastedblock.h"
#include "referenceresolver.h"

#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <optional>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
/// Threads computing sort keys and filter texts while pages arrive.
constexpr int precomputeThreads = 2;
/// Joins the columns of a quick-filter text; nobody types it, so no match spans columns.
const QChar columnSeparator(0x1e);

/// The quick-filter texts of `rows` and, for each of `columns` whose `wantKeys` is set (all
/// when it is empty), their sort keys; the keys of the others stay empty.
void precompute(const QList<QJsonObject> &rows, const QList<ObjectColumn> &columns,
                const ValueFormatter &formatter, const QCollator *collator, QStringList *quickTexts,
                std::vector<std::vector<SortKey>> *sortKeys, const std::vector<bool> &wantKeys = {})
{
    const auto wantsKeys = [&wantKeys](qsizetype c) {
        return wantKeys.empty() || wantKeys[size_t(c)];
    };
    quickTexts->reserve(rows.size());
    if (sortKeys) {
        sortKeys->resize(size_t(columns.size()));
        for (qsizetype c = 0; c < columns.size(); ++c) {
            if (wantsKeys(c))
                (*sortKeys)[size_t(c)].reserve(size_t(rows.size()));
        }
    }
    // Collation keys cost a microsecond each; columns like status or region repeat a few
    // texts, so each column remembers the keys of texts it has seen (up to a limit).
    constexpr qsizetype maxRememberedTexts = 2000;
    std::vector<QHash<QString, SortKey>> seenTexts(size_t(columns.size()));
    QString text;
    for (const QJsonObject &row : rows) {
        text.resize(0); // keeps its capacity: one allocation per row less
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const ObjectColumn &column = columns.at(c);
            const QJsonValue value = column.valueIn(row);
            // Each cell is formatted once, for both its filter text and its sort key.
            const QString display = column.type() == FieldType::Boolean
                ? QString()
                : formatter.displayText(column, value);
            if (sortKeys && wantsKeys(c)) {
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

/// What the column filter matches a cell by: its display text, case-folded; check boxes by
/// "true" and "false".
QString filterTextOf(const ObjectColumn &spec, const QJsonValue &value,
                     const ValueFormatter &formatter)
{
    if (spec.type() == FieldType::Boolean) {
        const int state = ValueFormatter::checkState(value);
        return state < 0
            ? QString()
            : (state == Qt::Checked ? QStringLiteral("true") : QStringLiteral("false"));
    }
    return formatter.displayText(spec, value).toCaseFolded();
}

/// The JSON value an edit gives `field`, or nullopt when `value` does not fit it.
std::optional<QJsonValue> editedValue(const FieldSpec &field, const QVariant &value, int role)
{
    if (role == Qt::CheckStateRole) {
        if (field.type != FieldType::Boolean)
            return std::nullopt;
        return QJsonValue(value.toInt() == Qt::Checked);
    }
    if (value.metaType() == QMetaType::fromType<QJsonValue>())
        return value.value<QJsonValue>();
    if (!value.isValid() || value.isNull())
        return QJsonValue(QJsonValue::Null);
    if (value.metaType() == QMetaType::fromType<QString>()) {
        const ConvertedValue converted = PastedBlock::convert(value.toString(), field);
        if (converted.kind == ConvertedValue::Kind::Invalid)
            return std::nullopt;
        return converted.kind == ConvertedValue::Kind::Skip ? QJsonValue(QJsonValue::Null)
                                                            : converted.value;
    }
    const QJsonValue json = QJsonValue::fromVariant(value);
    if (json.isUndefined())
        return std::nullopt;
    return json;
}

} // namespace

ObjectTableModel::ObjectTableModel(const ObjectType &type, PlanhatClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_type(type)
    , m_client(client)
    , m_available(ObjectColumn::columnsFor(type))
    , m_caches(size_t(m_available.size()))
{
    m_pool.setMaxThreadCount(precomputeThreads);
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
    m_rowById.clear();
    m_rowsById = 0;
    m_changes.clear();
    for (ColumnCache &cache : m_caches)
        cache = ColumnCache();
    endResetModel();
    invalidatePrecomputed();
    Q_EMIT changesChanged();
    startLoad();
    if (isLoading() != wasLoading)
        Q_EMIT loadingChanged(isLoading());
}

QString ObjectTableModel::objectId(int row) const
{
    return m_rows.at(row).value(idField).toString();
}

int ObjectTableModel::rowOf(const QString &recordId) const
{
    if (m_rowsById < m_rows.size()) {
        m_rowById.reserve(m_rows.size());
        for (; m_rowsById < m_rows.size(); ++m_rowsById) {
            // A record listed twice (it moved between pages) is edited in its first row.
            const QString id = m_rows.at(m_rowsById).value(idField).toString();
            if (!m_rowById.contains(id))
                m_rowById.insert(id, int(m_rowsById));
        }
    }
    return m_rowById.value(recordId, -1);
}

bool ObjectTableModel::isEditable(const ObjectColumn &column) const
{
    return !isSaving() && !column.field().isReadOnly() && column.name() != idField
        && m_type.supports(Operation::BulkUpsert);
}

bool ObjectTableModel::stageValue(int row, const QString &field, const QJsonValue &value)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    const FieldSpec *spec = m_type.field(field);
    if (!spec || !isEditable(ObjectColumn(*spec)))
        return false;
    const QString id = objectId(row);
    if (id.isEmpty())
        return false;
    const QJsonValue current = FieldPath::valueIn(m_rows.at(row), field);
    const QJsonValue original
        = m_changes.isChanged(id, field) ? m_changes.originalValue(id, field) : current;
    if (!m_changes.stage(id, field, original, value))
        return false;
    writeValue(row, field, value);
    Q_EMIT changesChanged();
    return true;
}

void ObjectTableModel::writeValue(int row, const QString &field, const QJsonValue &value)
{
    FieldPath::setValueIn(&m_rows[row], field, value);
    int shownColumn = -1;
    for (int i = 0; i < m_available.size(); ++i) {
        if (m_available.at(i).name() != field)
            continue;
        refreshComputed(row, i);
        shownColumn = int(m_visible.indexOf(i));
    }
    if (shownColumn >= 0) {
        const QModelIndex cell = index(row, shownColumn);
        Q_EMIT dataChanged(cell, cell);
    }
    // The row's error and tooltips may change with any of its cells.
    emitRowsChanged(row, row);
}

void ObjectTableModel::refreshComputed(int row, int availableColumn)
{
    refreshColumnCache(row, availableColumn);
    if (m_visible.contains(availableColumn))
        refreshQuickText(row);
}

void ObjectTableModel::refreshColumnCache(int row, int availableColumn)
{
    const ObjectColumn &spec = m_available.at(availableColumn);
    const QJsonValue value = spec.valueIn(m_rows.at(row));
    ColumnCache &cache = m_caches[size_t(availableColumn)];
    if (cache.sortKeys.size() > size_t(row))
        cache.sortKeys[size_t(row)] = SortKey::forValue(spec, value, m_formatter, m_collator);
    if (cache.filterTexts.size() > size_t(row))
        cache.filterTexts[size_t(row)] = filterTextOf(spec, value, m_formatter);
    cache.sortRanks.clear(); // a full sort ranks again; until then rows compare by keys
}

void ObjectTableModel::refreshQuickText(int row)
{
    if (row < m_quickTexts.size()) {
        QList<ObjectColumn> columns;
        for (int index : std::as_const(m_visible))
            columns.append(m_available.at(index));
        QStringList texts;
        precompute({m_rows.at(row)}, columns, m_formatter, nullptr, &texts, nullptr);
        m_quickTexts[row] = texts.constFirst();
    } else if (!m_inFlight.isEmpty() || !m_pending.isEmpty()) {
        // Batches under way copied the row before the edit: compute again from here.
        invalidatePrecomputed();
    }
}

void ObjectTableModel::emitRowsChanged(int first, int last)
{
    if (first > last || m_visible.isEmpty())
        return;
    Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1),
                       {Qt::ToolTipRole, ChangedRole, SaveErrorRole});
}

void ObjectTableModel::revertChanges()
{
    if (m_changes.isEmpty())
        return;
    const ChangeSet changes = m_changes;
    m_changes.clear();
    for (const QString &id : changes.changedRecords()) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        for (const FieldChange &change : changes.changes(id))
            writeValue(row, change.field, change.before);
    }
    Q_EMIT changesChanged();
}

bool ObjectTableModel::saveChanges()
{
    if (m_changes.isEmpty() || isSaving() || !m_client)
        return false;
    const QStringList ids = m_changes.changedRecords();
    QList<QJsonObject> payloads;
    payloads.reserve(ids.size());
    for (const QString &id : ids)
        payloads.append(m_changes.payload(id));
    BulkUpsertJob *job = m_client->bulkUpsert(m_type, payloads);
    m_saveJob = job;
    connect(job, &BulkUpsertJob::finished, this,
            [this, ids](const BulkUpsertResult &result) { handleSaveFinished(ids, result); });
    job->start();
    // Nothing is editable while the rows are on their way: flags() asks isSaving().
    Q_EMIT savingChanged(true);
    return true;
}

void ObjectTableModel::handleSaveFinished(const QStringList &ids, const BulkUpsertResult &result)
{
    m_saveJob = nullptr;
    QSet<QString> saved;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const RowOutcome outcome = result.rows.value(i);
        switch (outcome.status) {
        case RowOutcome::Status::Created:
        case RowOutcome::Status::Updated:
        case RowOutcome::Status::Unchanged:
            saved.insert(ids.at(i));
            break;
        case RowOutcome::Status::Failed:
        case RowOutcome::Status::OutcomeUnknown:
        case RowOutcome::Status::Pending: {
            QString message = outcome.message;
            if (message.isEmpty())
                message = result.error.isError() ? result.error.toString()
                                                 : rowStatusName(outcome.status);
            m_changes.setSaveError(ids.at(i), message);
            break;
        }
        }
    }
    m_changes.discard(saved);
    for (const QString &id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            emitRowsChanged(row, row);
    }
    Q_EMIT changesChanged();
    Q_EMIT savingChanged(false);
    Q_EMIT saveFinished(result);
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
    // Edits staged on the row stay staged: they go on top of the server's version.
    QJsonObject merged = record;
    for (const FieldChange &change : m_changes.changes(record.value(idField).toString()))
        FieldPath::setValueIn(&merged, change.field, change.after);
    m_rows[row] = merged;
    // Only this row's keys and texts are stale; the other rows' stay.
    for (int column = 0; column < m_available.size(); ++column)
        refreshColumnCache(row, column);
    refreshQuickText(row);
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    return row;
}

int ObjectTableModel::removeRecords(const QStringList &ids)
{
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    int removed = 0;
    // Rows move up: the id index is rebuilt on demand.
    m_rowById.clear();
    m_rowsById = 0;
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
    // Staged edits of records that no longer exist can never be saved.
    const bool hadChanges = !m_changes.isEmpty();
    m_changes.discard(wanted);
    if (hadChanges)
        Q_EMIT changesChanged();
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
        cache.filterTexts.reserve(rows);
        for (size_t i = cache.filterTexts.size(); i < rows; ++i) {
            cache.filterTexts.push_back(
                filterTextOf(spec, spec.valueIn(m_rows.at(qsizetype(i))), m_formatter));
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

void ObjectTableModel::prepareQuickFilterTexts()
{
    // Rows a sort took back are handed to the pool again, and this thread takes its share
    // of them while waiting.
    m_pool.setMaxThreadCount(precomputeThreads);
    schedulePrecompute();
    finishPrecompute();
    if (!m_rows.isEmpty())
        quickFilterText(int(m_rows.size()) - 1);
}

void ObjectTableModel::prepareSortRanks(int column)
{
    if (sortRanks(column))
        return;
    const size_t rows = size_t(m_rows.size());
    finishSortKeys();
    if (rows > 0)
        sortKey(0, column); // computes the keys of the rows still missing
    // The rest of the rows taken back go back to the pool, but while this thread ranks and
    // the proxy sorts, the pool gets one thread only: the sort keeps a core to itself.
    m_pool.setMaxThreadCount(1);
    schedulePrecompute();
    QMetaObject::invokeMethod(
        this, [this] { m_pool.setMaxThreadCount(precomputeThreads); }, Qt::QueuedConnection);
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
    if (!m_changes.isEmpty()
        && (role == ChangedRole || role == SaveErrorRole || role == Qt::ToolTipRole)) {
        const QString id = record.value(idField).toString();
        if (role == ChangedRole)
            return m_changes.isChanged(id, spec.name());
        const QString error = m_changes.saveError(id);
        if (role == SaveErrorRole)
            return error;
        if (!error.isEmpty()) {
            const QString toolTip = m_formatter.toolTip(spec, spec.valueIn(record));
            return toolTip.isEmpty() ? tr("Not saved: %1").arg(error)
                                     : tr("Not saved: %1\n%2").arg(error, toolTip);
        }
    }
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
        // An editable check box without a value shows unchecked, so it can be checked.
        if (state < 0 && isEditable(spec))
            return QVariant(int(Qt::Unchecked));
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
    case ChangedRole:
        return false;
    case SaveErrorRole:
        return QString();
    default:
        break;
    }
    return QVariant();
}

bool ObjectTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (role != Qt::EditRole && role != Qt::CheckStateRole)
        return false;
    const ObjectColumn &spec = column(index.column());
    if (!isEditable(spec))
        return false;
    const std::optional<QJsonValue> edited = editedValue(spec.field(), value, role);
    if (!edited)
        return false;
    const QString id = objectId(index.row());
    const QString field = spec.name();
    const QJsonValue before = spec.valueIn(m_rows.at(index.row()));
    if (!stageValue(index.row(), field, *edited))
        return false;
    Q_EMIT cellEdited(id, field, before, *edited);
    return true;
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
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const ObjectColumn &spec = column(index.column());
    if (isEditable(spec) && !objectId(index.row()).isEmpty()) {
        // Booleans are check boxes, toggled in place rather than through an editor.
        flags |= spec.type() == FieldType::Boolean ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    }
    return flags;
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
    names.insert(ChangedRole, "changed");
    names.insert(SaveErrorRole, "saveError");
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
    // Columns whose keys a sort completed already are not computed again.
    std::vector<bool> wantKeys;
    QHash<QString, QHash<QString, QString>> names;
    for (int index : std::as_const(m_visible)) {
        const ObjectColumn &column = m_available.at(index);
        columns.append(column);
        indexes.append(index);
        wantKeys.push_back(m_caches[size_t(index)].sortKeys.size() < size_t(m_rows.size()));
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
    const quint64 generation = m_generation;
    // Small batches: a sort or filter that needs every row runs the batches still queued on
    // its own thread (QFuture::waitForFinished() takes them from the pool) instead of
    // waiting behind a long one, so all cores work on what is missing.
    constexpr int batchRows = 1000;
    for (int batchFirst = first; batchFirst < m_rows.size(); batchFirst += batchRows) {
        const QList<QJsonObject> rows = m_rows.mid(batchFirst, batchRows);
        auto claim = std::make_shared<QAtomicInt>(BatchState::Queued);
        auto *watcher = new QFutureWatcher<Precomputed>(this);
        connect(watcher, &QFutureWatcher<Precomputed>::finished, this,
                [this, watcher, generation, batchFirst, claim] {
                    watcher->deleteLater();
                    // A batch taken back and scheduled again has a new claim here.
                    const auto batch = m_inFlight.constFind(batchFirst);
                    if (generation != m_generation || batch == m_inFlight.constEnd()
                        || batch->claim != claim)
                        return;
                    m_inFlight.remove(batchFirst);
                    applyPrecomputed(batchFirst, watcher->future().takeResult());
                });
        const QFuture<Precomputed> future = QtConcurrent::run(
            &m_pool, [rows, columns, indexes, wantKeys, formatter, locale, claim] {
                if (!claim->testAndSetOrdered(BatchState::Queued, BatchState::Running))
                    return Precomputed(); // taken back by finishSortKeys()
                QCollator collator(locale);
                collator.setNumericMode(true);
                collator.setCaseSensitivity(Qt::CaseInsensitive);
                Precomputed batch;
                batch.columns = indexes;
                precompute(rows, columns, formatter, &collator, &batch.quickTexts, &batch.sortKeys,
                           wantKeys);
                return batch;
            });
        m_inFlight.insert(batchFirst, InFlightBatch {future, claim});
        watcher->setFuture(future);
    }
}

void ObjectTableModel::finishPrecompute() const
{
    // Waiting for the batches under way costs less than computing their rows a second time
    // on this thread while the pool computes them too.
    // The last batches are the ones still queued: waiting for them runs them here (the
    // pool hands over a batch not started), while the pool's threads finish the first ones.
    while (!m_inFlight.isEmpty()) {
        const int first = m_inFlight.lastKey();
        QFuture<Precomputed> future = m_inFlight.take(first).future;
        future.waitForFinished();
        applyPrecomputed(first, future.takeResult());
    }
}

void ObjectTableModel::finishSortKeys()
{
    // A sort needs one column's keys, not every column's keys and quick-filter texts: the
    // batches the pool has not started are taken back, their rows get this column's keys on
    // the spot (sortKey()), and they are scheduled again for the rest. Only the batches
    // already running are waited for.
    int firstTakenBack = -1;
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (it->claim->testAndSetOrdered(BatchState::Queued, BatchState::TakenBack)) {
            if (firstTakenBack < 0)
                firstTakenBack = it.key();
            it = m_inFlight.erase(it);
        } else {
            ++it;
        }
    }
    finishPrecompute();
    if (firstTakenBack >= 0)
        m_scheduledRows = firstTakenBack;
}

void ObjectTableModel::applyPrecomputed(int firstRow, Precomputed &&batch) const
{
    m_pending.insert(firstRow, std::move(batch));
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
            // A column whose cache was dropped since (names changed) is computed anew later;
            // one complete already was left out of the batch.
            if (computed.empty() || keys.size() < size_t(it.key())
                || keys.size() >= size_t(it.key()) + computed.size())
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
