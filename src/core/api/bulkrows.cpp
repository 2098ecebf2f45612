// SPDX-License-Identifier: MIT
#include "bulkrows.h"

#include "data/jsonbytes.h"
#include "data/keytext.h"

#include <QVariant>

#include <algorithm>

namespace Planhat {

namespace {

const QString customKey = QStringLiteral("custom");
const QString idKey = QStringLiteral("_id");

} // namespace

BulkRows::BulkRows(const ObjectType &type)
    : m_type(type)
    , m_keys(type.keys)
{
    for (const KeyKind kind : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId}) {
        if (type.keyField(kind).isEmpty())
            m_keys.append({kind, keyKindName(kind)});
    }
    for (qsizetype k = 0; k < m_keys.size(); ++k) {
        if (m_keys.at(k).kind == KeyKind::Id) {
            m_idKey = k;
            break;
        }
    }
    // What ObjectType::writablePayload() removes, as sets: a row holds a few fields, the type
    // dozens, so each row's fields are looked up instead of every field of the type removed.
    for (const char *name : {"__v", "createdAt", "updatedAt"})
        m_removed.insert(QLatin1String(name));
    for (const FieldSpec &spec : type.fields) {
        if (!spec.isReadOnly() || spec.name == idKey)
            continue;
        if (spec.isCustom())
            m_removedCustom.insert(spec.customKey());
        else
            m_removed.insert(spec.name);
    }
    m_text.append('[');
}

BulkRows BulkRows::of(const ObjectType &type, const QList<QJsonObject> &objects)
{
    BulkRows rows(type);
    for (const QJsonObject &object : objects)
        rows.append(object);
    return rows;
}

void BulkRows::appendWritable(const QJsonObject &object, const QSet<QString> &removed)
{
    m_text.append('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        if (removed.contains(key))
            continue;
        if (!first)
            m_text.append(',');
        first = false;
        JsonBytes::appendString(m_text, key);
        m_text.append(':');
        if (&removed == &m_removed && key == customKey && it.value().isObject())
            appendWritable(it.value().toObject(), m_removedCustom);
        else
            JsonBytes::appendValue(m_text, it.value());
    }
    m_text.append('}');
}

template<typename ValueOf>
void BulkRows::appendKeys(const ValueOf &valueOf)
{
    for (const MatchKey &key : std::as_const(m_keys))
        m_keyTexts.append(Planhat::keyText(valueOf(key.field)));
    const QJsonValue id = valueOf(idKey);
    m_idStrings.append(id.isString() ? id.toString() : QString());
    // ObjectType::findKey(): the first of the type's keys with a value that is not empty
    // decides, by its text.
    bool hasKey = false;
    for (const MatchKey &key : std::as_const(m_type.keys)) {
        const QJsonValue value = valueOf(key.field);
        if (value.isUndefined() || value.isNull()
            || (value.isString() && value.toString().trimmed().isEmpty()))
            continue;
        hasKey = !(value.isString() ? value.toString() : value.toVariant().toString()).isEmpty();
        break;
    }
    m_hasKey.append(hasKey);
}

void BulkRows::append(const QJsonObject &object)
{
    if (!m_hasKey.isEmpty())
        m_text.append(',');
    appendWritable(object, m_removed);
    m_ends.append(m_text.size());
    appendKeys([&object](const QString &name) { return object.value(name); });
}

BulkRows::Shape BulkRows::shape(const QStringList &names, const QStringList &customNames) const
{
    Shape shape;
    const auto prefix = [](const QString &name) {
        QByteArray text;
        JsonBytes::appendString(text, name);
        text.append(':');
        return text;
    };
    for (const QString &name : names) {
        shape.prefixes.append(prefix(name));
        shape.removed.append(m_removed.contains(name));
        if (name < customKey)
            ++shape.customAt;
    }
    for (const QString &name : customNames) {
        shape.customPrefixes.append(prefix(name));
        shape.customRemoved.append(m_removedCustom.contains(name));
    }
    shape.customKept = !m_removed.contains(customKey);
    for (const MatchKey &key : m_keys)
        shape.keyValues.append(int(names.indexOf(key.field)));
    shape.idValue = int(names.indexOf(idKey));
    return shape;
}

