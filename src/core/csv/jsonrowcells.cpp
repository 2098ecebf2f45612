// SPDX-License-Identifier: MIT
#include "jsonrowcells.h"

#include "csvwriter.h"
#include "recordcsvwriter.h"

#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <string>
#include <vector>

namespace Planhat {

namespace {

const QString customKey = QStringLiteral("custom");
const QString customPrefix = QStringLiteral("custom.");

QString numberText(double value)
{
    // As RecordCsvWriter::cellText() writes a JSON number.
    if (value == static_cast<double>(static_cast<qint64>(value)) && qAbs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
}

/// A nested value the way Qt writes it (compact, keys sorted), from its minified text.
QString qtCompact(simdjson::dom::element element)
{
    const std::string text = simdjson::minify(element);
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
    return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}

QString scalarText(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = element.get_string().value_unsafe();
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
        return numberText(element.get_double().value_unsafe());
    case simdjson::dom::element_type::BOOL:
        return element.get_bool().value_unsafe() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return QString();
    }
}

QString cellText(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::ARRAY: {
        const simdjson::dom::array array = element.get_array().value_unsafe();
        QStringList parts;
        for (simdjson::dom::element item : array) {
            const auto type = item.type();
            if (type == simdjson::dom::element_type::ARRAY
                || type == simdjson::dom::element_type::OBJECT)
                return qtCompact(element);
            parts.append(scalarText(item));
        }
        return parts.join(RecordCsvWriter::listSeparator());
    }
    case simdjson::dom::element_type::OBJECT:
        return qtCompact(element);
    default:
        return scalarText(element);
    }
}

/// scalarText() as UTF-8, appended to `out`.
void appendScalarUtf8(QByteArray *out, simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = element.get_string().value_unsafe();
        out->append(text.data(), qsizetype(text.size()));
        return;
    }
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: {
        const double value = element.get_double().value_unsafe();
        if (value == static_cast<double>(static_cast<qint64>(value)) && qAbs(value) < 1e15)
            out->append(QByteArray::number(static_cast<qint64>(value)));
        else
            out->append(QByteArray::number(value, 'g', 15));
        return;
    }
    case simdjson::dom::element_type::BOOL:
        out->append(element.get_bool().value_unsafe() ? "true" : "false");
        return;
    default:
        return;
    }
}

/// cellText() as UTF-8 in `text` (replaced).
void cellUtf8(simdjson::dom::element element, QByteArray *text)
{
    text->resize(0); // keeps the buffer, where clear() would free it
    switch (element.type()) {
    case simdjson::dom::element_type::ARRAY: {
        const simdjson::dom::array array = element.get_array().value_unsafe();
        bool first = true;
        for (simdjson::dom::element item : array) {
            const auto type = item.type();
            if (type == simdjson::dom::element_type::ARRAY
                || type == simdjson::dom::element_type::OBJECT) {
                *text = qtCompact(element).toUtf8();
                return;
            }
            if (!first)
                text->append(';'); // RecordCsvWriter::listSeparator()
            first = false;
            appendScalarUtf8(text, item);
        }
        return;
    }
    case simdjson::dom::element_type::OBJECT:
        *text = qtCompact(element).toUtf8();
        return;
    default:
        appendScalarUtf8(text, element);
        return;
    }
}

struct Member
{
    std::string_view key;
    simdjson::dom::element value;
};

/// An object's members in QJsonObject's order: keys sorted (UTF-8 byte order is code point
/// order, as Qt compares them).
std::vector<Member> sortedMembers(simdjson::dom::object object)
{
    std::vector<Member> members;
    members.reserve(object.size());
    for (const auto field : object)
        members.push_back({field.key, field.value});
    // Rows come sorted from most servers (Qt's own writer sorts): check before sorting.
    const auto byKey = [](const Member &a, const Member &b) {
        return a.key < b.key;
    };
    if (!std::is_sorted(members.begin(), members.end(), byKey))
        std::stable_sort(members.begin(), members.end(), byKey);
    return members;
}

} // namespace

