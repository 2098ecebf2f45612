// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "metricsquery.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

namespace Planhat {

class ListJob;
class PlanhatClient;

/// Reads metrics (dimension data) back from the API host: GET /dimensiondata, every page,
/// for one company named by its _id or by extid-X / srcid-X (the API filters on the _id, so
/// such a key is looked up first), or for all companies. One read at a time; start() again
/// aborts the read in progress. Shared by `planhat-cli metrics` and the app's Metrics window.
class MetricsReader final : public QObject
{
    Q_OBJECT
public:
    /// `client` must outlive the reader.
    explicit MetricsReader(PlanhatClient *client, QObject *parent = nullptr);
    ~MetricsReader() override;

    /// Reads what `query` selects, its companyId replaced by the _id `companyKey` names (an
    /// empty key keeps query.companyId).
    void start(const QString &companyKey, const MetricsQuery &query);
    /// Stops the read in progress without emitting finished().
    void abort();
    bool isRunning() const { return m_running; }
    /// Values delivered by the current or last read.
    qint64 rowCount() const { return m_rowCount; }
    /// After a failed read: what failed, for a person ("company extid-x: ...", "reading
    /// metrics stopped after 12 values: ...").
    QString errorMessage() const { return m_errorMessage; }

Q_SIGNALS:
    void rowsReceived(const QList<QJsonObject> &rows);
    /// Every page arrived (`error` is none), or the read failed (see errorMessage()).
    void finished(const Planhat::ApiError &error);

private:
    void resolveCompanyThenList(const QString &key);
    void startList();
    void fail(const ApiError &error, const QString &message);

    PlanhatClient *m_client; // not owned
    MetricsQuery m_query;
    QPointer<QObject> m_job; // the ObjectJob or ListJob in flight
    qint64 m_rowCount = 0;
    bool m_running = false;
    QString m_errorMessage;
};

} // namespace Planhat
