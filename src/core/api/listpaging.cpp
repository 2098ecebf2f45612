// SPDX-License-Identifier: MIT
#include "listpaging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

namespace Planhat::ListPaging {

QList<QStringList> splitIdGroups(const QStringList &ids, int maxLength)
{
    QList<QStringList> groups;
    QStringList current;
    qsizetype currentLength = 0;
    QSet<QString> seen;
    for (const QString &rawId : ids) {
        const QString id = rawId.trimmed();
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        const qsizetype length = QUrl::toPercentEncoding(id).size();
        if (!current.isEmpty() && currentLength + 1 + length > maxLength) {
            groups.append(current);
            current.clear();
            currentLength = 0;
        }
        currentLength += (current.isEmpty() ? 0 : 1) + length;
        current.append(id);
    }
    if (!current.isEmpty())
        groups.append(current);
    return groups;
}

QueryItems pageQuery(const ListQuery &query, const QStringList &companyIdGroup, int limit,
                     qint64 offset)
{
    QueryItems items;
    items.append({QStringLiteral("limit"), QString::number(limit)});
    items.append({QStringLiteral("offset"), QString::number(offset)});
    if (!query.select.isEmpty())
        items.append({QStringLiteral("select"), query.select.join(QLatin1Char(','))});
    if (!query.sort.isEmpty())
        items.append({QStringLiteral("sort"), query.sort});
    if (!companyIdGroup.isEmpty())
        items.append({QStringLiteral("companyId"), companyIdGroup.join(QLatin1Char(','))});
    for (const auto &filter : query.filters)
        items.append(filter);
    return items;
}

ParsedPage parsePage(const QByteArray &body)
{
    ParsedPage page;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        page.error = QStringLiteral("the body is not JSON (%1 at byte %2)")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return page;
    }
    if (!document.isArray()) {
        page.error = QStringLiteral("expected a JSON array of objects, got %1")
                         .arg(document.isObject() ? QStringLiteral("an object")
                                                  : QStringLiteral("something else"));
        return page;
    }
    const QJsonArray array = document.array();
    page.rows.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        if (!value.isObject()) {
            page.rows.clear();
            page.error = QStringLiteral("item %1 of the array is not an object").arg(i);
            return page;
        }
        page.rows.append(value.toObject());
    }
    return page;
}

} // namespace Planhat::ListPaging
