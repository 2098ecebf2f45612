// SPDX-License-Identifier: MIT
#include "editcontroller.h"

#include "celleditordelegate.h"
#include "themedicon.h"

#include "api/bulkupsertjob.h"
#include "data/pastedblock.h"
#include "models/objecttablemodel.h"
#include "models/pendingchangesmodel.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QUndoCommand>
#include <QUndoStack>

namespace Planhat {

namespace {

/// One staged edit of one cell, undone by staging the value before it. Cells are found by
/// record id and field, so undo works however the table is sorted or filtered.
class StagedEditCommand final : public QUndoCommand
{
public:
    StagedEditCommand(ObjectTableModel *model, const QString &id, const QString &field,
                      const QJsonValue &before, const QJsonValue &after,
                      std::function<void(const QString &, const QString &)> reveal,
                      QUndoCommand *parent)
        : QUndoCommand(parent)
        , m_model(model)
        , m_id(id)
        , m_field(field)
        , m_before(before)
        , m_after(after)
        , m_reveal(std::move(reveal))
    {
        const FieldSpec *spec = model->type().field(field);
        setText(QObject::tr("edit of %1").arg(spec ? spec->displayName : field));
    }

    void undo() override { apply(m_before); }
    void redo() override
    {
        // The edit is already staged when the command is pushed.
        if (m_pushed)
            apply(m_after);
        m_pushed = true;
    }

private:
    void apply(const QJsonValue &value)
    {
        if (!m_model)
            return;
        m_model->stageValue(m_model->rowOf(m_id), m_field, value);
        m_reveal(m_id, m_field);
    }

    QPointer<ObjectTableModel> m_model;
    QString m_id;
    QString m_field;
    QJsonValue m_before;
    QJsonValue m_after;
    std::function<void(const QString &, const QString &)> m_reveal;
    bool m_pushed = false;
};

/// `index` of `view`'s model mapped through its proxies to the model under them.
QModelIndex sourceIndex(const QModelIndex &index)
{
    QModelIndex source = index;
    while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(source.model()))
        source = proxy->mapToSource(source);
    return source;
}

} // namespace

