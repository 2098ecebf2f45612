// SPDX-License-Identifier: MIT
#include "bulkresponsemapper.h"

#include "data/keytext.h"
#include "errormapping.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <optional>
#include <string>
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

/// An element of an answer as the mapping reads it: a key entry (`insertsKeys`,
/// `updatesKeys`, `nonupdates`) or the object of an error. Read from a QJsonValue or straight
/// from simdjson's parse of the answer, so a 5,000-row answer builds no QJsonObject per entry.
struct Entry
{
    bool isObject = false;
    bool indexOk = false; ///< it has an `index` that reads as a number
    double index = -1;
    QString id; ///< the object's `_id`, or the entry itself when it is a bare id (keyText())
    /// Per identifying key: the entry's value for it (the key's field, else its kind's name).
    QList<QString> keys;

    /// Its `index` when that names one of `rowCount` rows; -1 otherwise.
    int indexIn(int rowCount) const
    {
        if (!indexOk || index != double(int(index)) || index < 0 || index >= rowCount)
            return -1;
        return int(index);
    }
};

/// The members of an answer the mapping reads.
struct Answer
{
    std::array<QJsonArray, 4> errors; ///< per errorLists entry
    QList<Entry> inserts;
    QList<Entry> updates;
    bool nonupdatesIsArray = false;
    QList<Entry> nonupdates; ///< when it is a list of keys
    int nonupdatesCount = 0; ///< when it is a count, as documented
};

/// An entry read through `valueOf(name)`, which gives the QJsonValue of a member (Undefined
/// when missing); `isObject` false for a bare value, which is then `bare`.
template<typename ValueOf>
Entry entryOf(const QList<MatchKey> &keys, bool isObject, const QJsonValue &bare,
              const ValueOf &valueOf)
{
    Entry entry;
    entry.isObject = isObject;
    if (!isObject) {
        entry.id = keyText(bare);
        // A bare id names the row sent with that `_id`, if any.
        entry.keys.reserve(keys.size());
        for (const MatchKey &key : keys) {
            const bool isId = key.field == QLatin1String("_id")
                || keyKindName(key.kind) == QLatin1String("_id");
            entry.keys.append(isId ? entry.id : QString());
        }
        return entry;
    }
    const QJsonValue index = valueOf(QStringLiteral("index"));
    entry.indexOk = index.isDouble();
    entry.index = index.toDouble();
    if (index.isString())
        entry.index = index.toString().toInt(&entry.indexOk);
    entry.id = keyText(valueOf(QStringLiteral("_id")));
    entry.keys.reserve(keys.size());
    for (const MatchKey &key : keys) {
        QString value = keyText(valueOf(key.field));
        if (value.isEmpty())
            value = keyText(valueOf(keyKindName(key.kind)));
        entry.keys.append(value);
    }
    return entry;
}

Entry entryOf(const QList<MatchKey> &keys, const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return entryOf(keys, value.isObject(), value,
                   [&object](const QString &name) { return object.value(name); });
}

QList<Entry> entriesOf(const QList<MatchKey> &keys, const QJsonValue &list)
{
    QList<Entry> entries;
    const QJsonArray array = list.toArray();
    entries.reserve(array.size());
    for (const QJsonValue &value : array)
        entries.append(entryOf(keys, value));
    return entries;
}

Answer answerOf(const QList<MatchKey> &keys, const QJsonObject &response)
{
    Answer answer;
    for (size_t i = 0; i < answer.errors.size(); ++i)
        answer.errors[i] = response.value(errorLists[i]).toArray();
    answer.inserts = entriesOf(keys, response.value(QLatin1String("insertsKeys")));
    answer.updates = entriesOf(keys, response.value(QLatin1String("updatesKeys")));
    const QJsonValue nonupdates = response.value(QLatin1String("nonupdates"));
    answer.nonupdatesIsArray = nonupdates.isArray();
    if (answer.nonupdatesIsArray)
        answer.nonupdates = entriesOf(keys, nonupdates);
    else
        answer.nonupdatesCount = nonupdates.toInt();
    return answer;
}

