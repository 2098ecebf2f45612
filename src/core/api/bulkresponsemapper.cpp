// SPDX-License-Identifier: MIT
#include "bulkresponsemapper.h"

#include "data/keytext.h"
#include "errormapping.h"

#include <QHash>
#include <QJsonArray>

#include <vector>

namespace Planhat {

QList<BulkChunk> bulkChunks(int rowCount, int chunkSize)
{
    QList<BulkChunk> chunks;
    const int size = qMax(1, chunkSize);
    for (int first = 0; first < rowCount; first += size)
        chunks.append({first, qMin(size, rowCount - first)});
    return chunks;
}

namespace {

// validationErrors: the timesheet example of the bulk docs shows it beside the others.
const QLatin1String errorLists[]
    = {QLatin1String("createdErrors"), QLatin1String("updatedErrors"),
       QLatin1String("permissionErrors"), QLatin1String("validationErrors")};

/// The keys that tell rows apart in an answer: the type's keyables (`_id` first), then
/// `sourceId` and `externalId` where the type does not match on them: the server does not
/// match notes by externalId, but an answer that echoes one still names its row.
QList<MatchKey> identifyingKeys(const ObjectType &type)
{
    QList<MatchKey> keys = type.keys;
    for (const KeyKind kind : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId}) {
        if (type.keyField(kind).isEmpty())
            keys.append({kind, keyKindName(kind)});
    }
    return keys;
}

/// Rows waiting for an outcome, found by key. One queue per (key, value) so duplicate keys
/// are handed out in request order: a chain of nodes through one array rather than a
/// container per value, since a 5,000-row answer makes 5,000 or more of them.
class RowsByKey
{
public:
    RowsByKey(const ObjectType &type, const QList<QJsonObject> &rows,
              const QList<RowOutcome> &outcomes)
        : m_keys(identifyingKeys(type))
        , m_rows(rows)
        , m_outcomes(outcomes)
        , m_queues(m_keys.size())
        , m_indexed(m_keys.size(), false)
    { }

    /// The first pending row matching a key of `entry`, tried in priority order; -1 if none.
    int take(const QJsonObject &entry)
    {
        for (qsizetype k = 0; k < m_keys.size(); ++k) {
            const MatchKey &key = m_keys.at(k);
            QString value = keyText(entry.value(key.field));
            if (value.isEmpty())
                value = keyText(entry.value(keyKindName(key.kind)));
            if (value.isEmpty())
                continue;
            if (!m_indexed[k])
                index(k);
            auto it = m_queues[k].find(value);
            if (it == m_queues[k].end())
                continue;
            while (it->head >= 0) {
                const Node &node = m_nodes.at(it->head);
                it->head = node.next;
                if (m_outcomes.at(node.row).status == RowOutcome::Status::Pending)
                    return node.row;
            }
        }
        return -1;
    }

private:
    /// Queues the rows by the key m_keys[k], in request order. Done when an entry first
    /// names a row by that key: answers name rows by `_id` alone, mostly, and indexing keys
    /// no entry uses was most of the mapping's work.
    void index(qsizetype k)
    {
        m_indexed[k] = true;
        const QString &field = m_keys.at(k).field;
        QHash<QString, Queue> &queues = m_queues[k];
        for (int i = 0; i < m_rows.size(); ++i) {
            QString value = keyText(m_rows.at(i).value(field));
            if (value.isEmpty())
                continue;
            const int node = int(m_nodes.size());
            m_nodes.push_back({i, -1});
            auto it = queues.find(value);
            if (it == queues.end()) {
                queues.insert(std::move(value), {node, node});
            } else {
                m_nodes[it->tail].next = node;
                it->tail = node;
            }
        }
    }

    struct Node
    {
        int row;
        int next; ///< the next node of the same queue, -1 at its end
    };
    struct Queue
    {
        int head; ///< -1 when empty
        int tail;
    };

