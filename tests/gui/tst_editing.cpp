// SPDX-License-Identifier: MIT
// Editing in the main window against a real planhat-sandbox, driven through the real
// widgets: typed editors, staged edits and their highlight, the changed-records count and
// the pending-changes dock, undo and redo, paste from a spreadsheet, save (and a save the
// server rejects), and the unsaved-changes question.
#include "celleditordelegate.h"
#include "editcontroller.h"
#include "jobwaiter.h"
#include "mainwindow.h"
#include "multivaluecombobox.h"
#include "sandboxprocess.h"

#include "api/clientoptions.h"
#include "api/planhatclient.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "models/pendingchangesmodel.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

const QStringList editColumns {"_id",
                               "name",
                               "status",
                               "phase",
                               "custom.Seats",
                               "custom.Next QBR",
                               "custom.Region",
                               "custom.Products",
                               "custom.Renewal Risk"};

} // namespace

class TestEditing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void editsThroughTheEditorAndSaves();
    void editorsFitTheFieldType();
    void readOnlyCellsOpenNoEditor();
    void emptyCellsStayEmptyUnlessChanged();
    void saveCommitsTheOpenEditor();
    void rejectedSaveKeepsTheEditAndShowsWhy();
    void serverErrorOnSaveKeepsTheEdit();
    void undoAndRedoWithShortcuts();
    void pastesASpreadsheetBlock();
    void closingWithUnsavedChangesAsks();
    void switchingTypeWithUnsavedChangesAsks();
    void everyEditingActionHasAShortcut();

private:
    /// A shown, active window on companies with editColumns, every row loaded.
    std::unique_ptr<MainWindow> openCompanies();
    QTableView *table(MainWindow *window) const;
    /// The view's index of `field` in view row `row`.
    static QModelIndex cell(MainWindow *window, int row, const QString &field);
    /// Opens the editor of `index` with F2 and returns it (the focus widget).
    static bool makeActive(QWidget *window);
    static QWidget *openEditor(QTableView *view, const QModelIndex &index);
    /// Presses Return in `editor`; the view commits the value (queued) and closes it.
    static void commit(QWidget *editor);
    /// Answers the next modal message box with `button`, remembering its text.
    void answerNextMessageBox(QMessageBox::StandardButton button);
    QJsonObject fetchCompany(const QString &id);

    std::unique_ptr<PlanhatClient> m_client;
    SandboxProcess m_sandbox;
    QString m_lastBoxText;
    QTimer *m_boxWatcher = nullptr;
};

void TestEditing::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_editing");
    QSettings().clear();
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestEditing::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
    m_lastBoxText.clear();
}

void TestEditing::cleanup()
{
    delete m_boxWatcher;
    m_boxWatcher = nullptr;
}

std::unique_ptr<MainWindow> TestEditing::openCompanies()
{
    QSettings().setValue("mainWindow/lastType", "companies");
    auto window = std::make_unique<MainWindow>(m_client.get(), "edit-test");
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get()))
        return nullptr;
    const bool loaded = QTest::qWaitFor(
        [&window] {
            return window->tableModel() && window->currentTypeName() == "companies"
                && !window->tableModel()->isLoading() && window->tableModel()->rowCount() > 50;
        },
        20000);
    if (!loaded)
        return nullptr;
    window->tableModel()->setVisibleColumns(editColumns);
    // Unsorted, so view rows are model rows unless a test sorts.
    window->proxyModel()->sort(-1);
    // Loading took a while: the window may have lost activation meanwhile.
    if (!makeActive(window.get()))
        return nullptr;
    return window;
}

QTableView *TestEditing::table(MainWindow *window) const
{
    return window->findChild<QTableView *>("tableView");
}

QModelIndex TestEditing::cell(MainWindow *window, int row, const QString &field)
{
    return window->proxyModel()->index(row, window->tableModel()->columnOf(field));
}

