// SPDX-License-Identifier: MIT
#include "analyticsendpoints.h"

#include "sandboxstore.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Planhat::Sandbox {

namespace {

SandboxResponse processed(qint64 count)
{
    return SandboxResponse::json(200,
                                 QJsonObject {{QStringLiteral("processed"), count},
                                              {QStringLiteral("errors"), QJsonArray()}});
}

/// The JSON body, or a 400/413 answer in `error`.
bool readBody(const SandboxRequest &request, QJsonDocument *document, SandboxResponse *error)
{
    if (request.body.size() > AnalyticsEndpoints::maxBodyBytes) {
        *error = SandboxResponse::error(
            413,
            QStringLiteral("Request body of %1 bytes is larger than the limit of 32 MB")
                .arg(request.body.size()));
        return false;
    }
    return parseJsonBody(request, document, error);
}

SandboxResponse notFound(const SandboxRequest &request)
{
    return SandboxResponse::error(
        404, QStringLiteral("No endpoint at /%1").arg(request.path.join(QLatin1Char('/'))));
}

SandboxResponse methodNotAllowed(const SandboxRequest &request)
{
    return SandboxResponse::error(
        405, QStringLiteral("Method not allowed on /%1").arg(request.path.join(QLatin1Char('/'))));
}

/// Days since 1970-01-01 of an ISO date or date-time; nullopt when it is neither.
std::optional<qint64> epochDayOf(const QString &text)
{
    QDateTime dateTime = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dateTime.isValid()) {
        const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        return QDate(1970, 1, 1).daysTo(date);
    }
    return QDate(1970, 1, 1).daysTo(dateTime.toUTC().date());
}

bool readInteger(const SandboxRequest &request, const QString &name, qint64 fallback, qint64 *value,
                 SandboxResponse *error)
{
    const QString text = request.queryValue(name);
    if (text.isNull()) {
        *value = fallback;
        return true;
    }
    bool ok = false;
    *value = text.toLongLong(&ok);
    if (!ok) {
        *error = SandboxResponse::error(
            400, QStringLiteral("%1 must be a whole number, not '%2'").arg(name, text));
    }
    return ok;
}

} // namespace

AnalyticsEndpoints::AnalyticsEndpoints(SandboxStore *store, int pageCap)
    : m_store(store)
    , m_pageCap(pageCap)
{ }

bool AnalyticsEndpoints::handle(const SandboxRequest &request, SandboxResponse *response)
{
    const QStringList &path = request.path;
    const QString head = path.value(0);
    if (head == QLatin1String("analytics")) {
        const bool bulk = path.size() == 3 && path.at(1) == QLatin1String("bulk");
        if (!bulk && path.size() != 2)
            *response = notFound(request);
        else if (request.method != HttpMethod::Post)
            *response = methodNotAllowed(request);
        else
            *response = postActivities(request, bulk);
        return true;
    }
    if (head == QLatin1String("dimensiondata")) {
        if (path.size() == 1)
            *response = request.method == HttpMethod::Get ? listMetrics(request)
                                                          : methodNotAllowed(request);
        else if (path.size() == 2)
            *response = request.method == HttpMethod::Post ? postMetrics(request)
                                                           : methodNotAllowed(request);
        else
            *response = notFound(request);
        return true;
    }
    if (head == QLatin1String("_sandbox") && path.size() == 2) {
        const QString what = path.at(1);
        if (what != QLatin1String("analytics") && what != QLatin1String("dimensiondata")
            && what != QLatin1String("analytics-posts"))
            return false;
        if (request.method != HttpMethod::Get) {
            *response = methodNotAllowed(request);
        } else if (what == QLatin1String("analytics")) {
            *response = SandboxResponse::json(
                200, QJsonDocument(m_store->analytics()).toJson(QJsonDocument::Compact));
        } else if (what == QLatin1String("dimensiondata")) {
            QJsonArray rows;
            for (const QJsonObject &row : m_store->metrics())
                rows.append(row);
            *response
                = SandboxResponse::json(200, QJsonDocument(rows).toJson(QJsonDocument::Compact));
        } else {
            *response = posts();
        }
        return true;
    }
    return false;
}

SandboxResponse AnalyticsEndpoints::postActivities(const SandboxRequest &request, bool bulk)
{
    QJsonDocument document;
    SandboxResponse error;
    if (!readBody(request, &document, &error))
        return error;
    QJsonArray events;
    if (bulk) {
        if (!document.isArray())
            return SandboxResponse::error(400, QStringLiteral("Expected a JSON array of events"));
        events = document.array();
    } else {
        if (!document.isObject())
            return SandboxResponse::error(400, QStringLiteral("Expected one JSON object"));
        events.append(document.object());
    }
    m_posts.append({QLatin1Char('/') + request.path.join(QLatin1Char('/')), request.body.size(),
                    events.size()});
    // Like the real host: everything is "received"; what is not an object is dropped later.
    qint64 kept = 0;
    for (const QJsonValue &event : std::as_const(events)) {
        if (!event.isObject())
            continue;
        m_store->appendAnalytics(event.toObject());
        ++kept;
    }
    if (kept > 0)
        m_store->markChanged();
    return processed(kept);
}

