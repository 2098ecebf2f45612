// SPDX-License-Identifier: MIT
#include "recordstore.h"

#include "data/fieldpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringEncoder>

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");

/// Doubles hold integers exactly up to 2^53; larger ones are kept as JSON values.
constexpr double exactIntegers = 9007199254740992.0;
constexpr qint64 msPerDay = 86400000;

/// Dates are stored as numbers only in the forms the server writes, and only when writing
/// the number back gives the very same text.
enum DateFormat : quint32 {
    DateTimeUtc = 0, ///< 2021-05-12T03:00:00.000Z
    DateOnly = 1, ///< 2021-05-12
};

qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const auto yearOfEra = unsigned(year - era * 400);
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + qint64(dayOfEra) - 719468;
}

void civilFromDays(qint64 days, int *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const auto dayOfEra = unsigned(days - era * 146097);
    const unsigned yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    *day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = int(qint64(yearOfEra) + era * 400 + (*month <= 2 ? 1 : 0));
}

template<typename Char>
void putDigits(Char *out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = Char('0' + value % 10);
        value /= 10;
    }
}

/// Writes the text of a date (`format`'s length of characters) to `out`.
template<typename Char>
void writeDate(Char *out, double ms, quint32 format)
{
    const auto total = qint64(ms);
    qint64 days = total / msPerDay;
    qint64 rest = total % msPerDay;
    if (rest < 0) {
        rest += msPerDay;
        --days;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, &year, &month, &day);
    putDigits(out, year, 4);
    out[4] = Char('-');
    putDigits(out + 5, month, 2);
    out[7] = Char('-');
    putDigits(out + 8, day, 2);
    if (format == DateOnly)
        return;
    out[10] = Char('T');
    putDigits(out + 11, int(rest / 3600000), 2);
    out[13] = Char(':');
    putDigits(out + 14, int(rest / 60000 % 60), 2);
    out[16] = Char(':');
    putDigits(out + 17, int(rest / 1000 % 60), 2);
    out[19] = Char('.');
    putDigits(out + 20, int(rest % 1000), 3);
    out[23] = Char('Z');
}

QString dateText(double ms, quint32 format)
{
    QString text(format == DateOnly ? 10 : 24, Qt::Uninitialized);
    writeDate(reinterpret_cast<char16_t *>(text.data()), ms, format);
    return text;
}

template<typename Char>
bool readDigits(const Char *text, int from, int count, int *value)
{
    *value = 0;
    for (int i = from; i < from + count; ++i) {
        const auto c = char16_t(text[i]);
        if (c < u'0' || c > u'9')
            return false;
        *value = *value * 10 + (c - u'0');
    }
    return true;
}

/// The milliseconds of an ISO date in one of the DateFormat forms; `text` holds UTF-16 code
/// units or UTF-8 bytes.
template<typename Char>
bool parseDate(const Char *text, qsizetype length, double *ms, quint32 *format)
{
    if (length != 10 && length != 24)
        return false;
    int year = 0;
    int month = 0;
    int day = 0;
    if (!readDigits(text, 0, 4, &year) || text[4] != '-' || !readDigits(text, 5, 2, &month)
        || text[7] != '-' || !readDigits(text, 8, 2, &day) || month < 1 || month > 12 || day < 1
        || day > 31)
        return false;
    qint64 total = daysFromCivil(year, unsigned(month), unsigned(day)) * msPerDay;
    *format = DateOnly;
    if (length == 24) {
        int hour = 0;
        int minute = 0;
        int second = 0;
        int milli = 0;
        if (text[10] != 'T' || !readDigits(text, 11, 2, &hour) || text[13] != ':'
            || !readDigits(text, 14, 2, &minute) || text[16] != ':'
            || !readDigits(text, 17, 2, &second) || text[19] != '.'
            || !readDigits(text, 20, 3, &milli) || text[23] != 'Z')
            return false;
        total += ((hour * 60 + minute) * 60 + second) * 1000 + milli;
        *format = DateTimeUtc;
    }
    *ms = double(total);
    // 31 February parses, but would come back as 3 March.
    char16_t written[24];
    writeDate(written, *ms, *format);
    for (qsizetype i = 0; i < length; ++i) {
        if (written[i] != char16_t(text[i]))
            return false;
    }
    return true;
}

bool parseDate(const QString &text, double *ms, quint32 *format)
{
    return parseDate(reinterpret_cast<const char16_t *>(text.constData()), text.size(), ms, format);
}

