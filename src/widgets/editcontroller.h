// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMainWindow;
class QMenu;
class QTableView;
class QToolBar;
class QUndoCommand;
class QUndoStack;

namespace Planhat {

struct BulkUpsertResult;
class CellEditorDelegate;
class ObjectTableModel;
class PendingChangesModel;

/// Editing in the main window's table: typed editors (CellEditorDelegate), undo and redo of
/// staged edits, paste of spreadsheet blocks, save and revert, the "N records changed" count
/// in its tool bar, and the pending-changes dock. The window adds toolBar(), menu() and
/// pendingChangesDock() and hands over each new table model with setTableModel().
class EditController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditController)
public:
    /// `view` shows the table (directly or through proxies); both must outlive this.
    EditController(QMainWindow *window, QTableView *view);
    ~EditController() override;

    /// The model edits go to; the undo history starts over.
    void setTableModel(ObjectTableModel *model);

    QToolBar *toolBar() const { return m_toolBar; }
    QMenu *menu() const { return m_menu; }
    QDockWidget *pendingChangesDock() const { return m_dock; }
    QUndoStack *undoStack() const { return m_undoStack; }
    QAction *saveAction() const { return m_save; }
    QAction *revertAction() const { return m_revert; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *pasteAction() const { return m_paste; }

    /// Asks whether unsaved edits may be dropped (before closing, switching type or profile,
    /// or reloading). True when there are none or the user agreed; the edits are then
    /// reverted. False leaves everything as it was.
    bool confirmDiscardChanges();

    /// Pastes a tab-separated block at the current cell, converting each cell by its
    /// column's type, as one step to undo. Cells that cannot be converted, read-only columns
    /// and cells beyond the table are left alone and reported (returned, and shown).
    QStringList paste(const QString &text);

private:
    void pasteFromClipboard();
    /// Commits the cell editor open in the table, if any, as if Return was pressed.
    void commitOpenEditor();
    void save();
    void revert();
    void recordEdit(const QString &id, const QString &field, const QJsonValue &before,
                    const QJsonValue &after);
    void handleSaveFinished(const BulkUpsertResult &result);
    void showPasteReport(const QStringList &problems);
    void showRecord(const QString &id, const QString &field);
    void updateActions();

    QMainWindow *m_window; // parent
    QTableView *m_view; // not owned
    QPointer<ObjectTableModel> m_model;
    CellEditorDelegate *m_delegate; // child
    bool m_editorOpen = false; ///< a cell editor is open in the table
    QUndoStack *m_undoStack; // child
    PendingChangesModel *m_pending; // child
    QToolBar *m_toolBar = nullptr; // child of the window
    QMenu *m_menu = nullptr; // child of the window
    QDockWidget *m_dock = nullptr; // child of the window
    QLabel *m_changedLabel = nullptr;
    QAction *m_save = nullptr;
    QAction *m_revert = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_paste = nullptr;
    std::unique_ptr<QUndoCommand> m_pasteCommand; ///< collects the cells of a paste under way
};

} // namespace Planhat
