// SPDX-License-Identifier: MIT
#pragma once

#include "apierror.h"
#include "schema/customfieldcatalog.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>

namespace Planhat {

class ListJob;
class PlanhatClient;

/// Reads every custom-field definition of the tenant (GET /customfields, all pages) into a
/// CustomFieldCatalog: the one place the CLI, the main window and the template writer load
/// them from. Call start() after connecting; deletes itself after finished().
class CustomFieldsJob : public QObject
{
    Q_OBJECT

public:
    explicit CustomFieldsJob(PlanhatClient *client, QObject *parent = nullptr);

    void start();

signals:
    /// `catalog` is empty when `error` is set.
    void finished(const Planhat::CustomFieldCatalog &catalog, const Planhat::ApiError &error);

private:
    QPointer<PlanhatClient> m_client;
    QJsonArray m_definitions;
};

} // namespace Planhat
