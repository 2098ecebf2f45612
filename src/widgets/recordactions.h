// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QAction;
class QMenu;

namespace Planhat {

class MainWindow;
struct ObjectResult;

/// The main window's record commands: New (Ctrl+N) and Edit (Return or Ctrl+E) open the
/// RecordFormDialog; Delete (the Delete key) removes the selected rows after a
/// confirmation naming their count and type, and reports per record what happened; the
/// export commands write the current view (rows as filtered and sorted, the visible columns
/// in their order) or every field of every loaded row to CSV or an Excel workbook (.xlsx,
/// typed cells), off the GUI thread. Changes
/// reach the table without a reload. Lives as a child of the window it serves.
class RecordActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordActions)
public:
    enum class ExportScope {
        CurrentView, ///< filtered rows, visible columns
        AllFields, ///< every loaded row, every field found
    };

    explicit RecordActions(MainWindow *window);
    ~RecordActions() override;

    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *exportViewAction() const { return m_exportViewAction; }
    QAction *exportAllAction() const { return m_exportAllAction; }

    /// Writes `scope` to `path` in the background; the status bar says when it is done.
    void exportTo(const QString &path, ExportScope scope);

Q_SIGNALS:
    /// An export ended; `error` is empty on success.
    void exportFinished(const QString &path, qint64 rows, const QString &error);
    /// Every delete of one confirmation got its answer; `report` has one line per record.
    void deleteFinished(const QStringList &deletedIds, const QStringList &report);

private:
    void createActions();
    void updateActions();
    void openNewForm();
    void openEditForm();
    void deleteSelected();
    void chooseExportFile(ExportScope scope);
    void handleRecordSaved(const QJsonObject &record, bool created);
    QList<int> selectedSourceRows() const;

    MainWindow *m_window; // parent
    QMenu *m_menu = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_editOnReturnAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_exportViewAction = nullptr;
    QAction *m_exportAllAction = nullptr;
};

} // namespace Planhat