    const QList<MatchKey> m_keys;
    const QList<QJsonObject> &m_rows;
    const QList<RowOutcome> &m_outcomes;
    std::vector<Node> m_nodes; ///< the queues' entries, of every key
    /// Per entry of m_keys: key value -> its queue.
    std::vector<QHash<QString, Queue>> m_queues;
    std::vector<bool> m_indexed; ///< per entry of m_keys: its queues are built
};

int elementIndex(const QJsonObject &element, int rowCount)
{
    const QJsonValue value = element.value(QLatin1String("index"));
    bool ok = value.isDouble();
    double index = value.toDouble();
    if (value.isString())
        index = value.toString().toInt(&ok);
    if (!ok || index != double(int(index)) || index < 0 || index >= rowCount)
        return -1;
    return int(index);
}

QString elementMessage(const QJsonValue &element, const QString &list)
{
    QString message = ErrorMapping::messageFromJson(element);
    if (message.isEmpty())
        message = QStringLiteral("rejected (%1)").arg(list);
    return message;
}

QString rowId(const QJsonObject &row)
{
    return keyText(row.value(QLatin1String("_id")));
}

/// The `_id` of a key entry: an object's `_id`, or the entry itself when it is a bare id.
QString entryId(const QJsonValue &entry)
{
    return entry.isObject() ? keyText(entry.toObject().value(QLatin1String("_id")))
                            : keyText(entry);
}

} // namespace

BulkResponseMapper::BulkResponseMapper(const ObjectType &type)
    : m_type(type)
{ }

bool BulkResponseMapper::isBulkResponse(const QJsonObject &body)
{
    for (const QLatin1String member :
         {QLatin1String("created"), QLatin1String("updated"), QLatin1String("createdErrors"),
          QLatin1String("updatedErrors"), QLatin1String("permissionErrors"),
          QLatin1String("validationErrors"), QLatin1String("insertsKeys"),
          QLatin1String("updatesKeys"), QLatin1String("nonupdates")}) {
        if (body.contains(member))
            return true;
    }
    return false;
}

bool BulkResponseMapper::hasKey(const QJsonObject &row) const
{
    KeyKind kind;
    QString value;
    return m_type.findKey(row, &kind, &value) && !value.isEmpty();
}

