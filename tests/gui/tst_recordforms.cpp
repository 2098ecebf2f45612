// SPDX-License-Identifier: MIT
// New, Edit, Delete and Export in the main window, driven through real widgets on a real X
// server against a real planhat-sandbox; every change is checked on the server.
#include "jobwaiter.h"
#include "mainwindow.h"
#include "recordactions.h"
#include "recordformdialog.h"
#include "referencepicker.h"
#include "requestlogmodel.h"
#include "sandboxprocess.h"
#include "xlsxinspect.h"

#include "api/planhatclient.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Planhat;
using namespace Planhat::Test;

class TestRecordForms final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void newFormMarksRequiredFieldsAndValidatesBeforeSending();
    void createThroughTheForm();
    void serverRefusalIsShownAndInputKept();
    void companyPickerFindsCompaniesByName();
    void editSendsOnlyChangedFields();
    void datesUseADatePicker();
    void ownerPickerShowsTheUsersName();
    void deleteTwoRecordsAfterConfirmation();
    void exportTheCurrentViewWithFormulaGuard();
    void exportAllFields();
    void exportOffersCsvAndXlsx();
    void newImportTemplateFromTheFileMenu();

private:
    bool openWindow(const QString &typeName);
    RecordFormDialog *waitForForm();
    QJsonObject serverRecord(const QString &typeName, const QString &id, ApiError *error);
    QString createCompany(const QString &name);
    static void clickSave(RecordFormDialog *form);

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestRecordForms::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_recordforms");
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestRecordForms::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
}

void TestRecordForms::cleanup()
{
    m_window.reset();
    m_client.reset();
}

bool TestRecordForms::openWindow(const QString &typeName)
{
    QSettings().setValue("mainWindow/lastType", typeName);
    m_window = std::make_unique<MainWindow>(m_client.get(), "forms-test");
    m_window->show();
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window.get()))
        return false;
    const bool loaded = QTest::qWaitFor(
        [this, typeName] {
            return m_window->tableModel() && m_window->currentTypeName() == typeName
                && !m_window->tableModel()->isLoading() && m_window->tableModel()->rowCount() > 0;
        },
        20000);
    // Loading takes a while under load, and the window manager may have taken activation away
    // meanwhile (a window of an earlier test closing): shortcuts reach the active window only.
    if (loaded && !m_window->isActiveWindow()) {
        m_window->activateWindow();
        if (!QTest::qWaitForWindowActive(m_window.get(), 20000))
            return false;
    }
    // Rows added, replaced and removed by the forms must keep the model consistent.
    if (loaded) {
        new QAbstractItemModelTester(m_window->tableModel(),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest,
                                     m_window.get());
    }
    return loaded;
}

RecordFormDialog *TestRecordForms::waitForForm()
{
    RecordFormDialog *form = nullptr;
    const bool shown = QTest::qWaitFor(
        [this, &form] {
            form = m_window->findChild<RecordFormDialog *>();
            return form && form->isVisible();
        },
        20000); // returns as soon as it shows; a loaded machine may take seconds
    return shown ? form : nullptr;
}

void TestRecordForms::clickSave(RecordFormDialog *form)
{
    auto *buttons = form->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
}

QJsonObject TestRecordForms::serverRecord(const QString &typeName, const QString &id,
                                          ApiError *error)
{
    const ObjectResult result
        = startAndWait<ObjectResult>(m_client->get(*Schema::builtin().type(typeName), id));
    *error = result.error;
    return result.object;
}

QString TestRecordForms::createCompany(const QString &name)
{
    const ObjectResult result = startAndWait<ObjectResult>(
        m_client->create(*Schema::builtin().type("companies"), QJsonObject {{"name", name}}));
    return result.object.value("_id").toString();
}

void TestRecordForms::newFormMarksRequiredFieldsAndValidatesBeforeSending()
{
    QVERIFY(openWindow("companies"));
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keySequence(m_window.get(), QKeySequence::New);
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);
    QVERIFY(!form->isEditing());

    // Required fields are marked; custom fields have their own section.
    auto *nameLabel
        = qobject_cast<QLabel *>(form->findChild<QFormLayout *>("standardForm")
                                     ->labelForField(form->editor("name")->parentWidget()));
    QVERIFY(nameLabel);
    QVERIFY2(nameLabel->text().endsWith("*"), qPrintable(nameLabel->text()));
    QWidget *region = form->editor("custom.Region");
    QVERIFY(region);
    QVERIFY(form->findChild<QWidget *>("customGroup")->isAncestorOf(region));
    // Typed editors: a number field refuses text.
    auto *csmScore = qobject_cast<QLineEdit *>(form->editor("csmScore"));
    QVERIFY(csmScore);
    QTest::keyClicks(csmScore, "lots");

    const int requestsBefore = m_window->requestLog()->rowCount();
    clickSave(form);
    QVERIFY2(!form->fieldError("name").isEmpty(), "a missing required field is named");
    QVERIFY2(form->fieldError("csmScore").contains("number"),
             qPrintable(form->fieldError("csmScore")));
    QVERIFY(form->isVisible());
    QTest::qWait(200); // deliberate: a request, were one sent, would be logged by now
    QCOMPARE(m_window->requestLog()->rowCount(), requestsBefore); // nothing was sent
    form->reject();
}

