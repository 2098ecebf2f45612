// SPDX-License-Identifier: MIT
#pragma once

#include "jobwaiter.h"

#include "api/planhatclient.h"
#include "schema/customfieldcatalog.h"

#include <QJsonArray>

#include <ctime>

namespace Planhat::Test {

/// CPU time of the calling thread in milliseconds: next to wall time, it tells what other
/// processes on a busy machine added.
inline double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
}

/// The tenant's custom field definitions, as the table's columns are made from them.
inline CustomFieldCatalog loadCatalog(PlanhatClient *client)
{
    QJsonArray definitions;
    for (const QJsonObject &row : collectRows(client->customFieldDefinitions()))
        definitions.append(row);
    return CustomFieldCatalog::fromJson(definitions);
}

} // namespace Planhat::Test
