// SPDX-License-Identifier: MIT
// "New custom field…" on the import wizard's mapping page, driven by keyboard and mouse
// against a real planhat-sandbox: the guess, the dialog, the creation, the catalog the
// wizard goes on with, an error shown in the page, and the import into the new field.
#include "importmappingpage.h"
#include "importwizard.h"
#include "importwizardstate.h"
#include "jobwaiter.h"
#include "mainwindow.h"
#include "newcustomfielddialog.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/importmappingmodel.h"
#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestNewCustomField final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createsAFieldFromTheMappingPageAndImportsIntoIt();
    void mainWindowShowsTheNewFieldsColumn();

private:
    static void clickNext(ImportWizard *wizard);
    static NewCustomFieldDialog *openDialog(ImportWizard *wizard, QTableView *view, int row);

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    QTemporaryDir m_dir;
};

void TestNewCustomField::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_newcustomfield");
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
}

void TestNewCustomField::clickNext(ImportWizard *wizard)
{
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

NewCustomFieldDialog *TestNewCustomField::openDialog(ImportWizard *wizard, QTableView *view,
                                                     int row)
{
    view->setFocus();
    view->setCurrentIndex(view->model()->index(row, ImportMappingModel::Field));
    auto *button = wizard->findChild<QPushButton *>("createFieldButton");
    if (!button || !button->isEnabled())
        return nullptr;
    // By keyboard: the button takes focus and Space presses it.
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
    NewCustomFieldDialog *dialog = nullptr;
    // The dialog of an earlier creation may still wait for its deferred delete.
    const bool shown = QTest::qWaitFor(
        [&] {
            for (NewCustomFieldDialog *candidate : wizard->findChildren<NewCustomFieldDialog *>()) {
                if (candidate->isVisible())
                    dialog = candidate;
            }
            return dialog != nullptr;
        },
        10000);
    return shown ? dialog : nullptr;
}

void TestNewCustomField::createsAFieldFromTheMappingPageAndImportsIntoIt()
{
    const QString path = m_dir.filePath("accounts.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("externalId,name,Tier,Score\n"
               "gcf-1,One,Gold,1\n"
               "gcf-2,Two,Silver,2\n"
               "gcf-3,Three,Gold,3\n"
               "gcf-4,Four,Silver,4\n");
    file.close();

    ImportWizard wizard(m_client.get(), CustomFieldCatalog(), "companies");
    wizard.setFilePath(path);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::TargetPage));
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::MappingPage));
    auto *page = qobject_cast<ImportMappingPage *>(wizard.currentPage());
    ImportMappingModel *mapping = page->mappingModel();
    QVERIFY(mapping->mapping().columns().at(2).isIgnored());
    QVERIFY(mapping->mapping().columns().at(3).isIgnored());
    auto *view = wizard.findChild<QTableView *>("mappingView");
    auto *button = wizard.findChild<QPushButton *>("createFieldButton");
    auto *status = wizard.findChild<QLabel *>("customFieldStatusLabel");

    // A mapped column gets no new field.
    view->setCurrentIndex(mapping->index(1, ImportMappingModel::Field));
    QVERIFY(!button->isEnabled());

    // "Score" is created in the tenant behind the wizard's back: the creation is refused,
    // and the page says why.
    const ObjectResult taken = startAndWait<ObjectResult>(m_client->create(
        *Schema::builtin().type("customfields"),
        {{"name", "Score"}, {"type", "number"}, {"parent", "company"}, {"isHidden", false}}));
    QVERIFY2(!taken.error.isError(), qPrintable(taken.error.toString()));
    NewCustomFieldDialog *dialog = openDialog(&wizard, view, 3);
    QVERIFY(dialog);
    QCOMPARE(dialog->proposal().planhatType, QStringLiteral("number"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("No custom field was created"), 10000);
    QVERIFY2(status->text().contains("Score") && status->text().contains("already exists"),
             qPrintable(status->text()));
    QVERIFY(status->isVisible());
    QVERIFY(mapping->mapping().columns().at(3).isIgnored());
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());

    // "Tier": the guess is a list of the values seen; the user adds one and confirms.
    dialog = openDialog(&wizard, view, 2);
    QVERIFY(dialog);
    auto *nameEdit = dialog->findChild<QLineEdit *>("customFieldNameEdit");
    auto *typeCombo = dialog->findChild<QComboBox *>("customFieldTypeCombo");
    auto *valuesEdit = dialog->findChild<QPlainTextEdit *>("customFieldValuesEdit");
    auto *create = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QCOMPARE(nameEdit->text(), QStringLiteral("Tier"));
    QCOMPARE(typeCombo->currentData().toString(), QStringLiteral("list"));
    QVERIFY(valuesEdit->isVisible());
    QCOMPARE(valuesEdit->toPlainText(), QStringLiteral("Gold\nSilver"));
    // A name the type has already cannot be created.
    nameEdit->selectAll();
    QTest::keyClicks(nameEdit, "External ID");
    QVERIFY(!create->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>("customFieldProblemLabel")->text().contains("externalId"));
    nameEdit->selectAll();
    QTest::keyClicks(nameEdit, "Tier");
    QVERIFY(create->isEnabled());
    valuesEdit->setFocus();
    valuesEdit->moveCursor(QTextCursor::End);
    QTest::keyClick(valuesEdit, Qt::Key_Return);
    QTest::keyClicks(valuesEdit, "Bronze");
    QTest::mouseClick(create, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(mapping->mapping().columns().at(2).field,
                              QStringLiteral("custom.Tier"), 10000);
    QVERIFY2(status->text().contains("Created custom field \"Tier\" on companies"),
             qPrintable(status->text()));
    // The wizard's catalog has the tenant's fields now, Score included.
    const ObjectType type = wizard.state().type();
    QVERIFY(type.field("custom.Tier"));
    QCOMPARE(type.field("custom.Tier")->allowedValues, QStringList({"Gold", "Silver", "Bronze"}));
    QVERIFY(type.field("custom.Score"));
    QCOMPARE(wizard.findChild<QComboBox *>("fieldCombo")->currentData().toString(),
             QStringLiteral("custom.Tier"));
    // The refused column can now be mapped to the field that existed.
    view->setCurrentIndex(mapping->index(3, ImportMappingModel::Field));
    QVERIFY(!button->isEnabled());
    auto *fieldCombo = wizard.findChild<QComboBox *>("fieldCombo");
    fieldCombo->setCurrentIndex(fieldCombo->findData(QStringLiteral("custom.Score")));
    QCOMPARE(mapping->mapping().columns().at(3).field, QStringLiteral("custom.Score"));

    // On to the end: the import fills the new field.
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::ValidationPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), 20000);
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::PreviewPage));
    QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::ResultsPage), 20000);
    const QString summary = wizard.findChild<QLabel *>("resultsSummaryLabel")->text();
    QVERIFY2(summary.contains("4 created"), qPrintable(summary));

    QHash<QString, QJsonObject> byKey;
    for (const QJsonObject &company :
         collectRows(m_client->list(*Schema::builtin().type("companies"))))
        byKey.insert(company.value("externalId").toString(), company);
    QCOMPARE(byKey.size(), 4);
    QCOMPARE(byKey.value("gcf-2").value("custom").toObject().value("Tier").toString(),
             QStringLiteral("Silver"));
    QCOMPARE(byKey.value("gcf-3").value("custom").toObject().value("Score").toDouble(), 3.0);
    bool listed = false;
    for (const QJsonObject &definition : collectRows(m_client->customFieldDefinitions())) {
        if (definition.value("name").toString() == QLatin1String("Tier")) {
            listed = true;
            QCOMPARE(definition.value("type").toString(), QStringLiteral("list"));
            QCOMPARE(definition.value("listValues").toArray(),
                     QJsonArray({"Gold", "Silver", "Bronze"}));
        }
    }
    QVERIFY(listed);
}

