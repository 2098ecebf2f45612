// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace Planhat {

/// Where a field's value lives inside a record: "custom.Region" is record["custom"]["Region"]
/// (a custom field's own name may contain dots: only the "custom." prefix is a level), other
/// dotted names are one level per part.
class FieldPath
{
public:
    /// The field name of the tenant's custom field `customName`: "custom.<customName>".
    static QString customField(const QString &customName);
    /// Whether `fieldName` names a custom field (starts with "custom.").
    static bool isCustom(const QString &fieldName, Qt::CaseSensitivity cs = Qt::CaseSensitive);
    /// The custom field's own name ("Region" for "custom.Region"); empty for other fields.
    static QString customName(const QString &fieldName);

    static QStringList keys(const QString &fieldName);
    static QJsonValue valueIn(const QJsonObject &record, const QString &fieldName);
    /// Sets the value at the path, creating the objects on the way; an undefined value
    /// removes the key.
    static void setValueIn(QJsonObject *record, const QString &fieldName, const QJsonValue &value);
    static void setValueIn(QJsonObject *record, const QStringList &keys, const QJsonValue &value);
};

} // namespace Planhat
