// SPDX-License-Identifier: MIT
#include "objectwriter.h"

#include "customfieldrules.h"
#include "jsonpath.h"
#include "sandboxstore.h"
#include "typecollection.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <utility>

namespace Planhat::Sandbox {

namespace {

const QString idKey = QStringLiteral("_id");
const QString versionKey = QStringLiteral("__v");
const QString createdAtKey = QStringLiteral("createdAt");
const QString updatedAtKey = QStringLiteral("updatedAt");
const QString customKey = QStringLiteral("custom");
const QString nameKey = QStringLiteral("name");

bool isEmptyReference(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
        || (value.isString() && value.toString().trimmed().isEmpty());
}

QString joinedName(const QJsonObject &data, const QString &first, const QString &last)
{
    const QString firstName = data.value(first).toString().trimmed();
    const QString lastName = data.value(last).toString().trimmed();
    if (firstName.isEmpty() || lastName.isEmpty())
        return firstName + lastName;
    return firstName + QLatin1Char(' ') + lastName;
}

/// Whether the compact JSON `value` is a string with printable ASCII in it, which no
/// trimming removes (a quick answer for most required fields; false means "look closer").
bool hasVisibleText(QByteArrayView value)
{
    if (value.size() < 2 || value.front() != '"' || value.contains('\\'))
        return false;
    return std::any_of(value.begin() + 1, value.end() - 1,
                       [](char c) { return c > ' ' && c < 0x7f; });
}

} // namespace

ObjectWriter::ObjectWriter(SandboxStore *store, TypeCollection *collection)
    : m_store(store)
    , m_collection(collection)
    , m_timestamp(store->timestamp())
    , m_quotedTimestamp(JsonPath::encodeCompact(m_timestamp))
{ }

bool ObjectWriter::isIgnored(const QString &key, Origin origin) const
{
    const bool serverMaintained
        = key == idKey || key == versionKey || key == createdAtKey || key == updatedAtKey;
    return serverMaintained
        || (origin == Origin::Client
            && (m_collection->isReadOnly(key) || key == m_collection->companyNameField()));
}

QJsonObject ObjectWriter::clientFields(const QJsonObject &payload, Origin origin) const
{
    // Copy and remove the few fields a client may not set (usually none): cheaper than
    // rebuilding the object key by key.
    QStringList ignored;
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it) {
        if (isIgnored(it.key(), origin))
            ignored.append(it.key());
    }
    QJsonObject fields = payload;
    for (const QString &key : std::as_const(ignored))
        fields.remove(key);
    return fields;
}

void ObjectWriter::dropIgnoredFields(JsonPath::Members *fields, Origin origin) const
{
    static const QByteArray idUtf8 = idKey.toUtf8();
    static const QByteArray versionUtf8 = versionKey.toUtf8();
    static const QByteArray createdAtUtf8 = createdAtKey.toUtf8();
    static const QByteArray updatedAtUtf8 = updatedAtKey.toUtf8();
    const QByteArray companyName = m_collection->companyNameField().toUtf8();
    // As isIgnored(), on UTF-8 names.
    const auto ignored = [&](const JsonPath::Member &member) {
        const QByteArray &key = member.key;
        if (key == idUtf8 || key == versionUtf8 || key == createdAtUtf8 || key == updatedAtUtf8)
            return true;
        return origin == Origin::Client
            && (m_collection->isReadOnlyUtf8(key)
                || (!companyName.isEmpty() && key == companyName));
    };
    fields->erase(std::remove_if(fields->begin(), fields->end(), ignored), fields->end());
}

QString ObjectWriter::keyValue(const JsonPath::Members &members, KeyKind kind, bool *found) const
{
    const QByteArray &field = m_collection->keyFieldUtf8(kind);
    const JsonPath::Member *member
        = field.isEmpty() ? nullptr : JsonPath::findMember(members, field);
    if (found)
        *found = member != nullptr;
    if (!member)
        return QString();
    return JsonPath::textOfCompact(member->value).trimmed();
}

