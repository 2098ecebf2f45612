// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"
#include "apierror.h"
#include "listquery.h"
#include "rawrows.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <QPointer>
#include <memory>

namespace Planhat {

class PlanhatClient;

struct ListResult
{
    ApiError error; ///< None when every page arrived
    qint64 rowCount = 0; ///< distinct rows delivered through rowsReceived
};

/// Lists one object type page by page (limit/offset, in a stable order: `sort=_id` unless the
/// query sorts), until a page comes back empty: a short page may be the server capping
/// `limit` (Planhat documents a maximum of 2,000), so the rest of its range is asked for again
/// and later pages use the cap the server showed. The first page goes alone; once a page came
/// back full, up to ClientOptions::pagesInFlight pages are in flight. Rows are parsed off the
/// calling thread, delivered in order, and de-duplicated by `_id` (a row two pages hold is
/// delivered once); a `select` without `_id` asks for it too. Long companyIds lists are listed
/// group by group, one after another.
/// Created by PlanhatClient::list(); call start() after connecting. Deletes itself after
/// finished(); abort() emits finished() at once, with a Network error.
class ListJob : public QObject
{
    Q_OBJECT
public:
    ~ListJob() override;

    const ObjectType &type() const { return m_type; }
    const ListQuery &query() const { return m_query; }

    /// How rows are delivered: parsed (rowsReceived) or as the server's bytes
    /// (rawRowsReceived), for output that needs no QJsonObject per row. Set before start().
    enum class RowFormat { Objects, Raw };
    void setRowFormat(RowFormat format) { m_rowFormat = format; }
    RowFormat rowFormat() const { return m_rowFormat; }

    void start();
    /// Stops requesting pages; finished() follows at once with the count delivered so far.
    void abort();
    /// While held, no further page is asked for; pages already asked for still arrive and
    /// are delivered. For a receiver that takes rows in slower than they come, so that they
    /// do not pile up in memory.
    void setHeld(bool held);
    bool isHeld() const;

Q_SIGNALS:
    /// The new rows of one page (or the part of them within maxRows), in order. `firstRow`
    /// counts delivered rows from 0.
    void rowsReceived(const QList<QJsonObject> &rows, qint64 firstRow);
    /// RowFormat::Raw: the new rows of one page as bytes, in order, de-duplicated like
    /// rowsReceived's.
    void rawRowsReceived(const Planhat::RawRows &rows, qint64 firstRow);
    void finished(const ListResult &result);

private:
    friend class PlanhatClient;
    ListJob(PlanhatClient *client, const ObjectType &type, const ListQuery &query);

    class Private;
    std::unique_ptr<Private> d;
    QPointer<PlanhatClient> m_client;
    ObjectType m_type;
    ListQuery m_query;
    RowFormat m_rowFormat = RowFormat::Objects;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ListResult)