void mergeInto(QJsonObject *object, const QJsonObject &rest)
{
    for (auto it = rest.constBegin(); it != rest.constEnd(); ++it) {
        const QJsonValue current = object->value(it.key());
        if (it.value().isObject() && current.isObject()) {
            QJsonObject merged = current.toObject();
            mergeInto(&merged, it.value().toObject());
            object->insert(it.key(), merged);
        } else {
            object->insert(it.key(), it.value());
        }
    }
}

} // namespace

RecordStore::RecordStore(const QList<ObjectColumn> &columns)
    : m_rests(new Rests)
{
    m_columns.reserve(size_t(columns.size()));
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const QStringList path = FieldPath::keys(columns.at(i).name());
        m_columns.emplace_back(new Column);
        m_columns.back()->name = columns.at(i).name();
        addPath(&m_nodes, path, int(i));
        if (columns.at(i).name() == idField)
            m_idColumn = int(i);
    }
    // A column with columns below it ("custom" above "custom.Region") is rebuilt from them.
    std::function<void(const QList<KeyNode> &)> markParents = [&](const QList<KeyNode> &nodes) {
        for (const KeyNode &node : nodes) {
            if (node.column >= 0 && !node.children.isEmpty())
                m_columns[size_t(node.column)]->stored = false;
            markParents(node.children);
        }
    };
    markParents(m_nodes);
    indexNodes(&m_nodes, &m_nodeIndex);
}

void RecordStore::indexNodes(QList<KeyNode> *nodes, QHash<QString, int> *index)
{
    for (qsizetype i = 0; i < nodes->size(); ++i) {
        KeyNode &node = (*nodes)[i];
        index->insert(node.key, int(i));
        indexNodes(&node.children, &node.childIndex);
    }
}

void RecordStore::addPath(QList<KeyNode> *nodes, const QStringList &path, int column)
{
    for (qsizetype depth = 0; depth < path.size(); ++depth) {
        KeyNode *found = nullptr;
        for (KeyNode &node : *nodes) {
            if (node.key == path.at(depth)) {
                found = &node;
                break;
            }
        }
        if (!found) {
            nodes->append(KeyNode {path.at(depth), -1, {}, {}});
            found = &nodes->last();
        }
        if (depth == path.size() - 1) {
            found->column = column;
            return;
        }
        nodes = &found->children;
    }
}

const RecordStore::KeyNode *RecordStore::nodeOf(const QStringList &path) const
{
    const QList<KeyNode> *nodes = &m_nodes;
    const KeyNode *found = nullptr;
    for (const QString &key : path) {
        found = nullptr;
        for (const KeyNode &node : *nodes) {
            if (node.key == key) {
                found = &node;
                break;
            }
        }
        if (!found)
            return nullptr;
        nodes = &found->children;
    }
    return found;
}

int RecordStore::rowOfSlot(int slot) const
{
    if (!m_rowBySlotValid) {
        m_rowBySlot.assign(size_t(m_slotCount), -1);
        for (size_t row = 0; row < m_rows.size(); ++row)
            m_rowBySlot[m_rows[row]] = int(row);
        m_rowBySlotValid = true;
    }
    return slot >= 0 && slot < m_slotCount ? m_rowBySlot[size_t(slot)] : -1;
}

int RecordStore::addSlots(int count)
{
    const int first = m_slotCount;
    m_slotCount += count;
    for (QSharedDataPointer<Column> &column : m_columns) {
        if (!std::as_const(column)->stored)
            continue;
        column->codes.resize(size_t(m_slotCount), 0);
        if (!column->numbers.empty())
            column->numbers.resize(size_t(m_slotCount), 0);
    }
    return first;
}

void RecordStore::append(const QList<QJsonObject> &records)
{
    if (records.isEmpty())
        return;
    const int first = addSlots(int(records.size()));
    for (qsizetype i = 0; i < records.size(); ++i) {
        const int slot = first + int(i);
        QJsonObject rest;
        store(m_nodes, m_nodeIndex, records.at(i), slot, &rest);
        setRest(slot, rest);
        indexId(slot);
        if (m_rowBySlotValid)
            m_rowBySlot.push_back(int(m_rows.size()));
        m_rows.push_back(quint32(slot));
    }
}

/// A KeyNode with its key as UTF-8, children sorted by key: finds the node of a key read from
/// a page's bytes without making a QString of it.
struct RecordStore::ByteNode
{
    /// What the field at one position of the last record looked up: records of a page mostly
    /// list the same keys in the same order, so the next record's field there is likely the
    /// same one.
    struct Guess
    {
        std::string key;
        ByteNode *found = nullptr;
    };

