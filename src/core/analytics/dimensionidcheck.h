// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace Planhat {

class ListJob;
class PlanhatClient;

/// Which of a file's metric ids Planhat holds no values of yet. Planhat's API has no list of
/// the tenant's metrics (they are set up in its settings), so a metric counts as known when
/// GET /dimensiondata?dimid=ID&limit=1 finds a value of it. An unknown one is worth a
/// warning, not a refusal: it is a typo, or a metric sent for the first time. The ids are
/// asked for one after another; a failed request ends the check with its error.
class DimensionIdCheck final : public QObject
{
    Q_OBJECT
public:
    /// At most this many ids are asked for; the rest are reported as not checked.
    static constexpr int maxIds = 50;

    /// `client` must outlive the check.
    explicit DimensionIdCheck(PlanhatClient *client, QObject *parent = nullptr);
    ~DimensionIdCheck() override;

    /// Checks `ids` (a new start() drops the check in progress).
    void start(const QStringList &ids);
    bool isRunning() const { return !m_job.isNull(); }

Q_SIGNALS:
    /// `unknown`: the ids Planhat holds no values of, in the order given; `unchecked`: ids
    /// past maxIds. With an `error`, the check stopped there and `unknown` is incomplete.
    void finished(const QStringList &unknown, const QStringList &unchecked,
                  const Planhat::ApiError &error);

private:
    void checkNext();

    PlanhatClient *m_client; // not owned
    QStringList m_ids;
    QStringList m_unchecked;
    QStringList m_unknown;
    int m_next = 0;
    QPointer<ListJob> m_job;
};

} // namespace Planhat
