// SPDX-License-Identifier: MIT
#include "importwizard.h"

#include "importfilepage.h"
#include "importmappingpage.h"
#include "importtargetpage.h"
#include "importvalidationpage.h"
#include "importwizardstate.h"

namespace Planhat {

ImportWizard::ImportWizard(PlanhatClient *client, const CustomFieldCatalog &customFields,
                           const QString &typeName, QWidget *parent)
    : QWizard(parent)
    , m_state(std::make_unique<ImportWizardState>())
    , m_filePage(new ImportFilePage(m_state.get(), this))
{
    m_state->client = client;
    m_state->customFields = customFields;
    m_state->typeName = typeName;

    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import CSV"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::HaveHelpButton, false);
    setPage(FilePage, m_filePage);
    setPage(TargetPage, new ImportTargetPage(m_state.get(), this));
    setPage(MappingPage, new ImportMappingPage(m_state.get(), this));
    setPage(ValidationPage, new ImportValidationPage(m_state.get(), this));
    setStartId(FilePage);
    resize(900, 640);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::setFilePath(const QString &path)
{
    if (currentId() != FilePage && currentId() != -1)
        restart();
    m_filePage->setFilePath(path);
}

} // namespace Planhat
