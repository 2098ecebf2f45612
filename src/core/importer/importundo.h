// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "importjournal.h"

#include <QObject>
#include <QStringList>

namespace Planhat {

class PlanhatClient;

/// What an undo did.
struct ImportUndoResult
{
    qint64 restored = 0; ///< updated objects given their previous values back
    qint64 deleted = 0; ///< created objects deleted
    qint64 failed = 0;
    QStringList messages; ///< one line per failure ("delete 5f..: HTTP 404 ...")
    ApiError lastError;
    /// The journal could not record the undo (every change was undone all the same).
    QString journalError;
    bool allSucceeded() const { return failed == 0; }
};

/// Undoes an import from its journal: puts back the recorded previous values of every
/// object it updated (one bulk upsert by `_id`, fields that did not exist before are
/// cleared) and deletes every object it created. Ask the user first with the counts from
/// toRestore() and toDelete(). Asynchronous: start(), progress(), one finished().
class ImportUndo : public QObject
{
    Q_OBJECT
public:
    /// `type` is the journal's type with the tenant's custom fields applied.
    ImportUndo(PlanhatClient *client, const ObjectType &type, const JournalState &state,
               QObject *parent = nullptr);
    ~ImportUndo() override;

    qint64 toRestore() const;
    qint64 toDelete() const;

    void start();

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(const Planhat::ImportUndoResult &result);

private:
    void restore();
    void deleteNext();
    void finish();

    PlanhatClient *m_client;
    ObjectType m_type;
    JournalState m_state;
    QStringList m_toDelete;
    qint64 m_deleteIndex = 0;
    qint64 m_inFlight = 0;
    ImportUndoResult m_result;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ImportUndoResult)
