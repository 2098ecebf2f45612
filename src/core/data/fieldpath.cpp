// SPDX-License-Identifier: MIT
#include "fieldpath.h"

namespace Planhat {

namespace {

const QLatin1String customPrefix("custom.");

void setAt(QJsonObject *object, const QStringList &keys, qsizetype level, const QJsonValue &value)
{
    const QString &key = keys.at(level);
    if (level == keys.size() - 1) {
        if (value.isUndefined())
            object->remove(key);
        else
            object->insert(key, value);
        return;
    }
    QJsonObject child = object->value(key).toObject();
    setAt(&child, keys, level + 1, value);
    object->insert(key, child);
}

} // namespace

QString FieldPath::customField(const QString &customName)
{
    return customPrefix + customName;
}

bool FieldPath::isCustom(const QString &fieldName, Qt::CaseSensitivity cs)
{
    return fieldName.startsWith(customPrefix, cs);
}

QString FieldPath::customName(const QString &fieldName)
{
    return isCustom(fieldName) ? fieldName.mid(customPrefix.size()) : QString();
}

QStringList FieldPath::keys(const QString &fieldName)
{
    if (isCustom(fieldName))
        return {QStringLiteral("custom"), customName(fieldName)};
    return fieldName.split(QLatin1Char('.'));
}

QJsonValue FieldPath::valueIn(const QJsonObject &record, const QString &fieldName)
{
    const QStringList path = keys(fieldName);
    QJsonValue value = record.value(path.constFirst());
    for (qsizetype i = 1; i < path.size(); ++i) {
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        value = value.toObject().value(path.at(i));
    }
    return value;
}

void FieldPath::setValueIn(QJsonObject *record, const QString &fieldName, const QJsonValue &value)
{
    setValueIn(record, keys(fieldName), value);
}

void FieldPath::setValueIn(QJsonObject *record, const QStringList &keys, const QJsonValue &value)
{
    if (!keys.isEmpty())
        setAt(record, keys, 0, value);
}

} // namespace Planhat
