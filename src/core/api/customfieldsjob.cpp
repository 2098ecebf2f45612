// SPDX-License-Identifier: MIT
#include "customfieldsjob.h"

#include "listjob.h"
#include "planhatclient.h"

namespace Planhat {

CustomFieldsJob::CustomFieldsJob(PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

void CustomFieldsJob::start()
{
    if (!m_client) {
        emit finished(
            {}, ApiError(ApiError::Kind::Network, 0, QStringLiteral("the connection was closed")));
        deleteLater();
        return;
    }
    ListJob *job = m_client->customFieldDefinitions();
    connect(job, &ListJob::rowsReceived, this, [this](const QList<QJsonObject> &rows) {
        for (const QJsonObject &row : rows)
            m_definitions.append(row);
    });
    connect(job, &ListJob::finished, this, [this](const ListResult &result) {
        if (result.error.isError())
            emit finished({}, result.error);
        else
            emit finished(CustomFieldCatalog::fromJson(m_definitions), result.error);
        deleteLater();
    });
    job->start();
}

} // namespace Planhat