void TestRecordForms::createThroughTheForm()
{
    QVERIFY(openWindow("companies"));
    const int rowsBefore = m_window->tableModel()->rowCount();
    m_window->recordActions()->newAction()->trigger();
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);
    QTest::keyClicks(form->editor("name"), "Form Created Co");
    QTest::keyClicks(form->editor("externalId"), "form-created-1");
    QTest::keyClicks(form->editor("csmScore"), "4");
    QSignalSpy saved(form, &RecordFormDialog::recordSaved);
    clickSave(form);
    QVERIFY(saved.wait(10000));
    const QJsonObject record = saved.first().first().toJsonObject();
    const QString id = record.value("_id").toString();
    QCOMPARE(id.size(), 24);

    // On the server...
    ApiError error;
    const QJsonObject stored = serverRecord("companies", id, &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(stored.value("name").toString(), QStringLiteral("Form Created Co"));
    QCOMPARE(stored.value("externalId").toString(), QStringLiteral("form-created-1"));
    QCOMPARE(stored.value("csmScore").toDouble(), 4.0);
    // ...and in the table, without a reload, as the current row.
    QCOMPARE(m_window->tableModel()->rowCount(), rowsBefore + 1);
    const int row = m_window->tableModel()->rowOf(id);
    QVERIFY(row >= 0);
    QCOMPARE(m_window->proxyModel()->mapToSource(m_window->tableView()->currentIndex()).row(), row);
}

void TestRecordForms::serverRefusalIsShownAndInputKept()
{
    QVERIFY(openWindow("companies"));
    m_window->recordActions()->newAction()->trigger();
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);
    // The demo data has CUST-0001 already: the server refuses a second company with it.
    QTest::keyClicks(form->editor("name"), "Duplicate Key Co");
    QTest::keyClicks(form->editor("externalId"), "CUST-0001");
    clickSave(form);
    QTRY_VERIFY_WITH_TIMEOUT(!form->serverError().isEmpty(), 10000);
    QVERIFY2(form->serverError().contains("CUST-0001")
                 || form->serverError().contains("externalId"),
             qPrintable(form->serverError()));
    QVERIFY(form->isVisible());
    QCOMPARE(qobject_cast<QLineEdit *>(form->editor("name"))->text(),
             QStringLiteral("Duplicate Key Co"));
    form->reject();
}

void TestRecordForms::companyPickerFindsCompaniesByName()
{
    QVERIFY(openWindow("endusers"));
    const QJsonObject company = [this] {
        const QList<QJsonObject> rows = collectRows(
            m_client->list(*Schema::builtin().type("companies"), ListQuery {{}, {}, {}, 1, 1, {}}));
        return rows.value(0);
    }();
    const QString companyName = company.value("name").toString();
    QVERIFY(!companyName.isEmpty());

    QTest::keySequence(m_window.get(), QKeySequence::New);
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);
    auto *picker = qobject_cast<ReferencePicker *>(form->editor("companyId"));
    QVERIFY2(picker, "company references get a company picker");
    QTRY_VERIFY_WITH_TIMEOUT(picker->count() > 10, 10000); // names arrived
    // Typing part of a name offers the companies that contain it.
    const QString part = companyName.mid(2, 5).toLower();
    QTest::keyClicks(picker->lineEdit(), part);
    QCompleter *completer = picker->completer();
    QTRY_VERIFY(completer->completionCount() >= 1);
    bool offered = false;
    for (int i = 0; completer->setCurrentRow(i); ++i)
        offered = offered || completer->currentCompletion() == companyName;
    QVERIFY2(offered, qPrintable(companyName));
    picker->lineEdit()->clear();
    QTest::keyClicks(picker->lineEdit(), companyName);
    QCOMPARE(picker->referenceId(), company.value("_id").toString());

    QTest::keyClicks(form->editor("email"), "picked@example.com");
    QSignalSpy saved(form, &RecordFormDialog::recordSaved);
    clickSave(form);
    QVERIFY2(saved.wait(10000), qPrintable(form->serverError()));
    ApiError error;
    const QJsonObject stored = serverRecord(
        "endusers", saved.first().first().toJsonObject().value("_id").toString(), &error);
    QVERIFY(!error.isError());
    QCOMPARE(stored.value("companyId").toString(), company.value("_id").toString());
    QCOMPARE(stored.value("email").toString(), QStringLiteral("picked@example.com"));
}

