// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"
#include "apierror.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <memory>

namespace Planhat {

class BulkRows;
class PlanhatClient;

/// What happened to one input row of a bulk upsert.
struct RowOutcome
{
    enum class Status {
        Pending, ///< not sent yet (only seen in progress reports or after abort)
        Created,
        Updated,
        Unchanged,
        Failed, ///< the server rejected the row; `message` says why
        OutcomeUnknown, ///< sent, no answer, and not safe to repeat: check the tenant
    };
    Status status = Status::Pending;
    QString id; ///< the object's `_id` when the server told it
    QString message; ///< the server's message for Failed, the reason for OutcomeUnknown
};

QString rowStatusName(RowOutcome::Status status); ///< "created", "outcome unknown", ...

struct BulkUpsertResult
{
    QList<RowOutcome> rows; ///< one per input row, same order
    ApiError error; ///< the last request-level error, if any chunk had one
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int failed = 0;
    int unknown = 0;
    bool allSucceeded() const { return failed == 0 && unknown == 0 && !error.isError(); }
};

/// Bulk upsert (PUT /<type> with an array). Splits the rows into chunks of at most 5,000,
/// sends them one after another, and maps the server's answer back to each input row.
/// Rows with a key the type matches on (ObjectType::keys: _id, sourceId, externalId where the
/// type has them) are retried after failures that may have been applied, since repeating them
/// is an upsert; rows without one end as OutcomeUnknown.
/// Created by PlanhatClient::bulkUpsert(); call start() after connecting; deletes itself
/// after finished().
class BulkUpsertJob : public QObject
{
    Q_OBJECT
public:
    ~BulkUpsertJob() override;
    void start();
    /// Stops after the chunk in flight; rows not sent stay Pending.
    void cancel();

Q_SIGNALS:
    /// After each chunk: rows with a final outcome so far, of `totalRows`.
    void progress(int rowsDone, int totalRows);
    void chunkFinished(int firstRow, const QList<RowOutcome> &rows);
    /// The job's last request was answered with a success, before the answer is mapped to
    /// rows (finished() follows): a caller with more to send can send it now, so the server
    /// does not wait while this answer is worked through. Not emitted when that request
    /// failed, nor when the job was cancelled.
    void lastRequestSucceeded();
    /// A request of the job was handed to the connection whole (see ApiCall::bodySent()):
    /// the thread that started the job may take on longer work now.
    void requestSent();
    void finished(const BulkUpsertResult &result);

private:
    friend class PlanhatClient;
    BulkUpsertJob(PlanhatClient *client, BulkRows rows);
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::BulkUpsertResult)
