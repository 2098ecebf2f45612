// SPDX-License-Identifier: MIT
#include "metricsreader.h"

#include "../api/listjob.h"
#include "../api/objectjob.h"
#include "../api/planhatclient.h"
#include "../schema/schema.h"

namespace Planhat {

MetricsReader::MetricsReader(PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

MetricsReader::~MetricsReader()
{
    abort();
}

void MetricsReader::start(const QString &companyKey, const MetricsQuery &query)
{
    abort();
    m_query = query;
    m_rowCount = 0;
    m_errorMessage.clear();
    m_running = true;
    resolveCompanyThenList(companyKey.trimmed());
}

void MetricsReader::abort()
{
    if (!m_job)
        return;
    // Nothing of the old read may reach a new one: its answers are no longer listened to.
    disconnect(m_job, nullptr, this, nullptr);
    if (auto *list = qobject_cast<ListJob *>(m_job))
        list->abort();
    m_job = nullptr;
    m_running = false;
}

void MetricsReader::resolveCompanyThenList(const QString &key)
{
    // The API filters on the company's _id (cId): an external or source id is looked up.
    if (!key.startsWith(QLatin1String("extid-")) && !key.startsWith(QLatin1String("srcid-"))) {
        if (!key.isEmpty())
            m_query.companyId = key;
        startList();
        return;
    }
    ObjectJob *job = m_client->get(*Schema::builtin().type(QStringLiteral("companies")), key);
    m_job = job;
    connect(job, &ObjectJob::finished, this, [this, key](const ObjectResult &result) {
        m_job = nullptr;
        if (result.error.isError()) {
            fail(result.error, tr("company %1: %2").arg(key, result.error.toString()));
            return;
        }
        m_query.companyId = result.object.value(QStringLiteral("_id")).toString();
        startList();
    });
    job->start();
}

void MetricsReader::startList()
{
    ListJob *job = m_client->dimensionData(m_query.toListQuery());
    m_job = job;
    connect(job, &ListJob::rowsReceived, this, [this](const QList<QJsonObject> &rows) {
        m_rowCount += rows.size();
        Q_EMIT rowsReceived(rows);
    });
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        m_job = nullptr;
        if (result.error.isError()) {
            fail(result.error,
                 tr("reading metrics stopped after %1 values: %2")
                     .arg(result.rowCount)
                     .arg(result.error.toString()));
            return;
        }
        m_running = false;
        Q_EMIT finished(result.error);
    });
    job->start();
}

void MetricsReader::fail(const ApiError &error, const QString &message)
{
    m_running = false;
    m_errorMessage = message;
    Q_EMIT finished(error);
}

} // namespace Planhat
