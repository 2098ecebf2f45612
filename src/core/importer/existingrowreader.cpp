// SPDX-License-Identifier: MIT
#include "existingrowreader.h"

#include "api/rawrows.h"
#include "data/fieldpath.h"
#include "data/jsonbytes.h"
#include "importpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <string>
#include <vector>

namespace Planhat {

namespace {

using Element = simdjson::dom::element;

QString stringOf(Element element)
{
    const std::string_view text = element.get_string().value_unsafe();
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// The value QJsonDocument reads for `element`, through Qt's own reader: keys that are not
/// text are rare.
QJsonValue qtValue(Element element)
{
    const std::string text = "[" + simdjson::minify(element) + "]";
    return QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), qsizetype(text.size())))
        .array()
        .at(0);
}

size_t jsonStringBound(std::string_view text)
{
    return size_t(JsonBytes::utf8StringBound(qsizetype(text.size())));
}

char *writeJsonString(char *out, std::string_view text)
{
    return JsonBytes::writeUtf8String(out, QByteArrayView(text.data(), qsizetype(text.size())));
}

/// A field of the row, as appendSelected() found it.
struct FoundValue
{
    Element value;
    bool found = false;
};

/// Appends to `text` the object of `fields` `object` has, as JSON text. False (with `text`
/// as it was) when one of them is not a text, a boolean or null. `values` is a buffer.
bool appendSelected(simdjson::dom::object object, const QList<QByteArray> &fields,
                    std::vector<FoundValue> *values, QByteArray *text)
{
    // The values first, to write the text in one go: byte by byte appends cost more than
    // the parse.
    values->clear();
    size_t bound = 2;
    for (const QByteArray &field : fields) {
        const std::string_view name(field.constData(), size_t(field.size()));
        Element value;
        if (object.at_key(name).get(value) != simdjson::SUCCESS) {
            values->push_back({});
            continue;
        }
        switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            bound += jsonStringBound(value.get_string().value_unsafe());
            break;
        case simdjson::dom::element_type::BOOL:
        case simdjson::dom::element_type::NULL_VALUE:
            bound += 5;
            break;
        default:
            return false;
        }
        bound += jsonStringBound(name) + 2;
        values->push_back({value, true});
    }
    const qsizetype start = text->size();
    text->resize(start + qsizetype(bound));
    char *const begin = text->data() + start;
    char *out = begin;
    *out++ = '{';
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (!values->at(size_t(i)).found)
            continue;
        const Element value = values->at(size_t(i)).value;
        if (out - begin > 1)
            *out++ = ',';
        out = writeJsonString(
            out, std::string_view(fields.at(i).constData(), size_t(fields.at(i).size())));
        *out++ = ':';
        switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            out = writeJsonString(out, value.get_string().value_unsafe());
            break;
        case simdjson::dom::element_type::BOOL:
            out = std::copy_n(value.get_bool().value_unsafe() ? "true" : "false",
                              value.get_bool().value_unsafe() ? 4 : 5, out);
            break;
        default:
            out = std::copy_n("null", 4, out);
            break;
        }
    }
    *out++ = '}';
    text->truncate(start + (out - begin));
    return true;
}

} // namespace

class ExistingRowReader::Private
{
public:
    simdjson::dom::parser parser;
    std::vector<FoundValue> selectedValues; ///< appendSelected()'s buffer
    std::vector<std::string> keyPath; ///< FieldPath::keys() of the match field, as UTF-8
    ImportPolicy::KeyNormalizer keys; ///< of the match field
};

ExistingRowReader::ExistingRowReader(const QString &keyField)
    : d(std::make_unique<Private>())
{
    for (const QString &key : FieldPath::keys(keyField))
        d->keyPath.push_back(key.toStdString());
    d->keys = ImportPolicy::KeyNormalizer(keyField);
}

ExistingRowReader::~ExistingRowReader() = default;

bool ExistingRowReader::read(QByteArrayView json, Row *row, const QList<QByteArray> &fields,
                             QByteArray *selected)
{
    static_assert(RawRows::padding >= qsizetype(simdjson::SIMDJSON_PADDING));
    row->id.clear();
    row->keys.clear();
    row->selectedAt = -1;
    row->selectedSize = 0;
    Element document;
    simdjson::dom::object object;
    // In place: the bytes after the row are readable (RawRows::padding).
    if (d->parser.parse(json.data(), size_t(json.size()), false).get(document) != simdjson::SUCCESS
        || document.get_object().get(object) != simdjson::SUCCESS)
        return false;

    Element value;
    if (object.at_key("_id").get(value) == simdjson::SUCCESS && value.is_string())
        row->id = stringOf(value);
    if (selected) {
        const qsizetype at = selected->size();
        if (appendSelected(object, fields, &d->selectedValues, selected)) {
            row->selectedAt = at;
            row->selectedSize = selected->size() - at;
        }
    }
    // FieldPath::valueIn(): one level per key.
    Element current = document;
    for (const std::string &key : d->keyPath) {
        simdjson::dom::object level;
        if (current.get_object().get(level) != simdjson::SUCCESS
            || level.at_key(key).get(current) != simdjson::SUCCESS)
            return true;
    }
    // A string is read as text, without a QJsonValue of it.
    row->keys = d->keys.keys(current.is_string() ? JsonCell::ofText(stringOf(current))
                                                 : JsonCell {qtValue(current), QString(), false});
    return true;
}

} // namespace Planhat
