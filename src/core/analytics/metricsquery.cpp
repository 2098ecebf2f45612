// SPDX-License-Identifier: MIT
#include "metricsquery.h"

namespace Planhat {

qint64 MetricsQuery::epochDay(const QDate &date)
{
    return QDate(1970, 1, 1).daysTo(date);
}

ListQuery MetricsQuery::toListQuery() const
{
    ListQuery query;
    query.maxRows = maxRows;
    if (!companyId.isEmpty())
        query.filters.append({QStringLiteral("cId"), companyId});
    if (!dimensionId.isEmpty())
        query.filters.append({QStringLiteral("dimid"), dimensionId});
    if (from)
        query.filters.append({QStringLiteral("from"), QString::number(epochDay(*from))});
    if (to)
        query.filters.append({QStringLiteral("to"), QString::number(epochDay(*to))});
    return query;
}

} // namespace Planhat
