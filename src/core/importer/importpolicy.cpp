// SPDX-License-Identifier: MIT
#include "importpolicy.h"

#include "data/fieldpath.h"
#include "data/keytext.h"
#include "importmapping.h"
#include "schema/objecttype.h"

#include <QJsonArray>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");

/// The natural keys some types have, offered right after the keyables.
const char *const naturalKeys[] = {"email", "name", "domains"};

bool isWritableText(const FieldSpec &field)
{
    return field.type == FieldType::Text && !field.isReadOnly();
}

/// Whether `field` may be one of the natural keys: writable text (end-user email, company
/// name), or the list of a company's domains (maintained by the server, matched per entry).
bool qualifiesAsNaturalKey(const FieldSpec &field)
{
    if (field.name == QLatin1String("domains"))
        return field.type == FieldType::List;
    return isWritableText(field);
}

/// Addresses and domain names compare regardless of case.
bool comparesWithoutCase(const QString &field)
{
    const QString name = FieldPath::keys(field).constLast();
    return name.endsWith(QLatin1String("email"), Qt::CaseInsensitive)
        || name.compare(QLatin1String("emails"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("domains"), Qt::CaseInsensitive) == 0;
}

/// The key of a text value: as keyText() reads a string, folded to lower case for fields
/// whose keys ignore case.
QString textKey(const QString &text, bool foldCase)
{
    const QString key = text.trimmed();
    return foldCase ? key.toCaseFolded() : key;
}

QString scalarKey(const QJsonValue &value, bool foldCase)
{
    if (value.isString())
        return textKey(value.toString(), foldCase);
    return keyText(value);
}

} // namespace

QStringList ImportPolicy::candidateMatchFields(const ObjectType &type)
{
    QStringList fields {idField};
    const auto offer = [&fields](const QString &name) {
        if (!fields.contains(name))
            fields.append(name);
    };
    for (const MatchKey &key : type.keys) {
        if (type.field(key.field))
            offer(key.field);
    }
    for (const char *name : naturalKeys) {
        const FieldSpec *field = type.field(QLatin1String(name));
        if (field && qualifiesAsNaturalKey(*field))
            offer(field->name);
    }
    for (const FieldSpec &field : type.fields) {
        if (!field.isCustom() && isWritableText(field))
            offer(field.name);
    }
    for (const FieldSpec &field : type.fields) {
        if (field.isCustom() && !field.isReadOnly()
            && (field.type == FieldType::Text || field.type == FieldType::Number))
            offer(field.name);
    }
    return fields;
}

bool ImportPolicy::isCandidateMatchField(const ObjectType &type, const QString &field)
{
    return !field.isEmpty() && candidateMatchFields(type).contains(field);
}

bool ImportPolicy::isMatchOnlyField(const ObjectType &type, const QString &field)
{
    const FieldSpec *spec = type.field(field);
    return spec && spec->isReadOnly() && field != idField && isCandidateMatchField(type, field);
}

bool ImportPolicy::isMultiValued(const ObjectType &type, const QString &field)
{
    const FieldSpec *spec = type.field(field);
    return spec && spec->type == FieldType::List;
}

QString ImportPolicy::matchFieldLabel(const ObjectType &type, const QString &field)
{
    const FieldSpec *spec = type.field(field);
    if (!spec || spec->displayName.isEmpty() || spec->displayName == field)
        return field;
    return QStringLiteral("%1 (%2)").arg(spec->displayName, field);
}

QString ImportPolicy::defaultMatchField(const ObjectType &type, const ImportMapping &mapping)
{
    // type.keys is in the server's priority order: _id, sourceId, externalId.
    for (const MatchKey &key : type.keys) {
        if (mapping.columnForField(key.field) >= 0)
            return key.field;
    }
    return type.keys.isEmpty() ? idField : type.keys.constLast().field;
}

bool ImportPolicy::parseMatchField(const QString &text, const ObjectType &type, QString *field,
                                   QString *error)
{
    const QString wanted = text.trimmed();
    const QStringList candidates = candidateMatchFields(type);
    if (candidates.contains(wanted)) {
        *field = wanted;
        return true;
    }
    // A key kind's name stands for the type's field of that kind ("externalId" is "extId"
    // on invoices).
    KeyKind kind = KeyKind::Id;
    if (keyKindFromName(wanted, &kind) && !type.keyField(kind).isEmpty()) {
        *field = type.keyField(kind);
        return true;
    }
    QStringList sameButCase;
    for (const QString &candidate : candidates) {
        if (candidate.compare(wanted, Qt::CaseInsensitive) == 0)
            sameButCase.append(candidate);
    }
    if (sameButCase.size() == 1) {
        *field = sameButCase.constFirst();
        return true;
    }
    *error = QStringLiteral("%1 cannot be matched on \"%2\"; the match key is one of: %3")
                 .arg(type.pluralName.toLower(), wanted, candidates.join(QStringLiteral(", ")));
    return false;
}

bool ImportPolicy::mapMatchColumn(const ObjectType &type, const QString &field,
                                  ImportMapping *mapping)
{
    if (mapping->columnForField(field) >= 0)
        return true;
    const FieldSpec *spec = type.field(field);
    if (!spec)
        return false;
    QStringList names {ImportMapping::normalized(spec->name),
                       ImportMapping::normalized(spec->displayName)};
    if (spec->isCustom())
        names.append(ImportMapping::normalized(spec->customKey()));
    for (int i = 0; i < mapping->columns().size(); ++i) {
        const ColumnMapping &column = mapping->columns().at(i);
        if (column.isIgnored() && names.contains(ImportMapping::normalized(column.header))) {
            mapping->setField(i, field);
            return true;
        }
    }
    return false;
}

QString ImportPolicy::normalizedKey(const QJsonValue &value, const QString &field)
{
    return KeyNormalizer(field).key({value, QString(), false});
}

QStringList ImportPolicy::normalizedKeys(const QJsonValue &value, const QString &field)
{
    return KeyNormalizer(field).keys({value, QString(), false});
}

ImportPolicy::KeyNormalizer::KeyNormalizer(const QString &field)
    : m_field(field)
    , m_ignoreCase(!field.isEmpty() && comparesWithoutCase(field))
{ }

QString ImportPolicy::KeyNormalizer::key(const JsonCell &value) const
{
    if (value.isText)
        return textKey(value.text, m_ignoreCase);
    if (value.json.isArray())
        return keys(value).join(QStringLiteral(", "));
    return scalarKey(value.json, m_ignoreCase);
}

QStringList ImportPolicy::KeyNormalizer::keys(const JsonCell &value) const
{
    QStringList keys;
    const auto add = [&keys](const QString &key) {
        if (!key.isEmpty() && !keys.contains(key))
            keys.append(key);
    };
    if (value.isText) {
        add(textKey(value.text, m_ignoreCase));
    } else if (value.json.isArray()) {
        for (const QJsonValue &entry : value.json.toArray())
            add(scalarKey(entry, m_ignoreCase));
    } else {
        add(scalarKey(value.json, m_ignoreCase));
    }
    return keys;
}

QJsonValue ImportPolicy::keyValue(const QJsonObject &record, const QString &field)
{
    return FieldPath::valueIn(record, field);
}

QString ImportPolicy::listedField(const QString &field)
{
    return FieldPath::keys(field).constFirst();
}

} // namespace Planhat
