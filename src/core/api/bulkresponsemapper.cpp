// SPDX-License-Identifier: MIT
#include "bulkresponsemapper.h"

#include "errormapping.h"

#include <QHash>
#include <QJsonArray>

#include <deque>

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

const QLatin1String errorLists[] = {QLatin1String("createdErrors"), QLatin1String("updatedErrors"),
                                    QLatin1String("permissionErrors")};

/// Keys compare as text: 123 and "123" are the same external id.
QString keyText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        const auto whole = qint64(d);
        return double(whole) == d ? QString::number(whole) : QString::number(d, 'g', 17);
    }
    return {};
}

QString indexKey(KeyKind kind, const QString &value)
{
    return QString::number(int(kind)) + QLatin1Char('\x1f') + value;
}

/// Rows waiting for an outcome, found by key. One queue per (key kind, value) so duplicate
/// keys are handed out in request order.
class RowsByKey
{
public:
    RowsByKey(const ObjectType &type, const QList<QJsonObject> &rows,
              const QList<RowOutcome> &outcomes)
        : m_type(type)
        , m_outcomes(outcomes)
    {
        for (int i = 0; i < rows.size(); ++i) {
            for (const MatchKey &key : type.keys) {
                const QString value = keyText(rows.at(i).value(key.field));
                if (!value.isEmpty())
                    m_queues[indexKey(key.kind, value)].push_back(i);
            }
        }
    }

    /// The first pending row matching a key of `entry`, tried in priority order; -1 if none.
    int take(const QJsonObject &entry)
    {
        for (const MatchKey &key : m_type.keys) {
            QString value = keyText(entry.value(key.field));
            if (value.isEmpty())
                value = keyText(entry.value(keyKindName(key.kind)));
            if (value.isEmpty())
                continue;
            auto it = m_queues.find(indexKey(key.kind, value));
            if (it == m_queues.end())
                continue;
            std::deque<int> &queue = it.value();
            while (!queue.empty()) {
                const int row = queue.front();
                queue.pop_front();
                if (m_outcomes.at(row).status == RowOutcome::Status::Pending)
                    return row;
            }
        }
        return -1;
    }

private:
    const ObjectType &m_type;
    const QList<RowOutcome> &m_outcomes;
    QHash<QString, std::deque<int>> m_queues;
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

} // namespace

BulkResponseMapper::BulkResponseMapper(const ObjectType &type)
    : m_type(type)
{ }

bool BulkResponseMapper::isBulkResponse(const QJsonObject &body)
{
    for (const QLatin1String member :
         {QLatin1String("created"), QLatin1String("updated"), QLatin1String("createdErrors"),
          QLatin1String("updatedErrors"), QLatin1String("permissionErrors"),
          QLatin1String("insertsKeys"), QLatin1String("updatesKeys"),
          QLatin1String("nonupdates")}) {
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
        if (!entry.isObject())
            return -1;
        const int row = elementIndex(entry.toObject(), rowCount);
        if (row >= 0 && outcomes.at(row).status == Status::Pending)
            return row;
        return rowsByKey.take(entry.toObject());
    };

    QList<QJsonValue> unclaimedInserts;
    for (const QJsonValue &entry : response.value(QLatin1String("insertsKeys")).toArray()) {
        const int row = claim(entry);
        if (row < 0) {
            unclaimedInserts.append(entry);
            continue;
        }
        outcomes[row]
            = {Status::Created, keyText(entry.toObject().value(QLatin1String("_id"))), {}};
    }
    auto nextInsert = unclaimedInserts.cbegin();
    for (int row = 0; row < rowCount && nextInsert != unclaimedInserts.cend(); ++row) {
        if (outcomes.at(row).status != Status::Pending || hasKey(sentRows.at(row)))
            continue;
        const QJsonValue entry = *nextInsert++;
        const QString id = entry.isObject() ? keyText(entry.toObject().value(QLatin1String("_id")))
                                            : keyText(entry);
        outcomes[row] = {Status::Created, id, {}};
    }

    for (const QJsonValue &entry : response.value(QLatin1String("updatesKeys")).toArray()) {
        const int row = claim(entry);
        if (row < 0)
            continue;
        QString id = keyText(entry.toObject().value(QLatin1String("_id")));
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
