// SPDX-License-Identifier: MIT
#include "importwizard.h"

#include "importanalyticscheckpage.h"
#include "importanalyticsmappingpage.h"
#include "importanalyticsresultspage.h"
#include "importfilepage.h"
#include "importmappingpage.h"
#include "importpreviewpage.h"
#include "importresultspage.h"
#include "importrunpage.h"
#include "importtargetpage.h"
#include "importvalidationpage.h"
#include "importwizardstate.h"

#include "importer/importrunner.h"

namespace Planhat {

ImportWizard::ImportWizard(PlanhatClient *client, const CustomFieldCatalog &customFields,
                           const QString &typeName, QWidget *parent)
    : QWizard(parent)
    , m_state(std::make_unique<ImportWizardState>())
    , m_filePage(new ImportFilePage(m_state.get(), this))
    , m_runPage(new ImportRunPage(m_state.get(), this))
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
    setPage(PreviewPage, new ImportPreviewPage(m_state.get(), this));
    setPage(RunPage, m_runPage);
    auto *resultsPage = new ImportResultsPage(m_state.get(), this);
    setPage(ResultsPage, resultsPage);
    setPage(AnalyticsMappingPage, new ImportAnalyticsMappingPage(m_state.get(), this));
    setPage(AnalyticsCheckPage, new ImportAnalyticsCheckPage(m_state.get(), this));
    setPage(AnalyticsResultsPage, new ImportAnalyticsResultsPage(m_state.get(), this));
    setStartId(FilePage);
    resize(900, 640);

    const auto recordsChanged = [this] {
        Q_EMIT importFinished(m_state->typeName);
    };
    connect(m_runPage, &ImportRunPage::runFinished, this, recordsChanged);
    connect(resultsPage, &ImportResultsPage::recordsChanged, this, recordsChanged);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::reject()
{
    if (m_runPage->stop())
        return;
    QWizard::reject();
}

void ImportWizard::setFilePath(const QString &path)
{
    if (m_state->runner && m_state->runner->isRunning())
        return; // a running import keeps its wizard; the user can drop the file again later
    if (currentId() != FilePage && currentId() != -1)
        restart();
    m_filePage->setFilePath(path);
}

} // namespace Planhat
