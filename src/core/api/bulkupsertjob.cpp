// SPDX-License-Identifier: MIT
#include "bulkupsertjob.h"

#include "apicall.h"
#include "bulkresponsemapper.h"
#include "clientcore.h"
#include "planhatclient.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Planhat {

QString rowStatusName(RowOutcome::Status status)
{
    switch (status) {
    case RowOutcome::Status::Pending:
        return QStringLiteral("pending");
    case RowOutcome::Status::Created:
        return QStringLiteral("created");
    case RowOutcome::Status::Updated:
        return QStringLiteral("updated");
    case RowOutcome::Status::Unchanged:
        return QStringLiteral("unchanged");
    case RowOutcome::Status::Failed:
        return QStringLiteral("failed");
    case RowOutcome::Status::OutcomeUnknown:
        return QStringLiteral("outcome unknown");
    }
    return QStringLiteral("unknown");
}

class BulkUpsertJob::Private
{
public:
    Private(BulkUpsertJob *q, ClientCore *core, BulkRows rows)
        : q(q)
        , m_core(core)
        , m_type(rows.type())
        , m_mapper(m_type)
        , m_rows(std::move(rows))
    {
        m_result.rows.resize(m_rows.size());
    }

    void nextChunk();
    void sendChunk();
    std::optional<QByteArray> keyedPartAfterMaybeApplied();
    void handleChunkAnswered(const ApiResponse &response);
    /// The rest of handleChunkAnswered() once a success is mapped (`mapped`; nullopt: the
    /// body was not a JSON object) or for a failure (`mapped` unused).
    void applyAnswer(const ApiResponse &response, const std::optional<QList<RowOutcome>> &mapped);
    void applyOutcomes(const QList<RowOutcome> &outcomes);
    QByteArray body() const;
    void releaseGate();
    void finish();

    BulkUpsertJob *q;
    ClientCore *m_core;
    ObjectType m_type;
    BulkResponseMapper m_mapper;
    BulkRows m_rows;
    QList<BulkChunk> m_chunks;
    int m_chunkIndex = 0;
    QList<int> m_sending; ///< input rows in the request array on the wire, in its order
    BulkUpsertResult m_result;
    ApiCall *m_call = nullptr;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_holdsGate = false;
    bool m_mapping = false; ///< a success is being mapped on a worker
};

BulkUpsertJob::BulkUpsertJob(PlanhatClient *client, BulkRows rows)
    : QObject(client)
    , d(std::make_unique<Private>(this, client->d.get(), std::move(rows)))
{ }

BulkUpsertJob::~BulkUpsertJob()
{
    if (d->m_call)
        d->m_call->abort();
    d->releaseGate();
}

void BulkUpsertJob::start()
{
    if (d->m_started)
        return;
    d->m_started = true;
    d->m_chunks = bulkChunks(int(d->m_rows.size()), d->m_core->options().bulkChunkSize);
    d->nextChunk();
}

void BulkUpsertJob::cancel()
{
    d->m_cancelled = true;
    // With a chunk on the wire or its answer being mapped, that answer ends the job (the
    // rows it names were applied); otherwise end it now.
    if (d->m_started && !d->m_call && !d->m_holdsGate && !d->m_mapping)
        d->finish();
}

void BulkUpsertJob::Private::nextChunk()
{
    if (m_cancelled || m_chunkIndex >= m_chunks.size()) {
        // Asynchronous even when nothing was sent, like every other job.
        QMetaObject::invokeMethod(
            q, [this] { finish(); }, Qt::QueuedConnection);
        return;
    }
    // One bulk write at a time across the whole client (planhat-api.md §2).
    m_core->bulkGate().acquire(q, [this] {
        m_holdsGate = true;
        if (m_cancelled || m_finished) {
            releaseGate();
            finish();
            return;
        }
        sendChunk();
    });
}

QByteArray BulkUpsertJob::Private::body() const
{
    // The rows are JSON text already: the whole input in one request is that text as it is.
    if (m_sending.size() == m_rows.size())
        return m_rows.body();
    return m_rows.body(m_sending);
}

