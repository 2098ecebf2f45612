// SPDX-License-Identifier: MIT
#include "faketenant.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Planhat::Test {

namespace {

QByteArray compact(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

FakeTenant::FakeTenant(FakeNetwork *network, const QString &typePath)
    : m_typePath(typePath)
{
    network->handler = [this](const SeenRequest &request) {
        return answer(request);
    };
}

QString FakeTenant::idOf(const QString &externalId) const
{
    for (auto it = objects.constBegin(); it != objects.constEnd(); ++it) {
        if (it->value(QStringLiteral("externalId")).toString() == externalId)
            return it.key();
    }
    return QString();
}

QString FakeTenant::add(QJsonObject object)
{
    // 24 hex digits, as Planhat's ObjectIds.
    const QString id = QStringLiteral("%1").arg(m_nextId++, 24, 16, QLatin1Char('0'));
    object.insert(QStringLiteral("_id"), id);
    objects.insert(id, object);
    return id;
}

FakeAnswer FakeTenant::answer(const SeenRequest &request)
{
    if (onRequest)
        onRequest(request);
    const QString path = request.url.path();
    if (request.verb == "PUT" && path == m_typePath)
        return bulkUpsert(request);
    if (request.verb == "GET" && path == m_typePath)
        return list(request);
    if (request.verb == "DELETE" && path.startsWith(m_typePath + QLatin1Char('/')))
        return remove(path.mid(m_typePath.size() + 1));
    return FakeAnswer::json(404, R"({"error":"the fake tenant does not know this request"})");
}

FakeAnswer FakeTenant::bulkUpsert(const SeenRequest &request)
{
    const QJsonArray rows = request.jsonArray();
    bulkBodies.append(rows);
    QJsonArray inserts;
    QJsonArray updates;
    QJsonArray errors;
    int nonupdates = 0;
    for (int index = 0; index < rows.size(); ++index) {
        QJsonObject row = rows.at(index).toObject();
        const QString externalId = row.value(QStringLiteral("externalId")).toString();
        const QString sentId = row.value(QStringLiteral("_id")).toString();
        if ((!externalId.isEmpty() && rejectedKeys.contains(externalId))
            || (!sentId.isEmpty() && rejectedKeys.contains(sentId))) {
            errors.append(QJsonObject {{QStringLiteral("index"), index},
                                       {QStringLiteral("message"), QStringLiteral("rejected")}});
            continue;
        }
        QString id = row.value(QStringLiteral("_id")).toString();
        if (id.isEmpty() && !externalId.isEmpty())
            id = idOf(externalId);
        if (id.isEmpty() || !objects.contains(id)) {
            row.remove(QStringLiteral("_id"));
            id = add(row);
            QJsonObject key {{QStringLiteral("_id"), id}};
            if (!externalId.isEmpty())
                key.insert(QStringLiteral("externalId"), externalId);
            inserts.append(key);
            continue;
        }
        QJsonObject &object = objects[id];
        const QJsonObject before = object;
        for (auto it = row.constBegin(); it != row.constEnd(); ++it) {
            if (it.key() == QLatin1String("_id"))
                continue;
            if (it.value().isNull())
                object.remove(it.key());
            else
                object.insert(it.key(), it.value());
        }
        if (object == before)
            ++nonupdates;
        else
            updates.append(QJsonObject {{QStringLiteral("_id"), id}});
    }
    if (loseBulkAnswers > 0) {
        --loseBulkAnswers;
        return FakeAnswer::failure(QNetworkReply::RemoteHostClosedError);
    }
    const QJsonObject body {{QStringLiteral("created"), int(inserts.size())},
                            {QStringLiteral("createdErrors"), QJsonArray()},
                            {QStringLiteral("insertsKeys"), inserts},
                            {QStringLiteral("updated"), int(updates.size())},
                            {QStringLiteral("updatedErrors"), QJsonArray()},
                            {QStringLiteral("updatesKeys"), updates},
                            {QStringLiteral("nonupdates"), nonupdates},
                            {QStringLiteral("validationErrors"), errors}};
    return FakeAnswer::json(200, compact(body));
}

FakeAnswer FakeTenant::list(const SeenRequest &request) const
{
    QStringList ids = objects.keys();
    std::sort(ids.begin(), ids.end());
    const qsizetype offset = request.query(QStringLiteral("offset")).toLongLong();
    const QString limitText = request.query(QStringLiteral("limit"));
    const qsizetype limit = limitText.isEmpty() ? ids.size() : limitText.toLongLong();
    const QStringList select
        = request.query(QStringLiteral("select")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QJsonArray page;
    for (qsizetype i = offset; i < ids.size() && i < offset + limit; ++i) {
        const QJsonObject &object = objects.value(ids.at(i));
        if (select.isEmpty()) {
            page.append(object);
            continue;
        }
        QJsonObject lean {{QStringLiteral("_id"), ids.at(i)}};
        for (const QString &field : select) {
            if (object.contains(field))
                lean.insert(field, object.value(field));
        }
        page.append(lean);
    }
    return FakeAnswer::json(200, compact(page));
}

FakeAnswer FakeTenant::remove(const QString &id)
{
    if (const int status = deleteStatus.value(id); status != 0)
        return FakeAnswer::json(status, R"({"error":"refused by the test"})");
    if (!objects.remove(id))
        return FakeAnswer::json(404, R"({"error":"not found"})");
    deleted.append(id);
    return FakeAnswer::json(200, R"({"n":1,"ok":1})");
}

} // namespace Planhat::Test
