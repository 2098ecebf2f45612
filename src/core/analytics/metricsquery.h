// SPDX-License-Identifier: MIT
#pragma once

#include "../api/listquery.h"

#include <QDate>
#include <QString>

#include <optional>

namespace Planhat {

/// What `GET /dimensiondata` is asked for: one company (its Planhat _id, `cId`), one metric
/// (`dimid`), a range of days (`from`, `to`: days since 1970-01-01, as the API counts them).
struct MetricsQuery
{
    QString companyId;
    QString dimensionId;
    std::optional<QDate> from;
    std::optional<QDate> to;
    qint64 maxRows = -1;

    /// Days since 1970-01-01 of `date`.
    static qint64 epochDay(const QDate &date);
    /// The list query PlanhatClient::dimensionData() takes.
    ListQuery toListQuery() const;
};

} // namespace Planhat
