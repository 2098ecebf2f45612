// SPDX-License-Identifier: MIT
#include "importresultspage.h"

#include "filteredrowsview.h"
#include "importwizardstate.h"

#include "importer/importjournal.h"
#include "importer/importjournalreadjob.h"
#include "importer/importresultswritejob.h"
#include "importer/importrunner.h"
#include "importer/importundo.h"
#include "models/importresultsmodel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

ImportResultsPage::ImportResultsPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_model(new ImportResultsModel(this))
    , m_summaryLabel(new QLabel(this))
    , m_rows(new FilteredRowsView(tr("Sho&w:"), this))
    , m_saveButton(new QPushButton(tr("&Save results CSV…"), this))
    , m_retryButton(new QPushButton(tr("&Retry failed rows"), this))
    , m_undoButton(new QPushButton(tr("&Undo import…"), this))
    , m_messageLabel(new QLabel(this))
{
    setTitle(tr("Results"));
    setSubTitle(tr("What happened to every row."));
    m_summaryLabel->setObjectName(QStringLiteral("resultsSummaryLabel"));
    m_summaryLabel->setWordWrap(true);
    QFont bold = m_summaryLabel->font();
    bold.setBold(true);
    m_summaryLabel->setFont(bold);
    m_rows->view()->setObjectName(QStringLiteral("resultsView"));
    m_rows->view()->setAccessibleName(tr("Row results"));
    m_rows->choices()->setObjectName(QStringLiteral("resultsShowCombo"));
    for (RowOutcome::Status status :
         {RowOutcome::Status::Failed, RowOutcome::Status::OutcomeUnknown,
          RowOutcome::Status::Created, RowOutcome::Status::Updated, RowOutcome::Status::Unchanged,
          RowOutcome::Status::Pending}) {
        const QString name = rowStatusName(status);
        m_rows->addChoice(tr("Rows %1").arg(name), name);
    }
    m_rows->setSourceModel(m_model, ImportResultsModel::Status, ImportResultsModel::StatusRole);
    m_saveButton->setObjectName(QStringLiteral("saveResultsButton"));
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_messageLabel->setObjectName(QStringLiteral("resultsMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_retryButton);
    buttons->addWidget(m_undoButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_rows, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_messageLabel);

    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const QFileInfo input(m_state->filePath);
        const QString path = QFileDialog::getSaveFileName(this, tr("Save results"),
                                                          input.path() + QLatin1Char('/')
                                                              + input.completeBaseName()
                                                              + QStringLiteral(".results.csv"),
                                                          tr("CSV files (*.csv);;"
                                                             "Excel workbooks (*.xlsx)"));
        if (!path.isEmpty())
            saveResults(path);
    });
    connect(m_retryButton, &QPushButton::clicked, this, &ImportResultsPage::retryFailedRows);
    connect(m_undoButton, &QPushButton::clicked, this, &ImportResultsPage::undoImport);
}

ImportResultsPage::~ImportResultsPage() = default;

void ImportResultsPage::initializePage()
{
    m_undone = false;
    m_messageLabel->clear();
    if (ImportRunner *runner = m_state->runner) {
        // Retries report here; the first run's summary is rebuilt from the results.
        connect(runner, &ImportRunner::finished, this, &ImportResultsPage::showSummary,
                Qt::UniqueConnection);
        ImportRunSummary summary = ImportRunSummary::countsOf(runner->results());
        summary.cancelled = summary.pending > 0;
        showSummary(summary);
    }
}

void ImportResultsPage::showResults()
{
    if (ImportRunner *runner = m_state->runner)
        m_model->setResults(runner->results(), m_state->plan);
    m_rows->view()->resizeColumnsToContents();
}

void ImportResultsPage::showSummary(const ImportRunSummary &summary)
{
    showResults();
    QString text = tr("%1 created, %2 updated, %3 unchanged, %4 failed, %5 outcome unknown.")
                       .arg(summary.created)
                       .arg(summary.updated)
                       .arg(summary.unchanged)
                       .arg(summary.failed)
                       .arg(summary.unknown);
    if (summary.pending > 0)
        text += QLatin1Char(' ')
            + tr("%n row(s) not sent (stopped).", nullptr, int(summary.pending));
    if (summary.lastError.isError())
        text += QLatin1Char('\n') + tr("Last error: %1").arg(summary.lastError.toString());
    if (!summary.journalError.isEmpty())
        text += QLatin1Char('\n')
            + tr("The journal could not be written (%1): this import cannot be fully resumed or "
                 "undone.")
                  .arg(summary.journalError);
    m_summaryLabel->setText(text);
    updateButtons();
}

qint64 ImportResultsPage::retryableRowCount() const
{
    ImportRunner *runner = m_state->runner;
    if (!runner)
        return 0;
    // Invalid rows are "failed" too, but sending them again cannot help.
    qint64 count = 0;
    for (const qint64 index : runner->results().failedRows()) {
        const PlannedAction action = runner->plan().row(index).action;
        count += action == PlannedAction::Create || action == PlannedAction::Update ? 1 : 0;
    }
    return count;
}

