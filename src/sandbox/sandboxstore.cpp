// SPDX-License-Identifier: MIT
#include "sandboxstore.h"

#include <schema/schema.h>

namespace Planhat::Sandbox {

SandboxStore::SandboxStore(QObject *parent)
    : QObject(parent)
{
    for (const ObjectType &type : Schema::builtin().types()) {
        auto collection = std::make_unique<TypeCollection>(type);
        m_ordered.push_back(collection.get());
        m_collections.emplace(type.name, std::move(collection));
    }
    m_companies = collection(QStringLiteral("companies"));
    Q_ASSERT(m_companies);
}

SandboxStore::~SandboxStore() = default;

TypeCollection *SandboxStore::collection(const QString &typeName) const
{
    const auto it = m_collections.find(typeName);
    return it == m_collections.end() ? nullptr : it->second.get();
}

QString SandboxStore::timestamp() const
{
    const QDateTime now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    return now.toUTC().toString(Qt::ISODateWithMs);
}

void SandboxStore::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void SandboxStore::appendAnalytics(const QJsonObject &event)
{
    m_analytics.append(event);
}

void SandboxStore::markChanged()
{
    emit changed();
}

} // namespace Planhat::Sandbox
