// SPDX-License-Identifier: MIT
#include "fieldspec.h"

#include "data/fieldpath.h"

namespace Planhat {

bool FieldSpec::isCustom() const
{
    return FieldPath::isCustom(name);
}

QString FieldSpec::customKey() const
{
    return FieldPath::customName(name);
}

QString fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::Text:
        return QStringLiteral("text");
    case FieldType::Number:
        return QStringLiteral("number");
    case FieldType::Boolean:
        return QStringLiteral("boolean");
    case FieldType::Date:
        return QStringLiteral("date");
    case FieldType::DayNumber:
        return QStringLiteral("day-number date");
    case FieldType::ObjectId:
        return QStringLiteral("reference");
    case FieldType::Enum:
        return QStringLiteral("enum");
    case FieldType::List:
        return QStringLiteral("list");
    case FieldType::Object:
        return QStringLiteral("object");
    }
    return QStringLiteral("text");
}

} // namespace Planhat
