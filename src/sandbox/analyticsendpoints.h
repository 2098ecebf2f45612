// SPDX-License-Identifier: MIT
#pragma once

#include "sandboxmessage.h"

#include <QList>

namespace Planhat::Sandbox {

class SandboxStore;

/// The analytics host's endpoints and the metrics list, as the sandbox plays them:
/// POST /analytics/<tenant> (one activity), POST /analytics/bulk/<tenant> (an array),
/// POST /dimensiondata/<tenant> (one metric or an array) and GET /dimensiondata (cId,
/// dimid, from, to in days since 1970-01-01, limit, offset). Like the real host, a post is
/// answered 200 whatever its items hold (the real one processes later and reports nothing
/// per item), and a body over 32 MB is refused. What arrived is kept in the store; the
/// control endpoint GET /_sandbox/analytics-posts lists each post's path, bytes and items.
class AnalyticsEndpoints
{
public:
    /// The real host's hard limit per POST body: 32 MB (read as 32 MiB).
    static constexpr qint64 maxBodyBytes = 32 * 1024 * 1024;

    /// `pageCap` above 0: metrics list pages hold at most that many rows (ApiOptions::pageCap).
    explicit AnalyticsEndpoints(SandboxStore *store, int pageCap = 0);

    /// Handles /analytics/..., /dimensiondata... and the analytics control endpoints;
    /// false when `request` is none of them.
    bool handle(const SandboxRequest &request, SandboxResponse *response);

    /// A metric as `store` keeps it: its fields plus _id, model (Company by default), date
    /// (now by default), day (days since 1970-01-01) and, when the object its externalId
    /// names exists, parentId, companyId and (for a company) companyName.
    static QJsonObject metricRow(SandboxStore *store, const QJsonObject &metric);

private:
    struct Post
    {
        QString path;
        qint64 bytes = 0;
        qint64 items = 0;
    };

    SandboxResponse postActivities(const SandboxRequest &request, bool bulk);
    SandboxResponse postMetrics(const SandboxRequest &request);
    SandboxResponse listMetrics(const SandboxRequest &request) const;
    SandboxResponse posts() const;

    SandboxStore *m_store;
    int m_pageCap = 0;
    QList<Post> m_posts;
};

} // namespace Planhat::Sandbox
