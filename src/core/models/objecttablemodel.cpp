// SPDX-License-Identifier: MIT
#include "objecttablemodel.h"

#include "../api/planhatclient.h"
#include "columnselection.h"
#include "data/fieldpath.h"
#include "data/pastedblock.h"
#include "recordloader.h"
#include "referenceresolver.h"
#include "rowruns.h"
#include "stagededits.h"

#include <QSet>

#include <algorithm>
#include <optional>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
/// Filters asked for lately (quick filter and column filters as they are typed) whose
/// answers per value are kept.
constexpr size_t rememberedMatchers = 32;

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
    , m_available(ObjectColumn::columnsFor(type))
    , m_store(m_available)
    , m_loader(new RecordLoader(type, m_available, client, this))
    , m_edits(new StagedEdits(type, client, this))
    , m_ranks(size_t(m_available.size()))
    , m_textKeys(size_t(m_available.size()))
{
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    m_formatter.setNameLookup([this](const QString &typeName, const QString &id) {
        return m_resolver ? m_resolver->name(typeName, id) : QString();
    });
    connect(m_loader, &RecordLoader::rowsReceived, this, &ObjectTableModel::handleRowsReceived);
    connect(m_loader, &RecordLoader::finished, this, &ObjectTableModel::handleLoadFinished);
    connect(m_edits, &StagedEdits::saveFinished, this, &ObjectTableModel::handleSaveFinished);
    setVisibleColumns(ColumnSelection::defaultColumns(type));
}

ObjectTableModel::~ObjectTableModel()
{
    m_loader->stop();
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
    if (m_type.companyField.isEmpty() || companyIds == m_loader->companyFilter())
        return;
    m_loader->setCompanyFilter(companyIds);
    if (m_loadStarted)
        reload();
}

QStringList ObjectTableModel::companyFilter() const
{
    return m_loader->companyFilter();
}

void ObjectTableModel::setPageSize(int rows)
{
    m_loader->setPageSize(rows);
}

int ObjectTableModel::pageSize() const
{
    return m_loader->pageSize();
}

bool ObjectTableModel::isLoading() const
{
    return m_loader->isLoading();
}

bool ObjectTableModel::isComplete() const
{
    return m_loader->isComplete();
}

void ObjectTableModel::reload()
{
    const bool wasLoading = isLoading();
    m_loader->stop();
    beginResetModel();
    m_store.clear();
    for (std::shared_ptr<TextKeys> &keys : m_textKeys)
        keys.reset();
    ++m_storeGeneration;
    m_edits->takeAll();
    clearSortAndFilterCaches();
    endResetModel();
    Q_EMIT changesChanged();
    m_loadStarted = true;
    m_loadingAnnounced = false;
    startLoader();
    m_loadingAnnounced = isLoading();
    if (isLoading() != wasLoading)
        Q_EMIT loadingChanged(isLoading());
}

QJsonObject ObjectTableModel::record(int row) const
{
    return m_store.record(m_store.slotOf(row));
}

QString ObjectTableModel::objectId(int row) const
{
    return m_store.id(m_store.slotOf(row));
}

int ObjectTableModel::rowOf(const QString &recordId) const
{
    const int slot = m_store.slotOfId(recordId);
    return slot < 0 ? -1 : m_store.rowOfSlot(slot);
}

const ChangeSet &ObjectTableModel::changes() const
{
    return m_edits->changes();
}

bool ObjectTableModel::isSaving() const
{
    return m_edits->isSaving();
}

bool ObjectTableModel::isEditable(const ObjectColumn &column) const
{
    return !isSaving() && !column.field().isReadOnly() && column.name() != idField
        && m_type.supports(Operation::BulkUpsert);
}

QJsonValue ObjectTableModel::valueAt(int row, int availableColumn) const
{
    return m_store.value(m_store.slotOf(row), availableColumn);
}

bool ObjectTableModel::stageValue(int row, const QString &field, const QJsonValue &value)
{
    if (row < 0 || row >= rowCount())
        return false;
    const FieldSpec *spec = m_type.field(field);
    if (!spec || !isEditable(ObjectColumn(*spec)))
        return false;
    const QString id = objectId(row);
    if (id.isEmpty())
        return false;
    const QJsonValue current = FieldPath::valueIn(record(row), field);
    if (!m_edits->stage(id, field, current, value))
        return false;
    writeValue(row, field, value);
    Q_EMIT changesChanged();
    return true;
}