    std::string key;
    const KeyNode *node = nullptr;
    std::vector<ByteNode> children;
    std::vector<Guess> childGuesses; ///< per position among the fields of this node's object
};

namespace {

/// Writes JSON text that Qt's reader reads back as the value simdjson read: what no column
/// takes is kept as text, and going through QJsonValue cost more than the rest of a row.
class JsonTextWriter
{
public:
    explicit JsonTextWriter(std::string *out)
        : m_out(out)
    { }

    void string(std::string_view text)
    {
        m_out->push_back('"');
        size_t plainFrom = 0;
        for (size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            m_out->append(text.data() + plainFrom, i - plainFrom);
            plainFrom = i + 1;
            if (c == '"' || c == '\\') {
                m_out->push_back('\\');
                m_out->push_back(char(c));
                continue;
            }
            static constexpr char hex[] = "0123456789abcdef";
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            m_out->append(escaped, sizeof escaped);
        }
        m_out->append(text.data() + plainFrom, text.size() - plainFrom);
        m_out->push_back('"');
    }

    void key(std::string_view key)
    {
        string(key);
        m_out->push_back(':');
    }

    void value(simdjson::dom::element element)
    {
        switch (element.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            m_out->append("null");
            return;
        case simdjson::dom::element_type::BOOL:
            m_out->append(element.get_bool().value_unsafe() ? "true" : "false");
            return;
        case simdjson::dom::element_type::INT64:
            number(element.get_int64().value_unsafe());
            return;
        case simdjson::dom::element_type::UINT64:
            number(element.get_uint64().value_unsafe());
            return;
        case simdjson::dom::element_type::DOUBLE:
            // The shortest text that reads back as the same double.
            number(element.get_double().value_unsafe());
            return;
        case simdjson::dom::element_type::STRING:
            string(element.get_string().value_unsafe());
            return;
        case simdjson::dom::element_type::ARRAY: {
            m_out->push_back('[');
            const simdjson::dom::array array = element.get_array().value_unsafe();
            bool first = true;
            for (simdjson::dom::element item : array) {
                if (!first)
                    m_out->push_back(',');
                first = false;
                value(item);
            }
            m_out->push_back(']');
            return;
        }
        case simdjson::dom::element_type::OBJECT: {
            m_out->push_back('{');
            const simdjson::dom::object object = element.get_object().value_unsafe();
            bool first = true;
            for (const simdjson::dom::key_value_pair field : object) {
                if (!first)
                    m_out->push_back(',');
                first = false;
                key(field.key);
                value(field.value);
            }
            m_out->push_back('}');
            return;
        }
        }
    }

private:
    template<typename Number>
    void number(Number number)
    {
        char digits[32];
        const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, number);
        m_out->append(digits, size_t(written.ptr - digits));
    }

    std::string *m_out;
};

} // namespace

/// Reads records from JSON text into a store's columns, as store() does from QJsonObjects.
class RecordStore::RawEncoder
{
public:
    explicit RawEncoder(RecordStore *store)
        : m_store(store)
    {
        build(store->m_nodes, &m_roots);
    }

    /// Stores the record `json` into `slot`; false when it is not a JSON object.
    bool encodeRow(QByteArrayView json, int slot)
    {
        static_assert(RawRows::padding >= qsizetype(simdjson::SIMDJSON_PADDING));
        simdjson::dom::element element;
        simdjson::dom::object object;
        // In place, not copied: a row is followed by the rest of its page, and the page by
        // RawRows::padding bytes.
        if (m_parser.parse(json.data(), size_t(json.size()), false).get(element)
                != simdjson::SUCCESS
            || element.get_object().get(object) != simdjson::SUCCESS)
            return false;
        clearRestAt(0);
        store(m_roots, m_rootGuesses, object, slot, 0);
        // Not a reference kept across store(): deeper levels may move the texts.
        std::string &rest = m_rests[0];
        if (!rest.empty()) {
            rest.insert(rest.begin(), '{');
            rest.push_back('}');
            m_store->setRestText(slot, rest);
        }
        return true;
    }

private:
    static void build(const QList<KeyNode> &nodes, std::vector<ByteNode> *out)
    {
        for (const KeyNode &node : nodes) {
            ByteNode byteNode;
            const QByteArray utf8 = node.key.toUtf8();
            byteNode.key.assign(utf8.constData(), size_t(utf8.size()));
            byteNode.node = &node;
            build(node.children, &byteNode.children);
            out->push_back(std::move(byteNode));
        }
        std::sort(out->begin(), out->end(),
                  [](const ByteNode &left, const ByteNode &right) { return left.key < right.key; });
    }

