// SPDX-License-Identifier: MIT
#include "recordloader.h"

#include "../api/listjob.h"
#include "../api/planhatclient.h"

namespace Planhat {

RecordLoader::RecordLoader(const ObjectType &type, PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_type(type)
    , m_client(client)
{ }

RecordLoader::~RecordLoader()
{
    stop();
}

void RecordLoader::start()
{
    stop();
    m_complete = false;
    if (!m_client) {
        Q_EMIT finished(ApiError(ApiError::Kind::Network, 0, QStringLiteral("no client")));
        return;
    }
    ListQuery query;
    query.pageSize = m_pageSize;
    if (!m_type.companyField.isEmpty())
        query.companyIds = m_companyIds;
    ListJob *job = m_client->list(m_type, query);
    m_job = job;
    // A job replaced by start() is disconnected and aborted, but its queued deliveries must
    // still never reach the new rows: check the job against the current one.
    connect(job, &ListJob::rowsReceived, this, [this, job](const QList<QJsonObject> &rows) {
        if (m_job == job && !rows.isEmpty())
            Q_EMIT rowsReceived(rows);
    });
    connect(job, &ListJob::finished, this, [this, job](const ListResult &result) {
        if (m_job != job)
            return;
        m_job = nullptr;
        m_complete = !result.error.isError();
        Q_EMIT finished(result.error);
    });
    job->start();
}

void RecordLoader::stop()
{
    if (!m_job)
        return;
    ListJob *job = m_job;
    m_job = nullptr;
    job->disconnect(this);
    job->abort();
}

} // namespace Planhat
