// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWizardPage>

class QCheckBox;
class QLabel;
class QProgressBar;
class QTableView;

namespace Planhat {

class ImportPlanner;
class ImportProblemModel;
struct ImportPlanResult;
struct ImportWizardState;

/// Step 4: the dry run. The tenant's matching records are listed and the whole file is read
/// on a worker thread, every row converted, checked and matched (ImportPlanner); problems
/// are listed as row, column, value and message. Next stays disabled while problems remain,
/// unless the user ticks "Skip invalid rows". Nothing is sent.
class ImportValidationPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportValidationPage)
public:
    ImportValidationPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportValidationPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void stopPlanner();
    void handleFinished(const ImportPlanResult &result);

    ImportWizardState *m_state; // not owned
    QPointer<ImportPlanner> m_planner; // child while planning
    ImportProblemModel *m_problemModel; // child
    QProgressBar *m_progressBar;
    QLabel *m_summaryLabel;
    QTableView *m_problemView;
    QLabel *m_fileProblemsLabel;
    QCheckBox *m_skipCheck;
};

} // namespace Planhat
