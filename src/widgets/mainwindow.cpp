// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "aboutdialog.h"
#include "editcontroller.h"
#include "importwizard.h"
#include "metricswindow.h"
#include "recordactions.h"
#include "recorddetailview.h"
#include "requestlogmodel.h"
#include "themedicon.h"
#include "ui_mainwindow.h"

#include "api/customfieldsjob.h"
#include "api/planhatclient.h"
#include "models/columnselection.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "models/referenceresolver.h"
#include "schema/schema.h"
#include "xlsx/importtemplate.h"
#include "xlsx/tablereader.h"

#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QListWidgetItem>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>

namespace Planhat {

namespace {

const QLatin1String geometryKey("mainWindow/geometry");
const QLatin1String stateKey("mainWindow/state");
const QLatin1String splitterKey("mainWindow/splitter");
const QLatin1String lastTypeKey("mainWindow/lastType");

QString headerStateKey(const QString &typeName)
{
    return QStringLiteral("tables/%1/header").arg(typeName);
}

/// The local .csv file or .xlsx workbook a drag carries, or empty.
QString droppedImportFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return QString();
    const QUrl url = mime->urls().constFirst();
    if (!url.isLocalFile())
        return QString();
    const QString suffix = QFileInfo(url.toLocalFile()).suffix();
    if (suffix.compare(QLatin1String("csv"), Qt::CaseInsensitive) != 0
        && !TableReader::isWorkbook(url.toLocalFile()))
        return QString();
    return url.toLocalFile();
}

} // namespace

MainWindow::MainWindow(PlanhatClient *client, const QString &profileName, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_client(client)
    , m_profileName(profileName)
    , m_resolver(new ReferenceResolver(client, this))
    , m_requestLog(new RequestLogModel(this))
    , m_proxy(new ObjectFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 3);
    m_ui->splitter->setStretchFactor(2, 1);
    m_ui->tableView->setModel(m_proxy);
    m_ui->tableView->horizontalHeader()->setSectionsMovable(true);
    m_ui->tableView->verticalHeader()->setDefaultSectionSize(m_ui->tableView->fontMetrics().height()
                                                             + 8);
    m_ui->requestLogView->setModel(m_requestLog);
    m_ui->requestLogView->horizontalHeader()->setSectionResizeMode(RequestLogModel::Path,
                                                                   QHeaderView::Stretch);
    m_ui->requestLogView->verticalHeader()->hide();
    m_editing = new EditController(this, m_ui->tableView);
    addToolBar(Qt::TopToolBarArea, m_editing->toolBar());
    menuBar()->insertMenu(m_ui->menuView->menuAction(), m_editing->menu());
    addDockWidget(Qt::BottomDockWidgetArea, m_editing->pendingChangesDock());
    splitDockWidget(m_ui->requestLogDock, m_editing->pendingChangesDock(), Qt::Horizontal);

    for (const ObjectType &type : Schema::builtin().types()) {
        if (!type.supports(Operation::List))
            continue;
        auto *item = new QListWidgetItem(type.pluralName, m_ui->typeList);
        item->setData(Qt::UserRole, type.name);
        item->setToolTip(type.description);
    }

    ValueFormatter formatter;
    formatter.setNameLookup([resolver = m_resolver](const QString &type, const QString &id) {
        return resolver->name(type, id);
    });
    m_ui->detailView->setFormatter(formatter);

    connect(m_ui->typeList, &QListWidget::currentItemChanged, this, &MainWindow::handleTypeChosen);
    connect(m_ui->quickFilter, &QLineEdit::textChanged, m_proxy,
            &ObjectFilterProxyModel::setQuickFilter);
    connect(m_ui->tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::handleSelectionChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateRowCount);
    connect(m_client, &PlanhatClient::requestFinished, m_requestLog, &RequestLogModel::append);
    connect(m_requestLog, &QAbstractItemModel::rowsInserted, m_ui->requestLogView,
            &QTableView::scrollToBottom);

    setUpImport();
    setUpActions();
    setUpStatusBar();
    m_recordActions = new RecordActions(this);
    setUpHelpMenu();
    restoreWindowState();
    // Choose the remembered type now, so the list's focus does not pick the first one; it
    // loads once the tenant's custom fields are known.
    if (!showType(QSettings().value(lastTypeKey).toString()))
        showType(QStringLiteral("companies"));
    loadCustomFields();
}

