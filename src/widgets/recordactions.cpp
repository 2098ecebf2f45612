// SPDX-License-Identifier: MIT
#include "recordactions.h"

#include "mainwindow.h"
#include "recorddetailview.h"
#include "recordformdialog.h"
#include "themedicon.h"

#include "api/planhatclient.h"
#include "csv/recordexportjob.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "models/referenceresolver.h"
#include "xlsx/recordfilewriter.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>
#include <memory>

namespace Planhat {

namespace {

const QLatin1String exportDirectoryKey("export/lastDirectory");
const QLatin1String exportFormatKey("export/lastFormat");
constexpr int maxNamesInConfirmation = 10;
constexpr int maxLinesInReport = 20;

/// "1 company", "2 companies".
QString countedType(const ObjectType &type, qsizetype count)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? type.singularName.toLower()
                                                             : type.pluralName.toLower());
}

QString recordLabel(const QJsonObject &record, const QString &id)
{
    const QString name = record.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? id : QStringLiteral("%1 (%2)").arg(name, id);
}

} // namespace

RecordActions::RecordActions(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    createActions();
    // Queued: the window names its new model only after handing it to the proxy.
    connect(m_window->proxyModel(), &QAbstractProxyModel::sourceModelChanged, this,
            &RecordActions::updateActions, Qt::QueuedConnection);
    connect(m_window->proxyModel(), &QAbstractItemModel::rowsInserted, this,
            &RecordActions::updateActions);
    connect(m_window->proxyModel(), &QAbstractItemModel::rowsRemoved, this,
            &RecordActions::updateActions);
    connect(m_window->tableView()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RecordActions::updateActions);
    connect(m_window->proxyModel(), &QAbstractItemModel::modelReset, this,
            &RecordActions::updateActions);
    updateActions();
}

RecordActions::~RecordActions() = default;

void RecordActions::createActions()
{
    QTableView *table = m_window->tableView();
    m_menu = m_window->menuBar()->addMenu(tr("&Records"));
    m_menu->setObjectName(QStringLiteral("menuRecords"));

    m_newAction = m_menu->addAction(tr("&New…"), this, &RecordActions::openNewForm);
    m_newAction->setObjectName(QStringLiteral("actionNewRecord"));
    m_newAction->setIcon(themedIcon(QStringLiteral("document-new")));
    m_newAction->setShortcut(QKeySequence::New);

    m_editAction = m_menu->addAction(tr("&Edit…"), this, &RecordActions::openEditForm);
    m_editAction->setObjectName(QStringLiteral("actionEditRecord"));
    m_editAction->setIcon(themedIcon(QStringLiteral("document-edit")));
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    // Return edits only where it cannot mean anything else: in the table.
    m_editOnReturnAction = new QAction(this);
    m_editOnReturnAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_editOnReturnAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_editOnReturnAction, &QAction::triggered, this, &RecordActions::openEditForm);
    table->addAction(m_editOnReturnAction);

    m_deleteAction = m_menu->addAction(tr("&Delete…"), this, &RecordActions::deleteSelected);
    m_deleteAction->setObjectName(QStringLiteral("actionDeleteRecords"));
    m_deleteAction->setIcon(themedIcon(QStringLiteral("edit-delete")));
    // Delete in the filter box deletes text: the key deletes records only in the table.
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    table->addAction(m_deleteAction);

    m_menu->addSeparator();
    m_exportViewAction = m_menu->addAction(tr("E&xport View…"), this,
                                           [this] { chooseExportFile(ExportScope::CurrentView); });
    m_exportViewAction->setObjectName(QStringLiteral("actionExportView"));
    m_exportViewAction->setIcon(themedIcon(QStringLiteral("document-export")));
    m_exportViewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAllAction = m_menu->addAction(tr("Export &All Fields…"), this,
                                          [this] { chooseExportFile(ExportScope::AllFields); });
    m_exportAllAction->setObjectName(QStringLiteral("actionExportAllFields"));
    m_exportAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));

    for (QAction *action : m_menu->actions()) {
        if (!action->shortcut().isEmpty()) {
            action->setToolTip(QStringLiteral("%1 (%2)").arg(
                action->text().remove(QLatin1Char('&')).remove(QChar(0x2026)),
                action->shortcut().toString(QKeySequence::NativeText)));
        }
    }
}

void RecordActions::updateActions()
{
    const ObjectTableModel *model = m_window->tableModel();
    const bool hasType = model != nullptr;
    const int selected = int(selectedSourceRows().size());
    m_newAction->setEnabled(hasType && model->type().supports(Operation::Create));
    const bool canEdit = hasType && model->type().supports(Operation::Update)
        && m_window->tableView()->currentIndex().isValid();
    m_editAction->setEnabled(canEdit);
    m_editOnReturnAction->setEnabled(canEdit);
    m_deleteAction->setEnabled(hasType && model->type().supports(Operation::Delete)
                               && selected > 0);
    m_exportViewAction->setEnabled(hasType);
    m_exportAllAction->setEnabled(hasType);
}

