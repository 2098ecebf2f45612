// SPDX-License-Identifier: MIT
#include "importvalidationpage.h"

#include "importwizardstate.h"

#include "importer/importplanner.h"
#include "models/importproblemmodel.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

ImportValidationPage::ImportValidationPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_problemModel(new ImportProblemModel(this))
    , m_progressBar(new QProgressBar(this))
    , m_summaryLabel(new QLabel(this))
    , m_problemView(new QTableView(this))
    , m_fileProblemsLabel(new QLabel(this))
    , m_skipCheck(
          new QCheckBox(tr("S&kip invalid rows: import only the rows without problems"), this))
{
    setTitle(tr("Validation"));
    setSubTitle(tr("Every row is checked and matched against the tenant before anything is "
                   "sent."));
    m_progressBar->setObjectName(QStringLiteral("checkProgress"));
    m_summaryLabel->setObjectName(QStringLiteral("validationSummaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_problemView->setObjectName(QStringLiteral("problemView"));
    m_problemView->setAccessibleName(tr("Problems"));
    m_problemView->setModel(m_problemModel);
    m_problemView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemView->setWordWrap(false);
    m_problemView->verticalHeader()->hide();
    m_problemView->horizontalHeader()->setStretchLastSection(true);
    m_fileProblemsLabel->setObjectName(QStringLiteral("fileProblemsLabel"));
    m_fileProblemsLabel->setWordWrap(true);
    m_fileProblemsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_skipCheck->setObjectName(QStringLiteral("skipInvalidCheck"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_problemView, 1);
    layout->addWidget(m_fileProblemsLabel);
    layout->addWidget(m_skipCheck);

    connect(m_skipCheck, &QCheckBox::toggled, this, &ImportValidationPage::completeChanged);
}

ImportValidationPage::~ImportValidationPage() = default;

void ImportValidationPage::initializePage()
{
    stopPlanner();
    m_state->plan.reset();
    m_problemModel->setProblems({});
    m_fileProblemsLabel->clear();
    m_progressBar->setRange(0, 0); // busy until the file pass reports bytes
    m_progressBar->show();
    m_skipCheck->setChecked(false);
    m_skipCheck->setEnabled(false);
    const ObjectType type = m_state->type();
    m_summaryLabel->setText(tr("Looking up existing %1…").arg(type.pluralName.toLower()));

    // Planned as if invalid rows were skipped: whether they may be is the user's choice on
    // this page, and Next stays closed until it is made.
    ImportSettings settings = m_state->settings();
    settings.skipInvalidRows = true;
    m_planner = new ImportPlanner(m_state->client, settings, this);
    connect(m_planner, &ImportPlanner::tenantProgress, this, [this, type](qint64 listed) {
        m_summaryLabel->setText(
            tr("Looking up existing %1… %2 found").arg(type.pluralName.toLower()).arg(listed));
    });
    connect(m_planner, &ImportPlanner::fileProgress, this,
            [this](qint64 rows, qint64 bytesRead, qint64 bytesTotal) {
                if (bytesTotal > 0) {
                    m_progressBar->setRange(0, 1000);
                    m_progressBar->setValue(int(qMin<qint64>(1000, bytesRead * 1000 / bytesTotal)));
                }
                m_summaryLabel->setText(tr("Checking rows… %1 read").arg(rows));
            });
    connect(m_planner, &ImportPlanner::finished, this, &ImportValidationPage::handleFinished);
    m_planner->start();
    Q_EMIT completeChanged();
}

void ImportValidationPage::stopPlanner()
{
    if (!m_planner)
        return;
    m_planner->disconnect(this);
    m_planner->cancel();
    m_planner->deleteLater();
    m_planner = nullptr;
}

void ImportValidationPage::cleanupPage()
{
    stopPlanner();
    m_state->plan.reset();
}

void ImportValidationPage::handleFinished(const ImportPlanResult &result)
{
    stopPlanner();
    m_progressBar->hide();
    if (result.cancelled)
        return;
    if (!result.isOk()) {
        m_summaryLabel->setText(
            result.fileError.isEmpty()
                ? tr("The existing records could not be listed: %1").arg(result.error.toString())
                : result.fileError);
        Q_EMIT completeChanged();
        return;
    }
    const ImportPlan &plan = *result.plan;
    m_state->plan = result.plan;

    QList<ImportProblem> shown;
    for (const QString &problem : plan.mappingProblems())
        shown.append({0, 0, QString(), QString(), problem});
    shown.append(plan.problems());
    m_problemModel->setProblems(shown);
    m_problemView->resizeColumnsToContents();
    m_fileProblemsLabel->setText(plan.fileProblems().mid(0, 5).join(QLatin1Char('\n')));

    QString summary;
    if (!plan.mappingProblems().isEmpty()) {
        summary = tr("The import cannot run: %1.")
                      .arg(plan.mappingProblems().join(QStringLiteral("; ")));
    } else if (plan.rowCount() == 0) {
        summary = tr("The file has no data rows.");
    } else if (plan.problemCount() == 0) {
        summary = tr("All %n row(s) are valid.", nullptr, int(plan.rowCount()));
    } else {
        summary = tr("%1 of %n row(s) have problems (%2 in all).", nullptr, int(plan.rowCount()))
                      .arg(plan.invalidCount())
                      .arg(plan.problemCount());
        if (plan.problemCount() > plan.problems().size())
            summary
                += QLatin1Char(' ') + tr("The first %1 are listed.").arg(plan.problems().size());
    }
    m_summaryLabel->setText(summary);
    // Skipping helps only when the mapping works and some rows are good.
    const bool canSkip = plan.mappingProblems().isEmpty() && plan.invalidCount() > 0
        && plan.invalidCount() < plan.rowCount();
    m_skipCheck->setEnabled(canSkip);
    if (!shown.isEmpty())
        m_problemView->setFocus();
    Q_EMIT completeChanged();
}

bool ImportValidationPage::isComplete() const
{
    const ImportPlan *plan = m_state->plan.get();
    if (!plan || !plan->mappingProblems().isEmpty() || plan->rowCount() == 0)
        return false;
    if (plan->invalidCount() == plan->rowCount())
        return false;
    return plan->problemCount() == 0 || m_skipCheck->isChecked();
}

bool ImportValidationPage::validatePage()
{
    m_state->skipInvalidRows = m_skipCheck->isChecked();
    return true;
}

} // namespace Planhat