void BulkUpsertJob::Private::sendChunk()
{
    const BulkChunk chunk = m_chunks.at(m_chunkIndex);
    m_sending.clear();
    m_sending.reserve(chunk.count);
    for (int row = chunk.first; row < chunk.first + chunk.count; ++row)
        m_sending.append(row);

    ApiRequest request;
    request.verb = "PUT";
    request.url = m_core->apiUrl(m_type.endpoint());
    request.body = body();
    request.safety = RequestSafety::PartlyRepeatableWrite;
    // Keyed rows may be sent twice (see keyedPartAfterMaybeApplied()): when no row lacks a
    // key, so may the whole body.
    request.bodyResendable = std::all_of(m_sending.cbegin(), m_sending.cend(),
                                         [this](int row) { return m_rows.hasKey(row); });
    m_call = new ApiCall(m_core, request, q);
    m_call->setSuccessLog(ApiCall::SuccessLog::Deferred);
    m_call->setRepeatablePart([this] { return keyedPartAfterMaybeApplied(); });
    QObject::connect(m_call, &ApiCall::bodySent, q, &BulkUpsertJob::requestSent);
    QObject::connect(m_call, &ApiCall::finished, q,
                     [this](const ApiResponse &response) { handleChunkAnswered(response); });
    m_call->start();
}

std::optional<QByteArray> BulkUpsertJob::Private::keyedPartAfterMaybeApplied()
{
    QList<int> keyed;
    for (const int row : std::as_const(m_sending)) {
        if (m_rows.hasKey(row)) {
            keyed.append(row);
        } else {
            m_result.rows[row] = {RowOutcome::Status::OutcomeUnknown,
                                  {},
                                  QStringLiteral("the request may have reached the server before "
                                                 "it failed; this row has no key, so it was not "
                                                 "sent again: it may have been created — check "
                                                 "before retrying")};
        }
    }
    m_sending = keyed;
    if (m_sending.isEmpty())
        return std::nullopt;
    return body();
}

void BulkUpsertJob::Private::applyOutcomes(const QList<RowOutcome> &outcomes)
{
    for (int i = 0; i < m_sending.size() && i < outcomes.size(); ++i) {
        RowOutcome outcome = outcomes.at(i);
        outcome.message = m_core->redact(outcome.message);
        m_result.rows[m_sending.at(i)] = outcome;
    }
}

void BulkUpsertJob::Private::handleChunkAnswered(const ApiResponse &response)
{
    m_call->deleteLater();
    m_call = nullptr;
    releaseGate();
    if (response.error.isError()) {
        applyAnswer(response, std::nullopt);
        return;
    }
    m_mapping = true; // from here, a cancel() waits for the answer to be mapped
    if (!m_cancelled && m_chunkIndex == m_chunks.size() - 1)
        Q_EMIT q->lastRequestSucceeded();
    // A success is mapped from its bytes (no QJsonDocument of 5,000 entries), on a worker:
    // this thread may also feed the request just sent (QNetworkAccessManager hands a
    // OneShotBody to its HTTP thread piece by piece through the thread that made the
    // request), so the server would wait while a 5,000-row answer is mapped here. The worker owns
    // copies (shared, not deep) of what it reads, so the job may go while it runs.
    auto *watcher = new QFutureWatcher<std::optional<QList<RowOutcome>>>(q);
    QObject::connect(watcher, &QFutureWatcherBase::finished, q, [this, watcher, response] {
        watcher->deleteLater();
        m_mapping = false;
        applyAnswer(response, watcher->result());
    });
    watcher->setFuture(
        QtConcurrent::run([mapper = m_mapper, rows = m_rows, sending = m_sending,
                           body = response.body] { return mapper.map(rows, sending, body); }));
}

