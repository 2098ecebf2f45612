// SPDX-License-Identifier: MIT
#pragma once

#include "api/bulkupsertjob.h"
#include "filefingerprint.h"
#include "importplan.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <future>
#include <memory>

namespace Planhat {

/// One row of a chunk as the journal records it before sending.
struct JournalRow
{
    qint64 index = 0; ///< data row index (0 = data row 1)
    PlannedAction action = PlannedAction::Create;
    QString key; ///< the row's key value; empty when it has none
};

/// What a journal file says about an import, read back by ImportJournal::read().
struct JournalState
{
    QString path;
    QJsonObject settings; ///< ImportSettings::toJson()
    QString typeName;
    QString filePath;
    qint64 rowCount = 0;
    /// The file as it was when the import started (invalid in journals that lack it).
    FileFingerprint file;
    /// Outcomes recorded after chunks came back, by data row index.
    QHash<qint64, RowOutcome> outcomes;
    /// Rows of chunks that were recorded as sent but have no recorded outcome: the import
    /// stopped while they were in flight.
    QList<JournalRow> inFlight;
    /// Rows whose recorded outcome is failed or outcome unknown (a rejected row, or a chunk
    /// lost with the connection): a resume tries them again, keyless unknown ones excepted.
    QList<JournalRow> unsettled;
    /// Values of updated objects before the import changed them, by `_id` (the first image
    /// recorded for an object wins: later ones may already hold this import's values).
    QHash<QString, QJsonObject> beforeImages;
    bool finished = false; ///< the run reached its end (perhaps with failed rows)
    bool undone = false; ///< an undo completed

    /// `_id`s of objects this import created / updated, from the recorded outcomes.
    QStringList createdIds() const;
    QStringList updatedIds() const;
    /// Whether the import's file still has the bytes it had when the import started, so it
    /// can be resumed; false with `why` when it changed or is gone. Reads the whole file.
    bool fileUnchanged(QString *why) const;
};

/// The append-only record of one import that makes it resumable and undoable: a header
/// with the settings, then per chunk a "sending" entry (its rows, their planned actions
/// and keys, and the before-image of every object it updates) written and synced to disk
/// before the request goes out, and a "done" entry with the outcomes after it comes back.
/// A chunk may be recorded as sending while the one before it is still on the wire; one the
/// run then never sent gets a "withdrawn" entry.
/// One JSON object per line, so a line cut off by a crash is simply ignored on reading.
/// Lives in defaultDirectory() (the app's data directory) unless told otherwise.
class ImportJournal
{
public:
    ~ImportJournal();
    Q_DISABLE_COPY_MOVE(ImportJournal)

    /// <AppDataLocation of org "PlanhatAdmin", app "planhat-admin">/imports. The same for
    /// planhat-admin and planhat-cli whatever names the running program set.
    static QString defaultDirectory();

    /// Starts a new journal for `settings` (with `rowCount` data rows) in `directory`.
    /// `file` is the fingerprint of the file the plan was made from (ImportPlan::
    /// fileFingerprint()); without one the file is hashed now.
    static std::unique_ptr<ImportJournal> create(const QString &directory,
                                                 const ImportSettings &settings, qint64 rowCount,
                                                 QString *error, FileFingerprint file = {});
    /// Opens an existing journal to append to it (resume, undo).
    static std::unique_ptr<ImportJournal> openForAppend(const QString &path, QString *error);

    /// Reads a journal file; false with `error` when it is not one.
    static bool read(const QString &path, JournalState *state, QString *error);
    /// The newest journal in `directory` for `filePath` (absolute) and `typeName` whose run
    /// did not finish; empty when there is none.
    static QString findUnfinished(const QString &directory, const QString &filePath,
                                  const QString &typeName);

    QString path() const { return m_file.fileName(); }

    /// Each of these writes one line and syncs it to disk before returning; false (and a
    /// message in errorString()) when the disk refused.
    bool recordChunkSending(int chunk, const QList<JournalRow> &rows,
                            const QList<ExistingRecord> &beforeImages);
    /// recordChunkSending() in two steps, so the line can be made on a worker thread while
    /// the journal is written on its own: the "sending" line's bytes (pure, thread-safe),
    /// then writing and syncing them.
    static QByteArray chunkSendingLine(int chunk, const QList<JournalRow> &rows,
                                       const QList<ExistingRecord> &beforeImages);
    bool recordChunkSendingLine(const QByteArray &line);
    bool recordChunkDone(int chunk, const QList<qint64> &rows, const QList<RowOutcome> &outcomes);
    /// The chunk recorded last as sending under `chunk` never went out (it was journaled
    /// ahead, while the chunk before it was on the wire, and the run stopped): read() forgets
    /// that entry.
    bool recordChunkWithdrawn(int chunk);
    bool recordFinished();
    bool recordUndone(qint64 restored, qint64 deleted);
    QString errorString() const { return m_error; }

private:
    ImportJournal() = default;
    /// When an appended line is put on the disk: before append returns, or on a thread of
    /// its own (m_pendingSync), which the next append waits for.
    enum class Sync { Now, InBackground };
    bool append(const QJsonObject &entry, Sync sync = Sync::Now);
    bool appendLine(const QByteArray &line, Sync sync = Sync::Now);

    QFile m_file;
    QString m_error;
    /// A sync started by appendLine(Sync::InBackground) (create()'s header: the first sync
    /// of a new file can take a tenth of a second, while the run gets ready to send). The
    /// next line appended waits for it. Declared after m_file: it ends before the file closes.
    std::future<bool> m_pendingSync;
};

} // namespace Planhat