    static ByteNode *find(std::vector<ByteNode> &nodes, std::string_view key)
    {
        const auto it = std::lower_bound(
            nodes.begin(), nodes.end(), key,
            [](const ByteNode &node, std::string_view wanted) { return node.key < wanted; });
        return it != nodes.end() && it->key == key ? &*it : nullptr;
    }

    /// find(), trying first what the field at `position` was in the last record.
    static ByteNode *lookUp(std::vector<ByteNode> &nodes, std::vector<ByteNode::Guess> *guesses,
                            size_t position, std::string_view key)
    {
        if (position == guesses->size())
            guesses->emplace_back();
        ByteNode::Guess &guess = (*guesses)[position];
        if (guess.key != key) {
            guess.key.assign(key);
            guess.found = find(nodes, key);
        }
        return guess.found;
    }

    /// The value as Qt's reader gives it (for what a column keeps as JSON).
    QJsonValue qtValue(simdjson::dom::element element)
    {
        m_valueText.assign(1, '[');
        JsonTextWriter(&m_valueText).value(element);
        m_valueText.push_back(']');
        const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(m_valueText.data(), qsizetype(m_valueText.size())));
        return document.array().at(0);
    }

    /// Empties the text of what no column takes at nesting `depth` (its fields, without braces).
    void clearRestAt(size_t depth)
    {
        if (depth == m_rests.size())
            m_rests.emplace_back();
        m_rests[depth].clear();
    }

    void store(std::vector<ByteNode> &nodes, std::vector<ByteNode::Guess> &guesses,
               simdjson::dom::object object, int slot, size_t depth)
    {
        size_t position = 0;
        for (const simdjson::dom::key_value_pair field : object) {
            ByteNode *found = lookUp(nodes, &guesses, position++, field.key);
            if (!found) {
                JsonTextWriter(&addRest(depth, field.key)).value(field.value);
                continue;
            }
            if (found->children.empty()) {
                Column &column = *m_store->m_columns[size_t(found->node->column)];
                column.codes.set(size_t(slot), encode(column, slot, field.value));
                continue;
            }
            simdjson::dom::object inner;
            if (field.value.get_object().get(inner) != simdjson::SUCCESS) {
                JsonTextWriter(&addRest(depth, field.key)).value(field.value);
                continue;
            }
            clearRestAt(depth + 1);
            store(found->children, found->childGuesses, inner, slot, depth + 1);
            // An empty object is kept as such: rebuilt from no values, it would be missing.
            if (!m_rests[depth + 1].empty() || inner.size() == 0) {
                std::string &text = addRest(depth, field.key);
                text.push_back('{');
                text.append(m_rests[depth + 1]);
                text.push_back('}');
            }
        }
    }

    /// Adds `key` to the rest at `depth` and returns that text, for its value to follow.
    std::string &addRest(size_t depth, std::string_view key)
    {
        std::string &text = m_rests[depth];
        if (!text.empty())
            text.push_back(',');
        JsonTextWriter(&text).key(key);
        return text;
    }

    quint32 encode(Column &column, int slot, simdjson::dom::element value)
    {
        switch (value.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            return codeOf(Tag::Null, 0);
        case simdjson::dom::element_type::BOOL:
            return codeOf(Tag::Boolean, value.get_bool().value_unsafe() ? 1 : 0);
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::DOUBLE: {
            const double number = value.get_double().value_unsafe();
            if (!std::isfinite(number) || std::fabs(number) >= exactIntegers)
                break;
            setNumber(column, slot, number);
            return codeOf(Tag::Number, 0);
        }
        case simdjson::dom::element_type::UINT64: // 2^63 and more: kept as JSON
            break;
        case simdjson::dom::element_type::STRING: {
            const std::string_view text = value.get_string().value_unsafe();
            double ms = 0;
            quint32 format = 0;
            if ((text.size() == 24 || text.size() == 10)
                && parseDate(text.data(), qsizetype(text.size()), &ms, &format)) {
                setNumber(column, slot, ms);
                return codeOf(Tag::Date, format);
            }
            return codeOf(Tag::String, column.strings.intern(text.data(), text.size()));
        }
        case simdjson::dom::element_type::ARRAY: {
            const simdjson::dom::array array = value.get_array().value_unsafe();
            m_ids.clear();
            bool strings = true;
            for (simdjson::dom::element item : array) {
                std::string_view text;
                if (item.get_string().get(text) != simdjson::SUCCESS) {
                    strings = false;
                    break;
                }
                m_ids.push_back(column.strings.intern(text.data(), text.size()));
            }
            if (!strings)
                break;
            return codeOf(Tag::StringList, column.lists.intern(m_ids.data(), m_ids.size()));
        }
        case simdjson::dom::element_type::OBJECT:
            break;
        }
        column.others.append(qtValue(value));
        return codeOf(Tag::Other, quint32(column.others.size() - 1));
    }

    RecordStore *m_store;
    std::vector<ByteNode> m_roots;
    std::vector<ByteNode::Guess> m_rootGuesses;
    std::vector<std::string> m_rests; ///< per depth, see clearRestAt()
    std::string m_valueText; ///< scratch for qtValue()
    simdjson::dom::parser m_parser;
    std::vector<quint32> m_ids; ///< scratch
};