QList<RowOutcome> BulkResponseMapper::map(const QList<QJsonObject> &sentRows,
                                          const QJsonObject &response) const
{
    using Status = RowOutcome::Status;
    const int rowCount = int(sentRows.size());
    QList<RowOutcome> outcomes(rowCount);
    RowsByKey rowsByKey(m_type, sentRows, outcomes);
    QStringList unmatchedErrors;

    // Failures first: a failed row must not be claimed by a key entry of another list.
    for (const QLatin1String list : errorLists) {
        const QJsonArray elements = response.value(list).toArray();
        for (const QJsonValue &element : elements) {
            const QString message = elementMessage(element, list);
            const QJsonObject object = element.toObject();
            int row = elementIndex(object, rowCount);
            if (row >= 0 && outcomes.at(row).status == Status::Failed) {
                outcomes[row].message += QLatin1String("; ") + message;
                continue;
            }
            if (row >= 0 && outcomes.at(row).status != Status::Pending)
                row = -1;
            if (row < 0) {
                for (const QLatin1String nested :
                     {QLatin1String(), QLatin1String("item"), QLatin1String("data")}) {
                    const QJsonObject candidate
                        = nested.isEmpty() ? object : object.value(nested).toObject();
                    if (!candidate.isEmpty() && (row = rowsByKey.take(candidate)) >= 0)
                        break;
                }
            }
            if (row < 0) {
                unmatchedErrors.append(message);
                continue;
            }
            outcomes[row] = {Status::Failed, rowId(sentRows.at(row)), message};
        }
    }

    // Key entries are matched like errors: by `index` when the server gives one (Planhat does
    // not document it; our sandbox may), else by key.
    const auto claim = [&](const QJsonValue &entry) {
        if (!entry.isObject()) {
            // A bare id names the row sent with that `_id`, if any.
            const QString id = entryId(entry);
            return id.isEmpty() ? -1 : rowsByKey.take({{QStringLiteral("_id"), id}});
        }
        const int row = elementIndex(entry.toObject(), rowCount);
        if (row >= 0 && outcomes.at(row).status == Status::Pending)
            return row;
        return rowsByKey.take(entry.toObject());
    };

    QList<QJsonValue> unclaimedInserts;
    for (const QJsonValue &entry : response.value(QLatin1String("insertsKeys")).toArray()) {
        const int row = claim(entry);
        if (row < 0)
            unclaimedInserts.append(entry);
        else
            outcomes[row] = {Status::Created, entryId(entry), {}};
    }
    QList<QJsonValue> unclaimedUpdates;
    for (const QJsonValue &entry : response.value(QLatin1String("updatesKeys")).toArray()) {
        const int row = claim(entry);
        if (row < 0) {
            unclaimedUpdates.append(entry);
            continue;
        }
        QString id = entryId(entry);
        if (id.isEmpty())
            id = rowId(sentRows.at(row));
        outcomes[row] = {Status::Updated, id, {}};
    }

    // `nonupdates` is documented as a count; tolerate a list of keys too.
    const QJsonValue nonupdates = response.value(QLatin1String("nonupdates"));
    int unchangedCount = 0;
    if (nonupdates.isArray()) {
        for (const QJsonValue &entry : nonupdates.toArray()) {
            const int row = claim(entry);
            if (row >= 0)
                outcomes[row] = {Status::Unchanged, rowId(sentRows.at(row)), {}};
        }
    } else {
        unchangedCount = nonupdates.toInt();
    }

    // Entries that name no row (the docs show insertsKeys holding `_id` alone) are handed out
    // in request order, but only where the counts leave no doubt about which rows they mean.
    const auto pendingRows = [&](const auto &accept) {
        QList<int> rows;
        for (int row = 0; row < rowCount; ++row) {
            if (outcomes.at(row).status == Status::Pending && accept(sentRows.at(row)))
                rows.append(row);
        }
        return rows;
    };
    const auto handOut
        = [&](const QList<int> &rows, const QList<QJsonValue> &entries, Status status) {
              for (int i = 0; i < rows.size(); ++i)
                  outcomes[rows.at(i)] = {status, entryId(entries.at(i)), {}};
          };
    // Rows sent without `_id` are the ones a create can have come from.
    const QList<int> createRows
        = pendingRows([](const QJsonObject &row) { return rowId(row).isEmpty(); });
    // Of those, rows without a key the type matches on can only have been created.
    const QList<int> keylessRows = pendingRows(
        [this](const QJsonObject &row) { return rowId(row).isEmpty() && !hasKey(row); });
    if (!unclaimedInserts.isEmpty()) {
        if (unclaimedInserts.size() == createRows.size()) {
            handOut(createRows, unclaimedInserts, Status::Created);
        } else if (unclaimedInserts.size() == keylessRows.size() && unmatchedErrors.isEmpty()) {
            // Every keyless row was created, so no keyed one was.
            handOut(keylessRows, unclaimedInserts, Status::Created);
        }
    }
    if (!unclaimedUpdates.isEmpty()) {
        // A row updated although it was sent without `_id` was matched by another key.
        const QList<int> keyedRows = pendingRows(
            [this](const QJsonObject &row) { return rowId(row).isEmpty() && hasKey(row); });
        if (unclaimedUpdates.size() == keyedRows.size())
            handOut(keyedRows, unclaimedUpdates, Status::Updated);
    }

    QList<int> keyedLeft;
    for (int row = 0; row < rowCount; ++row) {
        if (outcomes.at(row).status == Status::Pending && hasKey(sentRows.at(row)))
            keyedLeft.append(row);
    }
    // Only keyed rows can be unchanged (a keyless row always creates), and only when the
    // count covers all of them; otherwise nobody can tell which rows the count means.
    if (!keyedLeft.isEmpty() && unchangedCount >= keyedLeft.size()) {
        for (const int row : std::as_const(keyedLeft))
            outcomes[row] = {Status::Unchanged, rowId(sentRows.at(row)), {}};
    }

    QString unknownMessage = QStringLiteral("the server did not report this row");
    if (!unmatchedErrors.isEmpty()) {
        unknownMessage += QStringLiteral("; errors it reported without saying for which row: ")
            + ErrorMapping::oneLine(unmatchedErrors.join(QLatin1String(" | ")));
    }
    for (int row = 0; row < rowCount; ++row) {
        if (outcomes.at(row).status == Status::Pending)
            outcomes[row] = {Status::OutcomeUnknown, rowId(sentRows.at(row)), unknownMessage};
    }
    return outcomes;
}

} // namespace Planhat
