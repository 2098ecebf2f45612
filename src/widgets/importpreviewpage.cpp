// SPDX-License-Identifier: MIT
#include "importpreviewpage.h"

#include "importwizardstate.h"

#include "models/importpreviewmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

ImportPreviewPage::ImportPreviewPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_model(new ImportPreviewModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_countsLabel(new QLabel(this))
    , m_showCombo(new QComboBox(this))
    , m_view(new QTableView(this))
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
    m_showCombo->setObjectName(QStringLiteral("previewShowCombo"));
    m_showCombo->addItem(tr("All rows"), QString());
    m_showCombo->addItem(tr("Rows to create"), plannedActionName(PlannedAction::Create));
    m_showCombo->addItem(tr("Rows to update"), plannedActionName(PlannedAction::Update));
    m_showCombo->addItem(tr("Unchanged rows"), plannedActionName(PlannedAction::Unchanged));
    m_showCombo->addItem(tr("Invalid rows (skipped)"), plannedActionName(PlannedAction::Invalid));
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(ImportPreviewModel::ActionRole);
    m_filter->setFilterKeyColumn(ImportPreviewModel::Action);
    m_view->setObjectName(QStringLiteral("planView"));
    m_view->setAccessibleName(tr("Planned actions"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_showCombo);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(showLabel);
    filterRow->addWidget(m_showCombo);
    filterRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_countsLabel);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);

    connect(m_showCombo, &QComboBox::currentIndexChanged, this, &ImportPreviewPage::applyFilter);
}

ImportPreviewPage::~ImportPreviewPage() = default;

void ImportPreviewPage::initializePage()
{
    m_model->setPlan(m_state->plan);
    m_showCombo->setCurrentIndex(0);
    applyFilter();
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
    m_view->resizeColumnsToContents();
    m_view->setFocus();
}

void ImportPreviewPage::applyFilter()
{
    const QString action = m_showCombo->currentData().toString();
    m_filter->setFilterRegularExpression(
        action.isEmpty() ? QRegularExpression()
                         : QRegularExpression(QLatin1Char('^') + action + QLatin1Char('$')));
}

bool ImportPreviewPage::isComplete() const
{
    return m_state->plan != nullptr;
}

} // namespace Planhat
