// SPDX-License-Identifier: MIT
#include "changeset.h"

#include "fieldpath.h"

namespace Planhat {

namespace {

/// Missing and null both mean "no value" to a person looking at a cell.
bool sameValue(const QJsonValue &left, const QJsonValue &right)
{
    const bool leftEmpty = left.isUndefined() || left.isNull();
    const bool rightEmpty = right.isUndefined() || right.isNull();
    if (leftEmpty || rightEmpty)
        return leftEmpty == rightEmpty;
    return left == right;
}

} // namespace

bool ChangeSet::stage(const QString &id, const QString &field, const QJsonValue &original,
                      const QJsonValue &value)
{
    auto record = m_records.find(id);
    if (record != m_records.end()) {
        QList<FieldChange> &fields = record->fields;
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (fields.at(i).field != field)
                continue;
            if (sameValue(fields.at(i).after, value))
                return false;
            if (sameValue(fields.at(i).before, value)) {
                fields.removeAt(i);
                if (fields.isEmpty()) {
                    m_records.erase(record);
                    m_order.removeOne(id);
                    m_errors.remove(id);
                }
            } else {
                fields[i].after = value;
            }
            return true;
        }
    }
    if (sameValue(original, value))
        return false;
    if (record == m_records.end()) {
        record = m_records.insert(id, RecordChanges());
        m_order.append(id);
    }
    record->fields.append(FieldChange {field, original, value});
    return true;
}

int ChangeSet::fieldCount() const
{
    int count = 0;
    for (const RecordChanges &record : m_records)
        count += int(record.fields.size());
    return count;
}

bool ChangeSet::isChanged(const QString &id, const QString &field) const
{
    const auto record = m_records.constFind(id);
    if (record == m_records.constEnd())
        return false;
    for (const FieldChange &change : record->fields) {
        if (change.field == field)
            return true;
    }
    return false;
}

QList<FieldChange> ChangeSet::changes(const QString &id) const
{
    return m_records.value(id).fields;
}

QJsonValue ChangeSet::originalValue(const QString &id, const QString &field) const
{
    const auto record = m_records.constFind(id);
    if (record != m_records.constEnd()) {
        for (const FieldChange &change : record->fields) {
            if (change.field == field)
                return change.before;
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QJsonObject ChangeSet::payload(const QString &id) const
{
    QJsonObject payload {{QStringLiteral("_id"), id}};
    for (const FieldChange &change : m_records.value(id).fields) {
        // Undefined cannot travel in JSON: clearing a field is sending null.
        FieldPath::setValueIn(&payload, change.field,
                              change.after.isUndefined() ? QJsonValue(QJsonValue::Null)
                                                         : change.after);
    }
    return payload;
}

void ChangeSet::setSaveError(const QString &id, const QString &message)
{
    if (message.isEmpty())
        m_errors.remove(id);
    else if (m_records.contains(id))
        m_errors.insert(id, message);
}

void ChangeSet::discard(const QString &id)
{
    if (m_records.remove(id) > 0)
        m_order.removeOne(id);
    m_errors.remove(id);
}

void ChangeSet::discard(const QSet<QString> &ids)
{
    for (const QString &id : ids) {
        m_records.remove(id);
        m_errors.remove(id);
    }
    m_order.removeIf([&ids](const QString &id) { return ids.contains(id); });
}

void ChangeSet::clear()
{
    m_records.clear();
    m_order.clear();
    m_errors.clear();
}

} // namespace Planhat