QString ObjectWriter::missingRequiredField(const JsonPath::Members &fields) const
{
    static const QByteArray customUtf8 = QByteArrayLiteral("custom");
    if (!m_requiredFields) {
        // Named in UTF-8 once per writer, not once per row of a bulk upsert.
        m_requiredFields = std::make_unique<std::vector<RequiredField>>();
        for (const FieldSpec &spec : m_collection->type().fields) {
            if (spec.isRequiredOnCreate()) {
                m_requiredFields->push_back(
                    {spec.name, spec.isCustom() ? spec.customKey().toUtf8() : spec.name.toUtf8(),
                     spec.isCustom()});
            }
        }
    }
    for (const RequiredField &required : std::as_const(*m_requiredFields)) {
        const JsonPath::Member *member = nullptr;
        if (required.isCustom) {
            const JsonPath::Member *custom = JsonPath::findMember(fields, customUtf8);
            if (custom && custom->isObject)
                member = JsonPath::findMember(custom->members, required.key);
        } else {
            member = JsonPath::findMember(fields, required.key);
        }
        if (member && hasVisibleText(member->value))
            continue;
        // As ObjectType::missingRequiredFields(): missing, null or blank text.
        const QJsonValue value
            = member ? JsonPath::decodeCompact(member->value) : QJsonValue(QJsonValue::Undefined);
        if (value.isUndefined() || value.isNull()
            || (value.isString() && value.toString().trimmed().isEmpty()))
            return required.name;
    }
    return QString();
}

QString ObjectWriter::resolveCompanies(QJsonObject *fields) const
{
    const QString &field = m_collection->companyLinkField();
    if (field.isEmpty() || !fields->contains(field))
        return QString();
    TypeCollection *companies = m_store->companies();

    const auto resolve = [&](const QJsonValue &value, QString *companyId) -> QString {
        if (!value.isString())
            return QStringLiteral("%1 must be a company _id, \"extid-<externalId>\" or "
                                  "\"srcid-<sourceId>\"")
                .arg(field);
        const StoredObject *company = companies->findByPathKey(value.toString().trimmed());
        if (!company)
            return QStringLiteral("No company found for %1 '%2'").arg(field, value.toString());
        *companyId = company->id();
        return QString();
    };

    const QJsonValue value = fields->value(field);
    if (value.isArray()) {
        QJsonArray resolved;
        for (const QJsonValue &element : value.toArray()) {
            QString companyId;
            const QString error = resolve(element, &companyId);
            if (!error.isEmpty())
                return error;
            resolved.append(companyId);
        }
        fields->insert(field, resolved);
        return QString();
    }
    if (isEmptyReference(value))
        return QString();
    QString companyId;
    const QString error = resolve(value, &companyId);
    if (error.isEmpty())
        fields->insert(field, companyId);
    return error;
}

QString ObjectWriter::checkKeysAreFree(const std::array<QString, 3> &keys,
                                       const StoredObject *self) const
{
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId}) {
        const QString &value = keys[size_t(kind)];
        if (value.isEmpty())
            continue;
        const StoredObject *owner = m_collection->find(kind, value);
        if (owner && owner != self) {
            return QStringLiteral("Duplicate %1 '%2': another %3 already has it")
                .arg(m_collection->type().keyField(kind), value,
                     m_collection->type().singularName.toLower());
        }
    }
    return QString();
}

QString ObjectWriter::checkKeysAreFree(const QJsonObject &data, const StoredObject *self) const
{
    std::array<QString, 3> keys;
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId})
        keys[size_t(kind)] = m_collection->keyValue(data, kind);
    return checkKeysAreFree(keys, self);
}

void ObjectWriter::deriveFields(QJsonObject *data) const
{
    const ObjectType &type = m_collection->type();
    if (!m_collection->companyNameField().isEmpty()) {
        const StoredObject *company
            = m_store->companies()->findById(JsonPath::toText(data->value(type.companyField)));
        if (company)
            data->insert(m_collection->companyNameField(), company->data().value(nameKey));
        else
            data->remove(m_collection->companyNameField());
    }
    // End users: Planhat writes "name" from first and last name.
    static const QString firstNameKey = QStringLiteral("firstName");
    static const QString lastNameKey = QStringLiteral("lastName");
    if (m_collection->isReadOnly(nameKey) && type.field(firstNameKey) && type.field(lastNameKey)
        && (data->contains(firstNameKey) || data->contains(lastNameKey))) {
        data->insert(nameKey, joinedName(*data, firstNameKey, lastNameKey));
    }
    static const QString ownerIdKey = QStringLiteral("ownerId");
    static const QString ownerNameKey = QStringLiteral("ownerName");
    if (m_collection->isReadOnly(ownerNameKey) && data->contains(ownerIdKey)) {
        const TypeCollection *users = m_store->collection(QStringLiteral("users"));
        const StoredObject *owner
            = users ? users->findById(JsonPath::toText(data->value(ownerIdKey))) : nullptr;
        if (owner)
            data->insert(ownerNameKey, joinedName(owner->data(), firstNameKey, lastNameKey));
        else
            data->remove(ownerNameKey);
    }
}

