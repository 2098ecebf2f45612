// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Planhat {

struct ImportProgress;
struct ImportRunSummary;
struct ImportWizardState;

/// Step 6: the import runs. Shows rows done, rows per second and the time left, and when the
/// server's rate limit makes the client wait. "Stop" (or the wizard's Cancel) stops after the
/// chunk in flight; the rows not sent stay in the journal, so nothing is half-done. Moves on
/// to the results by itself when the run ends.
class ImportRunPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportRunPage)
public:
    ImportRunPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportRunPage() override;

    /// Asks the run to stop after the chunk in flight; false when nothing is running.
    bool stop();

    void initializePage() override;
    bool isComplete() const override;

Q_SIGNALS:
    /// The run ended (finished, stopped, or failed part-way): records may have changed.
    void runFinished();

private:
    void showProgress(const ImportProgress &progress);
    void handleFinished(const ImportRunSummary &summary);

    ImportWizardState *m_state; // not owned
    QProgressBar *m_progressBar;
    QLabel *m_statusLabel;
    QLabel *m_rateLimitLabel;
    QLabel *m_journalLabel;
    QPushButton *m_stopButton;
    QElapsedTimer m_rateLimitShown;
    bool m_finished = false;
};

} // namespace Planhat
