// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "customfieldproposal.h"
#include "schema/customfieldcatalog.h"
#include "schema/objecttype.h"

#include <QList>
#include <QObject>

namespace Planhat {

class PlanhatClient;

/// What CustomFieldCreator::finished() delivers.
struct CustomFieldCreation
{
    QList<CustomFieldProposal> created; ///< in the order they were created
    QList<CustomFieldProposal> notCreated; ///< the one that failed first, then those not tried
    ApiError error; ///< the failure that stopped the creation or the reload
    /// One line per failure for people: `creating custom field "Tier" on companies: HTTP
    /// 400 (bad request): ...`; empty when everything worked.
    QString message;
    /// The tenant's definitions read back after the creation (all types); valid when
    /// catalogLoaded.
    CustomFieldCatalog catalog;
    bool catalogLoaded = false;

    bool isOk() const { return !error.isError(); }
};

/// Creates custom-field definitions one at a time (`POST /customfields`, which has no bulk
/// form), stopping at the first refusal so the user learns which field failed and which
/// exist already, then reads every definition back (`GET /customfields`) so the caller's
/// catalog has what the tenant now has. Call start() after connecting; deletes itself after
/// finished().
class CustomFieldCreator final : public QObject
{
    Q_OBJECT
public:
    /// `type` is the object type the fields are created on (its customFieldParent).
    CustomFieldCreator(PlanhatClient *client, const ObjectType &type,
                       const QList<CustomFieldProposal> &proposals, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void fieldCreated(const Planhat::CustomFieldProposal &proposal);
    void finished(const Planhat::CustomFieldCreation &result);

private:
    void createNext();
    void reloadCatalog();
    void finish();

    PlanhatClient *m_client; // not owned
    ObjectType m_type;
    QList<CustomFieldProposal> m_pending;
    CustomFieldCreation m_result;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::CustomFieldProposal)
Q_DECLARE_METATYPE(Planhat::CustomFieldCreation)