void RecordStore::append(const RawRows &rows)
{
    if (rows.isEmpty())
        return;
    const int first = addSlots(int(rows.size()));
    if (m_rowBySlotValid)
        m_rowBySlot.resize(size_t(m_slotCount), -1);
    RawEncoder encoder(this);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const int slot = first + int(i);
        // A row that is no object stays an empty slot without a row.
        if (!encoder.encodeRow(rows.row(i), slot))
            continue;
        indexId(slot);
        if (m_rowBySlotValid)
            m_rowBySlot[size_t(slot)] = int(m_rows.size());
        m_rows.push_back(quint32(slot));
    }
}

namespace {

/// Strings ahead of the one interned whose table slot is prefetched.
constexpr quint32 prefetchAhead = 8;

/// Gives a table's array (ChunkedVector, InternPool) room for `count` elements in whole chunks
/// once it is past a few pages. The first chunk otherwise doubles up to a whole one, and
/// every column doubled on the same page: the copies and the page faults of the fresh memory
/// held the window up for 30 ms at once. Memory reserved is not touched until used.
template<typename Array>
void reserveWhole(Array *array, size_t count)
{
    constexpr size_t wholeFrom = 4096;
    if (count >= wholeFrom)
        array->reserve(std::max(count, size_t(ChunkedVector<quint32>::chunkSize)));
}

} // namespace

