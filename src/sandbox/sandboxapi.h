// SPDX-License-Identifier: MIT
#pragma once

#include "analyticsendpoints.h"
#include "sandboxmessage.h"

namespace Planhat::Sandbox {

class SandboxStore;
class TypeCollection;

/// Edges of the real API that SandboxApi plays only when asked (all off by default): what
/// Planhat's docs leave open or show in one example, which a client must survive.
struct ApiOptions
{
    /// When above 0, every list page holds at most this many rows, whatever `limit` asks
    /// (below the documented maximum of 2000).
    int pageCap = 0;
    /// Lists without `sort` come in a new random order per request (the docs promise no
    /// order), so offset paging without `sort` skips and repeats rows.
    bool unordered = false;
    /// Seeds those orders, together with a count of such lists, so a run can be replayed.
    quint64 orderSeed = 0;
    /// Bulk answers' `updatesKeys` entries hold `_id` only, as the one documented example.
    bool leanUpdateKeys = false;
};

/// The Planhat REST surface over a SandboxStore: routes a request to the object, lean
/// list, analytics or sandbox-control handlers and builds the response. Knows nothing of
/// sockets, authentication or injected faults (SandboxServer's part).
class SandboxApi
{
public:
    explicit SandboxApi(SandboxStore *store, const ApiOptions &options = {});

    SandboxResponse handle(const SandboxRequest &request);

private:
    SandboxResponse handleCollection(TypeCollection *collection, const SandboxRequest &request);
    SandboxResponse handleObject(TypeCollection *collection, const QString &key,
                                 const SandboxRequest &request);
    SandboxResponse list(TypeCollection *collection, const SandboxRequest &request);
    SandboxResponse create(TypeCollection *collection, const SandboxRequest &request);
    SandboxResponse bulkUpsert(TypeCollection *collection, const SandboxRequest &request);
    SandboxResponse update(TypeCollection *collection, const QString &key,
                           const SandboxRequest &request);
    SandboxResponse remove(TypeCollection *collection, const QString &key);

    SandboxStore *m_store;
    ApiOptions m_options;
    AnalyticsEndpoints m_analytics;
    quint64 m_unorderedLists = 0; ///< lists answered in random order so far
};

} // namespace Planhat::Sandbox
