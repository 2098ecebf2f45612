// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "../schema/objecttype.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QTimer;

namespace Planhat {

class ListJob;
class PlanhatClient;

/// Loads one object type's records page by page through the client's list job, which keeps
/// the list rules (an explicit sort, pages until an empty one, per-type page caps).
///
/// rowsReceived() delivers the rows as pages arrive, in slices of at most sliceRows rows of
/// one page, for up to 20 ms per turn of the event loop: whoever stores them never
/// holds the window up for long, and the first rows show at once. finished() follows the
/// last slice. start() while a load
/// runs replaces it: nothing of the replaced job is delivered afterwards.
class RecordLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordLoader)
public:
    /// `client` is not owned and must outlive the loads.
    RecordLoader(const ObjectType &type, PlanhatClient *client, QObject *parent = nullptr);
    ~RecordLoader() override;

    /// Only the objects of these companies (types with a company field only). Takes effect
    /// at the next start().
    void setCompanyFilter(const QStringList &companyIds) { m_companyIds = companyIds; }
    QStringList companyFilter() const { return m_companyIds; }
    /// Rows delivered per turn of the event loop.
    static constexpr int sliceRows = 500;

    /// Rows per page request; 0 uses the type's page limit.
    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }

    /// Starts loading from the first page, dropping a load under way. Without a client,
    /// finished() reports a network error at once.
    void start();
    /// Drops the load under way without a finished().
    void stop();
    /// Whether a page is on its way or rows that arrived are still to be delivered.
    bool isLoading() const { return bool(m_job) || m_finish.has_value() || !m_queue.isEmpty(); }
    /// Whether the last load delivered every row.
    bool isComplete() const { return m_complete; }

Q_SIGNALS:
    void rowsReceived(const QList<QJsonObject> &rows);
    /// A load ended; `error` is set when it stopped early.
    void finished(const Planhat::ApiError &error);

private:
    void deliverSlice();
    void finish(const ApiError &error);

    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    QPointer<ListJob> m_job;
    QStringList m_companyIds;
    int m_pageSize = 0;
    bool m_complete = false;
    QList<QList<QJsonObject>> m_queue; ///< pages arrived and not delivered yet
    qsizetype m_delivered = 0; ///< rows of the first page delivered
    std::optional<ApiError> m_finish; ///< the job finished; finished() waits for the queue
    QTimer *m_pacer; ///< child: one slice per turn of the event loop
};

} // namespace Planhat
