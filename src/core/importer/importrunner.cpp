// SPDX-License-Identifier: MIT
#include "importrunner.h"

#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "importjournal.h"
#include "rowconverter.h"

#include <QFile>
#include <QHash>
#include <QPointer>

#include <algorithm>

namespace Planhat {

class ImportRunner::Private
{
public:
    explicit Private(ImportRunner *q)
        : q(q)
    { }

    void beginPass(const QList<qint64> &rows);
    void settleUnsentRows();
    bool readChunkObjects(const QList<qint64> &rows, QList<QJsonObject> *objects);
    void sendNextChunk();
    void handleChunk(const QList<qint64> &rows, const QStringList &keys,
                     const BulkUpsertResult &result);
    void lookUpMissingIds();
    void emitProgress();
    void finishPass();
    QString problemText(qint64 index) const;

    ImportRunner *q;
    std::unique_ptr<ImportJournal> m_journal;
    std::unique_ptr<RowConverter> m_converter;
    std::unique_ptr<QFile> m_file;
    std::unique_ptr<CsvReader> m_reader;
    CsvRow m_row;
    qint64 m_readIndex = -1; ///< data row index of m_row; -1 before the first
    QList<qint64> m_queue; ///< rows to send in this pass, ascending
    qsizetype m_queuePos = 0;
    int m_chunk = 0;
    bool m_cancelled = false;
    bool m_stoppedByError = false; ///< a chunk was lost with the connection: stop the pass
    QPointer<BulkUpsertJob> m_job;
    QElapsedTimer m_timer;
    qint64 m_sentThisPass = 0;
    ApiError m_lastError;
    QHash<qint64, QString> m_problemText; ///< invalid rows' problems, one line each
    bool m_resumed = false;
    QList<QPair<qint64, QString>> m_idLookups; ///< succeeded rows the server named no _id for
    int m_lookupsInFlight = 0;
};

ImportRunSummary ImportRunSummary::countsOf(const ImportResults &results)
{
    ImportRunSummary summary;
    summary.created = results.count(RowOutcome::Status::Created);
    summary.updated = results.count(RowOutcome::Status::Updated);
    summary.unchanged = results.count(RowOutcome::Status::Unchanged);
    summary.failed = results.count(RowOutcome::Status::Failed);
    summary.unknown = results.count(RowOutcome::Status::OutcomeUnknown);
    summary.pending = results.count(RowOutcome::Status::Pending);
    return summary;
}

ImportRunner::ImportRunner(PlanhatClient *client, std::shared_ptr<const ImportPlan> plan,
                           QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
    , m_client(client)
    , m_plan(std::move(plan))
    , m_results(m_plan->rowCount())
{
    connect(m_client, &PlanhatClient::rateLimitWaitStarted, this, [this](int milliseconds) {
        if (m_running)
            Q_EMIT rateLimitWaitStarted(milliseconds);
    });
    for (const ImportProblem &problem : m_plan->problems()) {
        QString &text = d->m_problemText[problem.row - 1];
        if (!text.isEmpty())
            text += QStringLiteral("; ");
        text += problem.column.isEmpty()
            ? problem.message
            : QStringLiteral("column \"%1\": %2").arg(problem.column, problem.message);
    }
}

ImportRunner::~ImportRunner()
{
    if (d->m_job)
        d->m_job->cancel();
}

void ImportRunner::setJournal(std::unique_ptr<ImportJournal> journal)
{
    d->m_journal = std::move(journal);
}

QString ImportRunner::journalPath() const
{
    return d->m_journal ? d->m_journal->path() : QString();
}

void ImportRunner::setResumeState(const JournalState &state)
{
    d->m_resumed = true;
    for (auto it = state.outcomes.constBegin(); it != state.outcomes.constEnd(); ++it) {
        if (it.key() >= 0 && it.key() < m_results.rowCount())
            m_results.set(it.key(), it.value());
    }
    // Rows that were on the wire when the import stopped, or came back failed or unknown:
    // the tenant now tells whether they arrived. A row planned as a create whose key now
    // exists was created by this import.
    const auto settle = [this](const JournalRow &row, bool wasUnknown) {
        if (row.index < 0 || row.index >= m_results.rowCount())
            return;
        const ExistingRecord *existing = m_plan->existingFor(row.index);
        const PlannedAction now = m_plan->row(row.index).action;
        if (existing && row.action == PlannedAction::Create) {
            m_results.set(row.index,
                          {RowOutcome::Status::Created, existing->id,
                           QStringLiteral("created before the import was "
                                          "interrupted")});
        } else if (existing && now == PlannedAction::Unchanged) {
            m_results.set(row.index,
                          {RowOutcome::Status::Updated, existing->id,
                           QStringLiteral("updated before the import was "
                                          "interrupted")});
        } else if (!existing && row.key.isEmpty() && wasUnknown) {
            m_results.set(row.index,
                          {RowOutcome::Status::OutcomeUnknown, QString(),
                           QStringLiteral("was being sent when the import stopped and has no "
                                          "key: it may have been created — check before "
                                          "retrying")});
        } else {
            // Sent again: with a key that is an upsert, without one it was never applied.
            m_results.set(row.index, RowOutcome());
        }
    };
    for (const JournalRow &row : state.inFlight)
        settle(row, true);
    for (const JournalRow &row : state.unsettled)
        settle(row, state.outcomes.value(row.index).status == RowOutcome::Status::OutcomeUnknown);
}

QString ImportRunner::Private::problemText(qint64 index) const
{
    const QString text = m_problemText.value(index);
    return text.isEmpty() ? QStringLiteral("invalid row (problem list was cut short)") : text;
}

void ImportRunner::Private::settleUnsentRows()
{
    // Rows the plan does not send get their final status now.
    const ImportPlan &plan = *q->m_plan;
    for (qint64 i = 0; i < plan.rowCount(); ++i) {
        if (q->m_results.row(i).status != RowOutcome::Status::Pending)
            continue;
        const PlannedRow &row = plan.row(i);
        if (row.action == PlannedAction::Invalid) {
            q->m_results.set(i,
                             {RowOutcome::Status::Failed, QString(),
                              QStringLiteral("not sent: ") + problemText(i)});
        } else if (row.action == PlannedAction::Unchanged) {
            const ExistingRecord *existing = plan.existingFor(i);
            q->m_results.set(
                i, {RowOutcome::Status::Unchanged, existing ? existing->id : QString(), QString()});
        }
    }
}

void ImportRunner::start()
{
    if (m_running)
        return;
    d->settleUnsentRows();
    QList<qint64> rows;
    for (qint64 i = 0; i < m_plan->rowCount(); ++i) {
        if (m_results.row(i).status == RowOutcome::Status::Pending)
            rows.append(i);
    }
    d->beginPass(rows);
}

void ImportRunner::retryFailed()
{
    if (m_running)
        return;
    QList<qint64> rows;
    for (const qint64 index : m_results.failedRows()) {
        const PlannedAction action = m_plan->row(index).action;
        if (action != PlannedAction::Create && action != PlannedAction::Update)
            continue; // invalid rows fail again the same way; nothing to send
        const RowOutcome &outcome = m_results.row(index);
        // A keyless create whose outcome is unknown may exist now: never send it twice.
        if (outcome.status == RowOutcome::Status::OutcomeUnknown && action == PlannedAction::Create
            && m_plan->settings().mapping.columnForField(m_plan->settings().keyField()) < 0)
            continue;
        m_results.set(index, RowOutcome());
        rows.append(index);
    }
    d->beginPass(rows);
}

void ImportRunner::cancel()
{
    d->m_cancelled = true;
}

void ImportRunner::Private::beginPass(const QList<qint64> &rows)
{
    q->m_running = true;
    m_cancelled = false;
    m_stoppedByError = false;
    m_queue = rows;
    m_queuePos = 0;
    m_sentThisPass = 0;
    m_lastError = ApiError();
    m_timer.start();
    const ImportSettings &settings = q->m_plan->settings();
    m_converter = std::make_unique<RowConverter>(settings.type, settings.mapping);
    m_reader.reset();
    m_file = std::make_unique<QFile>(settings.filePath);
    m_readIndex = -1;
    if (!m_queue.isEmpty()) {
        if (!m_file->open(QIODevice::ReadOnly)) {
            const QString message = QStringLiteral("cannot read %1: %2")
                                        .arg(settings.filePath, m_file->errorString());
            for (const qint64 index : std::as_const(m_queue))
                q->m_results.set(index, {RowOutcome::Status::Failed, QString(), message});
            m_queue.clear();
        } else {
            CsvOptions options = settings.csvOptions;
            options.fileName = settings.filePath;
            m_reader = std::make_unique<CsvReader>(m_file.get(), options);
        }
    }
    // Asynchronous even when there is nothing to send, as every job is.
    QMetaObject::invokeMethod(
        q, [this] { sendNextChunk(); }, Qt::QueuedConnection);
}

bool ImportRunner::Private::readChunkObjects(const QList<qint64> &rows, QList<QJsonObject> *objects)
{
    for (const qint64 index : rows) {
        while (m_readIndex < index) {
            if (!m_reader->readRow(m_row))
                return false;
            ++m_readIndex;
        }
        QStringList cells;
        cells.reserve(m_row.size());
        for (qsizetype i = 0; i < m_row.size(); ++i)
            cells.append(m_row.field(i).toString());
        QList<ImportProblem> problems;
        QJsonObject object = m_converter->convert(cells, index + 1, m_row.line(), &problems);
        q->m_plan->resolveReferences(&object);
        objects->append(object);
    }
    return true;
}

void ImportRunner::Private::sendNextChunk()
{
    if (m_cancelled || m_stoppedByError || m_queuePos >= m_queue.size()) {
        finishPass();
        return;
    }
    const ImportPlan &plan = *q->m_plan;
    const ImportSettings &settings = plan.settings();
    const qsizetype count = std::min<qsizetype>(std::max(1, std::min(settings.chunkSize, 5000)),
                                                m_queue.size() - m_queuePos);
    const QList<qint64> rows = m_queue.mid(m_queuePos, count);
    m_queuePos += count;

    QList<QJsonObject> objects;
    if (!readChunkObjects(rows, &objects)) {
        // The file is shorter than when it was planned: it changed under us.
        for (qsizetype i = objects.size(); i < rows.size(); ++i) {
            q->m_results.set(rows.at(i),
                             {RowOutcome::Status::Failed, QString(),
                              QStringLiteral("not sent: %1 changed since it was checked")
                                  .arg(settings.filePath)});
        }
        m_queuePos = m_queue.size();
    }

    QList<JournalRow> journalRows;
    QList<ExistingRecord> before;
    const QString keyField = settings.keyField();
    for (qsizetype i = 0; i < objects.size(); ++i) {
        const qint64 index = rows.at(i);
        const PlannedRow &row = plan.row(index);
        const QJsonValue key = objects.at(i).value(keyField);
        journalRows.append({index, row.action, key.isString() ? key.toString() : QString()});
        if (const ExistingRecord *existing = plan.existingFor(index)) {
            // Every mapped field, null where the object had none, so an undo can clear what
            // this import added.
            ExistingRecord image = *existing;
            QJsonObject custom = image.values.value(QStringLiteral("custom")).toObject();
            for (const ColumnMapping &column : settings.mapping.columns()) {
                if (column.isIgnored() || column.field == QLatin1String("_id"))
                    continue;
                if (column.field.startsWith(QLatin1String("custom."))) {
                    if (!custom.contains(column.field.mid(7)))
                        custom.insert(column.field.mid(7), QJsonValue::Null);
                } else if (!image.values.contains(column.field)) {
                    image.values.insert(column.field, QJsonValue::Null);
                }
            }
            if (!custom.isEmpty())
                image.values.insert(QStringLiteral("custom"), custom);
            before.append(image);
        }
    }
    if (objects.isEmpty()) {
        finishPass();
        return;
    }
    if (m_journal && !m_journal->recordChunkSending(m_chunk, journalRows, before)) {
        // Without the journal entry the chunk must not go out: it could not be resumed.
        m_lastError = ApiError(ApiError::Kind::BadRequest, 0, m_journal->errorString());
        for (qsizetype i = 0; i < objects.size(); ++i)
            q->m_results.set(rows.at(i),
                             {RowOutcome::Status::Failed, QString(),
                              QStringLiteral("not sent: ") + m_journal->errorString()});
        finishPass();
        return;
    }

    const QList<qint64> sentRows = rows.mid(0, objects.size());
    QStringList keys;
    for (const JournalRow &row : std::as_const(journalRows))
        keys.append(row.key);
    BulkUpsertJob *job = q->m_client->bulkUpsert(settings.type, objects);
    m_job = job;
    QObject::connect(job, &BulkUpsertJob::finished, q,
                     [this, sentRows, keys](const BulkUpsertResult &result) {
                         handleChunk(sentRows, keys, result);
                     });
    job->start();
}

void ImportRunner::Private::handleChunk(const QList<qint64> &rows, const QStringList &keys,
                                        const BulkUpsertResult &result)
{
    m_job = nullptr;
    QList<RowOutcome> outcomes;
    outcomes.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        RowOutcome outcome = i < result.rows.size() ? result.rows.at(i) : RowOutcome();
        if (outcome.status == RowOutcome::Status::Pending) {
            // The job never sent it (cancelled inside the job): still to do.
            continue;
        }
        if (outcome.id.isEmpty()) {
            if (const ExistingRecord *existing = q->m_plan->existingFor(rows.at(i)))
                outcome.id = existing->id;
        }
        // "No change" for a row the plan saw missing or different means an attempt of this
        // chunk that failed on the way back (a dropped answer) had applied it already.
        if (outcome.status == RowOutcome::Status::Unchanged) {
            const PlannedAction action = q->m_plan->row(rows.at(i)).action;
            if (action == PlannedAction::Create)
                outcome.status = RowOutcome::Status::Created;
            else if (action == PlannedAction::Update)
                outcome.status = RowOutcome::Status::Updated;
        }
        if (outcome.id.isEmpty() && !keys.value(i).isEmpty()
            && (outcome.status == RowOutcome::Status::Created
                || outcome.status == RowOutcome::Status::Updated))
            m_idLookups.append({rows.at(i), keys.value(i)});
        q->m_results.set(rows.at(i), outcome);
        outcomes.append(outcome);
    }
    if (result.error.isError()) {
        m_lastError = result.error;
        // The connection or the server is gone (the client has retried already): stop
        // here, with the rest pending, so the import can be resumed instead of every
        // further chunk failing the same way.
        const ApiError::Kind kind = result.error.kind();
        const bool lost = kind == ApiError::Kind::Network || kind == ApiError::Kind::Timeout
            || kind == ApiError::Kind::Server || kind == ApiError::Kind::RateLimited
            || kind == ApiError::Kind::Auth;
        const bool anyArrived
            = std::any_of(outcomes.cbegin(), outcomes.cend(), [](const RowOutcome &o) {
                  return o.status == RowOutcome::Status::Created
                      || o.status == RowOutcome::Status::Updated
                      || o.status == RowOutcome::Status::Unchanged;
              });
        if (lost && !anyArrived)
            m_stoppedByError = true;
    }
    m_sentThisPass += rows.size();
    if (m_journal)
        m_journal->recordChunkDone(m_chunk, rows.mid(0, outcomes.size()), outcomes);
    Q_EMIT q->chunkFinished(m_chunk, rows.size());
    ++m_chunk;
    emitProgress();
    sendNextChunk();
}

void ImportRunner::Private::emitProgress()
{
    ImportProgress progress;
    progress.rowsTotal = q->m_results.rowCount();
    progress.rowsDone = progress.rowsTotal - q->m_results.count(RowOutcome::Status::Pending);
    const double seconds = double(m_timer.nsecsElapsed()) / 1e9;
    if (seconds > 0 && m_sentThisPass > 0) {
        progress.rowsPerSecond = double(m_sentThisPass) / seconds;
        progress.secondsLeft = double(m_queue.size() - m_queuePos) / progress.rowsPerSecond;
    }
    Q_EMIT q->progress(progress);
}

void ImportRunner::Private::lookUpMissingIds()
{
    // One lean listing (the key and _id of every object) costs a few pages, where asking
    // for each row could cost thousands of requests after a lost chunk answer.
    const ImportSettings &settings = q->m_plan->settings();
    auto wanted = std::make_shared<QHash<QString, qint64>>();
    for (const auto &lookup : std::as_const(m_idLookups))
        wanted->insert(lookup.second, lookup.first);
    m_idLookups.clear();
    ++m_lookupsInFlight;
    ListQuery query;
    query.select = {QStringLiteral("_id"), settings.keyField()};
    ListJob *job = q->m_client->list(settings.type, query);
    const QString keyField = settings.keyField();
    QObject::connect(job, &ListJob::rowsReceived, q,
                     [this, wanted, keyField](const QList<QJsonObject> &objects) {
                         for (const QJsonObject &object : objects) {
                             const auto it = wanted->constFind(
                                 object.value(keyField).toVariant().toString().trimmed());
                             if (it == wanted->constEnd())
                                 continue;
                             RowOutcome outcome = q->m_results.row(it.value());
                             outcome.id = object.value(QStringLiteral("_id")).toString();
                             q->m_results.set(it.value(), outcome);
                         }
                     });
    QObject::connect(job, &ListJob::finished, q, [this](const ListResult &result) {
        --m_lookupsInFlight;
        if (result.error.isError())
            m_lastError = result.error;
        finishPass();
    });
    job->start();
}

void ImportRunner::Private::finishPass()
{
    // Rows that succeeded after a retry may lack their _id: the answer to the attempt that
    // applied them was lost. Ask for them by key before reporting.
    if (!m_idLookups.isEmpty() || m_lookupsInFlight > 0) {
        if (m_lookupsInFlight == 0)
            lookUpMissingIds();
        return;
    }
    m_reader.reset();
    m_file.reset();
    ImportRunSummary summary = ImportRunSummary::countsOf(q->m_results);
    summary.cancelled = m_cancelled;
    summary.stoppedByError = m_stoppedByError;
    summary.lastError = m_lastError;
    if (m_journal) {
        summary.journalPath = m_journal->path();
        if (summary.pending == 0)
            m_journal->recordFinished();
    }
    q->m_running = false;
    emitProgress();
    Q_EMIT q->finished(summary);
}

} // namespace Planhat
