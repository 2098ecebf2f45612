// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "importplan.h"
#include "importresults.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace Planhat {

class CsvReader;
class ImportJournal;
class PlanhatClient;
class RowConverter;
struct JournalState;

/// How far a run is, for a progress bar and a "time left" label.
struct ImportProgress
{
    qint64 rowsDone = 0; ///< rows with a final outcome (unchanged and invalid rows included)
    qint64 rowsTotal = 0;
    double rowsPerSecond = 0; ///< over the rows sent in this run so far
    double secondsLeft = -1; ///< -1 while unknown
};

/// What finished() reports.
struct ImportRunSummary
{
    qint64 created = 0;
    qint64 updated = 0;
    qint64 unchanged = 0;
    qint64 failed = 0;
    qint64 unknown = 0;
    qint64 pending = 0; ///< not sent because the run was cancelled or stopped
    bool cancelled = false;
    /// A chunk failed as a whole for want of a connection or a working server (after the
    /// client's retries): the run stopped there and can be resumed from the journal.
    bool stoppedByError = false;
    /// Nothing was sent: the file is not the one that was planned (edited since it was
    /// checked); lastError says so. Check the file again before importing.
    bool fileChanged = false;
    ApiError lastError; ///< the last request-level error, if any
    QString journalPath; ///< where the journal of this import is
    /// The first journal write that failed ("cannot write the journal FILE: reason"):
    /// outcomes after it are not on disk, so the import cannot be fully resumed or undone.
    QString journalError;
    bool allSucceeded() const { return failed == 0 && unknown == 0 && pending == 0; }

    /// A summary with the row counts of `results` (the flags and error left unset).
    static ImportRunSummary countsOf(const ImportResults &results);
};

/// Runs a plan: reads the file again, converts the rows to send (creates and updates) in
/// chunks of at most ImportSettings::chunkSize, and sends the chunks one after another
/// through PlanhatClient::bulkUpsert. Unchanged rows are not sent; invalid rows end as
/// failed with their problems. Before each chunk is sent, the journal records its rows and
/// the before-image of the objects it updates; after it, their outcomes. Asynchronous:
/// start(), progress signals, one finished() per start() or retryFailed().
///
/// Safety on a real tenant: nothing is sent when the file is no longer the one that was
/// planned; a row the plan matched to a record is sent with that record's `_id`, so the
/// server cannot match it to another record by another key; rows whose outcome a lost answer
/// left unknown are looked up in the tenant by their key before anything is sent again.
class ImportRunner : public QObject
{
    Q_OBJECT
public:
    ImportRunner(PlanhatClient *client, std::shared_ptr<const ImportPlan> plan,
                 QObject *parent = nullptr);
    ~ImportRunner() override;

    /// Journal to write (before start()); without one the run is not resumable.
    void setJournal(std::unique_ptr<ImportJournal> journal);
    /// Continue the import `state` describes (read from its journal): rows with a recorded
    /// outcome keep it and are not sent; rows of a chunk that was in flight when the import
    /// stopped are settled from the current tenant (the plan) so nothing is created twice.
    void setResumeState(const JournalState &state);

    /// Starts sending. finished() follows, also when there is nothing to send.
    void start();
    /// Stops after the chunk in flight; rows not sent stay pending (resumable). A run also
    /// stops by itself when a whole chunk is lost to the network or the server.
    void cancel();
    /// After finished(): sends the rows of results().failedRows() again (read and converted
    /// from the file again), then emits finished() once more.
    void retryFailed();

    bool isRunning() const { return m_running; }
    const ImportResults &results() const { return m_results; }
    const ImportPlan &plan() const { return *m_plan; }
    QString journalPath() const;

Q_SIGNALS:
    void progress(const Planhat::ImportProgress &progress);
    /// The client waits `milliseconds` for a rate limit before its next request.
    void rateLimitWaitStarted(int milliseconds);
    /// Chunk number `chunk` (counted over the runner's life, retries included) came back
    /// with outcomes for its `rowsInChunk` rows; results() holds them already.
    void chunkFinished(int chunk, qint64 rowsInChunk);
    void finished(const Planhat::ImportRunSummary &summary);

private:
    class Private;
    std::unique_ptr<Private> d;
    PlanhatClient *m_client;
    std::shared_ptr<const ImportPlan> m_plan;
    ImportResults m_results;
    bool m_running = false;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ImportProgress)
Q_DECLARE_METATYPE(Planhat::ImportRunSummary)
