// SPDX-License-Identifier: MIT
#include "importrunner.h"

#include "api/bulkrows.h"
#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "data/fieldpath.h"
#include "flatimagetext.h"
#include "importjournal.h"
#include "importpolicy.h"
#include "referencelookup.h"
#include "rowconverter.h"

#include <QFile>
#include <QFuture>
#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>
#include <utility>

namespace Planhat {

class ImportRunner::Private
{
public:
    explicit Private(ImportRunner *q)
        : q(q)
    { }

    /// Runs `then` once the file is known to be the planned one; otherwise ends the pass
    /// with nothing sent.
    void checkFileThen(std::function<void()> then);
    void beginPass(const QList<qint64> &rows);
    QList<qint64> failedRowsToRetry();
    void settleUnsentRows();
    /// A chunk's rows read from the file and converted to the objects to send, with what
    /// the journal records before it goes out.
    struct ConvertedChunk
    {
        /// The request text of the first rows.size() rows of the chunk, made on the worker
        /// so the runner's thread only sends it.
        BulkRows rows;
        bool complete = true; ///< false: the file ended before the chunk's last row
        QString openError; ///< the file could not be opened: nothing was read
        QList<JournalRow> journalRows;
        /// The journal's "sending" line for the chunk, made on the worker (empty without a
        /// journal): the runner's thread only writes and syncs it.
        QByteArray sendingLine;
    };
    bool openReader();
    /// Reads up to data row `index` into m_row; false when the file ends first.
    bool readUpTo(qint64 index);
    /// How a row's converted values (RowConverter::convertValues()) become its bulk row
    /// without a QJsonObject, where the mapping allows (set up per pass in beginPass()).
    struct MemberLayout
    {
        bool usable = false; ///< false: rows go through a QJsonObject, as convert() makes
        QStringList names; ///< of the members, in the order a QJsonObject keeps them
        QList<int> memberValues; ///< per name: its index in the values; -1: none
        qsizetype idMember = -1; ///< the `_id` member
        QStringList customNames;
        QList<int> customValues;
        int keyValue = -1; ///< the value the key is read from; -1: the key field is not mapped
    };
    /// What a before-image holds for every row (set up per pass in beginPass()): each
    /// mapped field, null where the object had none, so an undo can clear what the import
    /// added.
    struct ImageFields
    {
        QStringList fields; ///< top-level fields
        QStringList customNames; ///< custom fields, by name
    };
    static ImageFields imageFields(const ImportSettings &settings);
    static MemberLayout memberLayout(const RowConverter &converter, const ImportSettings &settings);
    /// Runs on a worker thread: only the reader state (m_reader, m_openError, m_row,
    /// m_readIndex) is touched, and nothing else touches it while a conversion runs.
    ConvertedChunk convertChunk(const QList<qint64> &rows, int number, bool journaled);
    /// The chunk after the one on the wire: read and converted on the worker, then
    /// journaled while that one is still out, so the next request can leave as soon as the
    /// answer to the current one is in.
    struct PreparedChunk
    {
        QList<qint64> rows;
        ConvertedChunk converted;
        int number = 0; ///< its chunk number (journal, chunkFinished())
        bool journaled = false; ///< its "sending" entry is on disk
        QString journalError; ///< the journal refused its entry: it must not go out
    };
    void sendNextChunk();
    /// Takes the next rows off the queue and reads and converts them on the worker. Sent as
    /// soon as they are ready when `sendWhenReady`, else kept (journaled) for sendNextChunk().
    void prepareNextChunk(bool sendWhenReady);
    void journalPrepared(PreparedChunk *chunk);
    /// Journals the chunk if it is not yet, then sends it.
    void sendPrepared(PreparedChunk chunk);
    /// Drops the prepared chunk (the run stops): a journaled one is marked withdrawn, so a
    /// resume does not take its rows for rows that were on the wire. Waits for a running
    /// conversion, which reads through m_reader.
    void dropPrepared();
    /// Keeps the first journal write failure for the summary.
    void noteJournalError(const QString &message);
    /// Records in the journal the outcomes setResumeState() settled from the tenant, so an
    /// undo knows about them; false when the journal refused.
    bool recordSettledOnResume();
    /// The answer to the last request of `job` was a success: the next
    /// chunk, when it is ready (converted and journaled), goes out before the answer is
    /// mapped and recorded, so the server does not wait for that.
    void sendAhead(BulkUpsertJob *job);
    bool canSendPreparedNow() const;
    void handleChunk(BulkUpsertJob *job, int number, const QList<qint64> &rows,
                     const QStringList &keys, const BulkUpsertResult &result);
    /// Settles rows a lost answer left unknown from the tenant, then completes the chunk.
    void reconcileUnknown(int number, const QList<qint64> &rows, const QStringList &keys,
                          QList<RowOutcome> outcomes, const QList<qint64> &unknown);
    void completeChunk(int number, const QList<qint64> &rows, const QList<RowOutcome> &outcomes);
    /// `job`'s request is on the wire (or answered): runs the completions that waited.
    void uploadDone(BulkUpsertJob *job);
    /// Lists `_id` and the key field of every object of the type (lean), and calls `done`
    /// with the `_id`s found per key value among `wanted` (or the error).
    using IdsByKey = QHash<QString, QStringList>;
    void listIdsByKey(const QSet<QString> &wanted,
                      std::function<void(const IdsByKey &, const ApiError &)> done);
    void lookUpMissingIds();
    void emitProgress();
    void finishPass();
    QString problemText(qint64 index) const;