bool TestEditing::makeActive(QWidget *window)
{
    // Under load the window manager can take activation away for a moment (a window of an
    // earlier test closing, a late focus event): shortcuts and QApplication::focusWidget()
    // only work in the active window, so wait until this one is active again.
    if (window->isActiveWindow())
        return true;
    window->activateWindow();
    return QTest::qWaitForWindowActive(window, 20000);
}

QWidget *TestEditing::openEditor(QTableView *view, const QModelIndex &index)
{
    if (!makeActive(view->window()))
        return nullptr;
    view->setFocus();
    view->setCurrentIndex(index);
    QTest::keyClick(view, Qt::Key_F2);
    // F2 opens the delegate's editor at once, in the viewport, with the window's focus. Read
    // the window's focus widget, which does not depend on the window still being active.
    QWidget *editor = view->window()->focusWidget();
    return editor && editor != view && view->viewport()->isAncestorOf(editor) ? editor : nullptr;
}

void TestEditing::commit(QWidget *editor)
{
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::processEvents();
}

void TestEditing::answerNextMessageBox(QMessageBox::StandardButton button)
{
    delete m_boxWatcher;
    m_boxWatcher = new QTimer;
    m_boxWatcher->setInterval(20);
    connect(m_boxWatcher, &QTimer::timeout, this, [this, button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || !box->button(button))
            return;
        m_boxWatcher->stop();
        m_lastBoxText = box->text() + '\n' + box->informativeText();
        box->button(button)->click();
    });
    m_boxWatcher->start();
}

QJsonObject TestEditing::fetchCompany(const QString &id)
{
    return startAndWait<ObjectResult>(m_client->get(*Schema::builtin().type("companies"), id))
        .object;
}

