// SPDX-License-Identifier: MIT
#include "listjob.h"

#include "apicall.h"
#include "clientcore.h"
#include "listpaging.h"
#include "planhatclient.h"

#include <QFutureWatcher>
#include <QMap>
#include <QtConcurrent/QtConcurrentRun>

#include <limits>
#include <map>

namespace Planhat {

using ListPaging::ParsedPage;

namespace {

constexpr qint64 noEnd = std::numeric_limits<qint64>::max();
/// Pages in a row that bring nothing new before the listing gives up: a server that
/// ignores `offset` would otherwise be paged forever.
constexpr int maxRepeatedPages = 3;

} // namespace

/// Offsets are positions in the server's (sorted) list of the current group. Every request
/// asks for a range [offset, offset + limit); an answer of n rows covers [offset, offset + n).
/// A short answer (0 < n < limit) may be the server capping the page, not the end, so the
/// rest of its range becomes a gap that is asked for again; only an empty answer ends the
/// list. A gap that comes back with rows proves the cap, and later pages use it as their size
/// so they line up. A gap after an answer shorter than the known cap is probably the end: it
/// goes alone (a probe) before anything further is asked for.
class ListJob::Private
{
public:
    Private(ListJob *q, ClientCore *core)
        : q(q)
        , m_core(core)
    { }

    struct Request
    {
        qint64 limit = 0;
        int shortBefore = 0; ///< rows of the short answer right before this range, else 0
        bool probe = false;
        ApiCall *call = nullptr;
        QFutureWatcher<ParsedPage> *parsing = nullptr;
    };
    struct Gap
    {
        qint64 end = 0;
        int shortBefore = 0;
        bool probe = false;
    };
    struct Segment
    {
        ParsedPage page;
        qint64 covered = 0; ///< offsets this answer accounts for
    };

    void startGroup();
    int window() const;
    bool probing() const;
    void requestMore();
    void requestRange(qint64 offset, qint64 limit, int shortBefore, bool probe);
    void handleAnswered(qint64 offset, const ApiResponse &response);
    void handleParsed(qint64 offset, const ParsedPage &parsed, RequestLogEntry log);
    void addGap(qint64 offset, qint64 end, int shortBefore);
    void endAt(qint64 offset);
    void dropRequest(Request &request);
    void deliverReady();
    void finish(const ApiError &error);

    ListJob *q;
    ClientCore *m_core;
    QList<QStringList> m_groups; ///< companyId groups; one empty group when not filtering
    int m_groupIndex = 0;
    qint64 m_width = 0; ///< the page size asked for; the server's cap once known
    bool m_capKnown = false;
    ListPaging::RowIdSet m_seen;
    qint64 m_delivered = 0;
    int m_repeatedPages = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_held = false; ///< setHeld(): no new requests