MainWindow::~MainWindow()
{
    // A model still loading aborts its job when deleted, and the client reports that:
    // nothing may reach this window's widgets once they start going away.
    disconnect(m_client, nullptr, this, nullptr);
    delete m_model;
}

void MainWindow::setUpActions()
{
    m_ui->actionReload->setIcon(themedIcon(QStringLiteral("view-refresh")));
    m_ui->actionQuit->setIcon(themedIcon(QStringLiteral("application-exit")));
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionReload, &QAction::triggered, this, [this] {
        if (m_model && confirmDiscardChanges())
            m_model->reload();
    });
    connect(m_ui->actionFocusTypes, &QAction::triggered, m_ui->typeList,
            qOverload<>(&QWidget::setFocus));
    connect(m_ui->actionFocusTable, &QAction::triggered, m_ui->tableView,
            qOverload<>(&QWidget::setFocus));
    connect(m_ui->actionFocusDetails, &QAction::triggered, m_ui->detailView,
            qOverload<>(&QWidget::setFocus));
    connect(m_ui->actionFocusFilter, &QAction::triggered, this, [this] {
        m_ui->quickFilter->setFocus(Qt::ShortcutFocusReason);
        m_ui->quickFilter->selectAll();
    });
    m_ui->actionShowRequestLog->setChecked(true);
    connect(m_ui->actionShowRequestLog, &QAction::toggled, m_ui->requestLogDock,
            &QWidget::setVisible);
    connect(m_ui->requestLogDock, &QDockWidget::visibilityChanged, m_ui->actionShowRequestLog,
            &QAction::setChecked);
    auto *metricsAction = new QAction(tr("&Metrics…"), this);
    metricsAction->setObjectName(QStringLiteral("actionShowMetrics"));
    metricsAction->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    metricsAction->setStatusTip(tr("Show the metrics Planhat holds, of the selected company"));
    m_ui->menuView->addSeparator();
    m_ui->menuView->addAction(metricsAction);
    connect(metricsAction, &QAction::triggered, this, [this] {
        const QModelIndex current = m_ui->tableView->currentIndex();
        if (!m_model || m_model->type().name != QLatin1String("companies") || !current.isValid()) {
            openMetricsWindow();
            return;
        }
        const QJsonObject company = m_model->record(m_proxy->mapToSource(current).row());
        openMetricsWindow(company.value(QStringLiteral("_id")).toString(),
                          company.value(QStringLiteral("name")).toString());
    });
    connect(m_ui->detailView, &RecordDetailView::metricsRequested, this,
            [this](const QString &id, const QString &name) { openMetricsWindow(id, name); });
    // Shortcuts also show in tooltips, so toolbar and menu users learn them.
    for (QAction *action : findChildren<QAction *>()) {
        if (!action->shortcut().isEmpty())
            action->setToolTip(QStringLiteral("%1 (%2)").arg(
                action->text().remove(QLatin1Char('&')),
                action->shortcut().toString(QKeySequence::NativeText)));
    }
}

void MainWindow::setUpImport()
{
    m_importAction = new QAction(tr("&Import CSV…"), this);
    m_importAction->setObjectName(QStringLiteral("actionImport"));
    m_importAction->setIcon(themedIcon(QStringLiteral("document-import")));
    m_importAction->setShortcut(QKeySequence(tr("Ctrl+I")));
    m_importAction->setStatusTip(tr("Create or update records of the shown type from a CSV file"));
    connect(m_importAction, &QAction::triggered, this, [this] { openImportWizard(); });
    m_ui->menuFile->insertAction(m_ui->menuFile->actions().value(0), m_importAction);
    // Enabled once the tenant's custom fields are known: the template carries them.
    m_templateAction = new QAction(tr("New Import &Template…"), this);
    m_templateAction->setObjectName(QStringLiteral("actionNewImportTemplate"));
    m_templateAction->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    m_templateAction->setStatusTip(
        tr("Write an Excel workbook to fill in and import for the shown type"));
    m_templateAction->setEnabled(false);
    connect(m_templateAction, &QAction::triggered, this, &MainWindow::chooseImportTemplateFile);
    m_ui->menuFile->insertAction(m_ui->menuFile->actions().value(1), m_templateAction);
    auto *toolBar = findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    if (!toolBar) {
        toolBar = addToolBar(tr("Main"));
        toolBar->setObjectName(QStringLiteral("mainToolBar"));
    }
    toolBar->addAction(m_importAction);
    setAcceptDrops(true);
}