    ImportRunner *q;
    std::unique_ptr<ImportJournal> m_journal;
    std::unique_ptr<RowConverter> m_converter;
    MemberLayout m_layout; ///< for m_converter
    ImageFields m_imageFields;
    ImportPolicy::KeyNormalizer m_keyNormalizer; ///< of the key field
    std::unique_ptr<TableReader> m_reader; ///< the import's file, CSV or workbook
    QString m_openError; ///< why openReader() failed
    CsvRow m_row;
    qint64 m_readIndex = -1; ///< data row index of m_row; -1 before the first
    QList<qint64> m_queue; ///< rows to send in this pass, ascending
    qsizetype m_queuePos = 0;
    /// Chunks sent whose outcomes are not recorded yet: two while the next one went out
    /// before the answer to the one before was handled (sendAhead()).
    int m_openChunks = 0;
    bool m_cancelled = false;
    bool m_stoppedByError = false; ///< a chunk was lost with the connection: stop the pass
    QPointer<BulkUpsertJob> m_job; ///< the job whose answer has not arrived yet
    /// The job whose request body is still fetched through this thread, piece by piece
    /// (BulkUpsertJob::requestSent()): completing a chunk waits for it (m_afterUpload).
    QPointer<BulkUpsertJob> m_uploading;
    QList<std::function<void()>> m_afterUpload; ///< chunk completions waiting for that
    QElapsedTimer m_timer;
    qint64 m_sentThisPass = 0;
    ApiError m_lastError;
    QHash<qint64, QString> m_problemText; ///< invalid rows' problems, one line each
    bool m_resumed = false;
    QList<QPair<qint64, QString>> m_idLookups; ///< succeeded rows the server named no _id for
    int m_lookupsInFlight = 0;
    QHash<qint64, int> m_resends; ///< rows sent again after a reconciliation, and how often
    bool m_fileChanged = false;
    QFuture<ConvertedChunk> m_conversion; ///< the chunk being read and converted, if any
    bool m_preparing = false; ///< m_conversion runs for the next chunk
    bool m_sendWhenReady = false; ///< nothing is on the wire: send the chunk once converted
    quint64 m_generation = 0; ///< bumped when a conversion's result is no longer wanted
    std::optional<PreparedChunk> m_prepared; ///< converted (and journaled), not sent yet
    int m_nextChunk = 0; ///< the number the next prepared chunk gets
    QString m_journalError; ///< the first journal write that failed in this pass
    QList<qint64> m_settledOnResume; ///< rows setResumeState() gave a final outcome
};

namespace {

/// Rows a lost answer left unknown are sent again after a reconciliation at most this often.
constexpr int maxResends = 5;

} // namespace

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
    // The worker reads the file through d: it must be done before d goes.
    d->m_conversion.waitForFinished();
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
    d->m_settledOnResume.clear();
    const auto settle = [this](const JournalRow &row, bool wasUnknown) {
        if (row.index < 0 || row.index >= m_results.rowCount())
            return;
        d->m_settledOnResume.append(row.index);
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
    m_running = true;
    d->m_journalError.clear();
    d->checkFileThen([this] {
        d->settleUnsentRows();
        QList<qint64> rows;
        for (qint64 i = 0; i < m_plan->rowCount(); ++i) {
            if (m_results.row(i).status == RowOutcome::Status::Pending)
                rows.append(i);
        }
        if (!d->recordSettledOnResume()) {
            // Sending more while the journal refuses would leave an import nobody can undo.
            d->beginPass({});
            d->m_lastError = ApiError(ApiError::Kind::BadRequest, 0, d->m_journalError);
            return;
        }
        d->beginPass(rows);
    });
}

void ImportRunner::retryFailed()
{
    if (m_running)
        return;
    m_running = true;
    d->m_journalError.clear();
    d->checkFileThen([this] { d->beginPass(d->failedRowsToRetry()); });
}

QList<qint64> ImportRunner::Private::failedRowsToRetry()
{
    ImportResults &results = q->m_results;
    const ImportPlan &plan = *q->m_plan;
    QList<qint64> rows;
    for (const qint64 index : results.failedRows()) {
        const PlannedAction action = plan.row(index).action;
        if (action != PlannedAction::Create && action != PlannedAction::Update)
            continue; // invalid rows fail again the same way; nothing to send
        const RowOutcome &outcome = results.row(index);
        // A keyless create whose outcome is unknown may exist now: never send it twice.
        if (outcome.status == RowOutcome::Status::OutcomeUnknown && action == PlannedAction::Create
            && plan.settings().mapping.columnForField(plan.settings().keyField()) < 0)
            continue;
        results.set(index, RowOutcome());
        rows.append(index);
    }
    return rows;
}

void ImportRunner::Private::checkFileThen(std::function<void()> then)
{
    const ImportPlan &plan = *q->m_plan;
    const FileFingerprint planned = plan.fileFingerprint();
    if (!planned.isValid()) {
        // A plan made without reading a file (tests that build plans directly).
        QMetaObject::invokeMethod(q, std::move(then), Qt::QueuedConnection);
        return;
    }
    // Hashing reads the whole file: not on the caller's (GUI) thread.
    auto *watcher = new QFutureWatcher<FileFingerprint>(q);
    const QString path = plan.settings().filePath;
    QObject::connect(watcher, &QFutureWatcher<FileFingerprint>::finished, q,
                     [this, watcher, planned, path, then = std::move(then)] {
                         watcher->deleteLater();
                         const FileFingerprint now = watcher->result();
                         if (now == planned) {
                             then();
                             return;
                         }
                         m_fileChanged = true;
                         m_lastError = ApiError(
                             ApiError::Kind::BadRequest, 0,
                             now.isValid() ? QStringLiteral("%1 changed since it was checked; "
                                                            "nothing was sent: check it again "
                                                            "before importing")
                                                 .arg(path)
                                           : QStringLiteral("%1 cannot be read any more; "
                                                            "nothing was sent")
                                                 .arg(path));
                         finishPass();
                     });
    watcher->setFuture(QtConcurrent::run(&FileFingerprint::of, path));
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
    m_fileChanged = false;
    m_resends.clear();
    dropPrepared();
    m_queue = rows;
    m_queuePos = 0;
    m_openChunks = 0;
    m_sentThisPass = 0;
    m_lastError = ApiError();
    m_timer.start();
    const ImportSettings &settings = q->m_plan->settings();
    m_converter = std::make_unique<RowConverter>(settings.type, settings.mapping);
    m_layout = memberLayout(*m_converter, settings);
    m_imageFields = imageFields(settings);
    m_keyNormalizer = ImportPolicy::KeyNormalizer(settings.keyField());
    // The first conversion opens the file (on the worker: opening can block too).
    m_reader.reset();
    m_readIndex = -1;
    // Asynchronous even when there is nothing to send, as every job is.
    QMetaObject::invokeMethod(
        q, [this] { sendNextChunk(); }, Qt::QueuedConnection);
}

bool ImportRunner::Private::openReader()
{
    const ImportSettings &settings = q->m_plan->settings();
    m_readIndex = -1;
    m_reader = TableReader::open(settings.filePath, settings.tableOptions(), &m_openError);
    return m_reader != nullptr;
}

bool ImportRunner::Private::readUpTo(qint64 index)
{
    while (m_readIndex < index) {
        if (!m_reader->readRow(m_row))
            return false;
        ++m_readIndex;
    }
    return true;
}

ImportRunner::Private::MemberLayout
ImportRunner::Private::memberLayout(const RowConverter &converter, const ImportSettings &settings)
{
    MemberLayout layout;
    const QList<FieldSpec> fields = converter.mappedFields();
    const QString keyField = settings.keyField();
    QSet<QString> names;
    for (int i = 0; i < fields.size(); ++i) {
        const FieldSpec &field = fields.at(i);
        const QString name = field.isCustom() ? field.customKey() : field.name;
        const bool ascii
            = std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x80; });
        // A reference is resolved in an object (ImportPlan::resolveReferences()); a name
        // twice, or one a QJsonObject might order otherwise: that path, as before.
        if (ReferenceLookup::targetOf(field) || !ascii || name == QLatin1String("custom")
            || names.contains(field.name))
            return {};
        names.insert(field.name);
        if (field.isCustom()) {
            layout.customNames.append(name);
            layout.customValues.append(i);
        } else {
            layout.names.append(name);
            layout.memberValues.append(i);
        }
        if (field.name == keyField)
            layout.keyValue = i;
    }
    // The key is read by FieldPath: a top-level field or a custom one are the mapped values.
    if (!FieldPath::isCustom(keyField) && keyField.contains(QLatin1Char('.')))
        return {};
    const QString id = QStringLiteral("_id");
    if (!names.contains(id)) {
        layout.names.append(id);
        layout.memberValues.append(-1);
    }
    // In the order a QJsonObject keeps its keys (by UTF-16 code units; ASCII here).
    const auto sortTogether = [](QStringList *names, QList<int> *values) {
        QList<int> order(names->size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [names](int a, int b) { return names->at(a) < names->at(b); });
        QStringList sortedNames;
        QList<int> sortedValues;
        for (const int i : std::as_const(order)) {
            sortedNames.append(names->at(i));
            sortedValues.append(values->at(i));
        }
        *names = sortedNames;
        *values = sortedValues;
    };
    sortTogether(&layout.names, &layout.memberValues);
    sortTogether(&layout.customNames, &layout.customValues);
    layout.idMember = layout.names.indexOf(id);
    layout.usable = true;
    return layout;
}