void TestNewCustomField::mainWindowShowsTheNewFieldsColumn()
{
    const QString path = m_dir.filePath("segments.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("externalId,name,Segment\nseg-1,One,Retail\nseg-2,Two,Public\n");
    file.close();

    QSettings().setValue("mainWindow/lastType", "companies");
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto hasColumn = [&window](const QString &name) {
        if (!window.tableModel())
            return false;
        for (const ObjectColumn &column : window.tableModel()->availableColumns()) {
            if (column.field().name == name)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(window.tableModel() && !window.tableModel()->isLoading(), 20000);
    QCOMPARE(window.currentTypeName(), QStringLiteral("companies"));
    QVERIFY(!hasColumn("custom.Segment"));

    // The field is created from the wizard the window opened; the wizard is then closed
    // without importing.
    window.openImportWizard(path);
    auto *wizard = window.findChild<ImportWizard *>();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    clickNext(wizard);
    clickNext(wizard);
    QCOMPARE(wizard->currentId(), int(ImportWizard::MappingPage));
    auto *page = qobject_cast<ImportMappingPage *>(wizard->currentPage());
    NewCustomFieldDialog *dialog
        = openDialog(wizard, wizard->findChild<QTableView *>("mappingView"), 2);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(page->mappingModel()->mapping().columns().at(2).field,
                              QStringLiteral("custom.Segment"), 10000);
    QVERIFY(!hasColumn("custom.Segment"));
    wizard->reject();

    // The window reads the catalog again and rebuilds its table: the column is there.
    QTRY_VERIFY_WITH_TIMEOUT(hasColumn("custom.Segment"), 10000);
    QCOMPARE(window.currentTypeName(), QStringLiteral("companies"));
}

QTEST_MAIN(TestNewCustomField)
#include "tst_newcustomfield.moc"
