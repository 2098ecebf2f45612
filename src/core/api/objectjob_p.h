// SPDX-License-Identifier: MIT
#pragma once

#include "apicall.h"
#include "clientcore.h"
#include "objectjob.h"

#include <QPointer>

namespace Planhat {

/// What an ObjectJob sends and how it reads the answer. Built by PlanhatClient.
class ObjectJob::Private
{
public:
    enum class Kind {
        Get,
        Create,
        Update,
        Delete,
        Analytics,
    };

    Private(ClientCore *core, Kind kind, ApiRequest request)
        : m_core(core)
        , m_kind(kind)
        , m_request(std::move(request))
    { }

    /// A job that fails on start() without sending anything.
    static std::unique_ptr<Private> failing(ClientCore *core, Kind kind, const ApiError &error)
    {
        auto d = std::make_unique<Private>(core, kind, ApiRequest());
        d->m_immediateError = error;
        return d;
    }

    ClientCore *m_core;
    Kind m_kind;
    ApiRequest m_request;
    ApiError m_immediateError;
    QPointer<ApiCall> m_call;
    bool m_started = false;
};

} // namespace Planhat
