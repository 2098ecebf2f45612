// SPDX-License-Identifier: MIT
#include "stagededits.h"

#include "../api/planhatclient.h"

#include <QSet>

namespace Planhat {

StagedEdits::StagedEdits(const ObjectType &type, PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_type(type)
    , m_client(client)
{ }

StagedEdits::~StagedEdits() = default;

bool StagedEdits::stage(const QString &id, const QString &field, const QJsonValue &current,
                        const QJsonValue &value)
{
    const QJsonValue original
        = m_changes.isChanged(id, field) ? m_changes.originalValue(id, field) : current;
    return m_changes.stage(id, field, original, value);
}

ChangeSet StagedEdits::takeAll()
{
    ChangeSet changes = m_changes;
    m_changes.clear();
    return changes;
}

bool StagedEdits::save()
{
    if (m_changes.isEmpty() || isSaving() || !m_client)
        return false;
    const QStringList ids = m_changes.changedRecords();
    QList<QJsonObject> payloads;
    payloads.reserve(ids.size());
    for (const QString &id : ids)
        payloads.append(m_changes.payload(id));
    BulkUpsertJob *job = m_client->bulkUpsert(m_type, payloads);
    m_saveJob = job;
    connect(job, &BulkUpsertJob::finished, this,
            [this, ids](const BulkUpsertResult &result) { handleSaveFinished(ids, result); });
    job->start();
    return true;
}

void StagedEdits::handleSaveFinished(const QStringList &ids, const BulkUpsertResult &result)
{
    m_saveJob = nullptr;
    QSet<QString> saved;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const RowOutcome outcome = result.rows.value(i);
        switch (outcome.status) {
        case RowOutcome::Status::Created:
        case RowOutcome::Status::Updated:
        case RowOutcome::Status::Unchanged:
            saved.insert(ids.at(i));
            break;
        case RowOutcome::Status::Failed:
        case RowOutcome::Status::OutcomeUnknown:
        case RowOutcome::Status::Pending: {
            QString message = outcome.message;
            if (message.isEmpty())
                message = result.error.isError() ? result.error.toString()
                                                 : rowStatusName(outcome.status);
            m_changes.setSaveError(ids.at(i), message);
            break;
        }
        }
    }
    m_changes.discard(saved);
    Q_EMIT saveFinished(ids, result);
}

} // namespace Planhat
