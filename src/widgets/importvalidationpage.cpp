// SPDX-License-Identifier: MIT
#include "importvalidationpage.h"

#include "importwizardstate.h"

#include "importer/importfilecheck.h"
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
    , m_check(new ImportFileCheck(this))
    , m_problemModel(new ImportProblemModel(this))
    , m_progressBar(new QProgressBar(this))
    , m_summaryLabel(new QLabel(this))
    , m_problemView(new QTableView(this))
    , m_skipCheck(
          new QCheckBox(tr("S&kip invalid rows: import only the rows without problems"), this))
{
    setTitle(tr("Validation"));
    setSubTitle(tr("Every row is checked before anything is sent."));
    m_progressBar->setObjectName(QStringLiteral("checkProgress"));
    m_progressBar->setRange(0, 1000);
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
    m_skipCheck->setObjectName(QStringLiteral("skipInvalidCheck"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_problemView, 1);
    layout->addWidget(m_skipCheck);

    connect(m_check, &ImportFileCheck::progressed, this, &ImportValidationPage::handleProgress);
    connect(m_check, &ImportFileCheck::finished, this, &ImportValidationPage::handleFinished);
    connect(m_skipCheck, &QCheckBox::toggled, this, &ImportValidationPage::completeChanged);
}

ImportValidationPage::~ImportValidationPage() = default;

bool ImportValidationPage::isChecking() const
{
    return !m_finished;
}

void ImportValidationPage::initializePage()
{
    m_finished = false;
    m_problemModel->setProblems({});
    m_progressBar->setValue(0);
    m_progressBar->show();
    m_skipCheck->setChecked(m_state->skipInvalidRows);
    m_skipCheck->setEnabled(false);
    m_summaryLabel->setText(tr("Checking %1…").arg(m_state->filePath));
    m_check->start(m_state->checkRequest());
    Q_EMIT completeChanged();
}

void ImportValidationPage::cleanupPage()
{
    m_check->cancel();
    m_finished = false;
}

void ImportValidationPage::handleProgress(qint64 rows, qint64 bytesRead, qint64 totalBytes)
{
    if (totalBytes > 0)
        m_progressBar->setValue(int(qMin<qint64>(1000, bytesRead * 1000 / totalBytes)));
    m_summaryLabel->setText(tr("Checking… %n row(s) read", nullptr, int(rows)));
}

void ImportValidationPage::handleFinished(const ImportCheckResult &result)
{
    m_finished = true;
    m_state->check = result;
    m_progressBar->setValue(1000);
    m_progressBar->hide();
    QList<ImportProblem> shown;
    for (const QString &problem : result.mappingProblems)
        shown.append({0, 0, QString(), QString(), problem});
    shown.append(result.problems);
    m_problemModel->setProblems(shown);
    m_problemView->resizeColumnsToContents();

    QString summary;
    if (!result.error.isEmpty()) {
        summary = result.error;
    } else if (!result.hasProblems()) {
        summary = tr("All %n row(s) are valid.", nullptr, int(result.rowCount));
    } else {
        summary = tr("%1 of %n row(s) have problems (%2 in all).", nullptr, int(result.rowCount))
                      .arg(result.invalidRowCount)
                      .arg(result.problemCount);
        if (result.problemCount > result.problems.size())
            summary
                += QLatin1Char(' ') + tr("The first %1 are listed.").arg(result.problems.size());
    }
    m_summaryLabel->setText(summary);
    // Skipping helps only when some rows are good and the mapping itself works.
    const bool canSkip = result.error.isEmpty() && result.mappingProblems.isEmpty()
        && result.invalidRowCount > 0 && result.invalidRowCount < result.rowCount;
    m_skipCheck->setEnabled(canSkip);
    if (!canSkip)
        m_skipCheck->setChecked(false);
    if (!shown.isEmpty())
        m_problemView->setFocus();
    Q_EMIT completeChanged();
}

bool ImportValidationPage::isComplete() const
{
    if (!m_finished)
        return false;
    const ImportCheckResult &result = m_state->check;
    if (!result.error.isEmpty() || !result.mappingProblems.isEmpty() || result.rowCount == 0)
        return false;
    return !result.hasProblems() || m_skipCheck->isChecked();
}

bool ImportValidationPage::validatePage()
{
    m_state->skipInvalidRows = m_skipCheck->isChecked() && m_state->check.hasProblems();
    return true;
}

} // namespace Planhat
