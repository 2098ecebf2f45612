// SPDX-License-Identifier: MIT
#pragma once

#include "sandboxmessage.h"

namespace Planhat::Sandbox {

class SandboxStore;
class TypeCollection;

/// The Planhat REST surface over a SandboxStore: routes a request to the object, lean
/// list, analytics or sandbox-control handlers and builds the response. Knows nothing of
/// sockets, authentication or injected faults (SandboxServer's part).
class SandboxApi
{
public:
    explicit SandboxApi(SandboxStore *store);

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
    SandboxResponse analytics(const SandboxRequest &request);

    SandboxStore *m_store;
};

} // namespace Planhat::Sandbox
