// SPDX-License-Identifier: MIT
#include "objectjob.h"

#include "errormapping.h"
#include "objectjob_p.h"
#include "planhatclient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Planhat {

namespace {

ApiError withCreateWarning(const ApiError &error)
{
    if (error.outcome() != ApiError::Outcome::Unknown)
        return error;
    QString message;
    if (error.kind() == ApiError::Kind::Network) {
        message = QStringLiteral("the connection dropped after the request was sent; the object "
                                 "may have been created — check before retrying");
    } else if (error.kind() == ApiError::Kind::Timeout) {
        message = error.message()
            + QStringLiteral(" after the request was sent; the object may have been "
                             "created — check before retrying");
    } else {
        message = error.message()
            + QStringLiteral(" (the object may have been created — check before retrying)");
    }
    return ApiError(error.kind(), error.httpStatus(), message, error.outcome());
}

} // namespace

ObjectJob::ObjectJob(PlanhatClient *client, std::unique_ptr<Private> d)
    : QObject(client)
    , d(std::move(d))
{ }

ObjectJob::~ObjectJob() = default;

void ObjectJob::start()
{
    if (d->m_started)
        return;
    d->m_started = true;
    if (d->m_immediateError.isError()) {
        // Still asynchronous, like every other answer.
        QMetaObject::invokeMethod(
            this,
            [this] {
                ObjectResult result;
                result.error = d->m_immediateError;
                Q_EMIT finished(result);
                deleteLater();
            },
            Qt::QueuedConnection);
        return;
    }
    auto *call = new ApiCall(d->m_core, d->m_request, this);
    d->m_call = call;
    connect(call, &ApiCall::finished, this, [this](const ApiResponse &response) {
        ObjectResult result;
        result.httpStatus = response.httpStatus;
        result.body = ErrorMapping::parseBody(response.body);
        result.object = result.body.toObject();
        result.error = response.error;
        using Kind = Private::Kind;
        if (d->m_kind == Kind::Delete && response.httpStatus == 404
            && response.mayHaveBeenAppliedEarlier) {
            // An earlier attempt that "failed" did delete it.
            result.error = ApiError();
        } else if (d->m_kind == Kind::Create) {
            result.error = withCreateWarning(result.error);
        } else if (d->m_kind == Kind::Get && !result.error.isError() && !result.body.isObject()) {
            result.error = ApiError(ApiError::Kind::InvalidResponse, response.httpStatus,
                                    QStringLiteral("expected a JSON object"));
        }
        Q_EMIT finished(result);
        deleteLater();
    });
    call->start();
}

} // namespace Planhat
