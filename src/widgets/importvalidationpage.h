// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QProgressBar;
class QTableView;

namespace Planhat {

class ImportFileCheck;
class ImportProblemModel;
struct ImportCheckResult;
struct ImportWizardState;

/// Step 4: the whole file is read on a worker thread and every row checked as the import
/// will read it; problems are listed as row, column, value and message. Next stays disabled
/// while problems remain, unless the user ticks "Skip invalid rows".
class ImportValidationPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportValidationPage)
public:
    ImportValidationPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportValidationPage() override;

    bool isChecking() const;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void handleProgress(qint64 rows, qint64 bytesRead, qint64 totalBytes);
    void handleFinished(const ImportCheckResult &result);

    ImportWizardState *m_state; // not owned
    ImportFileCheck *m_check; // child
    ImportProblemModel *m_problemModel; // child
    QProgressBar *m_progressBar;
    QLabel *m_summaryLabel;
    QTableView *m_problemView;
    QCheckBox *m_skipCheck;
    bool m_finished = false;
};

} // namespace Planhat