MetricsWindow *MainWindow::openMetricsWindow(const QString &companyId, const QString &companyName)
{
    if (!m_metricsWindow) {
        m_metricsWindow = new MetricsWindow(m_client, this);
        m_metricsWindow->setAttribute(Qt::WA_DeleteOnClose);
    }
    if (!companyId.isEmpty()) {
        m_metricsWindow->setCompany(companyId, companyName);
        m_metricsWindow->load();
    }
    m_metricsWindow->show();
    m_metricsWindow->raise();
    m_metricsWindow->activateWindow();
    return m_metricsWindow;
}

void MainWindow::setUpHelpMenu()
{
    // Added last, after the menus of the other controllers, so Help stays at the end.
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction *about = help->addAction(themedIcon(QStringLiteral("help-about")),
                                     tr("&About Planhat Admin"), this, [this] {
                                         auto *dialog = new AboutDialog(this);
                                         dialog->setAttribute(Qt::WA_DeleteOnClose);
                                         dialog->open();
                                     });
    about->setObjectName(QStringLiteral("actionAbout"));
    // No manual to open, so the help key shows what this is (every menu action has a key).
    about->setShortcut(QKeySequence::HelpContents);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::openImportWizard(const QString &filePath)
{
    if (!m_importWizard) {
        const QString typeName = currentTypeName();
        m_importWizard
            = new ImportWizard(m_client, m_customFields,
                               typeName.isEmpty() ? QStringLiteral("companies") : typeName, this);
        m_importWizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_importWizard, &ImportWizard::importFinished, this,
                [this](const QString &typeName) {
                    // Through the action, so whatever guards a reload (unsaved edits)
                    // guards this one too.
                    if (typeName == currentTypeName())
                        m_ui->actionReload->trigger();
                    refreshCustomFields();
                });
        // The mapping page may have created custom fields, with or without an import after.
        connect(m_importWizard, &QDialog::finished, this, &MainWindow::refreshCustomFields);
    }
    if (!filePath.isEmpty())
        m_importWizard->setFilePath(filePath);
    m_importWizard->show();
    m_importWizard->raise();
    m_importWizard->activateWindow();
}

