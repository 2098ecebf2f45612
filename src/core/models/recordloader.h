// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "../api/rawrows.h"
#include "../schema/objecttype.h"
#include "objectcolumn.h"
#include "recordstore.h"
#include "textkeys.h"

#include <QFuture>
#include <QList>
#include <QLocale>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QTimer;

namespace Planhat {

/// Rows of one page (a page comes in a few blocks) as RecordLoader delivers them.
struct RecordBlock
{
    RecordStore rows; ///< with the loader's columns
    /// Sort keys of the strings of the columns asked for (RecordLoader::setKeyColumns()),
    /// shared: blocks are copied on their way (futures, signals).
    std::vector<std::pair<int, std::shared_ptr<const TextKeys>>> keys;
};

class ListJob;
class PlanhatClient;

/// Loads one object type's records page by page through the client's list job, which keeps
/// the list rules (an explicit sort, pages until an empty one, per-type page caps).
///
/// Pages come as the server's bytes (ListJob::RowFormat::Raw) and are encoded into
/// RecordStore blocks of `columns` (a thousand rows each) on worker threads, block by block
/// and in parallel, so no QJsonObject is made per record and the caller's thread only takes
/// blocks in (RecordStore::append(const RecordStore &)). rowsReceived() delivers the blocks in
/// order as they are ready, for about 12 ms per turn of the event loop: whoever stores them
/// never holds the window up for long, and the first rows show at once. finished() follows
/// the last block. start() while a load runs replaces it: nothing of the replaced job is
/// delivered afterwards (its blocks still being encoded are dropped).
class RecordLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordLoader)
public:
    /// `client` is not owned and must outlive the loads; blocks hold `columns`.
    RecordLoader(const ObjectType &type, const QList<ObjectColumn> &columns, PlanhatClient *client,
                 QObject *parent = nullptr);
    ~RecordLoader() override;

    /// Only the objects of these companies (types with a company field only). Takes effect
    /// at the next start().
    void setCompanyFilter(const QStringList &companyIds) { m_companyIds = companyIds; }
    QStringList companyFilter() const { return m_companyIds; }
    /// Also makes the sort keys of the strings of these columns (indexes into the columns;
    /// see TextKeys::appliesTo()) in `locale`. Takes effect at the next start().
    void setKeyColumns(const QList<int> &columns, const QLocale &locale);

    /// Rows per page request; 0 uses the type's page limit.
    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }

    /// Starts loading from the first page, dropping a load under way. Without a client,
    /// finished() reports a network error at once.
    void start();
    /// Drops the load under way without a finished().
    void stop();
    /// Whether a page is on its way or rows that arrived are still to be delivered.
    bool isLoading() const { return bool(m_job) || m_finish.has_value() || !m_queue.empty(); }
    /// Whether the last load delivered every row.
    bool isComplete() const { return m_complete; }

Q_SIGNALS:
    /// The next rows, in order: a page in a few blocks.
    void rowsReceived(const Planhat::RecordBlock &block);
    /// A load ended; `error` is set when it stopped early.
    void finished(const Planhat::ApiError &error);

private:
    void deliverBlocks();
    void finish(const ApiError &error);

    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    QPointer<ListJob> m_job;
    QStringList m_companyIds;
    int m_pageSize = 0;
    bool m_complete = false;
    QList<ObjectColumn> m_columns;
    /// A block of a page that arrived, encoding or encoded.
    struct QueuedBlock
    {
        QFuture<RecordBlock> block;
        bool endsPage = false; ///< the page's last block
    };
    /// Blocks not delivered yet, in order. A shared flag per load tells their encodings to
    /// skip work once the load was replaced.
    std::deque<QueuedBlock> m_queue;
    size_t m_queuedPages = 0; ///< pages with blocks in m_queue
    QList<int> m_keyColumns;
    QLocale m_keyLocale;
    std::shared_ptr<std::atomic<bool>> m_dropped;
    std::optional<ApiError> m_finish; ///< the job finished; finished() waits for the queue
    QTimer *m_pacer; ///< child: delivers blocks on the next turn of the event loop
    qint64 m_lastBlockNs = 0; ///< how long the last block delivered took its receiver
};

} // namespace Planhat
