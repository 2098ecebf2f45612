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

void BulkRows::appendMembers(const QList<Member> &members, qsizetype begin, qsizetype end,
                             const QSet<QString> &removed)
{
    for (qsizetype i = begin; i < end; ++i) {
        const Member &member = members.at(i);
        if (member.value.isUndefined() || removed.contains(member.name))
            continue;
        if (m_text.back() != '{')
            m_text.append(',');
        JsonBytes::appendString(m_text, member.name);
        m_text.append(':');
        JsonBytes::appendValue(m_text, member.value);
    }
}

void BulkRows::append(const QList<Member> &members, const QList<Member> &customMembers)
{
    if (!m_hasKey.isEmpty())
        m_text.append(',');
    const bool hasCustom = std::any_of(customMembers.cbegin(), customMembers.cend(),
                                       [](const Member &m) { return !m.value.isUndefined(); });
    // "custom" goes where a QJsonObject keeps it: before the first name after it.
    qsizetype split = members.size();
    if (hasCustom) {
        split = std::find_if(members.cbegin(), members.cend(),
                             [](const Member &m) { return m.name > customKey; })
            - members.cbegin();
    }
    m_text.append('{');
    appendMembers(members, 0, split, m_removed);
    if (hasCustom && !m_removed.contains(customKey)) {
        if (m_text.back() != '{')
            m_text.append(',');
        JsonBytes::appendString(m_text, customKey);
        m_text.append(":{");
        appendMembers(customMembers, 0, customMembers.size(), m_removedCustom);
        m_text.append('}');
    }
    appendMembers(members, split, members.size(), m_removed);
    m_text.append('}');
    m_ends.append(m_text.size());
    appendKeys([&members](const QString &name) {
        for (const Member &member : members) {
            if (member.name == name)
                return member.value;
        }
        return QJsonValue(QJsonValue::Undefined);
    });
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