ImportRunner::Private::ImageFields
ImportRunner::Private::imageFields(const ImportSettings &settings)
{
    ImageFields image;
    for (const ColumnMapping &column : settings.mapping.columns()) {
        if (column.isIgnored() || column.field == QLatin1String("_id"))
            continue;
        if (FieldPath::isCustom(column.field))
            image.customNames.append(FieldPath::customName(column.field));
        else
            image.fields.append(column.field);
    }
    return image;
}

void ImportRunner::Private::sendNextChunk()
{
    if (m_cancelled || m_stoppedByError) {
        dropPrepared();
        finishPass();
        return;
    }
    if (m_prepared) {
        PreparedChunk chunk = std::move(*m_prepared);
        m_prepared.reset();
        sendPrepared(std::move(chunk));
        return;
    }
    if (m_preparing) {
        m_sendWhenReady = true; // still being read: it leaves when it is ready
        return;
    }
    if (m_queuePos >= m_queue.size()) {
        finishPass();
        return;
    }
    prepareNextChunk(true);
}

void ImportRunner::Private::prepareNextChunk(bool sendWhenReady)
{
    const ImportSettings &settings = q->m_plan->settings();
    const qsizetype count = std::min<qsizetype>(std::max(1, std::min(settings.chunkSize, 5000)),
                                                m_queue.size() - m_queuePos);
    const QList<qint64> rows = m_queue.mid(m_queuePos, count);
    m_queuePos += count;
    m_preparing = true;
    m_sendWhenReady = sendWhenReady;
    const int number = m_nextChunk++;
    const quint64 generation = m_generation;

    // Reading and converting up to 5,000 rows takes a while: not on the runner's (the GUI)
    // thread. One conversion at a time, so the reader is never shared.
    auto *watcher = new QFutureWatcher<ConvertedChunk>(q);
    QObject::connect(watcher, &QFutureWatcher<ConvertedChunk>::finished, q,
                     [this, watcher, rows, number, generation] {
                         watcher->deleteLater();
                         if (generation != m_generation)
                             return; // dropped: the pass ended or began again
                         PreparedChunk chunk {rows, watcher->result(), number, false, {}};
                         m_conversion = QFuture<ConvertedChunk>();
                         m_preparing = false;
                         if (m_sendWhenReady) {
                             m_sendWhenReady = false;
                             sendPrepared(std::move(chunk));
                             return;
                         }
                         // The chunk before is on the wire: journal this one meanwhile.
                         journalPrepared(&chunk);
                         m_prepared = std::move(chunk);
                     });
    const bool journaled = m_journal != nullptr;
    m_conversion = QtConcurrent::run(
        [this, rows, number, journaled] { return convertChunk(rows, number, journaled); });
    watcher->setFuture(m_conversion);
}