void RecordStore::append(const RecordStore &block, std::vector<std::vector<quint32>> *stringMaps)
{
    if (block.m_slotCount == 0)
        return;
    Q_ASSERT(block.m_columns.size() == m_columns.size());
    const int first = m_slotCount;
    m_slotCount += block.m_slotCount;
    std::vector<quint32> stringMap;
    std::vector<quint32> listMap;
    std::vector<quint32> ids;
    for (size_t c = 0; c < m_columns.size(); ++c) {
        const Column &from = *block.m_columns[c];
        if (!from.stored)
            continue;
        Column &to = *m_columns[c];
        // The block's strings and lists get this store's ids, by the hashes the block kept.
        const auto stringCount = quint32(from.strings.size());
        stringMap.resize(stringCount);
        reserveWhole(&to.strings, to.strings.size() + stringCount);
        for (quint32 id = 0; id < stringCount; ++id) {
            if (id + prefetchAhead < stringCount)
                to.strings.prefetch(from.strings.hash(id + prefetchAhead));
            stringMap[id] = to.strings.intern(from.strings.data(id), from.strings.length(id),
                                              from.strings.hash(id));
        }
        listMap.resize(from.lists.size());
        for (quint32 id = 0; id < from.lists.size(); ++id) {
            const quint32 *items = from.lists.data(id);
            ids.assign(items, items + from.lists.length(id));
            for (quint32 &item : ids)
                item = stringMap[item];
            listMap[id] = to.lists.intern(ids.data(), ids.size());
        }
        const auto othersBase = quint32(to.others.size());
        to.others.append(from.others);
        reserveWhole(&to.codes, size_t(m_slotCount));
        to.codes.append(from.codes.size(), [&](size_t slot) {
            const quint32 code = from.codes[slot];
            const quint32 payload = payloadOf(code);
            switch (tagOf(code)) {
            case Tag::String:
                return codeOf(Tag::String, stringMap[payload]);
            case Tag::StringList:
                return codeOf(Tag::StringList, listMap[payload]);
            case Tag::Other:
                return codeOf(Tag::Other, othersBase + payload);
            default:
                return code;
            }
        });
        if (!from.numbers.empty()) {
            reserveWhole(&to.numbers, size_t(m_slotCount));
            to.numbers.resize(size_t(first), 0);
            to.numbers.append(from.numbers.size(), [&](size_t slot) { return from.numbers[slot]; });
        } else if (!to.numbers.empty()) {
            to.numbers.resize(size_t(m_slotCount), 0);
        }
        if (stringMaps) {
            stringMaps->resize(m_columns.size());
            (*stringMaps)[c] = stringMap;
        }
    }
    const Rests &blockRests = *block.m_rests;
    if (blockRests.texts.size() > 0) {
        Rests &rests = *m_rests;
        rests.ids.resize(size_t(m_slotCount), InternPool<char>::noId);
        stringMap.resize(blockRests.texts.size());
        for (quint32 id = 0; id < blockRests.texts.size(); ++id)
            stringMap[id] = rests.texts.intern(
                blockRests.texts.data(id), blockRests.texts.length(id), blockRests.texts.hash(id));
        for (size_t slot = 0; slot < blockRests.ids.size(); ++slot) {
            const quint32 id = blockRests.ids[slot];
            if (id != InternPool<char>::noId)
                rests.ids.set(size_t(first) + slot, stringMap[id]);
        }
    }
    if (m_rowBySlotValid)
        m_rowBySlot.resize(size_t(m_slotCount), -1);
    if (m_idColumn >= 0)
        reserveWhole(&m_slotByIdString, stringCount(m_idColumn));
    for (const quint32 blockSlot : block.m_rows) {
        const int slot = first + int(blockSlot);
        indexId(slot);
        if (m_rowBySlotValid)
            m_rowBySlot[size_t(slot)] = int(m_rows.size());
        m_rows.push_back(quint32(slot));
    }
}

void RecordStore::clear()
{
    // Fresh columns: emptying shared ones would copy them first.
    for (QSharedDataPointer<Column> &column : m_columns) {
        auto *empty = new Column;
        empty->name = std::as_const(column)->name;
        empty->stored = std::as_const(column)->stored;
        empty->version = std::as_const(column)->version + 1;
        column.reset(empty);
    }
    m_rows = {};
    m_slotCount = 0;
    m_rests.reset(new Rests);
    m_slotByIdString.clear();
    m_hasDuplicateIds = false;
    m_rowBySlot = {};
    m_rowBySlotValid = false;
}

void RecordStore::removeRows(int first, int last)
{
    m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
    m_rowBySlotValid = false;
}

void RecordStore::removeRowRuns(std::vector<std::pair<int, int>> runs)
{
    if (runs.empty())
        return;
    std::sort(runs.begin(), runs.end());
    auto kept = m_rows.begin() + runs.front().first;
    for (size_t i = 0; i < runs.size(); ++i) {
        const int nextFirst = i + 1 < runs.size() ? runs[i + 1].first : int(m_rows.size());
        kept = std::copy(m_rows.begin() + runs[i].second + 1, m_rows.begin() + nextFirst, kept);
    }
    m_rows.erase(kept, m_rows.end());
    m_rowBySlotValid = false;
}

QJsonObject RecordStore::record(int slot) const
{
    QJsonObject object;
    rebuild(m_nodes, slot, &object);
    if (hasRest(slot))
        mergeInto(&object, restOf(slot));
    return object;
}

void RecordStore::replace(int slot, const QJsonObject &record)
{
    clearSlot(m_nodes, slot);
    QJsonObject rest;
    store(m_nodes, m_nodeIndex, record, slot, &rest);
    setRest(slot, rest);
    for (QSharedDataPointer<Column> &column : m_columns)
        ++column->version;
    indexId(slot);
}

bool RecordStore::hasRest(int slot) const
{
    const ChunkedVector<quint32> &ids = m_rests->ids;
    return size_t(slot) < ids.size() && ids[size_t(slot)] != InternPool<char>::noId;
}

QJsonObject RecordStore::restOf(int slot) const
{
    if (!hasRest(slot))
        return QJsonObject();
    const Rests &rests = *m_rests;
    const quint32 id = rests.ids[size_t(slot)];
    return QJsonDocument::fromJson(
               QByteArray::fromRawData(rests.texts.data(id), qsizetype(rests.texts.length(id))))
        .object();
}

