// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QPushButton;

namespace Planhat {

class FilteredRowsView;
class ImportResultsModel;
class ImportJournalReadJob;
class ImportResultsWriteJob;
class ImportUndo;
struct JournalState;
struct ImportRunSummary;
struct ImportUndoResult;
struct ImportWizardState;

/// Step 7: the outcome of every row (created, updated, unchanged, failed with the message,
/// outcome unknown), with the counts on top. The results can be saved as a CSV file, the
/// failed rows sent again, and the whole import undone (after a confirmation naming what
/// will be deleted and restored).
class ImportResultsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportResultsPage)
public:
    ImportResultsPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportResultsPage() override;

    /// What the buttons do once they have a path / a confirmation. saveResults() writes on
    /// a worker thread and reports with resultsSaved(); undoImport() reads the journal on a
    /// worker thread, then asks for the confirmation.
    void saveResults(const QString &path);
    bool isSaving() const;
    void retryFailedRows();
    void undoImport();

    void initializePage() override;
    /// The last page of an object import (the analytics pages have higher ids).
    int nextId() const override { return -1; }

Q_SIGNALS:
    /// A retry or an undo changed records.
    void recordsChanged();
    /// A saveResults() ended; `error` says why when not `ok`.
    void resultsSaved(bool ok, const QString &error);

private:
    void showResults();
    void showSummary(const ImportRunSummary &summary);
    void confirmUndo(const JournalState &journal);
    void handleUndoFinished(const ImportUndoResult &result);
    void updateButtons();
    qint64 retryableRowCount() const;

    ImportWizardState *m_state; // not owned
    ImportResultsModel *m_model; // child
    QLabel *m_summaryLabel;
    FilteredRowsView *m_rows;
    QPushButton *m_saveButton;
    QPushButton *m_retryButton;
    QPushButton *m_undoButton;
    QLabel *m_messageLabel;
    QPointer<ImportUndo> m_undo; // child while undoing
    QPointer<ImportResultsWriteJob> m_saving; // child while saving
    QPointer<ImportJournalReadJob> m_readingJournal; // child while reading for an undo
    bool m_undone = false;
};

} // namespace Planhat