void ImportRunner::Private::journalPrepared(PreparedChunk *chunk)
{
    const ConvertedChunk &converted = chunk->converted;
    if (!m_journal || chunk->journaled || !chunk->journalError.isEmpty()
        || !converted.openError.isEmpty() || converted.rows.isEmpty() || m_cancelled
        || m_stoppedByError)
        return;
    if (m_journal->recordChunkSendingLine(converted.sendingLine))
        chunk->journaled = true;
    else
        chunk->journalError = m_journal->errorString();
}

void ImportRunner::Private::dropPrepared()
{
    if (m_preparing) {
        m_conversion.waitForFinished();
        m_conversion = QFuture<ConvertedChunk>();
        m_preparing = false;
        m_sendWhenReady = false;
        --m_nextChunk;
    }
    ++m_generation;
    if (!m_prepared)
        return;
    if (m_prepared->journaled && !m_journal->recordChunkWithdrawn(m_prepared->number))
        noteJournalError(m_journal->errorString());
    // Its number was never used on the wire: the next chunk sent takes it.
    m_nextChunk = m_prepared->number;
    m_prepared.reset();
}

ImportRunner::Private::ConvertedChunk
ImportRunner::Private::convertChunk(const QList<qint64> &rows, int number, bool journaled)
{
    ConvertedChunk chunk;
    if (!m_reader && !openReader()) {
        chunk.openError = m_openError;
        return chunk;
    }
    const ImportPlan &plan = *q->m_plan;
    const ImportSettings &settings = plan.settings();
    chunk.rows = BulkRows(settings.type);
    QList<JournalRow> &journalRows = chunk.journalRows;
    journalRows.reserve(rows.size());
    QList<ExistingRecord> before;
    before.reserve(rows.size());
    const QString keyField = settings.keyField();
    const MemberLayout &layout = m_layout;
    const BulkRows::Shape shape = chunk.rows.shape(layout.names, layout.customNames);
    QList<JsonCell> memberValues(layout.names.size());
    QList<JsonCell> customValues(layout.customNames.size());
    QStringList cells;
    QList<RowConverter::Value> values;
    QList<ImportProblem> problems; // the plan has them already
    // Rows sent again after a reconciliation lie behind the reader: read from the start.
    if (!rows.isEmpty() && rows.constFirst() < m_readIndex && !openReader())
        chunk.complete = false;
    for (qsizetype i = 0; chunk.complete && i < rows.size(); ++i) {
        const qint64 index = rows.at(i);
        if (!readUpTo(index)) {
            chunk.complete = false;
            break;
        }
        cells.resize(m_row.size());
        for (qsizetype c = 0; c < m_row.size(); ++c)
            cells[c] = m_row.field(c).toString();
        problems.clear();
        const ExistingRecord *existing = plan.existingFor(index);
        QJsonObject object;
        JsonCell keyValue = JsonCell::none();
        if (layout.usable) {
            m_converter->convertValues(cells, index + 1, m_row.line(), &problems, &values);
            if (layout.keyValue >= 0)
                keyValue = values.at(layout.keyValue);
        } else {
            object = m_converter->convert(cells, index + 1, m_row.line(), &problems);
            plan.resolveReferences(&object);
            keyValue.json = ImportPolicy::keyValue(object, keyField);
        }
        journalRows.append({index, plan.row(index).action, m_keyNormalizer.key(keyValue)});
        if (layout.usable) {
            for (qsizetype m = 0; m < memberValues.size(); ++m) {
                const int value = layout.memberValues.at(m);
                memberValues[m] = value >= 0 ? values.at(value) : JsonCell::none();
            }
            for (qsizetype m = 0; m < customValues.size(); ++m)
                customValues[m] = values.at(layout.customValues.at(m));
        }
        if (existing) {
            // The planner matched this row to that record: address it by `_id`, so the
            // server cannot match it to another record by sourceId or externalId (or create
            // one because the type has no keyable for the chosen key).
            if (layout.usable)
                memberValues[layout.idMember] = JsonCell::ofText(existing->id);
            else
                object.insert(QStringLiteral("_id"), existing->id);
            // Every mapped field, null where the object had none, so an undo can clear what
            // this import added.
            ExistingRecord image = *existing;
            // A text image (flat: no custom fields) that has every mapped field has nothing
            // to add and goes to the journal as it is; any other is filled in as an object.
            const bool completeText = !image.imageText.isEmpty()
                && m_imageFields.customNames.isEmpty()
                && FlatImageText::memberCount(image.imageText) == m_imageFields.fields.size();
            if (!completeText) {
                image.values = image.beforeImage();
                image.imageText.clear();
                for (const QString &field : m_imageFields.fields) {
                    if (!image.values.contains(field))
                        image.values.insert(field, QJsonValue::Null);
                }
                if (!m_imageFields.customNames.isEmpty()) {
                    QJsonObject custom = image.values.value(QStringLiteral("custom")).toObject();
                    for (const QString &name : m_imageFields.customNames) {
                        if (!custom.contains(name))
                            custom.insert(name, QJsonValue::Null);
                    }
                    image.values.insert(QStringLiteral("custom"), custom);
                }
            }
            before.append(image);
        }
        if (layout.usable)
            chunk.rows.append(shape, memberValues, customValues);
        else
            chunk.rows.append(object);
    }
    if (journaled)
        chunk.sendingLine = ImportJournal::chunkSendingLine(number, journalRows, before);
    return chunk;
}