void TestRecordForms::editSendsOnlyChangedFields()
{
    const QString id = createCompany("Before Edit Co");
    QVERIFY(!id.isEmpty());
    QVERIFY(openWindow("companies"));
    const int row = m_window->tableModel()->rowOf(id);
    QVERIFY(row >= 0);
    const QModelIndex shown
        = m_window->proxyModel()->mapFromSource(m_window->tableModel()->index(row, 0));
    m_window->tableView()->setCurrentIndex(shown);
    m_window->tableView()->setFocus();
    QTRY_VERIFY(m_window->tableView()->hasFocus());
    QTest::keyClick(m_window->tableView(), Qt::Key_Return);
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);
    QVERIFY(form->isEditing());
    auto *name = qobject_cast<QLineEdit *>(form->editor("name"));
    QCOMPARE(name->text(), QStringLiteral("Before Edit Co"));
    name->selectAll();
    QTest::keyClicks(name, "After Edit Co");

    QJsonObject payload;
    QVERIFY(form->collectPayload(&payload));
    QCOMPARE(payload, (QJsonObject {{"name", "After Edit Co"}}));
    QSignalSpy saved(form, &RecordFormDialog::recordSaved);
    clickSave(form);
    QVERIFY2(saved.wait(10000), qPrintable(form->serverError()));

    ApiError error;
    QCOMPARE(serverRecord("companies", id, &error).value("name").toString(),
             QStringLiteral("After Edit Co"));
    const int after = m_window->tableModel()->rowOf(id);
    QCOMPARE(m_window->tableModel()->record(after).value("name").toString(),
             QStringLiteral("After Edit Co"));
}

void TestRecordForms::datesUseADatePicker()
{
    const ObjectResult created = startAndWait<ObjectResult>(m_client->create(
        *Schema::builtin().type("companies"),
        QJsonObject {{"name", "Dated Co"},
                     {"custom", QJsonObject {{"Next QBR", "2024-07-02T00:00:00.000Z"}}}}));
    const QString id = created.object.value("_id").toString();
    QVERIFY2(!id.isEmpty(), qPrintable(created.error.toString()));
    QVERIFY(openWindow("companies"));
    const int row = m_window->tableModel()->rowOf(id);
    QVERIFY(row >= 0);
    m_window->tableView()->setCurrentIndex(
        m_window->proxyModel()->mapFromSource(m_window->tableModel()->index(row, 0)));
    m_window->recordActions()->editAction()->trigger();
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);

    auto *nextQbr = qobject_cast<QDateEdit *>(form->editor("custom.Next QBR"));
    QVERIFY2(nextQbr, "a date field gets a date picker");
    QVERIFY(nextQbr->calendarPopup());
    QCOMPARE(nextQbr->date(), QDate(2024, 7, 2));
    // An unset date shows as not set and is not sent.
    auto *contractSigned = qobject_cast<QDateEdit *>(form->editor("custom.Contract Signed"));
    QVERIFY(contractSigned);
    QCOMPARE(contractSigned->text(), QStringLiteral("(not set)"));
    QJsonObject payload;
    QVERIFY(form->collectPayload(&payload));
    QCOMPARE(payload, QJsonObject());

    nextQbr->setFocus();
    nextQbr->setDate(QDate(2024, 8, 15));
    QVERIFY(form->collectPayload(&payload));
    QCOMPARE(payload.value("custom").toObject().value("Next QBR").toString(),
             QStringLiteral("2024-08-15T00:00:00.000Z"));
    QCOMPARE(payload.size(), 1);
    QSignalSpy saved(form, &RecordFormDialog::recordSaved);
    clickSave(form);
    QVERIFY2(saved.wait(10000), qPrintable(form->serverError()));
    ApiError error;
    QCOMPARE(serverRecord("companies", id, &error)
                 .value("custom")
                 .toObject()
                 .value("Next QBR")
                 .toString(),
             QStringLiteral("2024-08-15T00:00:00.000Z"));
}