QList<int> RecordActions::selectedSourceRows() const
{
    QList<int> rows;
    const QItemSelectionModel *selection = m_window->tableView()->selectionModel();
    if (!selection || !m_window->tableModel())
        return rows;
    for (const QModelIndex &index : selection->selectedRows())
        rows.append(m_window->proxyModel()->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void RecordActions::openNewForm()
{
    ObjectTableModel *model = m_window->tableModel();
    if (!model || !model->type().supports(Operation::Create))
        return;
    auto *dialog = new RecordFormDialog(model->type(), m_window->client(),
                                        m_window->referenceResolver(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RecordFormDialog::recordSaved, this,
            [this](const QJsonObject &record) { handleRecordSaved(record, true); });
    dialog->open();
}

void RecordActions::openEditForm()
{
    ObjectTableModel *model = m_window->tableModel();
    const QModelIndex current = m_window->tableView()->currentIndex();
    if (!model || !current.isValid() || !model->type().supports(Operation::Update))
        return;
    const int row = m_window->proxyModel()->mapToSource(current).row();
    auto *dialog = new RecordFormDialog(model->type(), m_window->client(),
                                        m_window->referenceResolver(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRecord(model->record(row));
    connect(dialog, &RecordFormDialog::recordSaved, this,
            [this](const QJsonObject &record) { handleRecordSaved(record, false); });
    dialog->open();
}

void RecordActions::handleRecordSaved(const QJsonObject &record, bool created)
{
    ObjectTableModel *model = m_window->tableModel();
    if (!model)
        return;
    const QString id = record.value(QStringLiteral("_id")).toString();
    const QString name = record.value(QStringLiteral("name")).toString();
    if (model->type().name == QLatin1String("companies") && !name.isEmpty()
        && m_window->referenceResolver())
        m_window->referenceResolver()->insert(model->type().name, id, name);
    int row = created ? -1 : model->replaceRecord(record);
    if (row < 0) {
        model->appendRecord(record);
        row = model->rowCount() - 1;
    }
    const QModelIndex shown = m_window->proxyModel()->mapFromSource(model->index(row, 0));
    if (shown.isValid()) {
        m_window->tableView()->setCurrentIndex(shown);
        m_window->tableView()->scrollTo(shown);
    }
    if (auto *details = m_window->findChild<RecordDetailView *>(QStringLiteral("detailView")))
        details->setRecord(model->type(), record);
    m_window->statusBar()->showMessage(
        (created ? tr("Created %1 %2") : tr("Saved %1 %2"))
            .arg(model->type().singularName.toLower(), recordLabel(record, id)),
        10000);
}

void RecordActions::deleteSelected()
{
    ObjectTableModel *model = m_window->tableModel();
    if (!model || !model->type().supports(Operation::Delete))
        return;
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    const ObjectType type = model->type();
    QStringList ids;
    QStringList labels;
    for (int row : rows) {
        ids.append(model->objectId(row));
        labels.append(recordLabel(model->record(row), ids.last()));
    }

    QMessageBox confirm(QMessageBox::Warning, tr("Delete %1").arg(type.pluralName),
                        tr("Delete %1?").arg(countedType(type, ids.size())), QMessageBox::NoButton,
                        m_window);
    confirm.setObjectName(QStringLiteral("confirmDelete"));
    QString details = labels.mid(0, maxNamesInConfirmation).join(QLatin1Char('\n'));
    if (labels.size() > maxNamesInConfirmation)
        details += QLatin1Char('\n')
            + tr("…and %n more", nullptr, int(labels.size()) - maxNamesInConfirmation);
    confirm.setInformativeText(details + QStringLiteral("\n\n")
                               + tr("This cannot be undone in Planhat Admin."));
    QPushButton *deleteButton = confirm.addButton(
        tr("Delete %1").arg(countedType(type, ids.size())), QMessageBox::DestructiveRole);
    QPushButton *cancelButton = confirm.addButton(QMessageBox::Cancel);
    confirm.setDefaultButton(cancelButton);
    confirm.exec();
    if (confirm.clickedButton() != deleteButton)
        return;

    // One job per record; the report waits for the last answer.
    struct Outcome
    {
        int pending = 0;
        QStringList deleted;
        QStringList lines;
    };
    auto outcome = std::make_shared<Outcome>();
    outcome->pending = int(ids.size());
    m_window->statusBar()->showMessage(tr("Deleting %1…").arg(countedType(type, ids.size())));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString id = ids.at(i);
        const QString label = labels.at(i);
        ObjectJob *job = m_window->client()->remove(type, id);
        connect(job, &ObjectJob::finished, this,
                [this, outcome, id, label, type, total = ids.size()](const ObjectResult &result) {
                    if (result.error.isError()) {
                        outcome->lines.append(
                            tr("%1: not deleted: %2").arg(label, result.error.toString()));
                    } else {
                        outcome->deleted.append(id);
                        outcome->lines.append(tr("%1: deleted").arg(label));
                    }
                    if (--outcome->pending > 0)
                        return;
                    if (ObjectTableModel *current = m_window->tableModel();
                        current && current->type().name == type.name)
                        current->removeRecords(outcome->deleted);
                    const bool allDeleted = outcome->deleted.size() == total;
                    const QString summary = tr("Deleted %1 of %2.")
                                                .arg(outcome->deleted.size())
                                                .arg(countedType(type, total));
                    m_window->statusBar()->showMessage(summary, 10000);
                    auto *report = new QMessageBox(
                        allDeleted ? QMessageBox::Information : QMessageBox::Warning,
                        tr("Delete %1").arg(type.pluralName), summary, QMessageBox::Ok, m_window);
                    report->setObjectName(QStringLiteral("deleteReport"));
                    report->setAttribute(Qt::WA_DeleteOnClose);
                    const QString lines = outcome->lines.join(QLatin1Char('\n'));
                    if (outcome->lines.size() <= maxLinesInReport)
                        report->setInformativeText(lines);
                    else
                        report->setDetailedText(lines);
                    report->open();
                    Q_EMIT deleteFinished(outcome->deleted, outcome->lines);
                });
        job->start();
    }
}

void RecordActions::chooseExportFile(ExportScope scope)
{
    const ObjectTableModel *model = m_window->tableModel();
    if (!model)
        return;
    QString directory = QSettings().value(exportDirectoryKey).toString();
    if (directory.isEmpty())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // The chosen filter gives a name without extension its format; a name's own
    // extension wins (RecordFileWriter picks the format by it).
    const QString csvFilter = tr("CSV files (*.csv)");
    const QString workbookFilter = tr("Excel workbooks (*.xlsx)");
    const bool workbookLast
        = QSettings().value(exportFormatKey).toString() == QLatin1String("xlsx");
    auto *dialog = new QFileDialog(m_window,
                                   scope == ExportScope::CurrentView ? tr("Export the view")
                                                                     : tr("Export all fields"),
                                   directory);
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters({csvFilter, workbookFilter});
    const QString suffix = workbookLast ? QStringLiteral("xlsx") : QStringLiteral("csv");
    dialog->selectNameFilter(workbookLast ? workbookFilter : csvFilter);
    dialog->selectFile(model->type().name + QLatin1Char('.') + suffix);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, scope, dialog, workbookFilter](QString path) {
                // A name without a known extension gets the chosen filter's.
                const QString suffix = QFileInfo(path).suffix().toLower();
                if (suffix != QLatin1String("csv") && suffix != QLatin1String("xlsx")) {
                    path += dialog->selectedNameFilter() == workbookFilter ? QStringLiteral(".xlsx")
                                                                           : QStringLiteral(".csv");
                }
                QSettings().setValue(exportDirectoryKey, QFileInfo(path).absolutePath());
                QSettings().setValue(exportFormatKey,
                                     RecordFileWriter::formatFor(path) == RecordFileFormat::Workbook
                                         ? QStringLiteral("xlsx")
                                         : QStringLiteral("csv"));
                exportTo(path, scope);
            });
    dialog->open();
}

void RecordActions::exportTo(const QString &path, ExportScope scope)
{
    const ObjectTableModel *model = m_window->tableModel();
    if (!model)
        return;
    QList<QJsonObject> records;
    QStringList columns;
    if (scope == ExportScope::CurrentView) {
        const ObjectFilterProxyModel *proxy = m_window->proxyModel();
        records.reserve(proxy->rowCount());
        for (int row = 0; row < proxy->rowCount(); ++row)
            records.append(model->record(proxy->mapToSource(proxy->index(row, 0)).row()));
        // Columns as the user sees them: moved sections in their place, hidden ones left out.
        const QHeaderView *header = m_window->tableView()->horizontalHeader();
        for (int visual = 0; visual < header->count(); ++visual) {
            const int logical = header->logicalIndex(visual);
            if (!header->isSectionHidden(logical))
                columns.append(model->column(logical).name());
        }
    } else {
        records.reserve(model->rowCount());
        for (int row = 0; row < model->rowCount(); ++row)
            records.append(model->record(row));
    }
    const QString what = countedType(model->type(), records.size());
    m_window->statusBar()->showMessage(tr("Exporting %1 to %2…").arg(what, path));
    auto *job = new RecordExportJob(records, columns, model->type(), path, this);
    const bool partial = model->isLoading();
    connect(job, &RecordExportJob::finished, this,
            [this, path, what, partial](const RecordExportResult &result) {
                if (!result.isOk()) {
                    m_window->statusBar()->clearMessage();
                    QMessageBox::warning(m_window, tr("Export failed"), result.error);
                } else {
                    m_window->statusBar()->showMessage(
                        partial ? tr("Exported %1 to %2 (the table was still loading: later rows "
                                     "are not in the file)")
                                      .arg(what, path)
                                : tr("Exported %1 to %2").arg(what, path),
                        15000);
                }
                Q_EMIT exportFinished(path, result.rowsWritten, result.error);
            });
    job->start();
}

} // namespace Planhat
