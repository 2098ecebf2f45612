// SPDX-License-Identifier: MIT
#include "importpreviewpage.h"

#include "filteredrowsview.h"
#include "importwizardstate.h"

#include "models/importpreviewmodel.h"

#include <QComboBox>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

ImportPreviewPage::ImportPreviewPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_model(new ImportPreviewModel(this))
    , m_countsLabel(new QLabel(this))
    , m_rows(new FilteredRowsView(tr("&Show:"), this))
{
    setTitle(tr("Preview"));
    setSubTitle(tr("What the import will do. Nothing has been sent yet."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));

    m_countsLabel->setObjectName(QStringLiteral("previewCountsLabel"));
    m_countsLabel->setWordWrap(true);
    QFont bold = m_countsLabel->font();
    bold.setBold(true);
    m_countsLabel->setFont(bold);
    m_rows->choices()->setObjectName(QStringLiteral("previewShowCombo"));
    m_rows->addChoice(tr("Rows to create"), plannedActionName(PlannedAction::Create));
    m_rows->addChoice(tr("Rows to update"), plannedActionName(PlannedAction::Update));
    m_rows->addChoice(tr("Unchanged rows"), plannedActionName(PlannedAction::Unchanged));
    m_rows->addChoice(tr("Invalid rows (skipped)"), plannedActionName(PlannedAction::Invalid));
    m_rows->setSourceModel(m_model, ImportPreviewModel::Action, ImportPreviewModel::ActionRole);
    m_rows->view()->setObjectName(QStringLiteral("planView"));
    m_rows->view()->setAccessibleName(tr("Planned actions"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_countsLabel);
    layout->addWidget(m_rows, 1);
}

ImportPreviewPage::~ImportPreviewPage() = default;

void ImportPreviewPage::initializePage()
{
    m_model->setPlan(m_state->plan);
    m_rows->showAllRows();
    const ImportPlan *plan = m_state->plan.get();
    if (!plan) {
        m_countsLabel->clear();
        return;
    }
    const QString typeName = plan->settings().type.pluralName.toLower();
    QString counts = tr("%1 to create, %2 to update, %3 unchanged")
                         .arg(plan->createCount())
                         .arg(plan->updateCount())
                         .arg(plan->unchangedCount());
    if (plan->invalidCount() > 0)
        counts += tr(", %1 invalid (skipped)").arg(plan->invalidCount());
    m_countsLabel->setText(tr("%1 — %n row(s) of %2 will be sent.", nullptr, int(plan->sendCount()))
                               .arg(counts, typeName));
    if (m_state->resume) {
        m_countsLabel->setText(m_countsLabel->text() + QLatin1Char('\n')
                               + tr("Resuming: %n row(s) done before are not sent again.", nullptr,
                                    int(m_state->resume->outcomes.size())));
    }
    m_rows->view()->resizeColumnsToContents();
    m_rows->view()->setFocus();
}

bool ImportPreviewPage::isComplete() const
{
    return m_state->plan != nullptr;
}

} // namespace Planhat