void TestRecordForms::ownerPickerShowsTheUsersName()
{
    QVERIFY(openWindow("companies"));
    int row = -1;
    for (int i = 0; i < m_window->tableModel()->rowCount() && row < 0; ++i) {
        if (!m_window->tableModel()->record(i).value("owner").toString().isEmpty())
            row = i;
    }
    QVERIFY2(row >= 0, "the demo data has companies with an owner");
    const QString ownerId = m_window->tableModel()->record(row).value("owner").toString();
    const ObjectResult owner
        = startAndWait<ObjectResult>(m_client->get(*Schema::builtin().type("users"), ownerId));
    QVERIFY2(!owner.error.isError(), qPrintable(owner.error.toString()));
    m_window->tableView()->setCurrentIndex(
        m_window->proxyModel()->mapFromSource(m_window->tableModel()->index(row, 0)));
    m_window->recordActions()->editAction()->trigger();
    RecordFormDialog *form = waitForForm();
    QVERIFY(form);

    auto *picker = qobject_cast<ReferencePicker *>(form->editor("owner"));
    QVERIFY2(picker, "a user reference gets a picker of user names");
    QTRY_VERIFY_WITH_TIMEOUT(picker->count() > 1, 10000); // names arrived
    const QString ownerName = m_window->referenceResolver()->name("users", ownerId);
    QVERIFY(!ownerName.isEmpty());
    QVERIFY(ownerName.contains(owner.object.value("firstName").toString()));
    QCOMPARE(picker->currentText(), ownerName);
    QCOMPARE(picker->referenceId(), ownerId);
    QJsonObject payload;
    QVERIFY(form->collectPayload(&payload));
    QCOMPARE(payload, QJsonObject());
    form->reject();
}

void TestRecordForms::deleteTwoRecordsAfterConfirmation()
{
    const QString first = createCompany("Delete Me Alpha");
    const QString second = createCompany("Delete Me Beta");
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY(openWindow("companies"));
    const int rowsBefore = m_window->tableModel()->rowCount();
    auto *filter = m_window->findChild<QLineEdit *>("quickFilter");
    QTest::keyClicks(filter, "Delete Me");
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);
    m_window->tableView()->setFocus();
    m_window->tableView()->selectAll();

    QString confirmation;
    QTimer::singleShot(0, this, [&confirmation] {
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        confirmation = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                QTest::mouseClick(button, Qt::LeftButton);
        }
    });
    QSignalSpy finished(m_window->recordActions(), &RecordActions::deleteFinished);
    QTRY_VERIFY(m_window->tableView()->hasFocus());
    QTest::keyClick(m_window->tableView(), Qt::Key_Delete);
    QCOMPARE(confirmation, QStringLiteral("Delete 2 companies?"));
    QVERIFY(finished.wait(10000));
    const QStringList report = finished.first().at(1).toStringList();
    QCOMPARE(report.size(), 2);
    for (const QString &line : report)
        QVERIFY2(line.endsWith(": deleted"), qPrintable(line));
    auto *reportBox = m_window->findChild<QMessageBox *>("deleteReport");
    QVERIFY(reportBox);
    QVERIFY2(reportBox->informativeText().contains("Delete Me Alpha"),
             qPrintable(reportBox->informativeText()));
    reportBox->accept();

    // Gone from the table without a reload, and from the server.
    QCOMPARE(m_window->tableModel()->rowCount(), rowsBefore - 2);
    QCOMPARE(m_window->proxyModel()->rowCount(), 0);
    ApiError error;
    serverRecord("companies", first, &error);
    QCOMPARE(error.kind(), ApiError::Kind::NotFound);
    serverRecord("companies", second, &error);
    QCOMPARE(error.kind(), ApiError::Kind::NotFound);
}