WriteResult ObjectWriter::create(const QJsonObject &payload, Origin origin) const
{
    if (mergesCompact())
        return create(JsonPath::membersOf(payload), origin);
    WriteResult result;
    QJsonObject data = clientFields(payload, origin);
    const QStringList missing = m_collection->type().missingRequiredFields(data);
    if (!missing.isEmpty()) {
        result.error = QStringLiteral("Missing required field: %1").arg(missing.constFirst());
        return result;
    }
    result.error = resolveCompanies(&data);
    if (result.error.isEmpty())
        result.error = checkKeysAreFree(data, nullptr);
    if (result.error.isEmpty() && isDefinitions())
        result.error = CustomFieldRules(m_store).check(data, nullptr);
    if (!result.error.isEmpty())
        return result;

    deriveFields(&data);
    data.insert(idKey, m_store->ids().next());
    data.insert(versionKey, 0);
    data.insert(createdAtKey, m_timestamp);
    data.insert(updatedAtKey, m_timestamp);
    result.object = m_collection->insert(data);
    result.changed = result.object != nullptr;
    if (!result.object)
        result.error = QStringLiteral("Could not store the new object");
    return result;
}

WriteResult ObjectWriter::create(JsonPath::Members payload, Origin origin) const
{
    Q_ASSERT(mergesCompact());
    WriteResult result;
    dropIgnoredFields(&payload, origin);
    const QString missing = missingRequiredField(payload);
    if (!missing.isEmpty()) {
        result.error = QStringLiteral("Missing required field: %1").arg(missing);
        return result;
    }
    std::array<QString, 3> keys;
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId})
        keys[size_t(kind)] = keyValue(payload, kind);
    result.error = checkKeysAreFree(keys, nullptr);
    if (!result.error.isEmpty())
        return result;

    // Written once from the encoded members, the server's fields among them: the bytes
    // QJsonDocument would give for the object, without building it.
    keys[size_t(KeyKind::Id)] = m_store->ids().next();
    static const QByteArray idUtf8 = idKey.toUtf8();
    static const QByteArray versionUtf8 = versionKey.toUtf8();
    static const QByteArray createdAtUtf8 = createdAtKey.toUtf8();
    static const QByteArray updatedAtUtf8 = updatedAtKey.toUtf8();
    payload.push_back(
        {idUtf8, JsonPath::encodeCompact(keys[size_t(KeyKind::Id)]), {}, false, false});
    payload.push_back({versionUtf8, QByteArrayLiteral("0"), {}, false, false});
    payload.push_back({createdAtUtf8, m_quotedTimestamp, {}, false, false});
    payload.push_back({updatedAtUtf8, m_quotedTimestamp, {}, false, false});
    JsonPath::sortMembers(&payload);
    JsonPath::Nesting nesting;
    QByteArray json = JsonPath::writeObject(payload, &nesting);
    result.object = m_collection->insertCompact(std::move(json), std::move(keys), &nesting);
    result.changed = result.object != nullptr;
    if (!result.object)
        result.error = QStringLiteral("Could not store the new object");
    return result;
}

WriteResult ObjectWriter::update(const StoredObject *object, const QJsonObject &payload,
                                 Stamp stamp) const
{
    if (mergesCompact())
        return update(object, JsonPath::membersOf(payload), stamp);
    WriteResult result;
    QJsonObject fields = clientFields(payload, Origin::Client);
    result.error = resolveCompanies(&fields);
    if (!result.error.isEmpty())
        return result;

    QJsonObject data = object->data();
    const QJsonValue oldName = data.value(nameKey);
    bool changed = false;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        const auto current = data.constFind(key);
        if (key == customKey && value.isObject()
            && (current == data.constEnd() || current.value().isObject())) {
            // Custom fields merge key by key: sending one field keeps the others.
            QJsonObject custom
                = current == data.constEnd() ? QJsonObject() : current.value().toObject();
            bool customChanged = current == data.constEnd();
            const QJsonObject given = value.toObject();
            for (auto field = given.constBegin(); field != given.constEnd(); ++field) {
                const auto old = custom.constFind(field.key());
                if (old == custom.constEnd() || old.value() != field.value()) {
                    custom.insert(field.key(), field.value());
                    customChanged = true;
                }
            }
            if (customChanged) {
                data.insert(customKey, custom);
                changed = true;
            }
        } else if (current == data.constEnd() || current.value() != value) {
            data.insert(key, value);
            changed = true;
        }
    }
    if (changed) {
        result.error = checkKeysAreFree(data, object);
        if (result.error.isEmpty() && isDefinitions())
            result.error = CustomFieldRules(m_store).check(data, object);
        if (!result.error.isEmpty())
            return result;
    }
    result.object = object;
    result.changed = changed;
    if (!changed && stamp == Stamp::WhenChanged)
        return result;

    const QString id = object->id();
    deriveFields(&data);
    data.insert(updatedAtKey, m_timestamp);
    const QJsonValue newName = data.value(nameKey);
    result.object = m_collection->replace(id, data);
    if (m_collection == m_store->companies() && oldName != newName)
        propagateCompanyName(id, newName.toString());
    return result;
}

