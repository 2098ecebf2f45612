// SPDX-License-Identifier: MIT
#include "existingrowreader.h"

#include "api/rawrows.h"
#include "data/fieldpath.h"
#include "importpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <simdjson.h>

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

/// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest
/// as the UTF-8 it is (which QJsonDocument reads back to the same text).
void appendJsonString(QByteArray *out, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    out->append('"');
    // Runs without escapes go in one append: byte by byte costs more than the reading.
    size_t run = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out->append(text.data() + run, qsizetype(i - run));
        run = i + 1;
        if (byte >= 0x20) {
            const char escaped[2] = {'\\', char(byte)};
            out->append(escaped, 2);
        } else {
            const char escaped[6] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
            out->append(escaped, 6);
        }
    }
    out->append(text.data() + run, qsizetype(text.size() - run));
    out->append('"');
}

} // namespace

class ExistingRowReader::Private
{
public:
    simdjson::dom::parser parser;
    QString keyField;
    std::vector<std::string> keyPath; ///< FieldPath::keys() of the match field, as UTF-8
    bool keyIgnoresCase = false;
};

ExistingRowReader::ExistingRowReader(const QString &keyField)
    : d(std::make_unique<Private>())
{
    d->keyField = keyField;
    for (const QString &key : FieldPath::keys(keyField))
        d->keyPath.push_back(key.toStdString());
    d->keyIgnoresCase = ImportPolicy::keysIgnoreCase(keyField);
}

ExistingRowReader::~ExistingRowReader() = default;

bool ExistingRowReader::read(QByteArrayView json, Row *row)
{
    static_assert(RawRows::padding >= qsizetype(simdjson::SIMDJSON_PADDING));
    row->id.clear();
    row->keys.clear();
    Element document;
    simdjson::dom::object object;
    // In place: the bytes after the row are readable (RawRows::padding).
    if (d->parser.parse(json.data(), size_t(json.size()), false).get(document) != simdjson::SUCCESS
        || document.get_object().get(object) != simdjson::SUCCESS)
        return false;

    Element value;
    if (object.at_key("_id").get(value) == simdjson::SUCCESS && value.is_string())
        row->id = stringOf(value);
    // FieldPath::valueIn(): one level per key.
    Element current = document;
    for (const std::string &key : d->keyPath) {
        simdjson::dom::object level;
        if (current.get_object().get(level) != simdjson::SUCCESS
            || level.at_key(key).get(current) != simdjson::SUCCESS)
            return true;
    }
    if (current.is_string()) {
        const QString key = ImportPolicy::normalizedTextKey(stringOf(current), d->keyIgnoresCase);
        if (!key.isEmpty())
            row->keys.append(key);
    } else {
        row->keys = ImportPolicy::normalizedKeys(qtValue(current), d->keyField);
    }
    return true;
}

bool ExistingRowReader::selectText(QByteArrayView json, const QList<QByteArray> &fields,
                                   QByteArray *text)
{
    Element document;
    simdjson::dom::object object;
    if (d->parser.parse(json.data(), size_t(json.size()), false).get(document) != simdjson::SUCCESS
        || document.get_object().get(object) != simdjson::SUCCESS)
        return false;
    text->resize(0);
    text->append('{');
    for (const QByteArray &field : fields) {
        Element value;
        if (object.at_key(std::string_view(field.constData(), size_t(field.size()))).get(value)
            != simdjson::SUCCESS)
            continue;
        if (text->size() > 1)
            text->append(',');
        appendJsonString(text, std::string_view(field.constData(), size_t(field.size())));
        text->append(':');
        switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            appendJsonString(text, value.get_string().value_unsafe());
            break;
        case simdjson::dom::element_type::BOOL:
            text->append(value.get_bool().value_unsafe() ? "true" : "false");
            break;
        case simdjson::dom::element_type::NULL_VALUE:
            text->append("null");
            break;
        default:
            return false;
        }
    }
    text->append('}');
    return true;
}

} // namespace Planhat
