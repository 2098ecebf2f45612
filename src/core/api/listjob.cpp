// SPDX-License-Identifier: MIT
#include "listjob.h"

#include "apicall.h"
#include "clientcore.h"
#include "listpaging.h"
#include "planhatclient.h"

#include <QFutureWatcher>
#include <QHash>
#include <QMap>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

using ListPaging::ParsedPage;

class ListJob::Private
{
public:
    Private(ListJob *q, ClientCore *core)
        : q(q)
        , m_core(core)
    { }

    void startGroup();
    void requestPages();
    bool mayRequest(int page) const;
    void requestPage(int page);
    void handlePageAnswered(int page, const ApiResponse &response);
    void handlePageParsed(int page, const ParsedPage &parsed, RequestLogEntry log);
    void deliverReadyPages();
    void stopPagesAfter(int lastPage);
    void finish(const ApiError &error);

    ListJob *q;
    ClientCore *m_core;
    QList<QStringList> m_groups; ///< companyId groups; one empty group when not filtering
    int m_groupIndex = 0;
    int m_limit = 0;
    qint64 m_delivered = 0;
    bool m_started = false;
    bool m_finished = false;

    // State of the group being listed. Pages are numbered from 0 within the group.
    qint64 m_groupFirstRow = 0; ///< rows delivered before this group started
    int m_nextPage = 0; ///< next page to request
    int m_nextDelivery = 0; ///< next page to hand out
    int m_lastPage = -1; ///< the first short page, once known
    QHash<int, ApiCall *> m_calls; ///< pages on the wire
    QHash<int, QFutureWatcher<ParsedPage> *> m_parsing; ///< pages being parsed
    QMap<int, QList<QJsonObject>> m_ready; ///< parsed, waiting for earlier pages
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
    d->m_limit = m_query.pageSize > 0 ? m_query.pageSize : pageLimit;
    if (m_query.maxRows > 0 && m_query.maxRows < d->m_limit)
        d->m_limit = int(m_query.maxRows);
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

void ListJob::Private::startGroup()
{
    m_groupFirstRow = m_delivered;
    m_nextPage = 0;
    m_nextDelivery = 0;
    m_lastPage = -1;
    m_ready.clear();
    requestPages();
}

bool ListJob::Private::mayRequest(int page) const
{
    if (m_lastPage >= 0 && page > m_lastPage)
        return false;
    // Pages outstanding = requested and not yet handed out. The first page goes alone: most
    // lists fit in one page, and asking for more before knowing would waste requests.
    const int window = m_nextDelivery == 0 ? 1 : m_core->options().pagesInFlight;
    if (page - m_nextDelivery >= window)
        return false;
    const qint64 maxRows = q->m_query.maxRows;
    if (maxRows >= 0 && m_groupFirstRow + qint64(page) * m_limit >= maxRows)
        return false;
    return true;
}

void ListJob::Private::requestPages()
{
    while (!m_finished && m_lastPage < 0 && mayRequest(m_nextPage))
        requestPage(m_nextPage++);
}

void ListJob::Private::requestPage(int page)
{
    ApiRequest request;
    request.verb = "GET";
    request.url = m_core->apiUrl(q->m_type.endpoint(),
                                 ListPaging::pageQuery(q->m_query, m_groups.at(m_groupIndex),
                                                       m_limit, qint64(page) * m_limit));
    request.safety = RequestSafety::Read;
    auto *call = new ApiCall(m_core, request, q);
    call->setSuccessLog(ApiCall::SuccessLog::Deferred);
    m_calls.insert(page, call);
    QObject::connect(call, &ApiCall::finished, q, [this, page](const ApiResponse &response) {
        handlePageAnswered(page, response);
    });
    call->start();
}

void ListJob::Private::handlePageAnswered(int page, const ApiResponse &response)
{
    if (ApiCall *call = m_calls.take(page))
        call->deleteLater();
    if (response.error.isError()) {
        finish(response.error);
        return;
    }
    auto *watcher = new QFutureWatcher<ParsedPage>(q);
    m_parsing.insert(page, watcher);
    const RequestLogEntry log = response.log;
    QObject::connect(watcher, &QFutureWatcher<ParsedPage>::finished, q, [this, page, watcher, log] {
        m_parsing.remove(page);
        watcher->deleteLater();
        handlePageParsed(page, watcher->result(), log);
    });
    // Parsing a 5,000-row page takes long enough to stall a GUI: do it on the pool.
    watcher->setFuture(QtConcurrent::run(&ListPaging::parsePage, response.body));
}

void ListJob::Private::handlePageParsed(int page, const ParsedPage &parsed, RequestLogEntry log)
{
    if (m_finished || (m_lastPage >= 0 && page > m_lastPage))
        return;
    if (!parsed.error.isEmpty()) {
        const ApiError error(ApiError::Kind::InvalidResponse, log.httpStatus, parsed.error);
        log.error = error.toString();
        m_core->logRequest(log);
        finish(error);
        return;
    }
    log.rows = int(parsed.rows.size());
    m_core->logRequest(log);
    if (parsed.rows.size() < m_limit && (m_lastPage < 0 || page < m_lastPage))
        stopPagesAfter(page);
    m_ready.insert(page, parsed.rows);
    deliverReadyPages();
}

void ListJob::Private::stopPagesAfter(int lastPage)
{
    m_lastPage = lastPage;
    // Pages past a short page can only be empty: stop waiting for them.
    for (auto it = m_calls.begin(); it != m_calls.end();) {
        if (it.key() > lastPage) {
            it.value()->abort();
            it.value()->deleteLater();
            it = m_calls.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = m_parsing.begin(); it != m_parsing.end();) {
        if (it.key() > lastPage) {
            it.value()->disconnect(q);
            it.value()->deleteLater();
            it = m_parsing.erase(it);
        } else {
            ++it;
        }
    }
    while (!m_ready.isEmpty() && m_ready.lastKey() > lastPage)
        m_ready.remove(m_ready.lastKey());
}

void ListJob::Private::deliverReadyPages()
{
    const qint64 maxRows = q->m_query.maxRows;
    while (!m_finished && m_ready.contains(m_nextDelivery)) {
        QList<QJsonObject> rows = m_ready.take(m_nextDelivery);
        ++m_nextDelivery;
        if (maxRows >= 0 && m_delivered + rows.size() > maxRows)
            rows.resize(maxRows - m_delivered);
        if (!rows.isEmpty()) {
            const qint64 firstRow = m_delivered;
            m_delivered += rows.size();
            Q_EMIT q->rowsReceived(rows, firstRow);
        }
        if (maxRows >= 0 && m_delivered >= maxRows) {
            finish({});
            return;
        }
    }
    if (m_finished)
        return;
    if (m_lastPage >= 0 && m_nextDelivery > m_lastPage) {
        if (++m_groupIndex < m_groups.size())
            startGroup();
        else
            finish({});
        return;
    }
    requestPages();
}

void ListJob::Private::finish(const ApiError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    for (ApiCall *call : std::as_const(m_calls)) {
        call->abort();
        call->deleteLater();
    }
    m_calls.clear();
    for (QFutureWatcher<ParsedPage> *watcher : std::as_const(m_parsing)) {
        watcher->disconnect(q);
        watcher->deleteLater();
    }
    m_parsing.clear();
    m_ready.clear();
    ListResult result;
    result.error = error;
    result.rowCount = m_delivered;
    Q_EMIT q->finished(result);
    q->deleteLater();
}

} // namespace Planhat