void ObjectTableModel::writeValue(int row, const QString &field, const QJsonValue &value)
{
    m_store.setValue(m_store.slotOf(row), field, value);
    int shownColumn = -1;
    for (int i = 0; i < m_available.size(); ++i) {
        if (m_available.at(i).name() == field)
            shownColumn = int(m_visible.indexOf(i));
    }
    if (shownColumn >= 0) {
        const QModelIndex cell = index(row, shownColumn);
        Q_EMIT dataChanged(cell, cell);
    }
    // The row's error and tooltips may change with any of its cells.
    emitRowsChanged(row, row);
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
    if (m_edits->isEmpty())
        return;
    const ChangeSet changes = m_edits->takeAll();
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
    if (!m_edits->save())
        return false;
    // Nothing is editable while the rows are on their way: flags() asks isSaving().
    Q_EMIT savingChanged(true);
    return true;
}

void ObjectTableModel::handleSaveFinished(const QStringList &ids, const BulkUpsertResult &result)
{
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
    const int row = rowCount();
    beginInsertRows(QModelIndex(), row, row);
    m_store.append(QList<QJsonObject> {record});
    endInsertRows();
}

int ObjectTableModel::replaceRecord(const QJsonObject &record)
{
    const QString id = record.value(idField).toString();
    const int row = rowOf(id);
    if (row < 0)
        return -1;
    // Edits staged on the row stay staged: they go on top of the server's version.
    QJsonObject merged = record;
    for (const FieldChange &change : m_edits->changes().changes(id))
        FieldPath::setValueIn(&merged, change.field, change.after);
    m_store.replace(m_store.slotOf(row), merged);
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    return row;
}

int ObjectTableModel::removeRecords(const QStringList &ids)
{
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    std::vector<int> rows;
    rows.reserve(size_t(wanted.size()));
    for (const QString &id : wanted) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.push_back(row);
    }
    if (m_store.hasDuplicateIds()) {
        // A record listed twice (it moved between pages) has several rows; all of them go.
        rows.clear();
        for (int row = 0; row < rowCount(); ++row) {
            if (wanted.contains(objectId(row)))
                rows.push_back(row);
        }
    }
    // Contiguous runs go at once, from the end, so earlier rows keep their numbers. Slots keep
    // their data, so sort ranks and filter answers stay valid: nothing is recomputed. Past a few
    // dozen runs one reset costs less (the proxy sorts by the ranks and filters by the answers
    // kept).
    const std::vector<std::pair<int, int>> runs = RowRuns::fromTheEnd(rows);
    int removed = 0;
    for (const auto &[first, last] : runs)
        removed += last - first + 1;
    if (runs.size() > RowRuns::maxRemovedOneByOne) {
        beginResetModel();
        m_store.removeRowRuns(runs);
        endResetModel();
    } else {
        for (const auto &[first, last] : runs) {
            beginRemoveRows(QModelIndex(), first, last);
            m_store.removeRows(first, last);
            endRemoveRows();
        }
    }
    // Staged edits of records that no longer exist can never be saved.
    const bool hadChanges = !m_edits->isEmpty();
    m_edits->discard(wanted);
    if (hadChanges)
        Q_EMIT changesChanged();
    return removed;
}

TableSnapshot ObjectTableModel::snapshot(int sortColumn) const
{
    TableSnapshot snapshot {m_store, m_available, m_formatter, m_collator.locale(), {}, {}};
    // The resolver lives on this thread: the snapshot looks names up in a copy.
    QHash<QString, QHash<QString, QString>> names;
    if (m_resolver) {
        for (const ObjectColumn &column : std::as_const(m_available)) {
            if (column.isReference())
                names.insert(column.field().referenceType,
                             m_resolver->names(column.field().referenceType));
        }
    }
    snapshot.formatter.setNameLookup([names](const QString &typeName, const QString &id) {
        const auto type = names.constFind(typeName);
        return type == names.constEnd() ? QString() : type->value(id);
    });
    if (sortColumn >= 0 && m_ranks[size_t(sortColumn)].isCurrent(m_store, sortColumn))
        snapshot.ranks = m_ranks[size_t(sortColumn)];
    if (sortColumn >= 0)
        snapshot.textKeys = m_textKeys[size_t(sortColumn)];
    return snapshot;
}

void ObjectTableModel::keepRanks(int column, const SortRanks &ranks)
{
    if (ranks.isCurrent(m_store, column))
        m_ranks[size_t(column)] = ranks;
}

TextMatcher &ObjectTableModel::matcher(int availableColumn, const QString &foldedText) const
{
    for (TextMatcher &matcher : m_matchers) {
        if (matcher.column() == availableColumn && matcher.needle() == foldedText)
            return matcher;
    }
    if (m_matchers.size() >= rememberedMatchers)
        m_matchers.erase(m_matchers.begin());
    m_matchers.emplace_back(availableColumn, foldedText);
    return m_matchers.back();
}

bool ObjectTableModel::cellContains(int row, int column, const QString &foldedText) const
{
    const int available = m_visible.at(column);
    return matcher(available, foldedText)
        .matches(m_store, m_store.slotOf(row), m_available.at(available), m_formatter);
}

