// SPDX-License-Identifier: MIT
#include "referenceresolver.h"

#include "../api/planhatclient.h"
#include "../schema/schema.h"

#include <QJsonObject>

namespace Planhat {

namespace {

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString().trimmed();
}

/// The fields a name is made of, for each type that can be resolved.
QStringList nameFields(const QString &typeName)
{
    if (typeName == QLatin1String("companies"))
        return {QStringLiteral("name")};
    if (typeName == QLatin1String("users"))
        return {QStringLiteral("firstName"), QStringLiteral("lastName"), QStringLiteral("nickName"),
                QStringLiteral("email")};
    if (typeName == QLatin1String("endusers"))
        return {QStringLiteral("firstName"), QStringLiteral("lastName"), QStringLiteral("name"),
                QStringLiteral("email")};
    return {};
}

/// "First Last", else the (nick) name, else the email.
QString personName(const QJsonObject &object)
{
    const QString full = QStringList {text(object, "firstName"), text(object, "lastName")}
                             .join(QLatin1Char(' '))
                             .trimmed();
    if (!full.isEmpty())
        return full;
    for (const char *key : {"name", "nickName", "email"}) {
        const QString value = text(object, key);
        if (!value.isEmpty())
            return value;
    }
    return QString();
}

} // namespace

ReferenceResolver::ReferenceResolver(PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

ReferenceResolver::~ReferenceResolver() = default;

bool ReferenceResolver::canResolve(const QString &typeName)
{
    return !nameFields(typeName).isEmpty();
}

void ReferenceResolver::require(const QString &typeName)
{
    if (!canResolve(typeName) || m_loaded.contains(typeName) || m_loading.contains(typeName)
        || !m_client)
        return;
    const ObjectType *type = Schema::builtin().type(typeName);
    if (!type)
        return;
    ListQuery query;
    query.select = nameFields(typeName);
    ListJob *job = m_client->list(*type, query);
    m_loading.insert(typeName);
    const bool isCompany = typeName == QLatin1String("companies");
    connect(job, &ListJob::rowsReceived, this,
            [this, typeName, isCompany](const QList<QJsonObject> &rows) {
                QHash<QString, QString> &names = m_names[typeName];
                names.reserve(names.size() + rows.size());
                for (const QJsonObject &row : rows) {
                    const QString id = text(row, "_id");
                    const QString name = isCompany ? text(row, "name") : personName(row);
                    if (!id.isEmpty() && !name.isEmpty())
                        names.insert(id, name);
                }
            });
    connect(job, &ListJob::finished, this, [this, typeName](const ListResult &result) {
        m_loading.remove(typeName);
        if (result.error.isError()) {
            Q_EMIT loadFailed(typeName, result.error);
        } else {
            m_loaded.insert(typeName);
        }
        // Names that arrived are worth showing even when a later page failed.
        Q_EMIT namesChanged(typeName);
    });
    job->start();
}

bool ReferenceResolver::isLoaded(const QString &typeName) const
{
    return m_loaded.contains(typeName);
}

QString ReferenceResolver::name(const QString &typeName, const QString &id) const
{
    const auto type = m_names.constFind(typeName);
    return type == m_names.constEnd() ? QString() : type->value(id);
}

void ReferenceResolver::insert(const QString &typeName, const QString &id, const QString &name)
{
    m_names[typeName].insert(id, name);
    Q_EMIT namesChanged(typeName);
}

} // namespace Planhat