void BulkUpsertJob::Private::applyAnswer(const ApiResponse &response,
                                         const std::optional<QList<RowOutcome>> &mapped)
{
    // A failure's body is read whole, for the rows it may name.
    const QJsonDocument document
        = response.error.isError() ? QJsonDocument::fromJson(response.body) : QJsonDocument();
    const bool isBulkAnswer
        = document.isObject() && BulkResponseMapper::isBulkResponse(document.object());

    if (!response.error.isError()) {
        RequestLogEntry log = response.log;
        log.rows = int(m_sending.size());
        if (!mapped) {
            const ApiError error(ApiError::Kind::InvalidResponse, response.httpStatus,
                                 QStringLiteral("the answer to a bulk upsert was not a JSON "
                                                "object"),
                                 ApiError::Outcome::Unknown);
            log.error = error.toString();
            m_result.error = error;
            QList<RowOutcome> unknown(m_sending.size());
            for (RowOutcome &outcome : unknown)
                outcome = {RowOutcome::Status::OutcomeUnknown, {}, error.toString()};
            applyOutcomes(unknown);
        } else {
            applyOutcomes(*mapped);
        }
        m_core->logRequest(log);
    } else if (isBulkAnswer) {
        // 400/403 with per-row errors: the rows tell the story, the error sums it up.
        const QList<RowOutcome> outcomes = m_mapper.map(m_rows, m_sending, document.object());
        applyOutcomes(outcomes);
        const auto failed = std::count_if(outcomes.cbegin(), outcomes.cend(), [](const auto &o) {
            return o.status == RowOutcome::Status::Failed;
        });
        m_result.error = ApiError(
            response.error.kind(), response.httpStatus,
            QStringLiteral("the server rejected %1 of %2 rows").arg(failed).arg(outcomes.size()),
            response.error.outcome());
    } else {
        m_result.error = response.error;
        const bool unknown = response.error.outcome() == ApiError::Outcome::Unknown;
        QList<RowOutcome> outcomes(m_sending.size());
        for (RowOutcome &outcome : outcomes) {
            outcome = {unknown ? RowOutcome::Status::OutcomeUnknown : RowOutcome::Status::Failed,
                       {},
                       response.error.toString()};
        }
        applyOutcomes(outcomes);
    }
    for (const int row : std::as_const(m_sending)) {
        RowOutcome &outcome = m_result.rows[row];
        if (response.mayHaveBeenAppliedEarlier && outcome.status == RowOutcome::Status::Unchanged
            && outcome.message.isEmpty()) {
            // "No change" on a retry can mean the failed attempt already made the change.
            outcome.message = QStringLiteral("no change when sent again; the attempt that "
                                             "failed before may have created or updated it");
        }
        if (m_result.rows.at(row).id.isEmpty())
            m_result.rows[row].id = m_rows.idString(row);
    }

    const BulkChunk chunk = m_chunks.at(m_chunkIndex);
    Q_EMIT q->chunkFinished(chunk.first, m_result.rows.mid(chunk.first, chunk.count));
    if (m_finished)
        return;
    const auto done
        = std::count_if(m_result.rows.cbegin(), m_result.rows.cend(), [](const RowOutcome &o) {
              return o.status != RowOutcome::Status::Pending;
          });
    Q_EMIT q->progress(int(done), int(m_result.rows.size()));
    if (m_finished)
        return;
    ++m_chunkIndex;
    nextChunk();
}

void BulkUpsertJob::Private::releaseGate()
{
    if (!m_holdsGate)
        return;
    m_holdsGate = false;
    m_core->bulkGate().release();
}

void BulkUpsertJob::Private::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    for (const RowOutcome &row : std::as_const(m_result.rows)) {
        switch (row.status) {
        case RowOutcome::Status::Created:
            ++m_result.created;
            break;
        case RowOutcome::Status::Updated:
            ++m_result.updated;
            break;
        case RowOutcome::Status::Unchanged:
            ++m_result.unchanged;
            break;
        case RowOutcome::Status::Failed:
            ++m_result.failed;
            break;
        case RowOutcome::Status::OutcomeUnknown:
            ++m_result.unknown;
            break;
        case RowOutcome::Status::Pending:
            break;
        }
    }
    Q_EMIT q->finished(m_result);
    q->deleteLater();
}

} // namespace Planhat
