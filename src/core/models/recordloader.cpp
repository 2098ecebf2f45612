// SPDX-License-Identifier: MIT
#include "recordloader.h"

#include "../api/listjob.h"
#include "../api/planhatclient.h"

#include <QElapsedTimer>
#include <QTimer>

namespace Planhat {

RecordLoader::RecordLoader(const ObjectType &type, PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_type(type)
    , m_client(client)
    , m_pacer(new QTimer(this))
{
    m_pacer->setSingleShot(true);
    m_pacer->setInterval(0);
    connect(m_pacer, &QTimer::timeout, this, &RecordLoader::deliverSlice);
}

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
        if (m_job != job || rows.isEmpty())
            return;
        m_queue.append(rows);
        if (!m_pacer->isActive())
            m_pacer->start();
    });
    connect(job, &ListJob::finished, this, [this, job](const ListResult &result) {
        if (m_job != job)
            return;
        m_job = nullptr;
        if (m_queue.isEmpty())
            finish(result.error);
        else
            m_finish = result.error;
    });
    job->start();
}

void RecordLoader::stop()
{
    m_queue.clear();
    m_delivered = 0;
    m_finish.reset();
    m_pacer->stop();
    if (!m_job)
        return;
    ListJob *job = m_job;
    m_job = nullptr;
    job->disconnect(this);
    job->abort();
}

void RecordLoader::deliverSlice()
{
    // Slices until a few milliseconds went by; the rest waits for the next turn, after the
    // window painted and took input.
    constexpr qint64 budgetMs = 20;
    QElapsedTimer clock;
    clock.start();
    while (!m_queue.isEmpty() && clock.elapsed() < budgetMs) {
        const QList<QJsonObject> &page = m_queue.constFirst();
        const qsizetype count = qMin<qsizetype>(sliceRows, page.size() - m_delivered);
        const QList<QJsonObject> slice = page.mid(m_delivered, count);
        m_delivered += count;
        if (m_delivered == page.size()) {
            m_queue.removeFirst();
            m_delivered = 0;
        }
        // Whoever handles the slice may stop() or start() this loader: then the queue is empty.
        Q_EMIT rowsReceived(slice);
    }
    if (!m_queue.isEmpty())
        m_pacer->start();
    else if (m_finish)
        finish(*m_finish);
}

void RecordLoader::finish(const ApiError &error)
{
    m_finish.reset();
    m_complete = !error.isError();
    Q_EMIT finished(error);
}

} // namespace Planhat