void TestEditing::editsThroughTheEditorAndSaves()
{
    auto window = openCompanies();
    QVERIFY(window);
    QAbstractItemModelTester tester(window->tableModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *label = window->findChild<QLabel *>("changedRecordsLabel");
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("No changes"));

    const QModelIndex name = cell(window.get(), 2, "name");
    const QString id = name.data(ObjectTableModel::ObjectIdRole).toString();
    const QString original = name.data().toString();
    auto *editor = qobject_cast<QLineEdit *>(openEditor(table(window.get()), name));
    QVERIFY(editor);
    QCOMPARE(editor->text(), original);
    editor->selectAll();
    QTest::keyClicks(editor, "Renamed Through The Editor");
    commit(editor);

    QCOMPARE(name.data().toString(), QStringLiteral("Renamed Through The Editor"));
    QVERIFY(name.data(ObjectTableModel::ChangedRole).toBool());
    QVERIFY(!cell(window.get(), 2, "phase").data(ObjectTableModel::ChangedRole).toBool());
    QVERIFY(label->text().startsWith("1 record"));
    // Nothing was sent yet.
    QCOMPARE(fetchCompany(id).value("name").toString(), original);

    // The edited cell is painted as changed (seen with another row selected).
    table(window.get())->setCurrentIndex(cell(window.get(), 8, "name"));
    const QImage image = table(window.get())->viewport()->grab().toImage();
    const QRect rect = table(window.get())->visualRect(name);
    QCOMPARE(image.pixelColor(rect.topLeft() + QPoint(3, 3)), CellEditorDelegate::changedColor());

    auto *pending = window->findChild<QTableView *>("pendingChangesView");
    QVERIFY(pending);
    QTRY_COMPARE(pending->model()->rowCount(), 1);
    QCOMPARE(pending->model()->index(0, PendingChangesModel::Field).data().toString(),
             QStringLiteral("Name"));
    QCOMPARE(pending->model()->index(0, PendingChangesModel::OldValue).data().toString(), original);
    QCOMPARE(pending->model()->index(0, PendingChangesModel::NewValue).data().toString(),
             QStringLiteral("Renamed Through The Editor"));

    QVERIFY(makeActive(window.get())); // a shortcut reaches the active window only
    QTest::keySequence(window.get(), QKeySequence("Ctrl+S"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !window->tableModel()->hasChanges() && !window->tableModel()->isSaving(), 20000);
    QCOMPARE(fetchCompany(id).value("name").toString(),
             QStringLiteral("Renamed Through The Editor"));
    QCOMPARE(label->text(), QStringLiteral("No changes"));
    QTRY_COMPARE(pending->model()->rowCount(), 0);
    QVERIFY(!name.data(ObjectTableModel::ChangedRole).toBool());
    QVERIFY(window->statusBar()->currentMessage().contains("Saved 1"));
}

void TestEditing::editorsFitTheFieldType()
{
    auto window = openCompanies();
    QVERIFY(window);
    QTableView *view = table(window.get());
    const ObjectType &type = window->tableModel()->type();

    // Dates: a date picker with a calendar; the new day is sent as an ISO date.
    const QModelIndex qbr = cell(window.get(), 0, "custom.Next QBR");
    auto *dateEdit = qobject_cast<QDateEdit *>(openEditor(view, qbr));
    QVERIFY(dateEdit);
    QVERIFY(dateEdit->calendarPopup());
    dateEdit->setDate(QDate(2031, 7, 14));
    commit(dateEdit);
    QCOMPARE(qbr.data(Qt::EditRole).toString(), QStringLiteral("2031-07-14T00:00:00.000Z"));

    // Numbers: a spin box.
    const QModelIndex seats = cell(window.get(), 0, "custom.Seats");
    auto *spinBox = qobject_cast<QDoubleSpinBox *>(openEditor(view, seats));
    QVERIFY(spinBox);
    spinBox->selectAll();
    QTest::keyClicks(spinBox, "321");
    commit(spinBox);
    QCOMPARE(seats.data(Qt::EditRole).toDouble(), 321.0);

    // A list custom field: a combo box with exactly its allowed values (and empty).
    const QModelIndex region = cell(window.get(), 0, "custom.Region");
    auto *combo = qobject_cast<QComboBox *>(openEditor(view, region));
    QVERIFY(combo);
    QVERIFY(!qobject_cast<MultiValueComboBox *>(combo));
    const QStringList allowed = type.field("custom.Region")->allowedValues;
    QCOMPARE(combo->count(), allowed.size() + 1);
    const QString other
        = allowed.at((allowed.indexOf(region.data().toString()) + 1) % allowed.size());
    combo->setCurrentIndex(combo->findText(other));
    commit(combo);
    QCOMPARE(region.data().toString(), other);

    // A multi-pick list: values ticked in the combo box.
    const QModelIndex products = cell(window.get(), 0, "custom.Products");
    auto *multi = qobject_cast<MultiValueComboBox *>(openEditor(view, products));
    QVERIFY(multi);
    QCOMPARE(multi->count(), type.field("custom.Products")->allowedValues.size());
    multi->setCheckedValues({"Mobile", "Automation"});
    commit(multi);
    QCOMPARE(products.data(Qt::EditRole).toJsonValue(),
             QJsonValue(QJsonArray {"Automation", "Mobile"}));

    // A check box: Space toggles it in place.
    const QModelIndex risk = cell(window.get(), 0, "custom.Renewal Risk");
    const int before = risk.data(Qt::CheckStateRole).toInt();
    view->setFocus();
    view->setCurrentIndex(risk);
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(risk.data(Qt::CheckStateRole).toInt(),
             before == Qt::Checked ? Qt::Unchecked : Qt::Checked);

    // Text typed into a line edit is read by the field's type... and kept when it fits.
    const QModelIndex phase = cell(window.get(), 0, "phase");
    auto *lineEdit = qobject_cast<QLineEdit *>(openEditor(view, phase));
    QVERIFY(lineEdit);
    lineEdit->selectAll();
    QTest::keyClicks(lineEdit, "Pilot");
    commit(lineEdit);
    QCOMPARE(phase.data().toString(), QStringLiteral("Pilot"));
    QCOMPARE(window->tableModel()->changes().fieldCount(), 6);
    window->tableModel()->revertChanges();
}

void TestEditing::readOnlyCellsOpenNoEditor()
{
    auto window = openCompanies();
    QVERIFY(window);
    QTableView *view = table(window.get());
    for (const char *field : {"_id", "status"}) {
        const QModelIndex index = cell(window.get(), 1, field);
        QVERIFY2(!index.flags().testFlag(Qt::ItemIsEditable), field);
        QVERIFY2(!openEditor(view, index), field);
        QTest::keyClicks(view, "typed");
        QVERIFY2(!window->tableModel()->hasChanges(), field);
    }
}

void TestEditing::emptyCellsStayEmptyUnlessChanged()
{
    const ObjectResult created = startAndWait<ObjectResult>(m_client->create(
        *Schema::builtin().type("companies"), QJsonObject {{"name", "Empty Cells Co"}}));
    const QString id = created.object.value("_id").toString();
    QVERIFY2(!id.isEmpty(), qPrintable(created.error.toString()));
    auto window = openCompanies();
    QVERIFY(window);
    const int sourceRow = window->tableModel()->rowOf(id);
    QVERIFY(sourceRow >= 0);
    const int row
        = window->proxyModel()->mapFromSource(window->tableModel()->index(sourceRow, 0)).row();

    // A date picker and a spin box must show something; opening them on an empty cell
    // and pressing Enter stages nothing.
    for (const char *field : {"custom.Seats", "custom.Next QBR"}) {
        QWidget *editor = openEditor(table(window.get()), cell(window.get(), row, field));
        QVERIFY2(editor, field);
        commit(editor);
        QVERIFY2(!window->tableModel()->hasChanges(), field);
        QVERIFY(cell(window.get(), row, field).data().toString().isEmpty());
    }
    // Typing 0 into the empty number editor is a value.
    auto *seats = qobject_cast<QDoubleSpinBox *>(
        openEditor(table(window.get()), cell(window.get(), row, "custom.Seats")));
    QVERIFY(seats);
    QVERIFY(seats->text().isEmpty());
    QTest::keyClicks(seats, "0");
    commit(seats);
    QVERIFY(window->tableModel()->changes().isChanged(id, "custom.Seats"));
    QCOMPARE(cell(window.get(), row, "custom.Seats").data(Qt::EditRole).toDouble(), 0.0);
    // So is a day stepped to in the empty date editor.
    auto *nextQbr = qobject_cast<QDateEdit *>(
        openEditor(table(window.get()), cell(window.get(), row, "custom.Next QBR")));
    QVERIFY(nextQbr);
    QTest::keyClick(nextQbr, Qt::Key_Up);
    commit(nextQbr);
    QVERIFY(window->tableModel()->changes().isChanged(id, "custom.Next QBR"));
    window->tableModel()->revertChanges();
}

void TestEditing::saveCommitsTheOpenEditor()
{
    auto window = openCompanies();
    QVERIFY(window);
    const QModelIndex name = cell(window.get(), 6, "name");
    const QString id = name.data(ObjectTableModel::ObjectIdRole).toString();
    auto *editor = qobject_cast<QLineEdit *>(openEditor(table(window.get()), name));
    QVERIFY(editor);
    QVERIFY2(window->editing()->saveAction()->isEnabled(), "an open editor may hold an edit");
    editor->selectAll();
    QTest::keyClicks(editor, "Typed Then Saved");
    // Ctrl+S straight from the editor, without Return first.
    QTest::keySequence(editor, QKeySequence("Ctrl+S"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !window->tableModel()->hasChanges() && !window->tableModel()->isSaving(), 20000);
    QCOMPARE(fetchCompany(id).value("name").toString(), QStringLiteral("Typed Then Saved"));
    QCOMPARE(name.data().toString(), QStringLiteral("Typed Then Saved"));
    QVERIFY(!window->editing()->saveAction()->isEnabled());
}

void TestEditing::rejectedSaveKeepsTheEditAndShowsWhy()
{
    auto window = openCompanies();
    QVERIFY(window);
    const QModelIndex name = cell(window.get(), 5, "name");
    const QString id = name.data(ObjectTableModel::ObjectIdRole).toString();
    auto *editor = qobject_cast<QLineEdit *>(openEditor(table(window.get()), name));
    QVERIFY(editor);
    editor->setText("Saved Into The Void");
    commit(editor);
    // Someone deletes the company before the save: the server rejects that row.
    const ObjectResult removed
        = startAndWait<ObjectResult>(m_client->remove(*Schema::builtin().type("companies"), id));
    QVERIFY2(!removed.error.isError(), qPrintable(removed.error.toString()));

    window->editing()->saveAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window->tableModel()->isSaving(), 20000);
    QVERIFY(window->tableModel()->hasChanges());
    QCOMPARE(name.data().toString(), QStringLiteral("Saved Into The Void"));
    QVERIFY(name.data(ObjectTableModel::ChangedRole).toBool());
    const QString message = name.data(ObjectTableModel::SaveErrorRole).toString();
    QVERIFY2(message.contains(id), qPrintable(message));
    QVERIFY(cell(window.get(), 5, "phase").data(Qt::ToolTipRole).toString().contains(message));
    auto *label = window->findChild<QLabel *>("changedRecordsLabel");
    QVERIFY(label->text().startsWith("1 record"));
    auto *pending = window->findChild<QTableView *>("pendingChangesView");
    QTRY_COMPARE(pending->model()->index(0, PendingChangesModel::Problem).data().toString(),
                 message);
    QVERIFY(window->findChild<QDockWidget *>("pendingChangesDock")->isVisible());
    QVERIFY(window->statusBar()->currentMessage().contains("could not be saved"));
    // The whole row is painted as failed (seen with another row selected).
    table(window.get())->setCurrentIndex(cell(window.get(), 9, "name"));
    const QImage image = table(window.get())->viewport()->grab().toImage();
    const QRect rect = table(window.get())->visualRect(cell(window.get(), 5, "phase"));
    QCOMPARE(image.pixelColor(rect.topLeft() + QPoint(3, 3)), CellEditorDelegate::failedColor());
    window->tableModel()->revertChanges();
}

void TestEditing::serverErrorOnSaveKeepsTheEdit()
{
    // A second sandbox that serves the demo data but answers every write with 500.
    SandboxProcess failing;
    QVERIFY2(failing.start({"--seed", "demo", "--fail-writes", "500"}),
             qPrintable(failing.errorString()));
    m_client = std::make_unique<PlanhatClient>(failing.url());
    m_client->setToken(SandboxProcess::token());
    ClientOptions options;
    options.maxAttempts = 2; // the client retries 500s: keep the test short
    options.initialBackoff = std::chrono::milliseconds(10);
    m_client->setOptions(options);

    auto window = openCompanies();
    QVERIFY(window);
    const QModelIndex name = cell(window.get(), 3, "name");
    const QString id = name.data(ObjectTableModel::ObjectIdRole).toString();
    const QString original = name.data().toString();
    auto *editor = qobject_cast<QLineEdit *>(openEditor(table(window.get()), name));
    QVERIFY(editor);
    editor->setText("Lost In A Server Error");
    commit(editor);

    QTest::keySequence(window.get(), QKeySequence("Ctrl+S"));
    QTRY_VERIFY_WITH_TIMEOUT(window->tableModel()->isSaving(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!window->tableModel()->isSaving(), 20000);
    // The edit is still staged, shown and explained; the server kept the old name.
    QVERIFY(window->tableModel()->hasChanges());
    QCOMPARE(name.data().toString(), QStringLiteral("Lost In A Server Error"));
    QVERIFY(name.data(ObjectTableModel::ChangedRole).toBool());
    const QString message = name.data(ObjectTableModel::SaveErrorRole).toString();
    QVERIFY2(message.contains("500") || message.contains("fail", Qt::CaseInsensitive),
             qPrintable(message));
    QVERIFY(window->statusBar()->currentMessage().contains("could not be saved"));
    QCOMPARE(fetchCompany(id).value("name").toString(), original);

    // Saving again once the server is healthy is what the kept edit is for: the revert
    // here only keeps the close from asking.
    window->tableModel()->revertChanges();
    window.reset();
    m_client.reset();
}

void TestEditing::undoAndRedoWithShortcuts()
{
    auto window = openCompanies();
    QVERIFY(window);
    QTableView *view = table(window.get());
    const QModelIndex first = cell(window.get(), 0, "phase");
    const QModelIndex second = cell(window.get(), 1, "phase");
    const QString firstOriginal = first.data().toString();
    const QString secondOriginal = second.data().toString();
    for (const QModelIndex &index : {first, second}) {
        auto *editor = qobject_cast<QLineEdit *>(openEditor(view, index));
        QVERIFY(editor);
        editor->setText("Phase " + QString::number(index.row()));
        commit(editor);
    }
    QCOMPARE(window->tableModel()->changes().recordCount(), 2);

    view->setFocus();
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Z"));
    QCOMPARE(second.data().toString(), secondOriginal);
    QCOMPARE(first.data().toString(), QStringLiteral("Phase 0"));
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Z"));
    QCOMPARE(first.data().toString(), firstOriginal);
    QVERIFY2(!window->tableModel()->hasChanges(), "undoing every edit leaves nothing to save");
    QVERIFY(!window->editing()->saveAction()->isEnabled());
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Shift+Z"));
    QCOMPARE(first.data().toString(), QStringLiteral("Phase 0"));
    QVERIFY(first.data(ObjectTableModel::ChangedRole).toBool());
    QCOMPARE(window->tableModel()->changes().recordCount(), 1);
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Shift+Z"));
    QCOMPARE(second.data().toString(), QStringLiteral("Phase 1"));
    QVERIFY(window->findChild<QLabel *>("changedRecordsLabel")->text().startsWith("2 record"));

    // Revert discards every edit, and is itself undone by Ctrl+Z.
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Shift+R"));
    QVERIFY(!window->tableModel()->hasChanges());
    QCOMPARE(first.data().toString(), firstOriginal);
    QCOMPARE(second.data().toString(), secondOriginal);
    QCOMPARE(window->findChild<QLabel *>("changedRecordsLabel")->text(),
             QStringLiteral("No changes"));
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Z"));
    QCOMPARE(window->tableModel()->changes().recordCount(), 2);
    QCOMPARE(second.data().toString(), QStringLiteral("Phase 1"));
    window->tableModel()->revertChanges();
}

void TestEditing::pastesASpreadsheetBlock()
{
    auto window = openCompanies();
    QVERIFY(window);
    ObjectTableModel *model = window->tableModel();
    model->setVisibleColumns({"name", "custom.Seats", "custom.Next QBR", "status"});
    QTableView *view = table(window.get());
    const QString firstId
        = cell(window.get(), 3, "name").data(ObjectTableModel::ObjectIdRole).toString();
    const QString secondId
        = cell(window.get(), 4, "name").data(ObjectTableModel::ObjectIdRole).toString();
    const double secondSeats = cell(window.get(), 4, "custom.Seats").data(Qt::EditRole).toDouble();

    // Two rows of three cells as a spreadsheet copies them; one number is no number.
    QGuiApplication::clipboard()->setText("Pasted One\t1,500\t2030-01-31\r\n"
                                          "Pasted Two\tmany\t2031-02-28\r\n");
    view->setFocus();
    view->setCurrentIndex(cell(window.get(), 3, "name"));
    QTest::keySequence(view, QKeySequence("Ctrl+V"));

    QMessageBox *report = nullptr;
    QTRY_VERIFY((report = window->findChild<QMessageBox *>("pasteReport")));
    QVERIFY2(report->informativeText().contains("Row 2, column 2 (Seats)"),
             qPrintable(report->informativeText()));
    QVERIFY(report->informativeText().contains("\"many\" is not a number"));
    report->button(QMessageBox::Ok)->click();
    QTRY_VERIFY(!window->findChild<QMessageBox *>("pasteReport")); // deleted on close

    const int firstRow = model->rowOf(firstId);
    const int secondRow = model->rowOf(secondId);
    QCOMPARE(model->record(firstRow).value("name").toString(), QStringLiteral("Pasted One"));
    QCOMPARE(model->record(firstRow).value("custom").toObject().value("Seats").toDouble(), 1500.0);
    QCOMPARE(model->record(firstRow).value("custom").toObject().value("Next QBR").toString(),
             QStringLiteral("2030-01-31T00:00:00.000Z"));
    QCOMPARE(model->record(secondRow).value("name").toString(), QStringLiteral("Pasted Two"));
    QCOMPARE(model->record(secondRow).value("custom").toObject().value("Seats").toDouble(),
             secondSeats);
    QVERIFY(model->record(secondRow)
                .value("custom")
                .toObject()
                .value("Next QBR")
                .toString()
                .startsWith("2031-02-28"));
    QCOMPARE(model->changes().fieldCount(), 5);

    // One paste is one step to undo.
    QTest::keySequence(window.get(), QKeySequence("Ctrl+Z"));
    QVERIFY(!model->hasChanges());
    QVERIFY(model->record(firstRow).value("name").toString() != QStringLiteral("Pasted One"));

    // Read-only columns are reported, not pasted.
    QGuiApplication::clipboard()->setText("active\n");
    view->setCurrentIndex(cell(window.get(), 3, "status"));
    QTest::keySequence(view, QKeySequence("Ctrl+V"));
    QTRY_VERIFY((report = window->findChild<QMessageBox *>("pasteReport")));
    QVERIFY(report->informativeText().contains("read-only"));
    report->button(QMessageBox::Ok)->click();
    QVERIFY(!model->hasChanges());
}

void TestEditing::closingWithUnsavedChangesAsks()
{
    auto window = openCompanies();
    QVERIFY(window);
    const QModelIndex name = cell(window.get(), 0, "name");
    QVERIFY(window->proxyModel()->setData(name, "Unsaved Name"));

    answerNextMessageBox(QMessageBox::Cancel);
    QVERIFY(!window->close());
    QVERIFY(m_lastBoxText.contains("not saved"));
    QVERIFY(window->isVisible());
    QCOMPARE(name.data().toString(), QStringLiteral("Unsaved Name"));

    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(window->close());
    QVERIFY(!window->isVisible());
    QVERIFY(!window->tableModel()->hasChanges());

    // No question without changes.
    auto clean = openCompanies();
    QVERIFY(clean);
    QVERIFY(clean->close());
}

void TestEditing::switchingTypeWithUnsavedChangesAsks()
{
    auto window = openCompanies();
    QVERIFY(window);
    ObjectTableModel *companies = window->tableModel();
    QVERIFY(window->proxyModel()->setData(cell(window.get(), 0, "phase"), "Kept Phase"));

    answerNextMessageBox(QMessageBox::Cancel);
    QVERIFY(window->showType("endusers"));
    QVERIFY(!m_lastBoxText.isEmpty());
    QCOMPARE(window->currentTypeName(), QStringLiteral("companies"));
    QCOMPARE(window->tableModel(), companies);
    QVERIFY(companies->hasChanges());

    m_lastBoxText.clear();
    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(window->showType("endusers"));
    QVERIFY(!m_lastBoxText.isEmpty());
    QCOMPARE(window->currentTypeName(), QStringLiteral("endusers"));
    QTRY_VERIFY(window->tableModel() && window->tableModel()->type().name == "endusers");
}

void TestEditing::everyEditingActionHasAShortcut()
{
    auto window = openCompanies();
    QVERIFY(window);
    EditController *editing = window->editing();
    QCOMPARE(editing->undoAction()->shortcut(), QKeySequence("Ctrl+Z"));
    QCOMPARE(editing->redoAction()->shortcut(), QKeySequence("Ctrl+Shift+Z"));
    QCOMPARE(editing->saveAction()->shortcut(), QKeySequence("Ctrl+S"));
    for (QAction *action : editing->menu()->actions()) {
        if (!action->isSeparator())
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }
}

QTEST_MAIN(TestEditing)
#include "tst_editing.moc"
