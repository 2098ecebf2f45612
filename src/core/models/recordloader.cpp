// SPDX-License-Identifier: MIT
#include "recordloader.h"

#include "../api/listjob.h"
#include "../api/listpaging.h"
#include "../api/planhatclient.h"

#include <QElapsedTimer>
#include <QTimer>

namespace Planhat {

namespace {

/// Reads one page into a block: ListJob's page decoder. A page that is not laid out as
/// expected, or a row that is no JSON object, is read again by ListPaging::parsePageRaw(),
/// which words what is wrong.
DecodedPage decodePage(const QByteArray &body, const QList<ObjectColumn> &columns,
                       const QList<int> &keyColumns, const QLocale &keyLocale,
                       const std::shared_ptr<std::atomic<bool>> &dropped)
{
    DecodedPage page;
    RecordBlock block {RecordStore(columns), {}};
    if (dropped->load(std::memory_order_relaxed)) {
        page.rows = QVariant::fromValue(block);
        return page;
    }
    RawRows rows;
    // Not copied with spare capacity past its end (see RawRows): fresh memory is slow to touch
    // at first, and the parser copies each row into a buffer it keeps warm instead.
    rows.body = body;
    if (!ListPaging::findRows(rows.body, &rows.spans)) {
        rows = {};
    } else {
        block.rows.append(rows, &page.ids);
        if (block.rows.rowCount() != rows.size())
            rows = {};
    }
    if (rows.body.isEmpty()) {
        ListPaging::ParsedPage parsed = ListPaging::parsePageRaw(body);
        if (!parsed.error.isEmpty()) {
            page.error = parsed.error;
            return page;
        }
        block.rows = RecordStore(columns);
        page.ids.clear();
        block.rows.append(parsed.raw, &page.ids);
    }
    for (int column : keyColumns) {
        if (dropped->load(std::memory_order_relaxed))
            break;
        auto keys = std::make_shared<TextKeys>(keyLocale);
        keys->compute(block.rows, column);
        block.keys.emplace_back(column, std::move(keys));
    }
    page.rows = QVariant::fromValue(block);
    return page;
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
    m_job = job;
    m_dropped = std::make_shared<std::atomic<bool>>(false);
    job->setPageDecoder([columns = m_columns, keyColumns = m_keyColumns, locale = m_keyLocale,
                         dropped = m_dropped](const QByteArray &body) {
        return decodePage(body, columns, keyColumns, locale, dropped);
    });
    // A job replaced by start() is disconnected and aborted, but its queued deliveries must
    // still never reach the new rows: check the job against the current one.
    connect(job, &ListJob::decodedRowsReceived, this,
            [this, job](const QVariant &rows, const QList<qsizetype> &skipped) {
                if (m_job != job)
                    return;
                RecordBlock block = rows.value<RecordBlock>();
                // Rows are the block's slots in page order: the last skipped goes first.
                for (auto it = skipped.crbegin(); it != skipped.crend(); ++it)
                    block.rows.removeRows(int(*it), int(*it));
                if (block.rows.rowCount() == 0)
                    return;
                m_queue.push_back(std::move(block));
                if (!m_pacer->isActive())
                    m_pacer->start();
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
    // Blocks until a few milliseconds went by; the rest waits for the next turn, after the
    // window painted and took input.
    constexpr qint64 budgetMs = 20;
    QElapsedTimer clock;
    clock.start();
    while (!m_queue.empty() && clock.elapsed() < budgetMs) {
        const RecordBlock block = std::move(m_queue.front());
        m_queue.pop_front();
        // Whoever handles the block may stop() or start() this loader: then the queue is empty.
        Q_EMIT rowsReceived(block);
    }
    if (!m_queue.empty())
        m_pacer->start();
    else if (m_finish)
        finish(*m_finish);
}

void RecordLoader::finish(const ApiError &error)
{
    m_finish.reset();
    m_complete = !error.isError();
    Q_EMIT finished(error);
}

} // namespace Planhat
