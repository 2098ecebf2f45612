// SPDX-License-Identifier: MIT
#pragma once

#include "objectidgenerator.h"
#include "typecollection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QObject>

#include <functional>
#include <map>
#include <memory>

namespace Planhat::Sandbox {

/// Everything the sandbox holds: one TypeCollection per type of Schema::builtin(), the
/// id generator, the clock that stamps createdAt/updatedAt, and the analytics events and
/// metrics it received. Single-threaded: used from the thread that owns the server.
class SandboxStore : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    explicit SandboxStore(QObject *parent = nullptr);
    ~SandboxStore() override;

    /// The collection of the type whose endpoint name is `typeName` ("companies"), or nullptr.
    TypeCollection *collection(const QString &typeName) const;
    /// All collections, in schema order.
    const std::vector<TypeCollection *> &collections() const { return m_ordered; }
    TypeCollection *companies() const { return m_companies; }

    ObjectIdGenerator &ids() { return m_ids; }

    /// The current time as the API writes it ("2024-01-15T09:00:00.000Z").
    QString timestamp() const;
    /// Replaces the clock (the demo seeder uses a fixed one); a null clock restores UTC now.
    void setClock(Clock clock);
    const Clock &clock() const { return m_clock; }

    void appendAnalytics(const QJsonObject &event);
    const QJsonArray &analytics() const { return m_analytics; }
    void setAnalytics(const QJsonArray &events) { m_analytics = events; }
    /// Metric rows (dimension data) as GET /dimensiondata lists them, in the order received.
    /// The data file (StoreFile) keeps them, like the analytics events.
    void appendMetric(const QJsonObject &row) { m_metrics.append(row); }
    void setMetrics(const QList<QJsonObject> &rows) { m_metrics = rows; }
    const QList<QJsonObject> &metrics() const { return m_metrics; }

    /// Tells listeners (the data file) that data changed. Call once per completed request.
    void markChanged();

signals:
    void changed();

private:
    std::map<QString, std::unique_ptr<TypeCollection>> m_collections;
    std::vector<TypeCollection *> m_ordered;
    TypeCollection *m_companies = nullptr;
    ObjectIdGenerator m_ids;
    Clock m_clock;
    QJsonArray m_analytics;
    QList<QJsonObject> m_metrics;
};

} // namespace Planhat::Sandbox
