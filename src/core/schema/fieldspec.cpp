// SPDX-License-Identifier: MIT
#include "fieldspec.h"

namespace Planhat {

QString FieldSpec::customKey() const
{
    static const QLatin1String prefix("custom.");
    return isCustom() ? name.mid(prefix.size()) : QString();
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