bool ObjectTableModel::rowContains(int row, const QString &foldedText) const
{
    if (foldedText.isEmpty())
        return true;
    const int slot = m_store.slotOf(row);
    for (int available : m_visible) {
        const ObjectColumn &spec = m_available.at(available);
        if (spec.type() == FieldType::Boolean)
            continue;
        if (matcher(available, foldedText).matches(m_store, slot, spec, m_formatter))
            return true;
    }
    return false;
}

void ObjectTableModel::clearSortAndFilterCaches()
{
    for (SortRanks &ranks : m_ranks)
        ranks.clear();
    m_matchers.clear();
}

int ObjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store.rowCount();
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
    const int available = m_visible.at(index.column());
    const ChangeSet &changes = m_edits->changes();
    if (!changes.isEmpty()
        && (role == ChangedRole || role == SaveErrorRole || role == Qt::ToolTipRole)) {
        const QString id = objectId(index.row());
        if (role == ChangedRole)
            return changes.isChanged(id, spec.name());
        const QString error = changes.saveError(id);
        if (role == SaveErrorRole)
            return error;
        if (!error.isEmpty()) {
            const QString toolTip = m_formatter.toolTip(spec, valueAt(index.row(), available));
            return toolTip.isEmpty() ? tr("Not saved: %1").arg(error)
                                     : tr("Not saved: %1\n%2").arg(error, toolTip);
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        if (spec.type() == FieldType::Boolean)
            return QVariant();
        return m_formatter.displayText(spec, valueAt(index.row(), available));
    case Qt::EditRole:
        return valueAt(index.row(), available).toVariant();
    case Qt::ToolTipRole: {
        const QString toolTip = m_formatter.toolTip(spec, valueAt(index.row(), available));
        return toolTip.isEmpty() ? QVariant() : QVariant(toolTip);
    }
    case Qt::CheckStateRole: {
        if (spec.type() != FieldType::Boolean)
            return QVariant();
        const int state = ValueFormatter::checkState(valueAt(index.row(), available));
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
        return objectId(index.row());
    case RawJsonRole:
        return QVariant::fromValue(record(index.row()));
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
    const QJsonValue before = valueAt(index.row(), m_visible.at(index.column()));
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
    m_loadStarted = true;
    startLoader();
    if (isLoading()) {
        m_loadingAnnounced = true;
        Q_EMIT loadingChanged(true);
    }
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

void ObjectTableModel::startLoader()
{
    // Keys of ids cost as much as names and ids are seldom sorted by: not made ahead.
    QList<int> keyColumns;
    for (int column : std::as_const(m_visible)) {
        const ObjectColumn &spec = m_available.at(column);
        if (TextKeys::appliesTo(spec) && spec.type() != FieldType::ObjectId)
            keyColumns.append(column);
    }
    m_loader->setKeyColumns(keyColumns, m_collator.locale());
    m_loader->start();
}

void ObjectTableModel::handleRowsReceived(const RecordBlock &block)
{
    if (block.rows.rowCount() == 0)
        return;
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + block.rows.rowCount() - 1);
    std::vector<std::vector<quint32>> stringMaps;
    m_store.append(block.rows, block.keys.empty() ? nullptr : &stringMaps);
    for (const auto &[column, keys] : block.keys) {
        std::shared_ptr<TextKeys> &kept = m_textKeys[size_t(column)];
        if (!kept || kept->locale() != keys->locale())
            kept = std::make_shared<TextKeys>(keys->locale());
        else if (kept.use_count() > 1) // a snapshot reads it
            kept = std::make_shared<TextKeys>(*kept);
        kept->merge(*keys, stringMaps[size_t(column)]);
    }
    endInsertRows();
}

void ObjectTableModel::handleLoadFinished(const ApiError &error)
{
    if (error.isError())
        Q_EMIT loadFailed(error);
    if (m_loadingAnnounced) {
        m_loadingAnnounced = false;
        Q_EMIT loadingChanged(false);
    }
}

void ObjectTableModel::handleNamesChanged(const QString &typeName)
{
    for (int i = 0; i < m_available.size(); ++i) {
        const ObjectColumn &spec = m_available.at(i);
        if (!spec.isReference() || spec.field().referenceType != typeName)
            continue;
        // Reference cells sort and filter by the names they show.
        m_ranks[size_t(i)].clear();
        m_matchers.erase(
            std::remove_if(m_matchers.begin(), m_matchers.end(),
                           [i](const TextMatcher &matcher) { return matcher.column() == i; }),
            m_matchers.end());
        const int visibleColumn = int(m_visible.indexOf(i));
        if (visibleColumn >= 0 && rowCount() > 0) {
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

} // namespace Planhat