class JsonRowCells::Private
{
public:
    /// The column name of a key, kept from the rows before: most rows repeat their keys, and
    /// a shared QString costs no allocation.
    const QString &column(std::string_view key, bool custom, size_t position)
    {
        std::vector<std::pair<std::string, QString>> &cache = custom ? m_customNames : m_names;
        if (position >= cache.size())
            cache.resize(position + 1);
        auto &entry = cache[position];
        if (entry.second.isNull() || entry.first != key) {
            entry.first.assign(key);
            const QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
            entry.second = custom ? customPrefix + name : name;
        }
        return entry.second;
    }

    /// `json` parsed as one object (valid until the next parse); false if it is not one.
    bool parseObject(QByteArrayView json, simdjson::dom::object *object)
    {
        simdjson::dom::element document;
        return parser.parse(json.data(), size_t(json.size())).get(document) == simdjson::SUCCESS
            && document.get_object().get(*object) == simdjson::SUCCESS;
    }

    simdjson::dom::parser parser;
    QByteArray m_text; ///< one cell's text before it is encoded
    std::vector<std::pair<std::string, QString>> m_names;
    std::vector<std::pair<std::string, QString>> m_customNames;
};

JsonRowCells::JsonRowCells()
    : d(std::make_unique<Private>())
{ }

JsonRowCells::~JsonRowCells() = default;

bool JsonRowCells::read(QByteArrayView json, QList<Cell> *cells)
{
    cells->clear();
    simdjson::dom::object object;
    if (!d->parseObject(json, &object))
        return false;
    size_t position = 0;
    size_t customPosition = 0;
    for (const Member &member : sortedMembers(object)) {
        if (member.key == "custom" && member.value.is_object()) {
            for (const Member &field : sortedMembers(member.value.get_object().value_unsafe())) {
                cells->append(
                    {d->column(field.key, true, customPosition++), cellText(field.value), true});
            }
            continue;
        }
        const QString &column = d->column(member.key, false, position++);
        // valueAt() reads a "custom.<name>" column from `custom`, not from a key so named.
        if (column.startsWith(customPrefix))
            cells->append({column, QString(), false});
        else
            cells->append({column, cellText(member.value), true});
    }
    return true;
}

bool JsonRowCells::readEncoded(QByteArrayView json, const CsvWriter &csv, QList<EncodedCell> *cells,
                               QByteArray *bytes)
{
    cells->resize(0);
    bytes->resize(0);
    simdjson::dom::object object;
    if (!d->parseObject(json, &object))
        return false;
    const auto append = [&](const QString &column, simdjson::dom::element value) {
        const qsizetype offset = bytes->size();
        if (value.type() == simdjson::dom::element_type::STRING) {
            // Most cells: encoded from the parsed text itself, without a copy first.
            const std::string_view text = value.get_string().value_unsafe();
            csv.appendEncoded(bytes, QByteArrayView(text.data(), qsizetype(text.size())));
        } else {
            cellUtf8(value, &d->m_text);
            csv.appendEncoded(bytes, d->m_text);
        }
        cells->append({column, offset, bytes->size() - offset, true});
    };
    size_t position = 0;
    size_t customPosition = 0;
    for (const Member &member : sortedMembers(object)) {
        if (member.key == "custom" && member.value.is_object()) {
            for (const Member &field : sortedMembers(member.value.get_object().value_unsafe()))
                append(d->column(field.key, true, customPosition++), field.value);
            continue;
        }
        const QString &column = d->column(member.key, false, position++);
        // As read(): a "custom.<name>" key's cell comes from `custom`.
        if (column.startsWith(customPrefix))
            cells->append({column, bytes->size(), 0, false});
        else
            append(column, member.value);
    }
    return true;
}

} // namespace Planhat
