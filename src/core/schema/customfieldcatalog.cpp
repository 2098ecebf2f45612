// SPDX-License-Identifier: MIT
#include "customfieldcatalog.h"

#include "data/fieldpath.h"
#include "objecttype.h"

#include <QJsonObject>
#include <QJsonValue>

namespace Planhat {

CustomFieldCatalog CustomFieldCatalog::fromJson(const QJsonArray &definitions)
{
    CustomFieldCatalog catalog;
    for (const QJsonValue &entry : definitions) {
        const QJsonObject definition = entry.toObject();
        const QString name = definition.value(QStringLiteral("name")).toString().trimmed();
        const QString parent = definition.value(QStringLiteral("parent")).toString().trimmed();
        if (name.isEmpty() || parent.isEmpty())
            continue;
        QStringList listValues;
        for (const QJsonValue &value : definition.value(QStringLiteral("listValues")).toArray())
            listValues.append(value.toString());
        FieldSpec spec = fieldFromDefinition(
            name, definition.value(QStringLiteral("type")).toString(), listValues);
        // Formula fields are computed by Planhat; writing them would be rejected or lost.
        if (definition.value(QStringLiteral("isFormula")).toBool())
            spec.access = FieldAccess::ReadOnly;
        catalog.m_fieldsByParent[parent.toLower()].append(spec);
    }
    return catalog;
}

FieldSpec CustomFieldCatalog::fieldFromDefinition(const QString &name, const QString &planhatType,
                                                  const QStringList &listValues)
{
    FieldSpec spec;
    spec.name = FieldPath::customField(name);
    spec.displayName = name;
    spec.customFieldType = planhatType;

    const QString type = planhatType.trimmed().toLower();
    if (type == QLatin1String("number") || type == QLatin1String("rating")) {
        spec.type = FieldType::Number;
    } else if (type == QLatin1String("checkbox")) {
        spec.type = FieldType::Boolean;
    } else if (type == QLatin1String("date") || type == QLatin1String("day")) {
        spec.type = FieldType::Date;
    } else if (type == QLatin1String("list")) {
        spec.type = FieldType::Enum;
        spec.allowedValues = listValues;
    } else if (type == QLatin1String("multipicklist")) {
        spec.type = FieldType::List;
        spec.allowedValues = listValues;
    } else if (type == QLatin1String("team member")) {
        spec.type = FieldType::ObjectId;
        spec.referenceType = QStringLiteral("users");
    } else if (type == QLatin1String("team members")) {
        spec.type = FieldType::List;
        spec.referenceType = QStringLiteral("users");
    } else if (type == QLatin1String("enduser")) {
        spec.type = FieldType::ObjectId;
        spec.referenceType = QStringLiteral("endusers");
    } else if (type == QLatin1String("endusers")) {
        spec.type = FieldType::List;
        spec.referenceType = QStringLiteral("endusers");
    } else {
        // text, rich text, phone, email, url, and types newer than this tool.
        spec.type = FieldType::Text;
    }
    return spec;
}

QList<FieldSpec> CustomFieldCatalog::fieldsFor(const ObjectType &type) const
{
    return m_fieldsByParent.value(type.customFieldParent.toLower());
}

ObjectType CustomFieldCatalog::apply(const ObjectType &type) const
{
    return type.withCustomFields(fieldsFor(type));
}

int CustomFieldCatalog::size() const
{
    int count = 0;
    for (const QList<FieldSpec> &fields : m_fieldsByParent)
        count += fields.size();
    return count;
}

} // namespace Planhat
