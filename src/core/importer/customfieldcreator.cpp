// SPDX-License-Identifier: MIT
#include "customfieldcreator.h"

#include "api/customfieldsjob.h"
#include "api/objectjob.h"
#include "api/planhatclient.h"
#include "schema/schema.h"

namespace Planhat {

CustomFieldCreator::CustomFieldCreator(PlanhatClient *client, const ObjectType &type,
                                       const QList<CustomFieldProposal> &proposals, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_type(type)
    , m_pending(proposals)
{ }

void CustomFieldCreator::start()
{
    createNext();
}

void CustomFieldCreator::createNext()
{
    if (m_pending.isEmpty()) {
        reloadCatalog();
        return;
    }
    const ObjectType *definitions = Schema::builtin().type(QStringLiteral("customfields"));
    const CustomFieldProposal proposal = m_pending.constFirst();
    ObjectJob *job = m_client->create(*definitions, proposal.definition(m_type));
    connect(job, &ObjectJob::finished, this, [this, proposal](const ObjectResult &result) {
        if (result.error.isError()) {
            m_result.error = result.error;
            m_result.message
                = QStringLiteral("creating custom field \"%1\" on %2: %3")
                      .arg(proposal.name, m_type.pluralName.toLower(), result.error.toString());
            m_result.notCreated = m_pending;
            m_pending.clear();
            // What was created before stays created: read it back so it can be mapped.
            if (m_result.created.isEmpty())
                finish();
            else
                reloadCatalog();
            return;
        }
        m_pending.removeFirst();
        m_result.created.append(proposal);
        Q_EMIT fieldCreated(proposal);
        createNext();
    });
    job->start();
}

void CustomFieldCreator::reloadCatalog()
{
    auto *job = new CustomFieldsJob(m_client, this);
    connect(
        job, &CustomFieldsJob::finished, this,
        [this](const CustomFieldCatalog &catalog, const ApiError &error) {
            if (error.isError()) {
                if (!m_result.error.isError())
                    m_result.error = error;
                const QString line
                    = QStringLiteral("reading the custom fields back: %1").arg(error.toString());
                m_result.message = m_result.message.isEmpty()
                    ? line
                    : m_result.message + QLatin1Char('\n') + line;
            } else {
                m_result.catalog = catalog;
                m_result.catalogLoaded = true;
            }
            finish();
        });
    job->start();
}

void CustomFieldCreator::finish()
{
    Q_EMIT finished(m_result);
    deleteLater();
}

} // namespace Planhat
