// SPDX-License-Identifier: MIT
#include "customfieldrules.h"

#include "sandboxstore.h"
#include "typecollection.h"

#include "importer/customfieldproposal.h"

#include <QJsonArray>

namespace Planhat::Sandbox {

namespace {

const QString definitionsName = QStringLiteral("customfields");

QString folded(const QJsonValue &value)
{
    return value.toString().trimmed().toCaseFolded();
}

} // namespace

CustomFieldRules::CustomFieldRules(const SandboxStore *store)
    : m_store(store)
{ }

QString CustomFieldRules::check(const QJsonObject &definition, const StoredObject *self) const
{
    const QJsonValue name = definition.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return QStringLiteral("Custom field name must be a non-empty string");

    const QJsonValue type = definition.value(QStringLiteral("type"));
    const QStringList types = CustomFieldProposal::allowedTypes();
    if (!type.isString() || !types.contains(type.toString())) {
        return QStringLiteral("Custom field \"%1\": type must be one of %2, not %3")
            .arg(name.toString(), types.join(QStringLiteral(", ")),
                 type.isString() ? QLatin1Char('"') + type.toString() + QLatin1Char('"')
                                 : QStringLiteral("a non-string"));
    }

    const QString parent = definition.value(QStringLiteral("parent")).toString().trimmed();
    QStringList parents;
    bool knownParent = false;
    for (const TypeCollection *collection : m_store->collections()) {
        const QString &model = collection->type().customFieldParent;
        if (collection->type().name == definitionsName || model.isEmpty()
            || parents.contains(model))
            continue;
        parents.append(model);
        knownParent = knownParent || model.compare(parent, Qt::CaseInsensitive) == 0;
    }
    if (!knownParent) {
        return QStringLiteral("Custom field \"%1\": parent must be one of %2, not \"%3\"")
            .arg(name.toString(), parents.join(QStringLiteral(", ")), parent);
    }

    const QJsonValue listValues = definition.value(QStringLiteral("listValues"));
    if (!listValues.isUndefined() && !listValues.isNull()) {
        bool allText = listValues.isArray();
        for (const QJsonValue &value : listValues.toArray())
            allText = allText && value.isString();
        if (!allText) {
            return QStringLiteral("Custom field \"%1\": listValues must be an array of strings")
                .arg(name.toString());
        }
    }

    const TypeCollection *definitions = m_store->collection(definitionsName);
    const QString key = folded(name);
    const QString parentKey = parent.toCaseFolded();
    for (const auto &object : definitions->objects()) {
        if (object.get() == self)
            continue;
        const QJsonObject other = object->data();
        if (folded(other.value(QStringLiteral("name"))) == key
            && folded(other.value(QStringLiteral("parent"))) == parentKey) {
            return QStringLiteral("A custom field named \"%1\" already exists on %2 (_id %3)")
                .arg(other.value(QStringLiteral("name")).toString(), parent, object->id());
        }
    }
    return QString();
}

} // namespace Planhat::Sandbox