/// A scalar as QJsonDocument would have read it (containers as Undefined: keys and indexes
/// are scalars).
QJsonValue scalarOf(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = element.get_string().value_unsafe();
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    case simdjson::dom::element_type::INT64:
        return QJsonValue(qint64(element.get_int64().value_unsafe()));
    case simdjson::dom::element_type::UINT64:
        return double(element.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
        return element.get_double().value_unsafe();
    case simdjson::dom::element_type::BOOL:
        return element.get_bool().value_unsafe();
    case simdjson::dom::element_type::NULL_VALUE:
        return QJsonValue(QJsonValue::Null);
    default:
        return QJsonValue(QJsonValue::Undefined);
    }
}

/// keyText() of a scalar simdjson read, without a QJsonValue for a string.
QString keyTextOf(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = element.get_string().value_unsafe();
        return QString::fromUtf8(text.data(), qsizetype(text.size())).trimmed();
    }
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
    case simdjson::dom::element_type::BOOL:
        return keyText(scalarOf(element)); // no allocation for these
    default:
        return QString();
    }
}

/// Reads key entries that are objects, as entryOf() reads them from a QJsonObject: the
/// names it looks for are made UTF-8 once, and an entry's few members are walked once.
class EntryReader
{
public:
    explicit EntryReader(const QList<MatchKey> &keys)
    {
        m_index = slot(QStringLiteral("index"));
        m_id = slot(QStringLiteral("_id"));
        for (const MatchKey &key : keys) {
            m_fields.push_back(slot(key.field));
            m_kinds.push_back(slot(keyKindName(key.kind)));
        }
        m_found.resize(m_names.size());
        m_seen.resize(m_names.size());
        m_texts.resize(m_names.size());
        m_textRead.resize(m_names.size());
    }

    Entry entryOf(simdjson::dom::object object)
    {
        // The first member of a name counts, as QJsonObject::value() and at_key() find.
        std::fill(m_seen.begin(), m_seen.end(), false);
        std::fill(m_textRead.begin(), m_textRead.end(), false);
        for (const simdjson::dom::key_value_pair member : object) {
            for (size_t i = 0; i < m_names.size(); ++i) {
                if (!m_seen[i] && member.key == m_names[i]) {
                    m_seen[i] = true;
                    m_found[i] = member.value;
                }
            }
        }
        Entry entry;
        entry.isObject = true;
        if (m_seen[m_index]) {
            const QJsonValue index = scalarOf(m_found[m_index]);
            entry.indexOk = index.isDouble();
            entry.index = index.toDouble();
            if (index.isString())
                entry.index = index.toString().toInt(&entry.indexOk);
        }
        entry.id = text(m_id);
        entry.keys.reserve(qsizetype(m_fields.size()));
        for (size_t k = 0; k < m_fields.size(); ++k) {
            QString value = text(m_fields[k]);
            if (value.isEmpty())
                value = text(m_kinds[k]);
            entry.keys.append(value);
        }
        return entry;
    }

private:
    size_t slot(const QString &name)
    {
        const QByteArray utf8 = name.toUtf8();
        const std::string text(utf8.constData(), size_t(utf8.size()));
        const auto it = std::find(m_names.cbegin(), m_names.cend(), text);
        if (it != m_names.cend())
            return size_t(it - m_names.cbegin());
        m_names.push_back(text);
        return m_names.size() - 1;
    }

    QString text(size_t slot)
    {
        if (!m_textRead[slot]) {
            m_textRead[slot] = true;
            m_texts[slot] = m_seen[slot] ? keyTextOf(m_found[slot]) : QString();
        }
        return m_texts[slot];
    }

