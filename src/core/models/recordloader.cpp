// SPDX-License-Identifier: MIT
#include "recordloader.h"

#include "../api/listjob.h"
#include "../api/planhatclient.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

namespace {

/// Rows per block: a page is taken in over several turns of the event loop, so that no turn
/// holds the window up for a whole page (2,000 rows of a million-row table took 12 ms), and
/// blocks are not so small that what each costs besides its rows adds up.
constexpr qsizetype blockRows = 1000;

/// Pages arrived and not yet taken in (encoding or encoded) past which the list job asks for
/// no more: at a million rows the receiver is slower than the network and the pool, and
/// without a bound hundreds of encoded pages waited, growing the heap (every fresh page of it
/// a page fault, many on the receiving thread) and the peak memory.
constexpr size_t maxQueuedPages = 4;

/// Encodes `rows`, a part of a page, with the keys of `keyColumns`.
RecordBlock encodeBlock(const QList<ObjectColumn> &columns, const RawRows &rows,
                        const QList<int> &keyColumns, const QLocale &keyLocale,
                        const std::shared_ptr<std::atomic<bool>> &dropped)
{
    RecordBlock block {RecordStore(columns), {}};
    if (dropped->load(std::memory_order_relaxed))
        return block;
    block.rows.append(rows);
    for (int column : keyColumns) {
        if (dropped->load(std::memory_order_relaxed))
            break;
        auto keys = std::make_shared<TextKeys>(keyLocale);
        keys->compute(block.rows, column);
        block.keys.emplace_back(column, std::move(keys));
    }
    return block;
}

} // namespace

RecordLoader::RecordLoader(const ObjectType &type, const QList<ObjectColumn> &columns,
                           PlanhatClient *client, QObject *parent)
    : QObject(parent)
    , m_type(type)
    , m_client(client)
    , m_columns(columns)
    , m_pacer(new QTimer(this))
{
    m_pacer->setSingleShot(true);
    m_pacer->setInterval(0);
    connect(m_pacer, &QTimer::timeout, this, &RecordLoader::deliverBlocks);
}

RecordLoader::~RecordLoader()
{
    stop();
}

void RecordLoader::start()
{
    stop();
    m_complete = false;
    if (!m_client) {
        Q_EMIT finished(ApiError(ApiError::Kind::Network, 0, QStringLiteral("no client")));
        return;
    }
    ListQuery query;
    query.pageSize = m_pageSize;
    if (!m_type.companyField.isEmpty())
        query.companyIds = m_companyIds;
    ListJob *job = m_client->list(m_type, query);
    job->setRowFormat(ListJob::RowFormat::Raw);
    m_job = job;
    m_dropped = std::make_shared<std::atomic<bool>>(false);
    // A job replaced by start() is disconnected and aborted, but its queued deliveries must
    // still never reach the new rows: check the job against the current one.
    connect(job, &ListJob::rawRowsReceived, this, [this, job](const RawRows &rows) {
        if (m_job != job || rows.isEmpty())
            return;
        // Blocks encode in parallel on the global pool, those of one page too: the first
        // rows show, and the last page is in, sooner than with a page per task. Delivery
        // keeps their order.
        for (qsizetype first = 0; first < rows.size(); first += blockRows) {
            // The part shares the page's bytes.
            const RawRows part {rows.body, rows.spans.mid(first, blockRows)};
            const QFuture<RecordBlock> block = QtConcurrent::run(
                encodeBlock, m_columns, part, m_keyColumns, m_keyLocale, m_dropped);
            m_queue.push_back({block, first + blockRows >= rows.size()});
            // A watcher, not QFuture::then(this, ...): the watcher is this loader's child and
            // hears of the end on this thread, so a loader deleted meanwhile hears nothing.
            auto *watcher = new QFutureWatcher<RecordBlock>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
                watcher->deleteLater();
                if (!m_pacer->isActive())
                    m_pacer->start();
            });
            watcher->setFuture(block);
        }
        if (++m_queuedPages >= maxQueuedPages)
            job->setHeld(true);
    });
    connect(job, &ListJob::finished, this, [this, job](const ListResult &result) {
        if (m_job != job)
            return;
        m_job = nullptr;
        if (m_queue.empty())
            finish(result.error);
        else
            m_finish = result.error;
    });
    job->start();
}

void RecordLoader::setKeyColumns(const QList<int> &columns, const QLocale &locale)
{
    m_keyColumns.clear();
    for (int column : columns) {
        if (column >= 0 && column < m_columns.size() && TextKeys::appliesTo(m_columns.at(column)))
            m_keyColumns.append(column);
    }
    m_keyLocale = locale;
}

void RecordLoader::stop()
{
    if (m_dropped)
        m_dropped->store(true);
    m_queue.clear();
    m_queuedPages = 0;
    m_finish.reset();
    m_pacer->stop();
    if (!m_job)
        return;
    ListJob *job = m_job;
    m_job = nullptr;
    job->disconnect(this);
    job->abort();
}

void RecordLoader::deliverBlocks()
{
    // Blocks while the next one, costing what the last did, still fits a few milliseconds; the
    // rest waits for the next turn, after the window painted and took input. A turn delivers
    // at least one block, so that loading goes on however long one takes.
    constexpr qint64 budgetNs = 12'000'000;
    QElapsedTimer clock;
    clock.start();
    qint64 spent = 0;
    while ((spent == 0 || spent + m_lastBlockNs <= budgetNs) && !m_queue.empty()
           && m_queue.front().block.isFinished()) {
        QueuedBlock queued = std::move(m_queue.front());
        m_queue.pop_front();
        if (queued.endsPage && --m_queuedPages < maxQueuedPages && m_job)
            m_job->setHeld(false);
        const RecordBlock block = queued.block.takeResult();
        // Whoever handles the block may stop() or start() this loader: then the queue is empty.
        Q_EMIT rowsReceived(block);
        const qint64 now = clock.nsecsElapsed();
        m_lastBlockNs = now - spent;
        spent = now;
    }
    if (!m_queue.empty() && m_queue.front().block.isFinished())
        m_pacer->start();
    else if (m_queue.empty() && m_finish)
        finish(*m_finish);
    // else the next block's watcher starts the pacer
}

void RecordLoader::finish(const ApiError &error)
{
    m_finish.reset();
    m_complete = !error.isError();
    Q_EMIT finished(error);
}

} // namespace Planhat