void BulkRows::appendValues(const QList<QByteArray> &prefixes, const QList<bool> &removed,
                            const QList<JsonCell> &values, qsizetype begin, qsizetype end)
{
    for (qsizetype i = begin; i < end; ++i) {
        const JsonCell &value = values.at(i);
        if (removed.at(i) || value.isUndefined())
            continue;
        if (m_text.back() != '{')
            m_text.append(',');
        m_text.append(prefixes.at(i));
        if (value.isText)
            JsonBytes::appendString(m_text, value.text);
        else
            JsonBytes::appendValue(m_text, value.json);
    }
}

void BulkRows::append(const Shape &shape, const QList<JsonCell> &values,
                      const QList<JsonCell> &customValues)
{
    if (!m_hasKey.isEmpty())
        m_text.append(',');
    m_text.append('{');
    appendValues(shape.prefixes, shape.removed, values, 0, shape.customAt);
    const bool hasCustom = std::any_of(customValues.cbegin(), customValues.cend(),
                                       [](const JsonCell &v) { return !v.isUndefined(); });
    if (hasCustom && shape.customKept) {
        if (m_text.back() != '{')
            m_text.append(',');
        JsonBytes::appendString(m_text, customKey);
        m_text.append(":{");
        appendValues(shape.customPrefixes, shape.customRemoved, customValues, 0,
                     customValues.size());
        m_text.append('}');
    }
    appendValues(shape.prefixes, shape.removed, values, shape.customAt, values.size());
    m_text.append('}');
    m_ends.append(m_text.size());

    // As appendKeys() reads them, from the values at hand (keyText() of a string is the
    // trimmed text).
    const auto keyTextOf = [](const JsonCell &value) {
        return value.isText ? value.text.trimmed() : Planhat::keyText(value.json);
    };
    const qsizetype first = m_keyTexts.size();
    for (const int value : shape.keyValues)
        m_keyTexts.append(value >= 0 ? keyTextOf(values.at(value)) : QString());
    const JsonCell *id = shape.idValue >= 0 ? &values.at(shape.idValue) : nullptr;
    m_idStrings.append(!id                       ? QString()
                           : id->isText          ? id->text
                           : id->json.isString() ? id->json.toString()
                                                 : QString());
    // The type's keys lead m_keys. ObjectType::findKey(): the first that is not empty
    // decides: a blank text is empty, a list or an object has no text.
    bool hasKey = false;
    for (qsizetype k = 0; k < m_type.keys.size(); ++k) {
        const int index = shape.keyValues.at(k);
        if (index < 0)
            continue;
        const JsonCell &value = values.at(index);
        const bool isString = value.isText || value.json.isString();
        if (value.isUndefined() || (!value.isText && value.json.isNull())
            || (isString && m_keyTexts.at(first + k).isEmpty()))
            continue;
        hasKey = isString || value.json.isDouble() || value.json.isBool();
        break;
    }
    m_hasKey.append(hasKey);
}

QByteArray BulkRows::body() const
{
    QByteArray body;
    body.reserve(m_text.size() + 1);
    body.append(m_text.isEmpty() ? QByteArray("[") : m_text);
    body.append(']');
    return body;
}

QByteArray BulkRows::body(const QList<int> &rows) const
{
    QByteArray body;
    body.reserve(m_text.size() + 1);
    body.append('[');
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const int row = rows.at(i);
        // Each row's text starts after the '[' or ',' before it.
        const qsizetype begin = (row == 0 ? 0 : m_ends.at(row - 1)) + 1;
        if (i > 0)
            body.append(',');
        body.append(m_text.constData() + begin, m_ends.at(row) - begin);
    }
    body.append(']');
    return body;
}

} // namespace Planhat
