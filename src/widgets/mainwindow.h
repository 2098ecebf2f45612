// SPDX-License-Identifier: MIT
#pragma once

#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/objecttype.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QLabel;
class QTableView;

namespace Ui {
class MainWindow;
}

namespace Planhat {

class ApiError;
class EditController;
class ImportWizard;
class MetricsWindow;
class ObjectFilterProxyModel;
class PlanhatClient;
class RecordActions;
class ReferenceResolver;
class RequestLogModel;

/// The desktop app's window: object types on the left, the chosen type's records as a
/// table in the centre, the selected record's fields on the right, the request log in a
/// dock, and the connection's state in the status bar. Layout, column widths and the last
/// type shown are remembered between runs.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// `client` must outlive the window; `profileName` is shown in the status bar.
    MainWindow(PlanhatClient *client, const QString &profileName, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows the type named `typeName` ("companies"); returns false for unknown types.
    bool showType(const QString &typeName);
    QString currentTypeName() const;

    ObjectTableModel *tableModel() const { return m_model; }
    ObjectFilterProxyModel *proxyModel() const { return m_proxy; }
    RequestLogModel *requestLog() const { return m_requestLog; }
    /// Editing of the table: actions, undo history, pending-changes dock.
    EditController *editing() const { return m_editing; }

    /// Asks whether unsaved edits may be dropped; true when there are none or the user
    /// agreed (they are then reverted). Call before anything that replaces the table, such
    /// as switching profile.
    bool confirmDiscardChanges();

    QTableView *tableView() const;
    PlanhatClient *client() const { return m_client; }
    ReferenceResolver *referenceResolver() const { return m_resolver; }
    /// New, Edit, Delete and Export (the Records menu).
    RecordActions *recordActions() const { return m_recordActions; }

    /// Opens the CSV import wizard for the current type (raises it when already open), with
    /// `filePath` on its file page when given.
    void openImportWizard(const QString &filePath = QString());
    /// Writes the Excel import template of the current type, with the tenant's custom
    /// fields, to `path` (File > New Import Template… asks for it).
    bool writeImportTemplate(const QString &path, QString *error) const;
    /// View > Metrics…: opens (or raises) the Metrics window; with `companyId`, it reads that
    /// company's metrics (`companyName` titles it).
    MetricsWindow *openMetricsWindow(const QString &companyId = QString(),
                                     const QString &companyName = QString());

Q_SIGNALS:
    /// File > New Import Template… wrote `path`, or failed with `error`.
    void importTemplateWritten(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpActions();
    void setUpImport();
    void chooseImportTemplateFile();
    void setUpHelpMenu();
    void setUpStatusBar();
    void loadCustomFields();
    void refreshCustomFields();
    bool adoptCustomFields(const CustomFieldCatalog &catalog);
    void handleTypeChosen();
    void handleSelectionChanged();
    void fitColumnWidths();
    void handleLoadFailed(const ApiError &error);
    void updateRowCount();
    void saveTableState();
    void restoreWindowState();
    ObjectType typeWithCustomFields(const QString &typeName) const;

    std::unique_ptr<Ui::MainWindow> m_ui;
    PlanhatClient *m_client; // not owned
    QString m_profileName;
    CustomFieldCatalog m_customFields;
    bool m_customFieldsLoaded = false;
    ReferenceResolver *m_resolver = nullptr; // child
    RequestLogModel *m_requestLog = nullptr; // child
    QPointer<ObjectTableModel> m_model; // child, replaced per type
    ObjectFilterProxyModel *m_proxy = nullptr; // child
    QLabel *m_profileLabel = nullptr;
    QLabel *m_rowsLabel = nullptr;
    QLabel *m_inFlightLabel = nullptr;
    EditController *m_editing = nullptr; // child
    RecordActions *m_recordActions = nullptr; // child
    QAction *m_importAction = nullptr; // child
    QAction *m_templateAction = nullptr; // child
    QPointer<ImportWizard> m_importWizard; // child while open
    QPointer<MetricsWindow> m_metricsWindow; // child while open
};

} // namespace Planhat
