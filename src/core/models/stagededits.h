// SPDX-License-Identifier: MIT
#pragma once

#include "../api/bulkupsertjob.h"
#include "../data/changeset.h"
#include "../schema/objecttype.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace Planhat {

class PlanhatClient;

/// The edits of a table that are staged and not saved yet, and their save.
///
/// Holds the ChangeSet (original and new value per record and field, and the server's
/// message for records that failed to save) and runs the bulk upsert that sends them: only
/// the changed fields with `_id`, chunked by the client. Records the server rejects keep their
/// edits and carry its message. Writing values into the rows is the table's job.
class StagedEdits final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StagedEdits)
public:
    /// `client` is not owned and must outlive the saves.
    StagedEdits(const ObjectType &type, PlanhatClient *client, QObject *parent = nullptr);
    ~StagedEdits() override;

    const ChangeSet &changes() const { return m_changes; }
    bool isEmpty() const { return m_changes.isEmpty(); }
    /// Stages `value` for `field` of record `id`, whose value is `current` now (kept as the
    /// original on the first edit). Returns false when nothing changed.
    bool stage(const QString &id, const QString &field, const QJsonValue &current,
               const QJsonValue &value);
    /// Forgets every edit and returns them (to put the originals back).
    ChangeSet takeAll();
    /// Forgets the edits of these records (removed, so never to be saved).
    void discard(const QSet<QString> &ids) { m_changes.discard(ids); }

    /// Sends the edits. Returns false when there is nothing to send, a save runs or there is
    /// no client.
    bool save();
    bool isSaving() const { return bool(m_saveJob); }

Q_SIGNALS:
    /// A save ended: `ids` are the records sent; saved ones have no edits any more, failed
    /// ones keep theirs and a save error.
    void saveFinished(const QStringList &ids, const Planhat::BulkUpsertResult &result);

private:
    void handleSaveFinished(const QStringList &ids, const BulkUpsertResult &result);

    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    ChangeSet m_changes;
    QPointer<BulkUpsertJob> m_saveJob;
};

} // namespace Planhat