QJsonObject AnalyticsEndpoints::metricRow(SandboxStore *store, const QJsonObject &metric)
{
    QJsonObject row = metric;
    row.insert(QStringLiteral("_id"), store->ids().next());
    QString model = metric.value(QStringLiteral("model")).toString();
    if (model.isEmpty())
        model = QStringLiteral("Company");
    row.insert(QStringLiteral("model"), model);
    if (!metric.contains(QStringLiteral("date")))
        row.insert(QStringLiteral("date"), store->timestamp());
    if (const auto day = epochDayOf(row.value(QStringLiteral("date")).toString()))
        row.insert(QStringLiteral("day"), *day);
    const QString externalId = metric.value(QStringLiteral("externalId")).toString();
    const QString collectionName = model == QLatin1String("EndUser") ? QStringLiteral("endusers")
        : model == QLatin1String("Asset")                            ? QStringLiteral("assets")
        : model == QLatin1String("Project")                          ? QStringLiteral("projects")
                                                                     : QStringLiteral("companies");
    const TypeCollection *collection = store->collection(collectionName);
    const StoredObject *object = collection && !externalId.isEmpty()
        ? collection->find(KeyKind::ExternalId, externalId)
        : nullptr;
    if (object) {
        const QJsonObject data = object->data();
        const bool isCompany = collectionName == QLatin1String("companies");
        const QString companyId
            = isCompany ? object->id() : data.value(QStringLiteral("companyId")).toString();
        if (!companyId.isEmpty())
            row.insert(QStringLiteral("companyId"), companyId);
        if (isCompany)
            row.insert(QStringLiteral("companyName"), data.value(QStringLiteral("name")));
        row.insert(QStringLiteral("parentId"), object->id());
    }
    return row;
}

SandboxResponse AnalyticsEndpoints::postMetrics(const SandboxRequest &request)
{
    QJsonDocument document;
    SandboxResponse error;
    if (!readBody(request, &document, &error))
        return error;
    QJsonArray metrics;
    if (document.isArray())
        metrics = document.array();
    else
        metrics.append(document.object());
    m_posts.append({QLatin1Char('/') + request.path.join(QLatin1Char('/')), request.body.size(),
                    metrics.size()});
    qint64 kept = 0;
    for (const QJsonValue &metric : std::as_const(metrics)) {
        if (!metric.isObject())
            continue;
        m_store->appendMetric(metricRow(m_store, metric.toObject()));
        ++kept;
    }
    if (kept > 0)
        m_store->markChanged();
    return processed(kept);
}

SandboxResponse AnalyticsEndpoints::listMetrics(const SandboxRequest &request) const
{
    SandboxResponse error;
    qint64 limit = 0;
    qint64 offset = 0;
    qint64 from = 0;
    qint64 to = 0;
    const bool hasFrom = !request.queryValue(QStringLiteral("from")).isNull();
    const bool hasTo = !request.queryValue(QStringLiteral("to")).isNull();
    if (!readInteger(request, QStringLiteral("limit"), 100, &limit, &error)
        || !readInteger(request, QStringLiteral("offset"), 0, &offset, &error)
        || !readInteger(request, QStringLiteral("from"), 0, &from, &error)
        || !readInteger(request, QStringLiteral("to"), 0, &to, &error))
        return error;
    if (limit < 0 || offset < 0)
        return SandboxResponse::error(400, QStringLiteral("limit and offset must not be negative"));
    limit = qMin<qint64>(limit, 2000); // the documented maximum page
    if (m_pageCap > 0)
        limit = qMin<qint64>(limit, m_pageCap);
    const QString companyId = request.queryValue(QStringLiteral("cId"));
    const QString dimensionId = request.queryValue(QStringLiteral("dimid"));
    QByteArray out("[");
    qint64 matched = 0;
    qint64 written = 0;
    for (const QJsonObject &row : m_store->metrics()) {
        if (written >= limit)
            break;
        if (!companyId.isEmpty() && row.value(QStringLiteral("companyId")).toString() != companyId)
            continue;
        if (!dimensionId.isEmpty()
            && row.value(QStringLiteral("dimensionId")).toString() != dimensionId)
            continue;
        const qint64 day = row.value(QStringLiteral("day")).toInteger(-1);
        if ((hasFrom && day < from) || (hasTo && day > to))
            continue;
        if (matched++ < offset)
            continue;
        if (written++ > 0)
            out += ',';
        out += QJsonDocument(row).toJson(QJsonDocument::Compact);
    }
    out += ']';
    return SandboxResponse::json(200, out);
}

SandboxResponse AnalyticsEndpoints::posts() const
{
    QJsonArray list;
    for (const Post &post : m_posts) {
        list.append(QJsonObject {{QStringLiteral("path"), post.path},
                                 {QStringLiteral("bytes"), post.bytes},
                                 {QStringLiteral("items"), post.items}});
    }
    return SandboxResponse::json(200, QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace Planhat::Sandbox
