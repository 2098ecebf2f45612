// SPDX-License-Identifier: MIT
#include "objecttype.h"

#include <QJsonValue>

#include <algorithm>

namespace Planhat {

namespace {

// Fields every stored object carries that only the server writes, whether or not a type
// lists them: Mongo's version key and the timestamps.
const char *const serverMaintainedFields[] = {"__v", "createdAt", "updatedAt"};

bool isEmptyValue(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
        || (value.isString() && value.toString().trimmed().isEmpty());
}

} // namespace

QString keyPathPrefix(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Id:
        return QString();
    case KeyKind::SourceId:
        return QStringLiteral("srcid-");
    case KeyKind::ExternalId:
        return QStringLiteral("extid-");
    }
    return QString();
}

QString keyKindName(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Id:
        return QStringLiteral("_id");
    case KeyKind::SourceId:
        return QStringLiteral("sourceId");
    case KeyKind::ExternalId:
        return QStringLiteral("externalId");
    }
    return QString();
}

bool keyKindFromName(const QString &text, KeyKind *kind)
{
    for (KeyKind candidate : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId}) {
        if (text.trimmed().compare(keyKindName(candidate), Qt::CaseInsensitive) == 0) {
            *kind = candidate;
            return true;
        }
    }
    return false;
}

const FieldSpec *ObjectType::field(const QString &fieldName) const
{
    for (const FieldSpec &spec : fields) {
        if (spec.name == fieldName)
            return &spec;
    }
    return nullptr;
}

QStringList ObjectType::fieldNames() const
{
    QStringList names;
    names.reserve(fields.size());
    for (const FieldSpec &spec : fields)
        names.append(spec.name);
    return names;
}

QStringList ObjectType::requiredFieldNames() const
{
    QStringList names;
    for (const FieldSpec &spec : fields) {
        if (spec.isRequiredOnCreate())
            names.append(spec.name);
    }
    return names;
}

QStringList ObjectType::summaryFieldNames() const
{
    static const char *const identifying[]
        = {"name",     "title",    "action",   "subject",   "email",     "firstName",
           "lastName", "nickName", "product",  "type",      "mainType",  "status",
           "value",    "mrr",      "currency", "_currency", "invoiceNo", "parent"};
    QStringList names {QStringLiteral("_id")};
    for (const char *candidate : identifying) {
        const QString name = QLatin1String(candidate);
        if (field(name) && names.size() < 6)
            names.append(name);
    }
    if (!companyField.isEmpty())
        names.append(companyField);
    for (const MatchKey &key : keys) {
        if (key.kind == KeyKind::ExternalId)
            names.append(key.field);
    }
    return names;
}

bool ObjectType::isReadOnly(const QString &fieldName) const
{
    const FieldSpec *spec = field(fieldName);
    return spec && spec->isReadOnly();
}

QString ObjectType::keyField(KeyKind kind) const
{
    for (const MatchKey &key : keys) {
        if (key.kind == kind)
            return key.field;
    }
    return QString();
}

bool ObjectType::findKey(const QJsonObject &object, KeyKind *kind, QString *value) const
{
    for (const MatchKey &key : keys) {
        const QJsonValue keyValue = object.value(key.field);
        if (isEmptyValue(keyValue))
            continue;
        if (kind)
            *kind = key.kind;
        if (value)
            *value = keyValue.isString() ? keyValue.toString() : keyValue.toVariant().toString();
        return true;
    }
    return false;
}

QJsonObject ObjectType::writablePayload(const QJsonObject &object, IdHandling idHandling) const
{
    QJsonObject payload = object;
    for (const char *name : serverMaintainedFields)
        payload.remove(QLatin1String(name));
    if (idHandling == IdHandling::Remove)
        payload.remove(QStringLiteral("_id"));

    QJsonObject custom = payload.value(QStringLiteral("custom")).toObject();
    const bool hadCustom = payload.contains(QStringLiteral("custom"));
    for (const FieldSpec &spec : fields) {
        if (!spec.isReadOnly() || spec.name == QLatin1String("_id"))
            continue;
        if (spec.isCustom())
            custom.remove(spec.customKey());
        else
            payload.remove(spec.name);
    }
    if (hadCustom && payload.value(QStringLiteral("custom")).isObject())
        payload.insert(QStringLiteral("custom"), custom);
    return payload;
}

QStringList ObjectType::missingRequiredFields(const QJsonObject &object) const
{
    QStringList missing;
    for (const FieldSpec &spec : fields) {
        if (!spec.isRequiredOnCreate())
            continue;
        const QJsonValue value = spec.isCustom()
            ? object.value(QStringLiteral("custom")).toObject().value(spec.customKey())
            : object.value(spec.name);
        if (isEmptyValue(value))
            missing.append(spec.name);
    }
    return missing;
}

ObjectType ObjectType::withCustomFields(const QList<FieldSpec> &customFields) const
{
    ObjectType copy = *this;
    copy.fields.erase(std::remove_if(copy.fields.begin(), copy.fields.end(),
                                     [](const FieldSpec &spec) { return spec.isCustom(); }),
                      copy.fields.end());
    copy.fields.append(customFields);
    return copy;
}

} // namespace Planhat