void MainWindow::chooseImportTemplateFile()
{
    const QString typeName
        = currentTypeName().isEmpty() ? QStringLiteral("companies") : currentTypeName();
    const QString directory
        = QSettings()
              .value(QStringLiteral("export/lastDirectory"),
                     QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .toString();
    auto *dialog = new QFileDialog(this, tr("New import template"), directory,
                                   tr("Excel workbooks (*.xlsx)"));
    dialog->setObjectName(QStringLiteral("importTemplateDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("xlsx"));
    dialog->selectFile(typeName + QStringLiteral("-import-template.xlsx"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString error;
        if (writeImportTemplate(path, &error)) {
            statusBar()->showMessage(tr("Wrote the import template %1").arg(path), 15000);
        } else {
            QMessageBox::warning(this, tr("Import template not written"), error);
        }
        Q_EMIT importTemplateWritten(path, error);
    });
    dialog->open();
}

bool MainWindow::writeImportTemplate(const QString &path, QString *error) const
{
    QString typeName = currentTypeName();
    const ObjectType *builtin = Schema::builtin().type(typeName);
    if (!builtin || !builtin->supports(Operation::BulkUpsert))
        typeName = QStringLiteral("companies");
    return ImportTemplate(typeWithCustomFields(typeName)).write(path, error);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedImportFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedImportFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openImportWizard(path);
}

void MainWindow::setUpStatusBar()
{
    m_profileLabel = new QLabel(tr("Profile: %1").arg(m_profileName), this);
    m_rowsLabel = new QLabel(this);
    m_inFlightLabel = new QLabel(tr("No requests in flight"), this);
    statusBar()->addPermanentWidget(m_rowsLabel);
    statusBar()->addPermanentWidget(m_inFlightLabel);
    statusBar()->addPermanentWidget(m_profileLabel);
    connect(m_client, &PlanhatClient::requestsInFlightChanged, this, [this](int count) {
        m_inFlightLabel->setText(count == 0 ? tr("No requests in flight")
                                            : tr("%n request(s) in flight", nullptr, count));
    });
    connect(m_client, &PlanhatClient::rateLimitWaitStarted, this, [this](int milliseconds) {
        // Shown for as long as the wait lasts; whole seconds, rounded up, never "0 s".
        const qint64 seconds = qMax<qint64>(1, (qint64(milliseconds) + 999) / 1000);
        statusBar()->showMessage(
            tr("Rate limited by the server, waiting %1 s before retrying").arg(seconds),
            milliseconds);
    });
}

void MainWindow::loadCustomFields()
{
    auto *job = new CustomFieldsJob(m_client, this);
    connect(job, &CustomFieldsJob::finished, this,
            [this](const CustomFieldCatalog &catalog, const ApiError &error) {
                m_customFieldsLoaded = true;
                m_templateAction->setEnabled(true);
                if (error.isError()) {
                    statusBar()->showMessage(
                        tr("Custom fields could not be loaded: %1").arg(error.toString()));
                } else {
                    m_customFields = catalog;
                }
                // Show the remembered type (or the first) now that its custom columns are known.
                const QString wanted = currentTypeName().isEmpty()
                    ? QSettings().value(lastTypeKey, QStringLiteral("companies")).toString()
                    : currentTypeName();
                if (currentTypeName() == wanted)
                    handleTypeChosen();
                else if (!showType(wanted))
                    showType(QStringLiteral("companies"));
            });
    job->start();
}

/// Reads the tenant's custom fields again (after the import wizard, which can create some),
/// so a new field's column shows without a restart.
void MainWindow::refreshCustomFields()
{
    if (!m_customFieldsLoaded)
        return; // the first load is still under way, and brings them
    auto *job = new CustomFieldsJob(m_client, this);
    connect(job, &CustomFieldsJob::finished, this,
            [this](const CustomFieldCatalog &catalog, const ApiError &error) {
                if (!error.isError())
                    adoptCustomFields(catalog);
            });
    job->start();
}

/// Takes a newly read catalog: when the table's type has other fields with it, the table
/// is rebuilt (after asking about unsaved edits). True when it was rebuilt.
bool MainWindow::adoptCustomFields(const CustomFieldCatalog &catalog)
{
    m_customFields = catalog;
    if (!m_model)
        return false;
    const auto namesOf = [](const ObjectType &type) {
        QStringList names;
        for (const FieldSpec &field : type.fields)
            names.append(field.name);
        return names;
    };
    if (namesOf(typeWithCustomFields(m_model->type().name)) == namesOf(m_model->type())
        || !confirmDiscardChanges())
        return false;
    handleTypeChosen();
    return true;
}

bool MainWindow::showType(const QString &typeName)
{
    for (int i = 0; i < m_ui->typeList->count(); ++i) {
        if (m_ui->typeList->item(i)->data(Qt::UserRole).toString() == typeName) {
            m_ui->typeList->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

QTableView *MainWindow::tableView() const
{
    return m_ui->tableView;
}

QString MainWindow::currentTypeName() const
{
    const QListWidgetItem *item = m_ui->typeList->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

ObjectType MainWindow::typeWithCustomFields(const QString &typeName) const
{
    return m_customFields.apply(*Schema::builtin().type(typeName));
}

void MainWindow::handleTypeChosen()
{
    const QString typeName = currentTypeName();
    if (typeName.isEmpty())
        return;
    QSettings().setValue(lastTypeKey, typeName);
    if (!m_customFieldsLoaded) {
        m_rowsLabel->setText(tr("Loading custom fields…"));
        return; // loadCustomFields() comes back here
    }
    if (m_model && m_model->type().name != typeName && !confirmDiscardChanges()) {
        // Stay on the type whose edits are kept.
        const QSignalBlocker blocker(m_ui->typeList);
        showType(m_model->type().name);
        QSettings().setValue(lastTypeKey, m_model->type().name);
        return;
    }
    saveTableState();
    m_ui->detailView->clear();

    const ObjectType type = typeWithCustomFields(typeName);
    auto *model = new ObjectTableModel(type, m_client, this);
    model->setReferenceResolver(m_resolver);
    model->setVisibleColumns(ColumnSelection().columns(type));
    connect(model, &ObjectTableModel::loadFailed, this, &MainWindow::handleLoadFailed);
    connect(model, &ObjectTableModel::loadingChanged, this, &MainWindow::updateRowCount);
    m_proxy->setSourceModel(model);
    m_editing->setTableModel(model);
    if (m_model)
        m_model->deleteLater();
    m_model = model;

    const QByteArray header = QSettings().value(headerStateKey(typeName)).toByteArray();
    if (header.isEmpty() || !m_ui->tableView->horizontalHeader()->restoreState(header)) {
        // No widths saved for this type: fit them to the first page once it is in.
        connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::fitColumnWidths,
                Qt::SingleShotConnection);
    }
    setWindowTitle(tr("%1 — Planhat Admin (%2)").arg(type.pluralName, m_profileName));
    // Start loading now rather than when the view first asks.
    if (model->canFetchMore(QModelIndex()))
        model->fetchMore(QModelIndex());
    updateRowCount();
}

void MainWindow::fitColumnWidths()
{
    constexpr int maxWidth = 260; // long texts are read in the detail panel, not the column
    QHeaderView *header = m_ui->tableView->horizontalHeader();
    m_ui->tableView->resizeColumnsToContents();
    for (int column = 0; column < header->count(); ++column)
        header->resizeSection(column, qMin(header->sectionSize(column), maxWidth));
}

void MainWindow::handleSelectionChanged()
{
    const QModelIndex current = m_ui->tableView->currentIndex();
    if (!current.isValid() || !m_model) {
        m_ui->detailView->clear();
        return;
    }
    const int sourceRow = m_proxy->mapToSource(current).row();
    m_ui->detailView->setRecord(m_model->type(), m_model->record(sourceRow));
}

void MainWindow::handleLoadFailed(const ApiError &error)
{
    statusBar()->showMessage(
        tr("Loading %1 failed: %2")
            .arg(m_model ? m_model->type().pluralName.toLower() : QString(), error.toString()));
    updateRowCount();
}

void MainWindow::updateRowCount()
{
    if (!m_model) {
        m_rowsLabel->clear();
        return;
    }
    const int shown = m_proxy->rowCount();
    const int loaded = m_model->rowCount();
    QString text = shown == loaded ? tr("%n row(s)", nullptr, loaded)
                                   : tr("%1 of %n row(s)", nullptr, loaded).arg(shown);
    if (m_model->isLoading())
        text += tr(", loading…");
    m_rowsLabel->setText(text);
}

void MainWindow::saveTableState()
{
    if (m_model) {
        QSettings().setValue(headerStateKey(m_model->type().name),
                             m_ui->tableView->horizontalHeader()->saveState());
    }
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    restoreGeometry(settings.value(geometryKey).toByteArray());
    if (!restoreState(settings.value(stateKey).toByteArray()))
        resizeDocks({m_ui->requestLogDock}, {150}, Qt::Vertical);
    if (!m_ui->splitter->restoreState(settings.value(splitterKey).toByteArray()))
        m_ui->splitter->setSizes({200, 760, 320});
}

bool MainWindow::confirmDiscardChanges()
{
    return m_editing->confirmDiscardChanges();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscardChanges()) {
        event->ignore();
        return;
    }
    saveTableState();
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
    settings.setValue(splitterKey, m_ui->splitter->saveState());
    event->accept();
}

} // namespace Planhat
