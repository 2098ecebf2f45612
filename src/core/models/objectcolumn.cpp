// SPDX-License-Identifier: MIT
#include "objectcolumn.h"

#include "data/fieldpath.h"

namespace Planhat {

ObjectColumn::ObjectColumn(const FieldSpec &field)
    : m_field(field)
{
    m_path = FieldPath::keys(field.name);
}

QJsonValue ObjectColumn::valueIn(const QJsonObject &record) const
{
    QJsonValue value = record.value(m_path.constFirst());
    for (qsizetype i = 1; i < m_path.size(); ++i) {
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        value = value.toObject().value(m_path.at(i));
    }
    return value;
}

bool ObjectColumn::isReference() const
{
    if (m_field.referenceType.isEmpty() || m_field.name == QLatin1String("_id"))
        return false;
    return m_field.type == FieldType::ObjectId || m_field.type == FieldType::List;
}

QList<ObjectColumn> ObjectColumn::columnsFor(const ObjectType &type)
{
    QList<ObjectColumn> columns;
    columns.reserve(type.fields.size());
    for (const FieldSpec &field : type.fields)
        columns.append(ObjectColumn(field));
    return columns;
}

} // namespace Planhat