void RecordStore::setRest(int slot, const QJsonObject &rest)
{
    if (rest.isEmpty()) {
        if (hasRest(slot))
            m_rests->ids.set(size_t(slot), InternPool<char>::noId);
        return;
    }
    const QByteArray text = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    setRestText(slot, std::string_view(text.constData(), size_t(text.size())));
}

void RecordStore::setRestText(int slot, std::string_view text)
{
    Rests &rests = *m_rests;
    if (rests.ids.size() <= size_t(slot))
        rests.ids.resize(size_t(m_slotCount), InternPool<char>::noId);
    rests.ids.set(size_t(slot), rests.texts.intern(text.data(), text.size()));
}

void RecordStore::indexId(int slot)
{
    if (m_idColumn < 0)
        return;
    const quint32 code = std::as_const(m_columns)[size_t(m_idColumn)]->codes[size_t(slot)];
    if (tagOf(code) != Tag::String)
        return;
    const quint32 id = payloadOf(code);
    if (m_slotByIdString.size() <= id)
        m_slotByIdString.resize(size_t(id) + 1, -1);
    // A record listed twice (it moved between pages) is edited in its first row.
    if (m_slotByIdString[id] < 0)
        m_slotByIdString.set(id, slot);
    else if (m_slotByIdString[id] != slot)
        m_hasDuplicateIds = true;
}

QJsonValue RecordStore::value(int slot, int column) const
{
    const Column &spec = *m_columns[size_t(column)];
    if (spec.stored)
        return decode(spec, slot);
    const KeyNode *node = nodeOf(FieldPath::keys(spec.name));
    QJsonObject object;
    rebuild(node->children, slot, &object);
    QJsonValue rest(QJsonValue::Undefined);
    if (hasRest(slot))
        rest = FieldPath::valueIn(restOf(slot), spec.name);
    if (rest.isObject()) {
        mergeInto(&object, rest.toObject());
        return object;
    }
    if (!rest.isUndefined())
        return rest;
    return object.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(object);
}

void RecordStore::setValue(int slot, const QString &field, const QJsonValue &value)
{
    const KeyNode *node = nodeOf(FieldPath::keys(field));
    if (node && node->column >= 0 && node->children.isEmpty()) {
        Column &column = *m_columns[size_t(node->column)];
        // Under a parent that is no object (custom: null) the value cannot simply be set.
        if (FieldPath::keys(field).size() == 1 || !hasRest(slot)) {
            column.codes.set(size_t(slot), encode(column, slot, value));
            ++column.version;
            return;
        }
    }
    QJsonObject object = record(slot);
    FieldPath::setValueIn(&object, field, value);
    replace(slot, object);
}

QString RecordStore::id(int slot) const
{
    if (m_idColumn < 0)
        return QString();
    return value(slot, m_idColumn).toString();
}

int RecordStore::slotOfId(const QString &id) const
{
    if (m_idColumn < 0)
        return -1;
    const Column &column = *m_columns[size_t(m_idColumn)];
    const QByteArray utf8 = id.toUtf8();
    const quint32 found = column.strings.find(utf8.constData(), size_t(utf8.size()));
    if (found == InternPool<char>::noId || found >= m_slotByIdString.size())
        return -1;
    return m_slotByIdString[found];
}

QString RecordStore::string(int column, quint32 id) const
{
    const InternPool<char> &strings = m_columns[size_t(column)]->strings;
    return QString::fromUtf8(strings.data(id), qsizetype(strings.length(id)));
}

void RecordStore::setNumber(Column &column, int slot, double number)
{
    // The numbers of a column exist from its first number or date on.
    if (column.numbers.empty())
        column.numbers.resize(column.codes.size(), 0);
    column.numbers.set(size_t(slot), number);
}

