// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "analyticsbatcher.h"
#include "analyticstarget.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>

namespace Planhat {

class PlanhatClient;
class ObjectJob;

/// What a bulk send did.
struct AnalyticsSendResult
{
    ApiError error; ///< the failure that stopped sending; None when every batch was accepted
    qint64 rowsSent = 0; ///< in requests the analytics host accepted
    qint64 rowsNotSent = 0; ///< never sent: after a failure, or cancelled
    qint64 rowsInDoubt = 0; ///< in a request that may or may not have arrived
    int requests = 0; ///< bodies posted (the client's retries of a 429 not counted)
    bool cancelled = false;
};

/// Sends rows (serialized JSON objects) to the analytics host in bulk: activities to
/// /analytics/bulk, metrics to /dimensiondata. Bodies are kept under
/// AnalyticsTargets::maxBodyBytes by measuring the serialized rows (AnalyticsBatcher) and
/// go one at a time, through the client's throttle (its pace per minute). The client
/// retries what is safe (429, refused connections); a body that may have arrived is never
/// sent again, since the host would count the activities twice: sending stops there and
/// its rows are reported in doubt. Deletes itself after finished().
class AnalyticsSender : public QObject
{
    Q_OBJECT
public:
    AnalyticsSender(PlanhatClient *client, AnalyticsTarget target, QList<QByteArray> rows,
                    QObject *parent = nullptr);
    ~AnalyticsSender() override;

    /// At most this many bytes per body (default AnalyticsTargets::maxBodyBytes).
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    /// The batches start() will send (for plans and dry runs).
    QList<AnalyticsBatcher::Batch> batches() const;

    void start();
    /// Stops after the body in flight; finished() follows with cancelled set.
    void cancel();

Q_SIGNALS:
    void progressed(qint64 rowsSent, qint64 rowsTotal);
    void finished(const Planhat::AnalyticsSendResult &result);

private:
    void sendNext();
    void finish();

    QPointer<PlanhatClient> m_client;
    AnalyticsTarget m_target;
    QList<QByteArray> m_rows;
    qint64 m_maxBodyBytes = AnalyticsTargets::maxBodyBytes;
    QList<AnalyticsBatcher::Batch> m_batches;
    qsizetype m_next = 0;
    bool m_cancelled = false;
    bool m_started = false;
    AnalyticsSendResult m_result;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::AnalyticsSendResult)