void TestRecordForms::exportTheCurrentViewWithFormulaGuard()
{
    QVERIFY(!createCompany("=2+3 Guarded Co").isEmpty());
    QVERIFY(!createCompany("-7 Guarded Ltd").isEmpty());
    QVERIFY(openWindow("companies"));
    auto *filter = m_window->findChild<QLineEdit *>("quickFilter");
    QTest::keyClicks(filter, "Guarded");
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);

    const QString path = m_dir.filePath("view.csv");
    QSignalSpy exported(m_window->recordActions(), &RecordActions::exportFinished);
    m_window->recordActions()->exportViewAction()->trigger();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QFileDialog *>("exportFileDialog")));
    dialog->selectFile(path);
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.first().at(0).toString(), path);
    QCOMPARE(exported.first().at(1).toLongLong(), 2);
    QVERIFY2(exported.first().at(2).toString().isEmpty(),
             qPrintable(exported.first().at(2).toString()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    const QList<QByteArray> lines = content.split('\n');
    QCOMPARE(lines.size(), 4); // header, 2 rows, the empty piece after the last CRLF
    QStringList expectedHeader = m_window->tableModel()->visibleColumns();
    QCOMPARE(QString::fromUtf8(lines.first()).trimmed(), expectedHeader.join(','));
    // Name leads the default columns: the guarded names start their rows.
    QVERIFY2(content.contains("\n'=2+3 Guarded Co,"), content.constData());
    QVERIFY2(content.contains("\n'-7 Guarded Ltd,"), content.constData());
}

void TestRecordForms::exportAllFields()
{
    QVERIFY(openWindow("companies"));
    const QString path = m_dir.filePath("all.csv");
    QSignalSpy exported(m_window->recordActions(), &RecordActions::exportFinished);
    m_window->recordActions()->exportTo(path, RecordActions::ExportScope::AllFields);
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.first().at(1).toLongLong(), qint64(m_window->tableModel()->rowCount()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray header = file.readLine();
    QVERIFY2(header.startsWith("_id,"), header.constData());
    QVERIFY2(header.contains("custom."), header.constData());
    QVERIFY(header.contains(",createDate") || header.contains(",updatedAt")
            || header.contains(",name,"));
}

void TestRecordForms::exportOffersCsvAndXlsx()
{
    QVERIFY(openWindow("companies"));
    RecordActions *actions = m_window->recordActions();
    QCOMPARE(actions->exportViewAction()->text(), QStringLiteral("E&xport View…"));
    QCOMPARE(actions->exportAllAction()->text(), QStringLiteral("Export &All Fields…"));
    QCOMPARE(actions->exportViewAction()->shortcut(),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));

    QSignalSpy exported(actions, &RecordActions::exportFinished);
    actions->exportViewAction()->trigger();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QFileDialog *>("exportFileDialog")));
    QCOMPARE(dialog->nameFilters(),
             (QStringList {"CSV files (*.csv)", "Excel workbooks (*.xlsx)"}));
    // The user picks the workbook filter and types a name without extension.
    auto *types = dialog->findChild<QComboBox *>("fileTypeCombo");
    QVERIFY(types);
    types->setCurrentIndex(1);
    Q_EMIT types->activated(1);
    QCOMPARE(dialog->selectedNameFilter(), QStringLiteral("Excel workbooks (*.xlsx)"));
    dialog->selectFile(m_dir.filePath("view"));
    static_cast<QDialog *>(dialog)->accept();
    QVERIFY(exported.wait(10000));
    const QString path = m_dir.filePath("view.xlsx");
    QCOMPARE(exported.first().at(0).toString(), path);
    QVERIFY2(exported.first().at(2).toString().isEmpty(),
             qPrintable(exported.first().at(2).toString()));

    QString error;
    const QJsonObject sheet = inspectedSheet(inspectWorkbook(path, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList header;
    for (const QJsonValue &cell : sheet["rows"].toArray().at(0).toArray()) {
        header.append(cell["value"].toString());
        QVERIFY(cell["bold"].toBool());
    }
    QCOMPARE(header, m_window->tableModel()->visibleColumns());
    QCOMPARE(sheet["rows"].toArray().size() - 1, m_window->proxyModel()->rowCount());
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
}

void TestRecordForms::newImportTemplateFromTheFileMenu()
{
    QVERIFY(openWindow("companies"));
    auto *action = m_window->findChild<QAction *>("actionNewImportTemplate");
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+T")));
    QTRY_VERIFY(action->isEnabled()); // once the custom fields are known
    QVERIFY(m_window->findChild<QMenu *>("menuFile")->actions().contains(action));

    QSignalSpy written(m_window.get(), &MainWindow::importTemplateWritten);
    action->trigger();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QFileDialog *>("importTemplateDialog")));
    const QString path = m_dir.filePath("companies-template.xlsx");
    dialog->selectFile(path);
    static_cast<QDialog *>(dialog)->accept();
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(written.first().at(0).toString(), path);
    QVERIFY2(written.first().at(1).toString().isEmpty(),
             qPrintable(written.first().at(1).toString()));

    QString error;
    const QJsonObject sheet = inspectedSheet(inspectWorkbook(path, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList header;
    for (const QJsonValue &cell : sheet["rows"].toArray().at(0).toArray())
        header.append(cell["value"].toString());
    // The demo tenant's custom fields are in, with their drop-downs.
    QVERIFY2(header.contains("Name") && header.contains("Region") && header.contains("Seats"),
             qPrintable(header.join(", ")));
    QVERIFY(!sheet["validations"].toArray().isEmpty());
}

QTEST_MAIN(TestRecordForms)
#include "tst_recordforms.moc"
