// SPDX-License-Identifier: MIT
#include "dimensionidcheck.h"

#include "../api/listjob.h"
#include "../api/planhatclient.h"
#include "metricsquery.h"

#include <memory>

namespace Planhat {

DimensionIdCheck::DimensionIdCheck(PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

DimensionIdCheck::~DimensionIdCheck()
{
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        m_job->abort();
    }
}

void DimensionIdCheck::start(const QStringList &ids)
{
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        m_job->abort();
    }
    m_ids = ids.mid(0, maxIds);
    m_unchecked = ids.mid(maxIds);
    m_unknown.clear();
    m_next = 0;
    checkNext();
}

void DimensionIdCheck::checkNext()
{
    if (m_next >= m_ids.size()) {
        Q_EMIT finished(m_unknown, m_unchecked, ApiError());
        return;
    }
    MetricsQuery query;
    query.dimensionId = m_ids.at(m_next);
    query.maxRows = 1; // one value is enough to know the metric
    ListJob *job = m_client->dimensionData(query.toListQuery());
    m_job = job;
    auto found = std::make_shared<bool>(false);
    connect(job, &ListJob::rowsReceived, this,
            [found](const QList<QJsonObject> &rows) { *found = *found || !rows.isEmpty(); });
    connect(job, &ListJob::finished, this, [this, found](const ListResult &result) {
        m_job = nullptr;
        if (result.error.isError()) {
            Q_EMIT finished(m_unknown, m_unchecked, result.error);
            return;
        }
        if (!*found)
            m_unknown.append(m_ids.at(m_next));
        ++m_next;
        checkNext();
    });
    job->start();
}

} // namespace Planhat