    // State of the group being listed.
    qint64 m_groupFirstRow = 0; ///< rows delivered before this group started
    qint64 m_groupDuplicates = 0; ///< rows of this group dropped as repeats
    qint64 m_frontier = 0; ///< nothing at or after this offset was asked for yet
    qint64 m_end = noEnd; ///< lowest offset an empty answer came back for
    qint64 m_deliveredTo = 0; ///< every offset before this was handed out
    bool m_fullPageSeen = false; ///< pages may go in parallel
    std::map<qint64, Gap> m_gaps; ///< ranges still to ask for, by offset
    std::map<qint64, Request> m_requests; ///< on the wire or being parsed, by offset
    QMap<qint64, Segment> m_ready; ///< parsed, waiting for earlier offsets
};

ListJob::ListJob(PlanhatClient *client, const ObjectType &type, const ListQuery &query)
    : QObject(client)
    , d(std::make_unique<Private>(this, client->d.get()))
    , m_client(client)
    , m_type(type)
    , m_query(query)
{ }

ListJob::~ListJob() = default;

void ListJob::start()
{
    if (d->m_started)
        return;
    d->m_started = true;
    const int pageLimit = m_type.pageLimit > 0 ? m_type.pageLimit : 2000;
    d->m_width = m_query.pageSize > 0 ? m_query.pageSize : pageLimit;
    if (m_query.maxRows > 0 && m_query.maxRows < d->m_width)
        d->m_width = m_query.maxRows;
    d->m_groups = ListPaging::splitIdGroups(m_query.companyIds);
    if (m_query.companyIds.isEmpty())
        d->m_groups = {QStringList()};
    if (d->m_groups.isEmpty() || m_query.maxRows == 0) {
        // Nothing to ask for (only blank company ids, or no rows wanted).
        QMetaObject::invokeMethod(
            this, [this] { d->finish({}); }, Qt::QueuedConnection);
        return;
    }
    d->startGroup();
}

void ListJob::abort()
{
    if (d->m_finished)
        return;
    d->finish(ApiError(ApiError::Kind::Network, 0, QStringLiteral("the listing was aborted")));
}

void ListJob::setHeld(bool held)
{
    if (held == d->m_held)
        return;
    d->m_held = held;
    if (!held && d->m_started && !d->m_finished)
        d->requestMore();
}

bool ListJob::isHeld() const
{
    return d->m_held;
}

void ListJob::Private::startGroup()
{
    m_groupFirstRow = m_delivered;
    m_groupDuplicates = 0;
    m_frontier = 0;
    m_end = noEnd;
    m_deliveredTo = 0;
    m_fullPageSeen = false;
    m_gaps.clear();
    m_ready.clear();
    requestMore();
}

int ListJob::Private::window() const
{
    // The first page goes alone: most lists fit in one page, and asking for more before
    // knowing would waste requests.
    return m_fullPageSeen ? m_core->options().pagesInFlight : 1;
}

bool ListJob::Private::probing() const
{
    for (const auto &[offset, request] : m_requests) {
        if (request.probe)
            return true;
    }
    return false;
}

void ListJob::Private::requestMore()
{
    // Outstanding = asked for and not yet handed out, which also bounds the rows held back
    // behind a slow earlier page.
    const auto outstanding = [this] {
        return qsizetype(m_requests.size()) + m_ready.size();
    };
    while (!m_finished && !m_held && !probing()) {
        if (!m_gaps.empty()) {
            // Gaps first: rows there hold up delivery of everything after them. The gap that
            // holds up delivery goes even when the window is full of pages waiting for it.
            const auto first = m_gaps.begin();
            if (outstanding() >= window() && first->first != m_deliveredTo)
                return;
            const qint64 offset = first->first;
            const Gap gap = first->second;
            m_gaps.erase(first);
            const qint64 limit = qMin(gap.end - offset, m_width);
            if (offset + limit < gap.end)
                m_gaps[offset + limit] = {gap.end, 0, false};
            requestRange(offset, limit, gap.shortBefore, gap.probe);
            continue;
        }
        if (outstanding() >= window() || m_frontier >= m_end)
            return;
        const qint64 maxRows = q->m_query.maxRows;
        if (maxRows >= 0 && m_groupFirstRow + m_frontier - m_groupDuplicates >= maxRows)
            return;
        const qint64 offset = m_frontier;
        m_frontier += m_width;
        requestRange(offset, m_width, 0, false);
    }
}

void ListJob::Private::requestRange(qint64 offset, qint64 limit, int shortBefore, bool probe)
{
    ApiRequest request;
    request.verb = "GET";
    request.url = m_core->apiUrl(
        q->m_type.endpoint(),
        ListPaging::pageQuery(q->m_query, m_groups.at(m_groupIndex), int(limit), offset));
    request.safety = RequestSafety::Read;
    auto *call = new ApiCall(m_core, request, q);
    call->setSuccessLog(ApiCall::SuccessLog::Deferred);
    // Pages are joined where they are parsed: a page copied out of the reply was a fifth of
    // the window's thread's time while a table loaded.
    call->setBodyInPieces(true);
    m_requests[offset] = {limit, shortBefore, probe, call, nullptr};
    QObject::connect(call, &ApiCall::finished, q, [this, offset](const ApiResponse &response) {
        handleAnswered(offset, response);
    });
    call->start();
}

void ListJob::Private::handleAnswered(qint64 offset, const ApiResponse &response)
{
    const auto it = m_requests.find(offset);
    if (it == m_requests.end())
        return;
    it->second.call->deleteLater();
    it->second.call = nullptr;
    if (response.error.isError()) {
        finish(response.error);
        return;
    }
    auto *watcher = new QFutureWatcher<ParsedPage>(q);
    it->second.parsing = watcher;
    const RequestLogEntry log = response.log;
    QObject::connect(watcher, &QFutureWatcher<ParsedPage>::finished, q,
                     [this, offset, watcher, log] {
                         watcher->deleteLater();
                         handleParsed(offset, watcher->result(), log);
                     });
    // Parsing a 5,000-row page takes long enough to stall a GUI: do it on the pool.
    const auto parse
        = q->m_rowFormat == RowFormat::Raw ? &ListPaging::parsePageRaw : &ListPaging::parsePage;
    watcher->setFuture(
        QtConcurrent::run([parse, response] { return parse(response.wholeBody()); }));
}

void ListJob::Private::handleParsed(qint64 offset, const ParsedPage &parsed, RequestLogEntry log)
{
    const auto it = m_requests.find(offset);
    if (m_finished || it == m_requests.end())
        return;
    const Request request = it->second;
    m_requests.erase(it);
    if (!parsed.error.isEmpty()) {
        const ApiError error(ApiError::Kind::InvalidResponse, log.httpStatus, parsed.error);
        log.error = error.toString();
        m_core->logRequest(log);
        finish(error);
        return;
    }
    log.rows = int(parsed.rowCount());
    m_core->logRequest(log);

    const qint64 count = parsed.rowCount();
    if (count == 0) {
        endAt(offset);
    } else if (offset < m_end) {
        if (request.shortBefore > 0) {
            // The short answer before this range was not the end: the server caps pages there.
            m_width = m_capKnown ? qMin<qint64>(m_width, request.shortBefore) : request.shortBefore;
            m_capKnown = true;
            m_fullPageSeen = true;
        }
        if (count >= request.limit)
            m_fullPageSeen = true;
        else
            addGap(offset + count, offset + request.limit, int(count));
        m_ready.insert(offset, {parsed, qMin(count, request.limit)});
    }
    deliverReady();
}

void ListJob::Private::addGap(qint64 offset, qint64 end, int shortBefore)
{
    end = qMin(end, m_end);
    if (offset >= end)
        return;
    // An answer as long as the known cap was cut there: what follows is surely rows. A shorter
    // one is probably the end of the list, and asking for the rest alone proves it.
    const bool cappedAnswer = m_capKnown && shortBefore >= m_width;
    m_gaps[offset] = {end, shortBefore, !cappedAnswer};
}

void ListJob::Private::endAt(qint64 offset)
{
    if (offset >= m_end)
        return;
    m_end = offset;
    // Nothing lies at or after the end: forget what was planned or asked for there.
    for (auto it = m_gaps.begin(); it != m_gaps.end();) {
        if (it->first >= m_end) {
            it = m_gaps.erase(it);
            continue;
        }
        it->second.end = qMin(it->second.end, m_end);
        ++it;
    }
    for (auto it = m_requests.begin(); it != m_requests.end();) {
        if (it->first >= m_end) {
            dropRequest(it->second);
            it = m_requests.erase(it);
        } else {
            ++it;
        }
    }
    while (!m_ready.isEmpty() && m_ready.lastKey() >= m_end)
        m_ready.remove(m_ready.lastKey());
}

void ListJob::Private::dropRequest(Request &request)
{
    if (request.call) {
        request.call->abort();
        request.call->deleteLater();
        request.call = nullptr;
    }
    if (request.parsing) {
        request.parsing->disconnect(q);
        request.parsing->deleteLater();
        request.parsing = nullptr;
    }
}

void ListJob::Private::deliverReady()
{
    const qint64 maxRows = q->m_query.maxRows;
    const QString idField = QStringLiteral("_id");
    while (!m_finished && !m_ready.isEmpty() && m_ready.firstKey() == m_deliveredTo) {
        Segment segment = m_ready.take(m_deliveredTo);
        m_deliveredTo += segment.covered;
        // Pages in flight while the tenant changes, or a server without a stable order, can
        // hand out a row twice.
        QList<QJsonObject> rows;
        RawRows raw;
        qsizetype kept = 0;
        if (q->m_rowFormat == RowFormat::Raw) {
            raw.body = segment.page.raw.body;
            raw.spans.reserve(segment.page.raw.size());
            for (qsizetype i = 0; i < segment.page.raw.size(); ++i) {
                if (!m_seen.insertText(segment.page.ids.at(i))) {
                    ++m_groupDuplicates;
                    continue;
                }
                raw.spans.append(segment.page.raw.spans.at(i));
                if (maxRows >= 0 && m_delivered + raw.size() >= maxRows)
                    break;
            }
            kept = raw.size();
        } else {
            rows.reserve(segment.page.rows.size());
            for (QJsonObject &row : segment.page.rows) {
                if (!m_seen.insert(row.value(idField))) {
                    ++m_groupDuplicates;
                    continue;
                }
                rows.append(std::move(row));
                if (maxRows >= 0 && m_delivered + rows.size() >= maxRows)
                    break;
            }
            kept = rows.size();
        }
        if (kept == 0) {
            if (++m_repeatedPages >= maxRepeatedPages) {
                finish(ApiError(ApiError::Kind::InvalidResponse, 200,
                                QStringLiteral("%1 pages in a row held only rows listed before "
                                               "(up to offset %2): the server seems to ignore "
                                               "`offset`")
                                    .arg(maxRepeatedPages)
                                    .arg(m_deliveredTo)));
                return;
            }
            continue;
        }
        m_repeatedPages = 0;
        const qint64 firstRow = m_delivered;
        m_delivered += kept;
        if (q->m_rowFormat == RowFormat::Raw)
            Q_EMIT q->rawRowsReceived(raw, firstRow);
        else
            Q_EMIT q->rowsReceived(rows, firstRow);
        if (maxRows >= 0 && m_delivered >= maxRows) {
            finish({});
            return;
        }
    }
    if (m_finished)
        return;
    if (m_deliveredTo >= m_end) {
        if (++m_groupIndex < m_groups.size())
            startGroup();
        else
            finish({});
        return;
    }
    requestMore();
}

void ListJob::Private::finish(const ApiError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    for (auto &[offset, request] : m_requests)
        dropRequest(request);
    m_requests.clear();
    m_gaps.clear();
    m_ready.clear();
    ListResult result;
    result.error = error;
    result.rowCount = m_delivered;
    Q_EMIT q->finished(result);
    q->deleteLater();
}

} // namespace Planhat