EditController::EditController(QMainWindow *window, QTableView *view)
    : QObject(window)
    , m_window(window)
    , m_view(view)
    , m_delegate(new CellEditorDelegate(this))
    , m_undoStack(new QUndoStack(this))
    , m_pending(new PendingChangesModel(this))
{
    m_view->setItemDelegate(m_delegate);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    connect(m_delegate, &CellEditorDelegate::editorOpened, this, [this] {
        m_editorOpen = true;
        updateActions();
    });
    connect(m_delegate, &QAbstractItemDelegate::closeEditor, this, [this] {
        m_editorOpen = false;
        updateActions();
    });
    connect(m_delegate, &CellEditorDelegate::editRejected, this, [this](const QString &message) {
        m_window->statusBar()->showMessage(tr("Not changed: %1").arg(message), 10000);
    });

    m_save = new QAction(tr("&Save changes"), window);
    m_save->setObjectName(QStringLiteral("actionSaveChanges"));
    m_save->setIcon(themedIcon(QStringLiteral("document-save")));
    m_save->setShortcut(QKeySequence(QStringLiteral("Ctrl+S")));
    m_revert = new QAction(tr("Re&vert changes"), window);
    m_revert->setObjectName(QStringLiteral("actionRevertChanges"));
    m_revert->setIcon(themedIcon(QStringLiteral("document-revert")));
    m_revert->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    m_undo = new QAction(tr("&Undo"), window);
    m_undo->setObjectName(QStringLiteral("actionUndo"));
    m_undo->setIcon(themedIcon(QStringLiteral("edit-undo")));
    m_undo->setShortcut(QKeySequence(QStringLiteral("Ctrl+Z")));
    m_redo = new QAction(tr("&Redo"), window);
    m_redo->setObjectName(QStringLiteral("actionRedo"));
    m_redo->setIcon(themedIcon(QStringLiteral("edit-redo")));
    m_redo->setShortcuts(
        {QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence(QStringLiteral("Ctrl+Y"))});
    m_paste = new QAction(tr("&Paste cells"), window);
    m_paste->setObjectName(QStringLiteral("actionPasteCells"));
    m_paste->setShortcut(QKeySequence(QStringLiteral("Ctrl+V")));
    // Ctrl+V pastes cells only while the table has the focus; text fields keep their own.
    m_paste->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_paste);
    for (QAction *action : {m_save, m_revert, m_undo, m_redo, m_paste}) {
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(action->text().remove(QLatin1Char('&')),
                                          action->shortcut().toString(QKeySequence::NativeText)));
    }
    connect(m_save, &QAction::triggered, this, &EditController::save);
    connect(m_revert, &QAction::triggered, this, &EditController::revert);
    // Undo and redo stage through ObjectTableModel::stageValue(), which reports no new edit.
    connect(m_undo, &QAction::triggered, m_undoStack, &QUndoStack::undo);
    connect(m_redo, &QAction::triggered, m_undoStack, &QUndoStack::redo);
    connect(m_paste, &QAction::triggered, this, &EditController::pasteFromClipboard);
    connect(m_undoStack, &QUndoStack::indexChanged, this, &EditController::updateActions);

    m_dock = new QDockWidget(tr("Pending changes"), window);
    m_dock->setObjectName(QStringLiteral("pendingChangesDock"));
    auto *pendingView = new QTableView(m_dock);
    pendingView->setObjectName(QStringLiteral("pendingChangesView"));
    pendingView->setAccessibleName(tr("Pending changes"));
    pendingView->setModel(m_pending);
    pendingView->setSelectionBehavior(QAbstractItemView::SelectRows);
    pendingView->setWordWrap(false);
    pendingView->verticalHeader()->hide();
    pendingView->horizontalHeader()->setStretchLastSection(true);
    m_dock->setWidget(pendingView);
    connect(pendingView, &QTableView::activated, this, [this](const QModelIndex &index) {
        showRecord(index.data(PendingChangesModel::ObjectIdRole).toString(),
                   index.data(PendingChangesModel::FieldNameRole).toString());
    });
    QAction *showDock = m_dock->toggleViewAction();
    showDock->setText(tr("&Pending changes"));
    showDock->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+P")));

    m_changedLabel = new QLabel(window);
    m_changedLabel->setObjectName(QStringLiteral("changedRecordsLabel"));
    m_changedLabel->setContentsMargins(8, 0, 8, 0);
    m_toolBar = new QToolBar(tr("Editing"), window);
    m_toolBar->setObjectName(QStringLiteral("editToolBar"));
    m_toolBar->addAction(m_save);
    m_toolBar->addAction(m_revert);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_undo);
    m_toolBar->addAction(m_redo);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(m_changedLabel);

    m_menu = new QMenu(tr("&Edit"), window);
    m_menu->setObjectName(QStringLiteral("menuEdit"));
    m_menu->addAction(m_undo);
    m_menu->addAction(m_redo);
    m_menu->addSeparator();
    m_menu->addAction(m_paste);
    m_menu->addSeparator();
    m_menu->addAction(m_save);
    m_menu->addAction(m_revert);
    m_menu->addSeparator();
    m_menu->addAction(showDock);
    updateActions();
}

EditController::~EditController() = default;

void EditController::setTableModel(ObjectTableModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_undoStack->clear();
    m_model = model;
    m_pending->setTableModel(model);
    if (m_model) {
        connect(m_model, &ObjectTableModel::cellEdited, this, &EditController::recordEdit);
        connect(m_model, &ObjectTableModel::changesChanged, this, &EditController::updateActions);
        connect(m_model, &ObjectTableModel::savingChanged, this, &EditController::updateActions);
        connect(m_model, &ObjectTableModel::saveFinished, this,
                &EditController::handleSaveFinished);
        // A reload drops the rows the history refers to.
        connect(m_model, &QAbstractItemModel::modelReset, m_undoStack, &QUndoStack::clear);
    }
    updateActions();
}

bool EditController::confirmDiscardChanges()
{
    if (!m_model || (!m_model->hasChanges() && !m_model->isSaving()))
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"), QString(),
                    QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    if (m_model->isSaving()) {
        box.setText(tr("Changes are still being saved."));
        box.setInformativeText(tr("Rows the server has not answered for may or may not be "
                                  "saved. Go on anyway?"));
    } else {
        const int records = m_model->changes().recordCount();
        box.setText(tr("%n %1 record(s) have changes that are not saved.", nullptr, records)
                        .arg(m_model->type().singularName.toLower()));
        box.setInformativeText(tr("Discard them, or cancel and save them first (%1).")
                                   .arg(m_save->shortcut().toString(QKeySequence::NativeText)));
    }
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Discard)->setText(tr("&Discard changes"));
    if (box.exec() != QMessageBox::Discard)
        return false;
    if (m_model && !m_model->isSaving())
        m_model->revertChanges();
    m_undoStack->clear();
    return true;
}