    std::vector<std::string> m_names; ///< each name looked for once, as UTF-8
    size_t m_index = 0;
    size_t m_id = 0;
    std::vector<size_t> m_fields; ///< per key: the slot of its field
    std::vector<size_t> m_kinds; ///< per key: the slot of its kind's name
    std::vector<simdjson::dom::element> m_found; ///< per slot, for the entry at hand
    std::vector<bool> m_seen; ///< per slot: m_found holds its member
    std::vector<QString> m_texts;
    std::vector<bool> m_textRead;
};

/// How a member of a key entry reads as key text (keyTextOf()), for comparing it as bytes.
enum class PlainText {
    Empty, ///< missing, null or an empty string: keyTextOf() gives an empty text
    Text, ///< a string of ASCII that trimming leaves as it is: the text is its bytes
    Other, ///< anything else: only the general reading of the entry tells
};

PlainText plainKeyText(simdjson::dom::object entry, std::string_view name, std::string_view *text)
{
    simdjson::dom::element element;
    if (entry.at_key(name).get(element) != simdjson::SUCCESS || element.is_null())
        return PlainText::Empty;
    if (element.get_string().get(*text) != simdjson::SUCCESS)
        return PlainText::Other;
    if (text->empty())
        return PlainText::Empty;
    const auto isSpace = [](char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    };
    if (isSpace(text->front()) || isSpace(text->back()))
        return PlainText::Other;
    const bool ascii = std::all_of(text->cbegin(), text->cend(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return ascii ? PlainText::Text : PlainText::Other;
}

/// The usual answer's key entries, claimed without a string or a lookup per entry: entry i
/// names the next row in request order among those it can name (rows sent with an `_id`
/// for `updatesKeys`; every row of a chunk sent without any `_id` for `insertsKeys`), and
/// each entry is checked to be the one RowsByKey::take() would give that row: the first key
/// the entry has a value for (in identifyingKeys() order; `_id` skipped for inserts, as no
/// row has one) holds the row's value. At the first entry that is not so (an `index`
/// member, a value that is not plain ASCII text, another row) nothing is claimed and false
/// returned: mapAnswer() then reads the list the general way.
bool claimInOrder(const BulkRows &rows, const QList<int> &sent, simdjson::dom::array entries,
                  bool inserts, QList<RowOutcome> *outcomes)
{
    const QList<MatchKey> &keys = rows.identifyingKeys();
    const qsizetype idKey = rows.idKeyIndex();
    if (inserts && std::any_of(sent.cbegin(), sent.cend(), [&](int row) {
            return !rows.id(row).isEmpty();
        }))
        return false;
    std::vector<std::string> fieldNames;
    std::vector<std::string> kindNames;
    for (const MatchKey &key : keys) {
        fieldNames.push_back(key.field.toStdString());
        kindNames.push_back(keyKindName(key.kind).toStdString());
    }
    const auto sameText = [](const QString &text, std::string_view bytes) {
        return text == QLatin1StringView(bytes.data(), qsizetype(bytes.size()));
    };
    using Status = RowOutcome::Status;
    QList<std::pair<int, QString>> claims; // row, `_id`
    claims.reserve(qsizetype(entries.size()));
    int next = 0;
    for (const simdjson::dom::element element : entries) {
        simdjson::dom::object entry;
        if (element.get_object().get(entry) != simdjson::SUCCESS
            || entry.at_key("index").error() != simdjson::NO_SUCH_FIELD)
            return false;
        // The row this entry must name.
        while (!inserts && next < sent.size() && rows.id(sent.at(next)).isEmpty())
            ++next;
        if (next >= sent.size())
            return false;
        const int row = next++;
        bool named = false;
        for (qsizetype k = 0; k < keys.size() && !named; ++k) {
            if (inserts && k == idKey)
                continue; // no row was sent with an `_id`: take() finds none by it
            std::string_view value;
            PlainText plain = plainKeyText(entry, fieldNames[size_t(k)], &value);
            if (plain == PlainText::Empty)
                plain = plainKeyText(entry, kindNames[size_t(k)], &value);
            if (plain == PlainText::Other)
                return false;
            if (plain == PlainText::Empty)
                continue;
            // The first key with a value decides: it must be this row's.
            if ((!inserts && k != idKey) || !sameText(rows.keyText(sent.at(row), k), value))
                return false;
            named = true;
        }
        if (!named)
            return false;
        QString id;
        if (inserts) {
            simdjson::dom::element idElement;
            if (entry.at_key("_id").get(idElement) == simdjson::SUCCESS)
                id = keyTextOf(idElement);
        } else {
            id = rows.id(sent.at(row));
        }
        claims.append({row, std::move(id)});
    }
    for (auto &claim : claims)
        (*outcomes)[claim.first]
            = {inserts ? Status::Created : Status::Updated, std::move(claim.second), {}};
    return true;
}

/// The answer parsed with simdjson; nullopt when it is not a JSON object, or holds errors
/// (rare, and read through QJsonDocument as before). Key entries claimInOrder() maps go
/// straight into `outcomes` (one per entry of `sent`) and are left out of the answer.
std::optional<Answer> parseAnswer(const BulkRows &rows, const QList<int> &sent,
                                  const QByteArray &body, QList<RowOutcome> *outcomes)
{
    const QList<MatchKey> &keys = rows.identifyingKeys();
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(body.constData(), size_t(body.size())).get_object().get(object)
        != simdjson::SUCCESS)
        return std::nullopt;
    for (const QLatin1String list : errorLists) {
        simdjson::dom::array errors;
        if (object.at_key(std::string_view(list.data(), size_t(list.size())))
                    .get_array()
                    .get(errors)
                == simdjson::SUCCESS
            && errors.size() > 0)
            return std::nullopt;
    }
    EntryReader reader(keys);
    const auto entries = [&keys, &object, &reader](std::string_view name, QList<Entry> *out) {
        simdjson::dom::array array;
        if (object.at_key(name).get_array().get(array) != simdjson::SUCCESS)
            return; // missing, or not a list: no entries, as QJsonValue::toArray() gives
        out->reserve(qsizetype(array.size()));
        for (const simdjson::dom::element element : array) {
            simdjson::dom::object entry;
            if (element.get_object().get(entry) != simdjson::SUCCESS) {
                out->append(entryOf(keys, false, scalarOf(element),
                                    [](const QString &) { return QJsonValue(); }));
                continue;
            }
            out->append(reader.entryOf(entry));
        }
    };
    // Most answers name their rows in request order: claimed without reading each entry.
    const auto claimed = [&](std::string_view name, bool inserts) {
        simdjson::dom::array array;
        return object.at_key(name).get_array().get(array) == simdjson::SUCCESS && array.size() > 0
            && claimInOrder(rows, sent, array, inserts, outcomes);
    };
    Answer answer;
    const bool insertsClaimed = claimed("insertsKeys", true);
    if (!insertsClaimed)
        entries("insertsKeys", &answer.inserts);
    // Updates only after inserts the general way, which may claim rows sent with an `_id`.
    if (!(answer.inserts.isEmpty() && claimed("updatesKeys", false)))
        entries("updatesKeys", &answer.updates);
    simdjson::dom::element nonupdates;
    if (object.at_key("nonupdates").get(nonupdates) == simdjson::SUCCESS) {
        answer.nonupdatesIsArray = nonupdates.is_array();
        if (answer.nonupdatesIsArray)
            entries("nonupdates", &answer.nonupdates);
        else
            answer.nonupdatesCount = scalarOf(nonupdates).toInt();
    }
    return answer;
}

/// Rows waiting for an outcome, found by key. One queue per (key, value) so duplicate keys
/// are handed out in request order: a chain of nodes through one array rather than a
/// container per value, since a 5,000-row answer makes 5,000 or more of them.
class RowsByKey
{
public:
    RowsByKey(const BulkRows &rows, const QList<int> &sent, const QList<RowOutcome> &outcomes)
        : m_keys(rows.identifyingKeys())
        , m_rows(rows)
        , m_sent(sent)
        , m_outcomes(outcomes)
        , m_queues(m_keys.size())
        , m_indexed(m_keys.size(), false)
    { }

    /// The first pending row matching a key of `entry`, tried in priority order; -1 if none.
    int take(const Entry &entry)
    {
        for (qsizetype k = 0; k < m_keys.size(); ++k) {
            const QString &value = entry.keys.at(k);
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
        QHash<QString, Queue> &queues = m_queues[k];
        for (int i = 0; i < m_sent.size(); ++i) {
            QString value = m_rows.keyText(m_sent.at(i), k);
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

    const QList<MatchKey> &m_keys;
    const BulkRows &m_rows;
    const QList<int> &m_sent; ///< the rows of m_rows in the request, in its order
    const QList<RowOutcome> &m_outcomes;
    std::vector<Node> m_nodes; ///< the queues' entries, of every key
    /// Per entry of m_keys: key value -> its queue.
    std::vector<QHash<QString, Queue>> m_queues;
    std::vector<bool> m_indexed; ///< per entry of m_keys: its queues are built
};

QString elementMessage(const QJsonValue &element, const QString &list)
{
    QString message = ErrorMapping::messageFromJson(element);
    if (message.isEmpty())
        message = QStringLiteral("rejected (%1)").arg(list);
    return message;
}

/// One outcome per entry of `sent` (rows of `rows` in request order), never Pending: the
/// rows of `outcomes` (one per entry of `sent`) that are still pending.
QList<RowOutcome> mapAnswer(const BulkRows &rows, const QList<int> &sent, const Answer &response,
                            QList<RowOutcome> outcomes)
{
    using Status = RowOutcome::Status;
    const int rowCount = int(sent.size());
    RowsByKey rowsByKey(rows, sent, outcomes);
    const auto rowId = [&](int row) {
        return rows.id(sent.at(row));
    };
    const auto rowHasKey = [&](int row) {
        return rows.hasKey(sent.at(row));
    };
    QStringList unmatchedErrors;

    // Failures first: a failed row must not be claimed by a key entry of another list.
    const QList<MatchKey> &keys = rows.identifyingKeys();
    for (size_t list = 0; list < response.errors.size(); ++list) {
        for (const QJsonValue &element : response.errors.at(list)) {
            const QString message = elementMessage(element, errorLists[list]);
            const QJsonObject object = element.toObject();
            int row = entryOf(keys, QJsonValue(object)).indexIn(rowCount);
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
                    if (!candidate.isEmpty()
                        && (row = rowsByKey.take(entryOf(keys, QJsonValue(candidate)))) >= 0)
                        break;
                }
            }
            if (row < 0) {
                unmatchedErrors.append(message);
                continue;
            }
            outcomes[row] = {Status::Failed, rowId(row), message};
        }
    }

    // Key entries are matched like errors: by `index` when the server gives one (Planhat does
    // not document it; our sandbox may), else by key.
    const auto claim = [&](const Entry &entry) {
        if (!entry.isObject) {
            // A bare id names the row sent with that `_id`, if any.
            return entry.id.isEmpty() ? -1 : rowsByKey.take(entry);
        }
        const int row = entry.indexIn(rowCount);
        if (row >= 0 && outcomes.at(row).status == Status::Pending)
            return row;
        return rowsByKey.take(entry);
    };

    QList<const Entry *> unclaimedInserts;
    for (const Entry &entry : response.inserts) {
        const int row = claim(entry);
        if (row < 0)
            unclaimedInserts.append(&entry);
        else
            outcomes[row] = {Status::Created, entry.id, {}};
    }
    QList<const Entry *> unclaimedUpdates;
    for (const Entry &entry : response.updates) {
        const int row = claim(entry);
        if (row < 0) {
            unclaimedUpdates.append(&entry);
            continue;
        }
        outcomes[row] = {Status::Updated, entry.id.isEmpty() ? rowId(row) : entry.id, {}};
    }

    // `nonupdates` is documented as a count; tolerate a list of keys too.
    int unchangedCount = 0;
    if (response.nonupdatesIsArray) {
        for (const Entry &entry : response.nonupdates) {
            const int row = claim(entry);
            if (row >= 0)
                outcomes[row] = {Status::Unchanged, rowId(row), {}};
        }
    } else {
        unchangedCount = response.nonupdatesCount;
    }

    // Entries that name no row (the docs show insertsKeys holding `_id` alone) are handed out
    // in request order, but only where the counts leave no doubt about which rows they mean.
    const auto pendingRows = [&](const auto &accept) {
        QList<int> rows;
        for (int row = 0; row < rowCount; ++row) {
            if (outcomes.at(row).status == Status::Pending && accept(row))
                rows.append(row);
        }
        return rows;
    };
    const auto handOut
        = [&](const QList<int> &rows, const QList<const Entry *> &entries, Status status) {
              for (int i = 0; i < rows.size(); ++i)
                  outcomes[rows.at(i)] = {status, entries.at(i)->id, {}};
          };
    // Rows sent without `_id` are the ones a create can have come from.
    const QList<int> createRows = pendingRows([&](int row) { return rowId(row).isEmpty(); });
    // Of those, rows without a key the type matches on can only have been created.
    const QList<int> keylessRows
        = pendingRows([&](int row) { return rowId(row).isEmpty() && !rowHasKey(row); });
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
        const QList<int> keyedRows
            = pendingRows([&](int row) { return rowId(row).isEmpty() && rowHasKey(row); });
        if (unclaimedUpdates.size() == keyedRows.size())
            handOut(keyedRows, unclaimedUpdates, Status::Updated);
    }

    QList<int> keyedLeft;
    for (int row = 0; row < rowCount; ++row) {
        if (outcomes.at(row).status == Status::Pending && rowHasKey(row))
            keyedLeft.append(row);
    }
    // Only keyed rows can be unchanged (a keyless row always creates), and only when the
    // count covers all of them; otherwise nobody can tell which rows the count means.
    if (!keyedLeft.isEmpty() && unchangedCount >= keyedLeft.size()) {
        for (const int row : std::as_const(keyedLeft))
            outcomes[row] = {Status::Unchanged, rowId(row), {}};
    }

    QString unknownMessage = QStringLiteral("the server did not report this row");
    if (!unmatchedErrors.isEmpty()) {
        unknownMessage += QStringLiteral("; errors it reported without saying for which row: ")
            + ErrorMapping::oneLine(unmatchedErrors.join(QLatin1String(" | ")));
    }
    for (int row = 0; row < rowCount; ++row) {
        if (outcomes.at(row).status == Status::Pending)
            outcomes[row] = {Status::OutcomeUnknown, rowId(row), unknownMessage};
    }
    return outcomes;
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
    QList<int> sent(sentRows.size());
    std::iota(sent.begin(), sent.end(), 0);
    return map(BulkRows::of(m_type, sentRows), sent, response);
}

QList<RowOutcome> BulkResponseMapper::map(const BulkRows &rows, const QList<int> &sent,
                                          const QJsonObject &response) const
{
    return mapAnswer(rows, sent, answerOf(rows.identifyingKeys(), response),
                     QList<RowOutcome>(sent.size()));
}

std::optional<QList<RowOutcome>>
BulkResponseMapper::map(const BulkRows &rows, const QList<int> &sent, const QByteArray &body) const
{
    QList<RowOutcome> outcomes(sent.size());
    if (std::optional<Answer> answer = parseAnswer(rows, sent, body, &outcomes))
        return mapAnswer(rows, sent, *answer, std::move(outcomes));
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return std::nullopt;
    return map(rows, sent, document.object());
}

} // namespace Planhat
