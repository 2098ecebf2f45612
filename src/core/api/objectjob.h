// SPDX-License-Identifier: MIT
#pragma once

#include "apierror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>

#include <memory>

namespace Planhat {

class PlanhatClient;

struct ObjectResult
{
    ApiError error;
    int httpStatus = 0;
    QJsonObject object; ///< the object the server returned (get, create, update); may be empty
    QJsonValue body; ///< the whole parsed body (delete counts, analytics answers)
};

/// One single-object call: get, create, update, delete, or an analytics post.
/// Created by PlanhatClient; call start() after connecting; deletes itself after finished().
class ObjectJob : public QObject
{
    Q_OBJECT
public:
    ~ObjectJob() override;
    void start();

Q_SIGNALS:
    void finished(const ObjectResult &result);

private:
    friend class PlanhatClient;
    class Private;
    ObjectJob(PlanhatClient *client, std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ObjectResult)