void ImportRunner::Private::sendPrepared(PreparedChunk prepared)
{
    const QList<qint64> &rows = prepared.rows;
    ConvertedChunk &chunk = prepared.converted;
    const ImportPlan &plan = *q->m_plan;
    const ImportSettings &settings = plan.settings();
    if (!chunk.openError.isEmpty()) {
        // Nothing can be read: every row still queued fails with the reason.
        // TableReader's reason names the file (and the sheet where it applies).
        const QString &message = chunk.openError;
        for (qsizetype i = m_queuePos - rows.size(); i < m_queue.size(); ++i)
            q->m_results.set(m_queue.at(i), {RowOutcome::Status::Failed, QString(), message});
        m_queuePos = m_queue.size();
        finishPass();
        return;
    }
    const qsizetype converted = chunk.rows.size();
    if (!chunk.complete) {
        // The file is shorter than when it was planned: it changed under us.
        for (qsizetype i = converted; i < rows.size(); ++i) {
            q->m_results.set(rows.at(i),
                             {RowOutcome::Status::Failed, QString(),
                              QStringLiteral("not sent: %1 changed since it was checked")
                                  .arg(settings.filePath)});
        }
        m_queuePos = m_queue.size();
    }
    if (converted == 0 || m_cancelled) {
        // Cancelled while the chunk was read: it was not sent, so its rows stay pending
        // (resumable).
        m_prepared = std::move(prepared);
        dropPrepared();
        finishPass();
        return;
    }
    const QList<JournalRow> &journalRows = chunk.journalRows;
    journalPrepared(&prepared);
    if (!prepared.journalError.isEmpty()) {
        // Without the journal entry the chunk must not go out: it could not be resumed.
        const QString &reason = prepared.journalError;
        noteJournalError(reason);
        m_lastError = ApiError(ApiError::Kind::BadRequest, 0, reason);
        for (qsizetype i = 0; i < converted; ++i)
            q->m_results.set(
                rows.at(i),
                {RowOutcome::Status::Failed, QString(), QStringLiteral("not sent: ") + reason});
        m_nextChunk = prepared.number;
        finishPass();
        return;
    }
    const int number = prepared.number;
    const QList<qint64> sentRows = rows.mid(0, converted);
    QStringList keys;
    keys.reserve(journalRows.size());
    for (const JournalRow &row : std::as_const(journalRows))
        keys.append(row.key);
    BulkUpsertJob *job = q->m_client->bulkUpsert(chunk.rows);
    m_job = job;
    ++m_openChunks;
    QObject::connect(job, &BulkUpsertJob::lastRequestSucceeded, q, [this, job] { sendAhead(job); });
    m_uploading = job;
    QObject::connect(job, &BulkUpsertJob::requestSent, q, [this, job] { uploadDone(job); });
    QObject::connect(job, &BulkUpsertJob::finished, q,
                     [this, job, number, sentRows, keys](const BulkUpsertResult &result) {
                         handleChunk(job, number, sentRows, keys, result);
                     });
    job->start();
    // While this chunk is on the wire, the next one is read, converted and journaled.
    if (m_queuePos < m_queue.size())
        prepareNextChunk(false);
}

