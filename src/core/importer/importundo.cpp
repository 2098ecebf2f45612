// SPDX-License-Identifier: MIT
#include "importundo.h"

#include "api/planhatclient.h"

namespace Planhat {

namespace {
/// Deletes in flight at once: enough to keep the connection busy, few enough to stay far
/// below the API's parallel limit.
constexpr qint64 parallelDeletes = 4;
} // namespace

ImportUndo::ImportUndo(PlanhatClient *client, const ObjectType &type, const JournalState &state,
                       QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_type(type)
    , m_state(state)
    , m_toDelete(state.createdIds())
{ }

ImportUndo::~ImportUndo() = default;

qint64 ImportUndo::toRestore() const
{
    // Only objects this import really updated: an image of a row that then failed or was
    // unchanged restores nothing.
    qint64 count = 0;
    for (const QString &id : m_state.updatedIds())
        count += m_state.beforeImages.contains(id) ? 1 : 0;
    return count;
}

qint64 ImportUndo::toDelete() const
{
    return m_toDelete.size();
}

void ImportUndo::start()
{
    restore();
}

void ImportUndo::restore()
{
    QList<QJsonObject> objects;
    for (const QString &id : m_state.updatedIds()) {
        const auto image = m_state.beforeImages.constFind(id);
        if (image == m_state.beforeImages.constEnd())
            continue;
        QJsonObject object = image.value();
        object.insert(QStringLiteral("_id"), id);
        objects.append(object);
    }
    if (objects.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { deleteNext(); }, Qt::QueuedConnection);
        return;
    }
    BulkUpsertJob *job = m_client->bulkUpsert(m_type, objects);
    const qint64 total = toRestore() + toDelete();
    connect(job, &BulkUpsertJob::finished, this,
            [this, objects, total](const BulkUpsertResult &result) {
                for (qsizetype i = 0; i < result.rows.size(); ++i) {
                    const RowOutcome &row = result.rows.at(i);
                    if (row.status == RowOutcome::Status::Updated
                        || row.status == RowOutcome::Status::Unchanged) {
                        ++m_result.restored;
                    } else {
                        ++m_result.failed;
                        m_result.messages.append(
                            QStringLiteral("restore %1: %2")
                                .arg(objects.at(i).value(QStringLiteral("_id")).toString(),
                                     row.message));
                    }
                }
                if (result.error.isError())
                    m_result.lastError = result.error;
                Q_EMIT progress(m_result.restored + m_result.failed, total);
                deleteNext();
            });
    job->start();
}

void ImportUndo::deleteNext()
{
    const qint64 total = toRestore() + toDelete();
    while (m_inFlight < parallelDeletes && m_deleteIndex < m_toDelete.size()) {
        const QString id = m_toDelete.at(m_deleteIndex++);
        ++m_inFlight;
        ObjectJob *job = m_client->remove(m_type, id);
        connect(job, &ObjectJob::finished, this, [this, id, total](const ObjectResult &result) {
            --m_inFlight;
            if (!result.error.isError()) {
                ++m_result.deleted;
            } else if (result.error.kind() == ApiError::Kind::NotFound) {
                // Gone already (deleted by hand, or an earlier undo that was cut short).
                ++m_result.deleted;
            } else {
                ++m_result.failed;
                m_result.lastError = result.error;
                m_result.messages.append(
                    QStringLiteral("delete %1: %2").arg(id, result.error.toString()));
            }
            Q_EMIT progress(m_result.restored + m_result.deleted + m_result.failed, total);
            deleteNext();
        });
        job->start();
    }
    if (m_inFlight == 0 && m_deleteIndex >= m_toDelete.size())
        finish();
}

void ImportUndo::finish()
{
    if (m_result.failed == 0) {
        // Unrecorded, the import would still look undoable (and resumable): say so.
        QString error;
        std::unique_ptr<ImportJournal> journal = ImportJournal::openForAppend(m_state.path, &error);
        if (journal && !journal->recordUndone(m_result.restored, m_result.deleted))
            error = journal->errorString();
        m_result.journalError = error;
    }
    Q_EMIT finished(m_result);
}

} // namespace Planhat
