// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"
#include "bulkrows.h"
#include "bulkupsertjob.h"
#include "clientoptions.h"
#include "listjob.h"
#include "listquery.h"
#include "objectjob.h"
#include "requestlogentry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace Planhat {

class ClientCore;

/// The analytics host's endpoints, all under <analytics base URL>/.../<tenant UUID>.
enum class AnalyticsEndpoint {
    Activity, ///< POST /analytics/<tenant>: one activity object
    Activities, ///< POST /analytics/bulk/<tenant>: an array of activities
    Metrics, ///< POST /dimensiondata/<tenant>: one metric object or an array
};

/// The one way to talk to the Planhat API. Owns the QNetworkAccessManagers and the token, and
/// is the only code that sets the Authorization header. Every call returns a job (a child of
/// the client) that is started with start() and reports through its typed finished() signal;
/// nothing blocks. Requests are throttled to the documented limits (requests per second,
/// requests in flight, the soft quota per minute, lowered to the X-Rate-Limit-Limit a 429
/// names; bulk writes one at a time) and retried on 429, 500, 502, 503, 504, timeouts and
/// dropped connections, unless repeating them could apply a change twice. 429 answers are
/// waited out (Retry-After, else X-Rate-Limit-Reset or -Remaining, else backoff up to 120 s)
/// for ClientOptions::rateLimitPatience before a request fails with ApiError::RateLimited.
class PlanhatClient : public QObject
{
    Q_OBJECT
public:
    /// `baseUrl` must come from ApiEndpoint::parseBaseUrl (https, or http to loopback).
    explicit PlanhatClient(const QUrl &baseUrl, QObject *parent = nullptr);
    /// Uses `network` instead of a plain QNetworkAccessManager (tests pass a fake one).
    PlanhatClient(const QUrl &baseUrl, std::unique_ptr<QNetworkAccessManager> network,
                  QObject *parent = nullptr);
    ~PlanhatClient() override;

    QUrl baseUrl() const;
    void setToken(const QString &token);
    bool hasToken() const;

    /// Analytics calls go to `analyticsBaseUrl` + "/analytics/<tenantUuid>" (and
    /// "/dimensiondata/<tenantUuid>"). An empty URL means the default:
    /// https://analytics.planhat.com, or the base URL when that is a loopback host (a local sandbox
    /// serves both).
    void setAnalytics(const QUrl &analyticsBaseUrl, const QString &tenantUuid);
    QUrl analyticsBaseUrl() const;
    QString tenantUuid() const; ///< empty when none is set

    const ClientOptions &options() const;
    void setOptions(const ClientOptions &options);

    ListJob *list(const ObjectType &type, const ListQuery &query = {});
    ObjectJob *get(const ObjectType &type, const QString &key, KeyKind keyKind = KeyKind::Id);
    /// POST; `object` is stripped of read-only fields. Never retried once it may have been
    /// applied: the error then has Outcome::Unknown.
    ObjectJob *create(const ObjectType &type, const QJsonObject &object);
    /// PUT /<type>/<key>; sends only the fields in `changes`, minus read-only ones.
    ObjectJob *update(const ObjectType &type, const QString &key, const QJsonObject &changes,
                      KeyKind keyKind = KeyKind::Id);
    ObjectJob *remove(const ObjectType &type, const QString &key, KeyKind keyKind = KeyKind::Id);
    BulkUpsertJob *bulkUpsert(const ObjectType &type, const QList<QJsonObject> &rows);
    /// The same for rows already made request text (BulkRows, built on any thread).
    BulkUpsertJob *bulkUpsert(const BulkRows &rows);

    /// Every custom-field definition of the tenant (GET /customfields, all pages).
    ListJob *customFieldDefinitions();

    /// POST <analytics>/analytics/<tenant> with one activity, or .../analytics/bulk/<tenant>
    /// with an array. Fails at once with BadRequest when no tenant UUID is set.
    ObjectJob *trackActivity(const QJsonObject &activity);
    ObjectJob *trackActivities(const QJsonArray &activities);
    /// POST <analytics>/dimensiondata/<tenant> with one metric (an object) or an array.
    ObjectJob *pushMetrics(const QJsonValue &metrics);
    /// POST `jsonBody`, already serialized JSON, to `endpoint` as it is (bulk senders
    /// measure and build their bodies themselves). The analytics host answers 200 for
    /// everything and processes later. Like any create, never repeated once it may have
    /// been applied (429 and refused connections are retried). Fails at once with
    /// BadRequest when no tenant UUID is set.
    ObjectJob *postAnalytics(AnalyticsEndpoint endpoint, const QByteArray &jsonBody);
    /// GET /dimensiondata on the API host, every page (limit/offset until an empty page);
    /// `query.filters` carry cId, dimid, from and to (days since 1970-01-01).
    ListJob *dimensionData(const ListQuery &query = {});

    int requestsInFlight() const;

Q_SIGNALS:
    void requestFinished(const Planhat::RequestLogEntry &entry);
    /// A 429 or a Retry-After made the client wait `milliseconds` before the next attempt, or
    /// pacing under the per-minute quota holds the next request back that long (waits of a
    /// second or more).
    void rateLimitWaitStarted(int milliseconds);
    void requestsInFlightChanged(int count);

private:
    friend class ListJob;
    friend class ObjectJob;
    friend class BulkUpsertJob;
    ObjectJob *makeObjectJob(std::unique_ptr<ObjectJob::Private> job);
    std::unique_ptr<ClientCore> d;
};

} // namespace Planhat