bool ImportRunner::Private::canSendPreparedNow() const
{
    return m_prepared && m_prepared->journaled && !m_cancelled && !m_stoppedByError
        && m_prepared->converted.openError.isEmpty() && m_prepared->converted.complete
        && !m_prepared->converted.rows.isEmpty();
}

void ImportRunner::Private::sendAhead(BulkUpsertJob *job)
{
    // Answered, so its body was sent: the chunk completion that waited for that (when the
    // connection reports no upload progress) is done first.
    uploadDone(job);
    // Only when this chunk is the one open: no chunk went ahead already, and no lookup
    // after a lost answer is under way. Its outcomes are recorded when it finishes, while
    // the chunk sent now is on the wire.
    if (job != m_job || m_openChunks != 1 || !canSendPreparedNow())
        return;
    m_job = nullptr;
    sendNextChunk();
}

void ImportRunner::Private::uploadDone(BulkUpsertJob *job)
{
    if (job != m_uploading)
        return;
    m_uploading = nullptr;
    const QList<std::function<void()>> waiting = std::exchange(m_afterUpload, {});
    for (const std::function<void()> &complete : waiting)
        complete();
}

void ImportRunner::Private::handleChunk(BulkUpsertJob *job, int number, const QList<qint64> &rows,
                                        const QStringList &keys, const BulkUpsertResult &result)
{
    if (m_job == job)
        m_job = nullptr;
    // A chunk that waited for this one's request to leave is completed first, in order.
    uploadDone(job);
    QList<RowOutcome> outcomes;
    outcomes.reserve(rows.size());
    QList<qint64> unknown;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        RowOutcome outcome = i < result.rows.size() ? result.rows.at(i) : RowOutcome();
        if (outcome.status == RowOutcome::Status::Pending) {
            // The job never sent it (cancelled inside the job): still to do.
            break;
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
        if (outcome.status == RowOutcome::Status::OutcomeUnknown && !keys.value(i).isEmpty())
            unknown.append(i);
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
    if (!unknown.isEmpty()) {
        reconcileUnknown(number, rows.mid(0, outcomes.size()), keys, outcomes, unknown);
        return;
    }
    if (m_uploading) { // another job: uploadDone(job) above ended this one's wait
        // The chunk sent ahead fetches its body through this thread: recording these
        // outcomes (journal, results file) now would keep the server waiting for it.
        m_afterUpload.append([this, number, sent = rows.mid(0, outcomes.size()), outcomes] {
            completeChunk(number, sent, outcomes);
        });
        return;
    }
    completeChunk(number, rows.mid(0, outcomes.size()), outcomes);
}

void ImportRunner::Private::reconcileUnknown(int number, const QList<qint64> &rows,
                                             const QStringList &keys, QList<RowOutcome> outcomes,
                                             const QList<qint64> &unknown)
{
    QSet<QString> wanted;
    for (const qint64 i : unknown)
        wanted.insert(keys.at(i));
    listIdsByKey(
        wanted,
        [this, number, rows, keys, outcomes, unknown](const IdsByKey &idsByKey,
                                                      const ApiError &error) mutable {
            if (error.isError()) {
                // The tenant cannot tell now: the rows stay unknown; a resume settles them.
                m_lastError = error;
                completeChunk(number, rows, outcomes);
                return;
            }
            // The tenant answered the listing: the chunk was lost to a passing fault, not to
            // a connection that is gone. Carry on (sending again what did not arrive) rather
            // than stopping the run, unless the token itself was refused.
            if (m_stoppedByError && m_lastError.kind() != ApiError::Kind::Auth)
                m_stoppedByError = false;
            QList<qint64> resend;
            const ImportPlan &plan = *q->m_plan;
            for (const qint64 i : unknown) {
                const qint64 index = rows.at(i);
                const QStringList ids = idsByKey.value(keys.at(i));
                const ExistingRecord *existing = plan.existingFor(index);
                RowOutcome &outcome = outcomes[i];
                if (!existing && ids.size() == 1) {
                    outcome = {RowOutcome::Status::Created, ids.constFirst(),
                               QStringLiteral("the answer was lost; the tenant shows it was "
                                              "created")};
                } else if (ids.size() > 1) {
                    outcome.message = QStringLiteral("the answer was lost, and %1 records now have "
                                                     "this key (%2): check them before retrying")
                                          .arg(ids.size())
                                          .arg(ids.join(QStringLiteral(", ")));
                } else if (existing || ids.isEmpty()) {
                    // Not created yet, or an update by `_id`: sending it (again) is safe. It
                    // is pending until then; a resume or a retry sends what this run does not.
                    outcome = RowOutcome();
                    if (!m_stoppedByError && !m_cancelled && m_resends.value(index) < maxResends) {
                        ++m_resends[index];
                        resend.append(index);
                    }
                }
            }
            if (!resend.isEmpty()) {
                // These rows lie before the rest of the queue: send them next, in file order.
                m_queue.insert(m_queuePos, resend.size(), 0);
                std::copy(resend.cbegin(), resend.cend(), m_queue.begin() + m_queuePos);
            }
            completeChunk(number, rows, outcomes);
        });
}

void ImportRunner::Private::completeChunk(int number, const QList<qint64> &rows,
                                          const QList<RowOutcome> &outcomes)
{
    --m_openChunks;
    QList<qint64> settledRows;
    QList<RowOutcome> settled;
    for (qsizetype i = 0; i < rows.size() && i < outcomes.size(); ++i) {
        q->m_results.set(rows.at(i), outcomes.at(i));
        // A pending row was not settled: the journal keeps it in flight until it is.
        if (outcomes.at(i).status == RowOutcome::Status::Pending)
            continue;
        settledRows.append(rows.at(i));
        settled.append(outcomes.at(i));
    }
    m_sentThisPass += rows.size();
    if (m_journal && !m_journal->recordChunkDone(number, settledRows, settled)) {
        // Outcomes that are not on disk cannot be resumed or undone: stop here.
        noteJournalError(m_journal->errorString());
        m_lastError = ApiError(ApiError::Kind::BadRequest, 0,
                               QStringLiteral("the import journal could not be written: %1")
                                   .arg(m_journal->errorString()));
        m_stoppedByError = true;
    }
    // A next chunk that is ready (converted and journaled) leaves first: what listens to
    // chunkFinished() (a results file written as outcomes arrive, progress) then works while
    // it is on the wire instead of before it.
    // With another chunk still open (sent ahead), that one carries the run on when it ends.
    const bool othersOpen = m_openChunks > 0;
    const bool sendFirst = !othersOpen && canSendPreparedNow();
    if (sendFirst)
        sendNextChunk();
    Q_EMIT q->chunkFinished(number, rows.size());
    emitProgress();
    if (!sendFirst && !othersOpen)
        sendNextChunk();
}

bool ImportRunner::Private::recordSettledOnResume()
{
    QList<qint64> rows;
    QList<RowOutcome> outcomes;
    for (const qint64 index : std::as_const(m_settledOnResume)) {
        const RowOutcome &outcome = q->m_results.row(index);
        if (outcome.status == RowOutcome::Status::Pending)
            continue; // sent again in this run: its outcome is recorded then
        rows.append(index);
        outcomes.append(outcome);
    }
    m_settledOnResume.clear();
    if (!m_journal || rows.isEmpty() || m_journal->recordChunkDone(m_nextChunk, rows, outcomes))
        return true;
    noteJournalError(m_journal->errorString());
    return false;
}

void ImportRunner::Private::noteJournalError(const QString &message)
{
    if (m_journalError.isEmpty())
        m_journalError = message;
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

void ImportRunner::Private::listIdsByKey(
    const QSet<QString> &wanted, std::function<void(const IdsByKey &, const ApiError &)> done)
{
    // One lean listing (the key and _id of every object) costs a few pages, where asking
    // for each row could cost thousands of requests after a lost chunk answer.
    const QString keyField = q->m_plan->settings().keyField();
    auto found = std::make_shared<IdsByKey>();
    ListQuery query;
    query.select = {QStringLiteral("_id"), ImportPolicy::listedField(keyField)};
    ListJob *job = q->m_client->list(q->m_plan->settings().type, query);
    QObject::connect(job, &ListJob::rowsReceived, q,
                     [found, wanted, keyField](const QList<QJsonObject> &objects) {
                         for (const QJsonObject &object : objects) {
                             const QStringList keys = ImportPolicy::normalizedKeys(
                                 ImportPolicy::keyValue(object, keyField), keyField);
                             for (const QString &key : keys) {
                                 if (wanted.contains(key))
                                     (*found)[key].append(
                                         object.value(QLatin1String("_id")).toString());
                             }
                         }
                     });
    QObject::connect(
        job, &ListJob::finished, q,
        [found, done = std::move(done)](const ListResult &result) { done(*found, result.error); });
    job->start();
}

void ImportRunner::Private::lookUpMissingIds()
{
    QSet<QString> wanted;
    QHash<QString, qint64> rowByKey;
    for (const auto &lookup : std::as_const(m_idLookups)) {
        wanted.insert(lookup.second);
        rowByKey.insert(lookup.second, lookup.first);
    }
    m_idLookups.clear();
    ++m_lookupsInFlight;
    listIdsByKey(wanted, [this, rowByKey](const IdsByKey &idsByKey, const ApiError &error) {
        --m_lookupsInFlight;
        if (error.isError())
            m_lastError = error;
        for (auto it = idsByKey.constBegin(); it != idsByKey.constEnd(); ++it) {
            if (it.value().size() != 1)
                continue; // two records with the key: naming one would be a guess
            const qint64 index = rowByKey.value(it.key());
            RowOutcome outcome = q->m_results.row(index);
            outcome.id = it.value().constFirst();
            q->m_results.set(index, outcome);
        }
        finishPass();
    });
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
    dropPrepared();
    m_reader.reset();
    ImportRunSummary summary = ImportRunSummary::countsOf(q->m_results);
    summary.cancelled = m_cancelled;
    summary.stoppedByError = m_stoppedByError;
    summary.fileChanged = m_fileChanged;
    summary.lastError = m_lastError;
    if (m_journal) {
        summary.journalPath = m_journal->path();
        // Unrecorded, the run would look interrupted and be offered for resuming.
        if (summary.pending == 0 && !m_journal->recordFinished())
            noteJournalError(m_journal->errorString());
    }
    summary.journalError = m_journalError;
    q->m_running = false;
    emitProgress();
    Q_EMIT q->finished(summary);
}

} // namespace Planhat
