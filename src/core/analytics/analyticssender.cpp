// SPDX-License-Identifier: MIT
#include "analyticssender.h"

#include "../api/planhatclient.h"

namespace Planhat {

AnalyticsSender::AnalyticsSender(PlanhatClient *client, AnalyticsTarget target,
                                 QList<QByteArray> rows, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_target(target)
    , m_rows(std::move(rows))
{ }

AnalyticsSender::~AnalyticsSender() = default;

QList<AnalyticsBatcher::Batch> AnalyticsSender::batches() const
{
    return AnalyticsBatcher::split(m_rows, m_maxBodyBytes);
}

void AnalyticsSender::start()
{
    if (m_started)
        return;
    m_started = true;
    m_batches = batches();
    // Asynchronous even when there is nothing to send, like every job.
    QMetaObject::invokeMethod(this, &AnalyticsSender::sendNext, Qt::QueuedConnection);
}

void AnalyticsSender::cancel()
{
    m_cancelled = true;
}

void AnalyticsSender::sendNext()
{
    if (m_next >= m_batches.size() || m_cancelled || m_result.error.isError() || !m_client) {
        finish();
        return;
    }
    const AnalyticsBatcher::Batch batch = m_batches.at(m_next);
    const AnalyticsEndpoint endpoint = m_target == AnalyticsTarget::Activities
        ? AnalyticsEndpoint::Activities
        : AnalyticsEndpoint::Metrics;
    ObjectJob *job = m_client->postAnalytics(endpoint, AnalyticsBatcher::body(m_rows, batch));
    ++m_result.requests;
    connect(job, &ObjectJob::finished, this, [this, batch](const ObjectResult &answer) {
        ++m_next;
        if (answer.error.isError()) {
            m_result.error = answer.error;
            if (answer.error.outcome() == ApiError::Outcome::Unknown)
                m_result.rowsInDoubt += batch.count;
            else
                m_result.rowsNotSent += batch.count;
        } else {
            m_result.rowsSent += batch.count;
            Q_EMIT progressed(m_result.rowsSent, m_rows.size());
        }
        sendNext();
    });
    job->start();
}

void AnalyticsSender::finish()
{
    for (qsizetype index = m_next; index < m_batches.size(); ++index)
        m_result.rowsNotSent += m_batches.at(index).count;
    m_result.cancelled = m_cancelled && m_next < m_batches.size();
    m_rows.clear();
    Q_EMIT finished(m_result);
    deleteLater();
}

} // namespace Planhat