bool ObjectWriter::mergesCompact() const
{
    // Only where no field is derived or resolved from another object's: then an update is
    // a merge of the given fields into the stored JSON.
    static const QString firstNameKey = QStringLiteral("firstName");
    static const QString lastNameKey = QStringLiteral("lastName");
    static const QString ownerNameKey = QStringLiteral("ownerName");
    const ObjectType &type = m_collection->type();
    return m_collection->companyLinkField().isEmpty() && m_collection->companyNameField().isEmpty()
        && !isDefinitions() && !m_collection->isReadOnly(ownerNameKey)
        && !(m_collection->isReadOnly(nameKey) && type.field(firstNameKey)
             && type.field(lastNameKey));
}

WriteResult ObjectWriter::update(const StoredObject *object, JsonPath::Members payload,
                                 Stamp stamp) const
{
    Q_ASSERT(mergesCompact());
    // The same rules as the QJsonObject path, applied to the stored JSON directly: parsing
    // and re-encoding each object was most of a bulk upsert's time.
    WriteResult result;
    dropIgnoredFields(&payload, Origin::Client);
    static const QByteArray nameUtf8 = nameKey.toUtf8();
    static const QByteArray customUtf8 = customKey.toUtf8();
    const JsonPath::Member *name = JsonPath::findMember(payload, nameUtf8);
    // A rename matters only where objects copy the company's name: mostly none do, and then
    // the old name is not looked up (the update does not change which objects copy it).
    const bool renames = name && m_collection == m_store->companies()
        && copiesCompanyName(object->id())
        && JsonPath::rawMember(object->compactJson(), object->nesting(), nameUtf8)
            != QByteArrayView(name->value);
    // Kept as JSON: `name` does not outlive the push_back below.
    const QByteArray newName = renames ? name->value : QByteArray();
    std::array<QString, 3> keys;
    keys[size_t(KeyKind::Id)] = object->id();
    for (KeyKind kind : {KeyKind::SourceId, KeyKind::ExternalId}) {
        bool given = false;
        const QString value = keyValue(payload, kind, &given);
        keys[size_t(kind)] = given ? value : object->key(kind);
    }

    // updatedAt goes in with the changes, but only they count as a change.
    static const QByteArray updatedAtUtf8 = updatedAtKey.toUtf8();
    payload.push_back({updatedAtUtf8, m_quotedTimestamp, {}, false, true});
    JsonPath::sortMembers(&payload);
    bool changed = false;
    JsonPath::Nesting nesting;
    JsonPath::mergeCompact(&m_merged, object->compactJson(), object->nesting(), payload, customUtf8,
                           &changed, &nesting);
    if (changed) {
        result.error = checkKeysAreFree(keys, object);
        if (!result.error.isEmpty())
            return result;
    }
    result.object = object;
    result.changed = changed;
    if (!changed && stamp == Stamp::WhenChanged)
        return result;

    const QString id = object->id();
    result.object = m_collection->replaceCompact(object, m_merged, std::move(keys), &nesting);
    if (renames)
        propagateCompanyName(id, JsonPath::decodeCompact(newName).toString());
    return result;
}

bool ObjectWriter::isDefinitions() const
{
    return m_collection->type().name == QLatin1String("customfields");
}

bool ObjectWriter::remove(const StoredObject *object) const
{
    return m_collection->remove(object->id());
}

bool ObjectWriter::copiesCompanyName(const QString &companyId) const
{
    return std::any_of(m_store->collections().cbegin(), m_store->collections().cend(),
                       [&companyId](const TypeCollection *collection) {
                           return !collection->companyNameField().isEmpty()
                               && collection->hasLinksTo(companyId);
                       });
}

void ObjectWriter::propagateCompanyName(const QString &companyId, const QString &name) const
{
    // Built once: a bulk upsert renames thousands of companies.
    const QStringList companyIds {companyId};
    for (TypeCollection *collection : m_store->collections()) {
        const QString &field = collection->companyNameField();
        if (field.isEmpty())
            continue;
        for (const StoredObject *object : collection->linkedTo(companyIds)) {
            QJsonObject data = object->data();
            data.insert(field, name);
            collection->replace(object->id(), data);
        }
    }
}

} // namespace Planhat::Sandbox