void EditController::recordEdit(const QString &id, const QString &field, const QJsonValue &before,
                                const QJsonValue &after)
{
    if (!m_model)
        return;
    auto *command = new StagedEditCommand(
        m_model, id, field, before, after,
        [this](const QString &recordId, const QString &fieldName) {
            showRecord(recordId, fieldName);
        },
        m_pasteCommand.get());
    // Cells of a paste become children of one command; the paste pushes it at the end.
    if (!m_pasteCommand)
        m_undoStack->push(command);
}

void EditController::showRecord(const QString &id, const QString &field)
{
    if (!m_model || !m_view->model())
        return;
    const int row = m_model->rowOf(id);
    const int column = qMax(0, m_model->columnOf(field));
    if (row < 0)
        return;
    // Map the model's cell up through the view's proxies.
    QList<const QAbstractProxyModel *> proxies;
    for (auto *proxy = qobject_cast<const QAbstractProxyModel *>(m_view->model()); proxy;
         proxy = qobject_cast<const QAbstractProxyModel *>(proxy->sourceModel()))
        proxies.prepend(proxy);
    QModelIndex index = m_model->index(row, column);
    for (const QAbstractProxyModel *proxy : std::as_const(proxies))
        index = proxy->mapFromSource(index);
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

void EditController::pasteFromClipboard()
{
    const QString text = QGuiApplication::clipboard()->text();
    if (text.isEmpty()) {
        m_window->statusBar()->showMessage(tr("The clipboard holds no text to paste"), 5000);
        return;
    }
    const QStringList problems = paste(text);
    if (!problems.isEmpty())
        showPasteReport(problems);
}

QStringList EditController::paste(const QString &text)
{
    QStringList problems;
    const QModelIndex start = m_view->currentIndex();
    if (!m_model || !start.isValid()) {
        problems.append(tr("Choose the cell to paste into first."));
        return problems;
    }
    if (m_model->isSaving()) {
        problems.append(tr("Wait until the save has finished."));
        return problems;
    }
    const PastedBlock block = PastedBlock::fromText(text);
    const QAbstractItemModel *viewModel = m_view->model();
    const QHeaderView *header = m_view->horizontalHeader();
    const int firstVisual = header->visualIndex(start.column());
    const ColumnOptions::DateFormat dateFormat = PastedBlock::systemDateFormat();

    // Every target is found before anything changes: an edit may move rows of a sorted or
    // filtered view.
    struct Target
    {
        QPersistentModelIndex index;
        QJsonValue value;
    };
    QList<Target> targets;
    for (int r = 0; r < block.rowCount(); ++r) {
        const int viewRow = start.row() + r;
        if (viewRow >= viewModel->rowCount()) {
            problems.append(tr("Rows %1 to %2 of the block: below the last row of the table")
                                .arg(r + 1)
                                .arg(block.rowCount()));
            break;
        }
        for (int c = 0; c < block.columnCount(); ++c) {
            const QString cellName = tr("Row %1, column %2").arg(r + 1).arg(c + 1);
            if (firstVisual + c >= header->count()) {
                problems.append(tr("%1: right of the last column").arg(cellName));
                continue;
            }
            const int viewColumn = header->logicalIndex(firstVisual + c);
            const QModelIndex source = sourceIndex(viewModel->index(viewRow, viewColumn));
            const ObjectColumn &column = m_model->column(source.column());
            const QString columnName = column.field().displayName;
            if (!m_model->isEditable(column)) {
                problems.append(tr("%1 (%2): the field is read-only").arg(cellName, columnName));
                continue;
            }
            const ConvertedValue converted
                = PastedBlock::convert(block.cell(r, c), column.field(), dateFormat);
            if (converted.kind == ConvertedValue::Kind::Invalid) {
                problems.append(tr("%1 (%2): %3").arg(cellName, columnName, converted.message));
                continue;
            }
            targets.append({QPersistentModelIndex(source),
                            converted.kind == ConvertedValue::Kind::Skip
                                ? QJsonValue(QJsonValue::Null)
                                : converted.value});
        }
    }
    m_pasteCommand = std::make_unique<QUndoCommand>();
    for (const Target &target : std::as_const(targets))
        m_model->setData(target.index, QVariant::fromValue(target.value));
    std::unique_ptr<QUndoCommand> pasted = std::move(m_pasteCommand);
    const int changed = pasted->childCount();
    if (changed > 0) {
        pasted->setText(tr("paste of %n cell(s)", nullptr, changed));
        m_undoStack->push(pasted.release()); // redo() skips the edits already staged
    }
    m_window->statusBar()->showMessage(
        tr("Pasted %n cell(s)", nullptr, changed)
            + (problems.isEmpty() ? QString()
                                  : tr(", %n not pasted", nullptr, int(problems.size()))),
        10000);
    return problems;
}

void EditController::showPasteReport(const QStringList &problems)
{
    constexpr int shown = 20;
    QString text = problems.mid(0, shown).join(QLatin1Char('\n'));
    if (problems.size() > shown)
        text += tr("\n… and %n more", nullptr, int(problems.size() - shown));
    auto *box
        = new QMessageBox(QMessageBox::Warning, tr("Some cells were not pasted"),
                          tr("%n cell(s) could not be pasted:", nullptr, int(problems.size())),
                          QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("pasteReport"));
    box->setInformativeText(text);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void EditController::commitOpenEditor()
{
    if (!m_editorOpen)
        return;
    QWidget *editor = QApplication::focusWidget();
    while (editor && editor->parentWidget() != m_view->viewport())
        editor = editor->parentWidget();
    if (!editor)
        return;
    QAbstractItemDelegate *delegate = m_view->itemDelegateForIndex(m_view->currentIndex());
    Q_EMIT delegate->commitData(editor);
    Q_EMIT delegate->closeEditor(editor, QAbstractItemDelegate::NoHint);
}

void EditController::save()
{
    // Ctrl+S with a cell editor still open saves what it holds too.
    commitOpenEditor();
    if (!m_model || !m_model->hasChanges())
        return;
    const int records = m_model->changes().recordCount();
    if (m_model->saveChanges())
        m_window->statusBar()->showMessage(tr("Saving %n record(s)…", nullptr, records));
}

void EditController::revert()
{
    if (!m_model || !m_model->hasChanges() || m_model->isSaving())
        return;
    // Revert is one step to undo, so a slip of the keyboard loses nothing.
    auto revert = std::make_unique<QUndoCommand>(tr("revert"));
    const ChangeSet &changes = m_model->changes();
    for (const QString &id : changes.changedRecords()) {
        for (const FieldChange &change : changes.changes(id)) {
            new StagedEditCommand(
                m_model, id, change.field, change.after, change.before,
                [this](const QString &recordId, const QString &fieldName) {
                    showRecord(recordId, fieldName);
                },
                revert.get());
        }
    }
    m_model->revertChanges();
    m_undoStack->push(revert.release()); // redo() skips the edits already reverted
    m_window->statusBar()->showMessage(
        tr("Changes reverted (%1 brings them back)")
            .arg(m_undo->shortcut().toString(QKeySequence::NativeText)),
        10000);
}

void EditController::handleSaveFinished(const BulkUpsertResult &result)
{
    // The history ends at what the server has now; edits still staged stay in the table.
    m_undoStack->clear();
    const int saved = result.created + result.updated + result.unchanged;
    const int failed = result.failed + result.unknown;
    if (failed == 0) {
        m_window->statusBar()->showMessage(tr("Saved %n record(s)", nullptr, saved), 10000);
    } else {
        m_window->statusBar()->showMessage(
            tr("Saved %1 record(s); %n could not be saved and stay changed (see the "
               "highlighted rows and the pending-changes dock)",
               nullptr, failed)
                .arg(saved));
        m_dock->show();
    }
    updateActions();
}

void EditController::updateActions()
{
    const bool hasModel = m_model;
    const bool saving = hasModel && m_model->isSaving();
    const int records = hasModel ? m_model->changes().recordCount() : 0;
    // An open cell editor may hold an edit: Save commits it first.
    m_save->setEnabled((records > 0 || m_editorOpen) && !saving);
    m_revert->setEnabled(records > 0 && !saving);
    m_undo->setEnabled(m_undoStack->canUndo() && !saving);
    m_redo->setEnabled(m_undoStack->canRedo() && !saving);
    m_paste->setEnabled(hasModel && !saving);
    m_undo->setText(m_undoStack->canUndo() ? tr("&Undo %1").arg(m_undoStack->undoText())
                                           : tr("&Undo"));
    m_redo->setText(m_undoStack->canRedo() ? tr("&Redo %1").arg(m_undoStack->redoText())
                                           : tr("&Redo"));
    if (saving)
        m_changedLabel->setText(tr("Saving %n changed record(s)…", nullptr, records));
    else if (records == 0)
        m_changedLabel->setText(tr("No changes"));
    else
        m_changedLabel->setText(tr("%n record(s) changed", nullptr, records));
}

} // namespace Planhat