void ImportResultsPage::updateButtons()
{
    ImportRunner *runner = m_state->runner;
    const bool busy = (runner && runner->isRunning()) || m_undo || m_readingJournal;
    m_saveButton->setEnabled(runner && !busy && !m_saving);
    m_retryButton->setEnabled(runner && !busy && !m_undone && retryableRowCount() > 0);
    m_undoButton->setEnabled(runner && !busy && !m_undone && !runner->journalPath().isEmpty());
}

void ImportResultsPage::saveResults(const QString &path)
{
    ImportRunner *runner = m_state->runner;
    if (!runner || m_saving)
        return;
    // The input file is read again to write the results: on a worker thread, so the
    // window stays responsive however big the file is.
    auto *job = new ImportResultsWriteJob(runner->results(), runner->plan().settings(), path, this);
    m_saving = job;
    connect(job, &ImportResultsWriteJob::finished, this,
            [this, path](bool ok, const QString &error) {
                m_saving = nullptr;
                m_messageLabel->setText(ok ? tr("Results saved to %1.").arg(path)
                                           : tr("The results were not saved: %1").arg(error));
                updateButtons();
                Q_EMIT resultsSaved(ok, error);
            });
    m_messageLabel->setText(tr("Saving the results to %1…").arg(path));
    updateButtons();
    job->start();
}

bool ImportResultsPage::isSaving() const
{
    return m_saving;
}

void ImportResultsPage::retryFailedRows()
{
    ImportRunner *runner = m_state->runner;
    if (!runner || runner->isRunning())
        return;
    connect(runner, &ImportRunner::finished, this, &ImportResultsPage::recordsChanged,
            Qt::UniqueConnection);
    m_messageLabel->setText(
        tr("Sending %n failed row(s) again…", nullptr, int(retryableRowCount())));
    runner->retryFailed();
    updateButtons();
}

void ImportResultsPage::undoImport()
{
    ImportRunner *runner = m_state->runner;
    if (!runner || runner->isRunning() || m_undo || m_readingJournal)
        return;
    // The journal of a big import is big: read it on a worker thread.
    auto *job = new ImportJournalReadJob(runner->journalPath(), this);
    m_readingJournal = job;
    connect(job, &ImportJournalReadJob::finished, this,
            [this](bool ok, const JournalState &journal, const QString &error) {
                m_readingJournal = nullptr;
                updateButtons();
                if (!ok) {
                    m_messageLabel->setText(tr("The import cannot be undone: %1").arg(error));
                    return;
                }
                confirmUndo(journal);
            });
    m_messageLabel->setText(tr("Reading the journal…"));
    updateButtons();
    job->start();
}

void ImportResultsPage::confirmUndo(const JournalState &journal)
{
    ImportRunner *runner = m_state->runner;
    if (!runner || runner->isRunning() || m_undo)
        return;
    auto *undo = new ImportUndo(m_state->client, runner->plan().settings().type, journal, this);
    const QString plural = runner->plan().settings().type.pluralName.toLower();
    const QMessageBox::StandardButton answer = QMessageBox::question(
        this, tr("Undo import"),
        tr("Undo this import?\n\n%1 created %3 will be deleted.\n%2 updated %3 will get their "
           "previous values back.")
            .arg(undo->toDelete())
            .arg(undo->toRestore())
            .arg(plural),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        undo->deleteLater();
        m_messageLabel->clear();
        return;
    }
    m_undo = undo;
    connect(undo, &ImportUndo::progress, this, [this](qint64 done, qint64 total) {
        m_messageLabel->setText(tr("Undoing… %1 of %2").arg(done).arg(total));
    });
    connect(undo, &ImportUndo::finished, this, &ImportResultsPage::handleUndoFinished);
    m_messageLabel->setText(tr("Undoing…"));
    updateButtons();
    undo->start();
}

void ImportResultsPage::handleUndoFinished(const ImportUndoResult &result)
{
    if (m_undo)
        m_undo->deleteLater();
    m_undo = nullptr;
    m_undone = result.allSucceeded();
    QString text = tr("Undone: %1 deleted, %2 restored.").arg(result.deleted).arg(result.restored);
    if (!result.allSucceeded()) {
        text += QLatin1Char(' ') + tr("%n could not be undone:", nullptr, int(result.failed))
            + QLatin1Char('\n') + result.messages.join(QLatin1Char('\n'));
    } else if (!result.journalError.isEmpty()) {
        text += QLatin1Char('\n') + tr("The undo was not recorded: %1").arg(result.journalError);
    }
    m_messageLabel->setText(text);
    updateButtons();
    Q_EMIT recordsChanged();
}

} // namespace Planhat