quint32 RecordStore::encode(Column &column, int slot, const QJsonValue &value)
{
    const auto internString = [this, &column](const QString &text) {
        m_utf8.resize(size_t(text.size()) * 3);
        QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
        char *end = encoder.appendToBuffer(m_utf8.data(), text);
        return column.strings.intern(m_utf8.data(), size_t(end - m_utf8.data()));
    };
    switch (value.type()) {
    case QJsonValue::Undefined:
        return codeOf(Tag::Missing, 0);
    case QJsonValue::Null:
        return codeOf(Tag::Null, 0);
    case QJsonValue::Bool:
        return codeOf(Tag::Boolean, value.toBool() ? 1 : 0);
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (!std::isfinite(number) || std::fabs(number) >= exactIntegers)
            break;
        setNumber(column, slot, number);
        return codeOf(Tag::Number, 0);
    }
    case QJsonValue::String: {
        const QString text = value.toString();
        double ms = 0;
        quint32 format = 0;
        if ((text.size() == 24 || text.size() == 10) && parseDate(text, &ms, &format)) {
            setNumber(column, slot, ms);
            return codeOf(Tag::Date, format);
        }
        return codeOf(Tag::String, internString(text));
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        std::vector<quint32> ids;
        ids.reserve(size_t(array.size()));
        for (const QJsonValue &item : array) {
            if (!item.isString())
                break;
            ids.push_back(internString(item.toString()));
        }
        if (ids.size() != size_t(array.size()))
            break;
        return codeOf(Tag::StringList, column.lists.intern(ids.data(), ids.size()));
    }
    case QJsonValue::Object:
        break;
    }
    column.others.append(value);
    return codeOf(Tag::Other, quint32(column.others.size() - 1));
}

QJsonValue RecordStore::decode(const Column &column, int slot) const
{
    const quint32 code = column.codes[size_t(slot)];
    const quint32 payload = payloadOf(code);
    switch (tagOf(code)) {
    case Tag::Missing:
        return QJsonValue(QJsonValue::Undefined);
    case Tag::Null:
        return QJsonValue(QJsonValue::Null);
    case Tag::Boolean:
        return QJsonValue(payload != 0);
    case Tag::String:
        return QString::fromUtf8(column.strings.data(payload),
                                 qsizetype(column.strings.length(payload)));
    case Tag::Number: {
        // Integers come back as integers, as the parser gave them.
        const double number = column.numbers[size_t(slot)];
        if (std::trunc(number) == number)
            return QJsonValue(qint64(number));
        return QJsonValue(number);
    }
    case Tag::Date:
        return dateText(column.numbers[size_t(slot)], payload);
    case Tag::StringList: {
        QJsonArray array;
        const quint32 *ids = column.lists.data(payload);
        for (size_t i = 0; i < column.lists.length(payload); ++i) {
            array.append(QString::fromUtf8(column.strings.data(ids[i]),
                                           qsizetype(column.strings.length(ids[i]))));
        }
        return array;
    }
    case Tag::Other:
        return column.others.at(payload);
    }
    return QJsonValue(QJsonValue::Undefined);
}

void RecordStore::store(const QList<KeyNode> &nodes, const QHash<QString, int> &index,
                        const QJsonObject &object, int slot, QJsonObject *rest)
{
    // One pass over the record's keys: looking each column's key up in a QJsonObject compares
    // (and converts) keys again and again. Columns whose key is absent keep the code for
    // missing they have (append() and replace() start from it).
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        const int found = index.value(key, -1);
        const QJsonValue value = it.value();
        if (found < 0) {
            rest->insert(key, value);
            continue;
        }
        const KeyNode &node = nodes.at(found);
        if (node.children.isEmpty()) {
            Column &column = *m_columns[size_t(node.column)];
            column.codes.set(size_t(slot), encode(column, slot, value));
            continue;
        }
        if (!value.isObject()) {
            rest->insert(key, value);
            continue;
        }
        const QJsonObject inner = value.toObject();
        QJsonObject innerRest;
        store(node.children, node.childIndex, inner, slot, &innerRest);
        // An empty object is kept as such: rebuilt from no values, it would be missing.
        if (!innerRest.isEmpty() || inner.isEmpty())
            rest->insert(key, innerRest);
    }
}

void RecordStore::rebuild(const QList<KeyNode> &nodes, int slot, QJsonObject *object) const
{
    for (const KeyNode &node : nodes) {
        if (node.children.isEmpty()) {
            const QJsonValue value = decode(*m_columns[size_t(node.column)], slot);
            if (!value.isUndefined())
                object->insert(node.key, value);
            continue;
        }
        QJsonObject inner;
        rebuild(node.children, slot, &inner);
        if (!inner.isEmpty())
            object->insert(node.key, inner);
    }
}

void RecordStore::clearSlot(const QList<KeyNode> &nodes, int slot)
{
    for (const KeyNode &node : nodes) {
        if (node.children.isEmpty())
            m_columns[size_t(node.column)]->codes.set(size_t(slot), 0);
        else
            clearSlot(node.children, slot);
    }
}

} // namespace Planhat
