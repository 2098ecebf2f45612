// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "../schema/objecttype.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace Planhat {

class ListJob;
class PlanhatClient;

/// Loads one object type's records page by page through the client's list job, which keeps
/// the list rules (an explicit sort, pages until an empty one, per-type page caps).
///
/// rowsReceived() delivers each page as it arrives; finished() ends a load. start() while a
/// load runs replaces it: nothing of the replaced job is delivered afterwards.
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
    /// Rows per page request; 0 uses the type's page limit.
    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }

    /// Starts loading from the first page, dropping a load under way. Without a client,
    /// finished() reports a network error at once.
    void start();
    /// Drops the load under way without a finished().
    void stop();
    bool isLoading() const { return bool(m_job); }
    /// Whether the last load delivered every row.
    bool isComplete() const { return m_complete; }

Q_SIGNALS:
    void rowsReceived(const QList<QJsonObject> &rows);
    /// A load ended; `error` is set when it stopped early.
    void finished(const Planhat::ApiError &error);

private:
    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    QPointer<ListJob> m_job;
    QStringList m_companyIds;
    int m_pageSize = 0;
    bool m_complete = false;
};

} // namespace Planhat
