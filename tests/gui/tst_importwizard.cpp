// SPDX-License-Identifier: MIT
// The CSV import wizard against a real planhat-sandbox, driven through its real widgets:
// opened from the main window's action and by dropping a file on it, then walked from the
// file to the results.
#include "importfilepage.h"
#include "importmappingpage.h"
#include "importresultspage.h"
#include "importwizard.h"
#include "importwizardstate.h"
#include "jobwaiter.h"
#include "mainwindow.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "importer/importjournal.h"
#include "importer/importmapping.h"
#include "models/importmappingmodel.h"
#include "models/importpreviewmodel.h"
#include "models/importproblemmodel.h"
#include "models/importresultsmodel.h"
#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>

using namespace Planhat;
using namespace Planhat::Test;

class TestImportWizard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void droppingACsvFileOpensTheWizardWithIt();
    void importsAFileThroughEveryPage();
    void importsASheetOfAWorkbook();
    void stopsAfterTheChunkInFlight();
    void retriesFailedRows();
    void doesNotResumeAChangedFile();
    void keyComboOffersTheTypesMatchFields();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QList<QJsonObject> companies();
    bool waitUntilLoaded(MainWindow &window);
    static ImportWizard *openWizardWithShortcut(MainWindow &window);
    static void clickNext(ImportWizard *wizard);

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    QTemporaryDir m_dir;
};

void TestImportWizard::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_importwizard");
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    // Import journals go to the data directory: keep them in this test's directory.
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestImportWizard::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
}

void TestImportWizard::cleanup()
{
    m_client.reset();
}

QString TestImportWizard::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QList<QJsonObject> TestImportWizard::companies()
{
    return collectRows(m_client->list(*Schema::builtin().type("companies")));
}

bool TestImportWizard::waitUntilLoaded(MainWindow &window)
{
    return QTest::qWaitFor(
        [&window] {
            return window.tableModel() && !window.tableModel()->isLoading()
                && window.tableModel()->rowCount() > 0;
        },
        20000);
}

ImportWizard *TestImportWizard::openWizardWithShortcut(MainWindow &window)
{
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window))
        return nullptr;
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+I")));
    ImportWizard *wizard = nullptr;
    const bool opened = QTest::qWaitFor([&] {
        wizard = window.findChild<ImportWizard *>();
        return wizard && wizard->isVisible();
    });
    return opened ? wizard : nullptr;
}

void TestImportWizard::clickNext(ImportWizard *wizard)
{
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

void TestImportWizard::droppingACsvFileOpensTheWizardWithIt()
{
    const QString path = writeFile("dropped.csv", "Name\tExternal ID\nDropped Co\tdrop-1\n");
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.acceptDrops());

    // Something that is not a CSV file is refused.
    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(m_dir.filePath("picture.png"))});
    QDragEnterEvent refused(QPoint(50, 50), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());

    auto *wizard = window.findChild<ImportWizard *>();
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    QCOMPARE(wizard->currentId(), int(ImportWizard::FilePage));
    QCOMPARE(wizard->findChild<QLineEdit *>("pathEdit")->text(), path);
    const QString detected = wizard->findChild<QLabel *>("detectedLabel")->text();
    QVERIFY2(detected.contains("UTF-8") && detected.contains("tab"), qPrintable(detected));
    auto *preview = wizard->findChild<QTableView *>("previewView");
    QCOMPARE(preview->model()->columnCount(), 2);
    // The user's choices win over detection.
    auto *delimiter = wizard->findChild<QComboBox *>("delimiterCombo");
    delimiter->setCurrentIndex(delimiter->findText("semicolon"));
    QCOMPARE(preview->model()->columnCount(), 1);
    delimiter->setCurrentIndex(0);
    QCOMPARE(preview->model()->columnCount(), 2);
    auto *headerRow = wizard->findChild<QCheckBox *>("headerRowCheck");
    headerRow->setFocus();
    QTest::keyClick(headerRow, Qt::Key_Space);
    QCOMPARE(preview->model()->rowCount(), 2);
    QCOMPARE(preview->model()->headerData(0, Qt::Horizontal).toString(),
             QStringLiteral("Column 1"));
    QTest::keyClick(headerRow, Qt::Key_Space);
    QCOMPARE(preview->model()->rowCount(), 1);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->reject();
}

void TestImportWizard::importsAFileThroughEveryPage()
{
    // Two companies the demo tenant has: one gets a new name, one is sent as it is.
    const QList<QJsonObject> before = companies();
    QVERIFY(before.size() >= 2);
    const QJsonObject renamed = before.at(0);
    const QJsonObject untouched = before.at(1);
    QVERIFY(!renamed.value("externalId").toString().isEmpty());
    QVERIFY(!untouched.value("externalId").toString().isEmpty());

    // Semicolons, a byte order mark and a non-ASCII name; row 3 has a bad number.
    const QByteArray csv = "\xEF\xBB\xBF"
                           "External ID;Company Name;Seats;Next QBR;Comment\r\n"
                           "wiz-001;\xC3\x86r\xC3\xB8 Analytics;12;05/03/2025;new one\r\n"
        + renamed.value("externalId").toString().toUtf8()
        + ";Renamed By Wizard;;;\r\n"
          "wiz-002;Bad Seats Co;twelve;;skip me\r\n"
        + untouched.value("externalId").toString().toUtf8() + ";"
        + untouched.value("name").toString().toUtf8() + ";;;\r\n";
    const QString path = writeFile("companies.csv", csv);

    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showType("companies"));
    QVERIFY(waitUntilLoaded(window));

    // The action is on the toolbar and in the File menu.
    auto *action = window.findChild<QAction *>("actionImport");
    QVERIFY(action);
    QVERIFY(window.findChild<QToolBar *>("mainToolBar")->actions().contains(action));
    QVERIFY(window.findChild<QMenu *>("menuFile")->actions().contains(action));
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+I")));
    ImportWizard *wizard = openWizardWithShortcut(window);
    QVERIFY(wizard);
    QCOMPARE(wizard->currentId(), int(ImportWizard::FilePage));

    // File: typed path, detected encoding and delimiter, the first rows.
    auto *pathEdit = wizard->findChild<QLineEdit *>("pathEdit");
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    pathEdit->setFocus();
    QTest::keyClicks(pathEdit, path);
    const QString detected = wizard->findChild<QLabel *>("detectedLabel")->text();
    QVERIFY2(detected.contains("UTF-8") && detected.contains("semicolon"), qPrintable(detected));
    auto *preview = wizard->findChild<QTableView *>("previewView");
    QCOMPARE(preview->model()->columnCount(), 5);
    QCOMPARE(preview->model()->rowCount(), 4);
    QCOMPARE(preview->model()->index(0, 1).data().toString(), QStringLiteral("Ærø Analytics"));
    QCOMPARE(preview->model()->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Seats"));
    clickNext(wizard);

    // Target and key: companies, matched on externalId, upsert.
    QCOMPARE(wizard->currentId(), int(ImportWizard::TargetPage));
    auto *typeCombo = wizard->findChild<QComboBox *>("typeCombo");
    QCOMPARE(typeCombo->currentData().toString(), QStringLiteral("companies"));
    auto *keyCombo = wizard->findChild<QComboBox *>("keyCombo");
    QCOMPARE(keyCombo->currentData().toString(), QStringLiteral("externalId"));
    QCOMPARE(wizard->findChild<QComboBox *>("modeCombo")->currentIndex(), 0);
    clickNext(wizard);

    // Mapping: "Company Name" is not matched automatically; map it to name by keyboard.
    QCOMPARE(wizard->currentId(), int(ImportWizard::MappingPage));
    auto *mappingPage = qobject_cast<ImportMappingPage *>(wizard->currentPage());
    ImportMappingModel *mapping = mappingPage->mappingModel();
    QCOMPARE(mapping->mapping().columns().at(0).field, QStringLiteral("externalId"));
    QCOMPARE(mapping->mapping().columns().at(2).field, QStringLiteral("custom.Seats"));
    QCOMPARE(mapping->mapping().columns().at(3).field, QStringLiteral("custom.Next QBR"));
    QVERIFY(mapping->mapping().columns().at(1).isIgnored());
    QVERIFY(mapping->mapping().columns().at(4).isIgnored());
    // Without a name, new companies cannot be created... but upsert only says so per row:
    // the mapping itself is usable, so Next is open.
    auto *mappingView = wizard->findChild<QTableView *>("mappingView");
    mappingView->setFocus();
    mappingView->setCurrentIndex(mapping->index(1, ImportMappingModel::Field));
    auto *fieldCombo = wizard->findChild<QComboBox *>("fieldCombo");
    const int nameIndex = fieldCombo->findData(QStringLiteral("name"));
    QVERIFY(nameIndex > 0);
    fieldCombo->setFocus();
    fieldCombo->setCurrentIndex(nameIndex);
    QCOMPARE(mapping->mapping().columns().at(1).field, QStringLiteral("name"));
    QCOMPARE(mapping->index(1, ImportMappingModel::Field).data().toString(),
             QStringLiteral("Name (name)"));
    // Next QBR is written day first.
    mappingView->setCurrentIndex(mapping->index(3, ImportMappingModel::Field));
    auto *dateCombo = wizard->findChild<QComboBox *>("dateFormatCombo");
    QVERIFY(dateCombo->isEnabled());
    dateCombo->setCurrentIndex(dateCombo->findText("dd/MM/yyyy"));
    QCOMPARE(mapping->mapping().columns().at(3).options.dateFormat,
             ColumnOptions::DateFormat::DayMonthYear);
    // Save the mapping, spoil it, and load it back.
    const QString mappingPath = m_dir.filePath("companies.mapping.json");
    QVERIFY(mappingPage->saveMapping(mappingPath));
    mappingView->setCurrentIndex(mapping->index(0, ImportMappingModel::Field));
    fieldCombo->setCurrentIndex(0); // ignore the key column
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY2(wizard->findChild<QLabel *>("mappingProblemsLabel")->text().contains("externalId"),
             qPrintable(wizard->findChild<QLabel *>("mappingProblemsLabel")->text()));
    QVERIFY(mappingPage->loadMapping(mappingPath));
    QCOMPARE(mapping->mapping().columns().at(0).field, QStringLiteral("externalId"));
    QCOMPARE(mapping->mapping().columns().at(1).field, QStringLiteral("name"));
    QCOMPARE(mapping->mapping().columns().at(3).options.dateFormat,
             ColumnOptions::DateFormat::DayMonthYear);
    clickNext(wizard);

    // Validation: the bad number is listed, and blocks Next until invalid rows are skipped.
    QCOMPARE(wizard->currentId(), int(ImportWizard::ValidationPage));
    auto *problemView = wizard->findChild<QTableView *>("problemView");
    QTRY_COMPARE_WITH_TIMEOUT(problemView->model()->rowCount(), 1, 10000);
    const QAbstractItemModel *problems = problemView->model();
    QCOMPARE(problems->index(0, ImportProblemModel::Row).data().toInt(), 3);
    QCOMPARE(problems->index(0, ImportProblemModel::ColumnName).data().toString(),
             QStringLiteral("Seats"));
    QCOMPARE(problems->index(0, ImportProblemModel::Value).data().toString(),
             QStringLiteral("twelve"));
    QVERIFY(!problems->index(0, ImportProblemModel::Message).data().toString().isEmpty());
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    auto *skip = wizard->findChild<QCheckBox *>("skipInvalidCheck");
    QVERIFY(skip->isEnabled());
    skip->setFocus();
    QTest::keyClick(skip, Qt::Key_Space);
    QVERIFY(skip->isChecked());
    clickNext(wizard);

    // Preview: counts on top, each row marked, the update shows before -> after.
    QCOMPARE(wizard->currentId(), int(ImportWizard::PreviewPage));
    const QString counts = wizard->findChild<QLabel *>("previewCountsLabel")->text();
    QVERIFY2(counts.contains("1 to create, 1 to update, 1 unchanged, 1 invalid"),
             qPrintable(counts));
    auto *planView = wizard->findChild<QTableView *>("planView");
    const QAbstractItemModel *plan = planView->model();
    QCOMPARE(plan->rowCount(), 4);
    QCOMPARE(plan->index(0, ImportPreviewModel::Action).data().toString(),
             QStringLiteral("create"));
    QCOMPARE(plan->index(1, ImportPreviewModel::Action).data().toString(),
             QStringLiteral("update"));
    QCOMPARE(plan->index(2, ImportPreviewModel::Action).data().toString(),
             QStringLiteral("invalid"));
    QCOMPARE(plan->index(3, ImportPreviewModel::Action).data().toString(),
             QStringLiteral("unchanged"));
    const QString change = plan->index(1, ImportPreviewModel::Changes).data().toString();
    QVERIFY2(change.contains(QStringLiteral("name: \"%1\" → \"Renamed By Wizard\"")
                                 .arg(renamed.value("name").toString())),
             qPrintable(change));
    QCOMPARE(plan->index(1, ImportPreviewModel::Record).data().toString(),
             renamed.value("externalId").toString());
    // The filter shows one kind of row.
    auto *show = wizard->findChild<QComboBox *>("previewShowCombo");
    show->setCurrentIndex(show->findData("update"));
    QCOMPARE(plan->rowCount(), 1);
    show->setCurrentIndex(0);
    QCOMPARE(wizard->button(QWizard::CommitButton)->text().remove('&'), QStringLiteral("Import"));
    QTest::mouseClick(wizard->button(QWizard::CommitButton), Qt::LeftButton);

    // Run, then the results come by themselves.
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(ImportWizard::ResultsPage), 20000);
    QVERIFY(wizard->findChild<QProgressBar *>("runProgress")->value() > 0);
    const QString summary = wizard->findChild<QLabel *>("resultsSummaryLabel")->text();
    QVERIFY2(summary.contains("1 created, 1 updated, 1 unchanged, 1 failed"), qPrintable(summary));
    const QAbstractItemModel *results = wizard->findChild<QTableView *>("resultsView")->model();
    QCOMPARE(results->rowCount(), 4);
    QCOMPARE(results->index(0, ImportResultsModel::Status).data().toString(),
             QStringLiteral("created"));
    QCOMPARE(results->index(1, ImportResultsModel::Status).data().toString(),
             QStringLiteral("updated"));
    QCOMPARE(results->index(2, ImportResultsModel::Status).data().toString(),
             QStringLiteral("failed"));
    QVERIFY(results->index(2, ImportResultsModel::Message).data().toString().contains("twelve"));
    QCOMPARE(results->index(3, ImportResultsModel::Status).data().toString(),
             QStringLiteral("unchanged"));
    const QString createdId = results->index(0, ImportResultsModel::RecordId).data().toString();
    QCOMPARE(createdId.size(), 24);
    auto *showResults = wizard->findChild<QComboBox *>("resultsShowCombo");
    showResults->setCurrentIndex(showResults->findData("failed"));
    QCOMPARE(results->rowCount(), 1);
    QCOMPARE(results->index(0, ImportResultsModel::Row).data().toInt(), 3);
    showResults->setCurrentIndex(0);
    QCOMPARE(results->rowCount(), 4);

    // The tenant has what the results say.
    QJsonObject created;
    QJsonObject afterRename;
    bool skippedRowSent = false;
    for (const QJsonObject &company : companies()) {
        const QString key = company.value("externalId").toString();
        if (key == "wiz-001")
            created = company;
        else if (key == renamed.value("externalId").toString())
            afterRename = company;
        skippedRowSent = skippedRowSent || key == "wiz-002";
    }
    QCOMPARE(created.value("_id").toString(), createdId);
    QCOMPARE(created.value("name").toString(), QStringLiteral("Ærø Analytics"));
    const QJsonObject custom = created.value("custom").toObject();
    QCOMPARE(custom.value("Seats").toDouble(), 12.0);
    QVERIFY2(custom.value("Next QBR").toString().startsWith("2025-03-05"),
             qPrintable(custom.value("Next QBR").toString()));
    QCOMPARE(afterRename.value("name").toString(), QStringLiteral("Renamed By Wizard"));
    QVERIFY(!skippedRowSent);
    // The main window's table shows the import.
    const auto tableShowsCreated = [&window, &createdId] {
        for (int row = 0; row < window.tableModel()->rowCount(); ++row) {
            if (window.tableModel()->record(row).value("_id").toString() == createdId)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tableShowsCreated(), 10000);

    // The results file.
    auto *resultsPage = qobject_cast<ImportResultsPage *>(wizard->currentPage());
    const QString resultsPath = m_dir.filePath("companies.results.csv");
    QSignalSpy saved(resultsPage, &ImportResultsPage::resultsSaved);
    resultsPage->saveResults(resultsPath);
    // Written by a job: the page says so and returns to the event loop at once.
    QVERIFY(saved.isEmpty());
    QVERIFY(resultsPage->isSaving());
    auto *messageLabel = wizard->findChild<QLabel *>("resultsMessageLabel");
    QVERIFY2(messageLabel->text().startsWith("Saving the results"),
             qPrintable(messageLabel->text()));
    QVERIFY(!wizard->findChild<QPushButton *>("saveResultsButton")->isEnabled());
    QVERIFY(saved.wait(20000));
    QVERIFY2(saved.first().at(0).toBool(), qPrintable(saved.first().at(1).toString()));
    QVERIFY2(messageLabel->text().startsWith("Results saved to"), qPrintable(messageLabel->text()));
    QVERIFY(wizard->findChild<QPushButton *>("saveResultsButton")->isEnabled());
    // A failure is reported on the page, naming the file.
    const QString unwritable = m_dir.filePath("no-such-dir/companies.results.csv");
    resultsPage->saveResults(unwritable);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.size(), 2);
    QVERIFY(!saved.at(1).at(0).toBool());
    QVERIFY2(messageLabel->text().startsWith("The results were not saved")
                 && messageLabel->text().contains(unwritable),
             qPrintable(messageLabel->text()));
    QFile resultsFile(resultsPath);
    QVERIFY(resultsFile.open(QIODevice::ReadOnly));
    const QByteArray resultsCsv = resultsFile.readAll();
    QVERIFY2(resultsCsv.contains("status") && resultsCsv.contains(createdId.toUtf8())
                 && resultsCsv.contains("failed"),
             resultsCsv.constData());

    // Nothing failed on the server, so nothing to retry; undo asks first, naming the counts.
    QVERIFY(!wizard->findChild<QPushButton *>("retryButton")->isEnabled());
    auto *undoButton = wizard->findChild<QPushButton *>("undoButton");
    QVERIFY(undoButton->isEnabled());
    // The journal is read by a job, then the question comes: answer it when it shows.
    QString question;
    QTimer answerer;
    answerer.setInterval(20);
    connect(&answerer, &QTimer::timeout, this, [&question, &answerer] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        answerer.stop();
        question = box->text();
        box->button(QMessageBox::Yes)->click();
    });
    answerer.start();
    QTest::mouseClick(undoButton, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!question.isEmpty(), 20000);
    QVERIFY2(question.contains("1 created companies will be deleted")
                 && question.contains("1 updated companies"),
             qPrintable(question));
    QTRY_VERIFY_WITH_TIMEOUT(
        wizard->findChild<QLabel *>("resultsMessageLabel")->text().startsWith("Undone"), 20000);
    QVERIFY(!undoButton->isEnabled());
    bool createdStillThere = false;
    for (const QJsonObject &company : companies()) {
        createdStillThere = createdStillThere || company.value("_id").toString() == createdId;
        if (company.value("externalId").toString() == renamed.value("externalId").toString())
            QCOMPARE(company.value("name").toString(), renamed.value("name").toString());
    }
    QVERIFY(!createdStillThere);

    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!window.findChild<ImportWizard *>());
}

void TestImportWizard::importsASheetOfAWorkbook()
{
    // A workbook made by openpyxl (never our writer): an empty first sheet, a notes sheet,
    // and the companies on the third sheet, with an id that is text with leading zeros.
    const QString path = m_dir.filePath("companies.xlsx");
    const char *script = R"(
import sys, openpyxl
wb = openpyxl.Workbook()
wb.active.title = "Empty"
notes = wb.create_sheet("Notes")
notes.append(["note"])
notes.append(["the companies are on the next sheet"])
companies = wb.create_sheet("Companies")
companies.append(["externalId", "name", "Seats"])
companies.append(["00731", "Workbook One", 7])
companies.append(["00732", "Workbook Two", 12.5])
wb.save(sys.argv[1])
)";
    QProcess python;
    python.start("/usr/bin/python3", {"-c", QString::fromUtf8(script), path});
    QVERIFY2(python.waitForFinished(60000) && python.exitCode() == 0,
             qPrintable("openpyxl (scripts/deps installs python3-openpyxl): "
                        + QString::fromUtf8(python.readAllStandardError())));

    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showType("companies"));
    QVERIFY(waitUntilLoaded(window));

    // A dropped workbook opens the wizard, like a CSV file.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    auto *wizard = window.findChild<ImportWizard *>();
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    QCOMPARE(wizard->currentId(), int(ImportWizard::FilePage));

    // A sheet chooser instead of encoding and delimiter; the first non-empty sheet first.
    auto *sheetCombo = wizard->findChild<QComboBox *>("sheetCombo");
    QVERIFY(sheetCombo->isVisible());
    QVERIFY(!wizard->findChild<QComboBox *>("encodingCombo")->isVisible());
    QVERIFY(!wizard->findChild<QComboBox *>("delimiterCombo")->isVisible());
    QCOMPARE(sheetCombo->count(), 3);
    QCOMPARE(sheetCombo->currentData().toString(), QStringLiteral("Notes"));
    QVERIFY(sheetCombo->itemText(0).contains("empty"));
    auto *preview = wizard->findChild<QTableView *>("previewView");
    QCOMPARE(preview->model()->columnCount(), 1);
    sheetCombo->setFocus();
    QTest::keyClick(sheetCombo, Qt::Key_Down);
    QCOMPARE(sheetCombo->currentData().toString(), QStringLiteral("Companies"));
    QCOMPARE(preview->model()->columnCount(), 3);
    QCOMPARE(preview->model()->rowCount(), 2);
    QCOMPARE(preview->model()->index(0, 0).data().toString(), QStringLiteral("00731"));
    QCOMPARE(preview->model()->index(1, 2).data().toString(), QStringLiteral("12.5"));
    const QString detected = wizard->findChild<QLabel *>("detectedLabel")->text();
    QVERIFY2(detected.contains("Companies"), qPrintable(detected));
    clickNext(wizard);

    QCOMPARE(wizard->currentId(), int(ImportWizard::TargetPage));
    QCOMPARE(wizard->findChild<QComboBox *>("typeCombo")->currentData().toString(),
             QStringLiteral("companies"));
    clickNext(wizard);
    QCOMPARE(wizard->currentId(), int(ImportWizard::MappingPage));
    const ImportMapping mapping
        = qobject_cast<ImportMappingPage *>(wizard->currentPage())->mappingModel()->mapping();
    QCOMPARE(mapping.columns().at(0).field, QStringLiteral("externalId"));
    QCOMPARE(mapping.columns().at(1).field, QStringLiteral("name"));
    QCOMPARE(mapping.columns().at(2).field, QStringLiteral("custom.Seats"));
    clickNext(wizard);

    QCOMPARE(wizard->currentId(), int(ImportWizard::ValidationPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 20000);
    clickNext(wizard);

    // The preview shows what each new company gets.
    QCOMPARE(wizard->currentId(), int(ImportWizard::PreviewPage));
    const QAbstractItemModel *plan = wizard->findChild<QTableView *>("planView")->model();
    QCOMPARE(plan->rowCount(), 2);
    QCOMPARE(plan->index(0, ImportPreviewModel::Action).data().toString(),
             QStringLiteral("create"));
    const QString values = plan->index(0, ImportPreviewModel::Changes).data().toString();
    QVERIFY2(values.contains("name: \"Workbook One\"") && values.contains("custom.Seats: 7")
                 && values.contains("externalId: \"00731\""),
             qPrintable(values));
    QTest::mouseClick(wizard->button(QWizard::CommitButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(ImportWizard::ResultsPage), 20000);
    const QString summary = wizard->findChild<QLabel *>("resultsSummaryLabel")->text();
    QVERIFY2(summary.contains("2 created"), qPrintable(summary));

    // The tenant has both, with the id's leading zeros and the typed numbers.
    QHash<QString, QJsonObject> byKey;
    for (const QJsonObject &company : companies())
        byKey.insert(company.value("externalId").toString(), company);
    QCOMPARE(byKey.value("00731").value("name").toString(), QStringLiteral("Workbook One"));
    QCOMPARE(byKey.value("00731").value("custom").toObject().value("Seats").toDouble(), 7.0);
    QCOMPARE(byKey.value("00732").value("custom").toObject().value("Seats").toDouble(), 12.5);
    wizard->reject();
}

void TestImportWizard::stopsAfterTheChunkInFlight()
{
    // A slow tenant that allows one request a second: chunks take a while, and the client
    // is told to wait.
    SandboxProcess slow;
    QVERIFY2(slow.start({"--seed", "demo", "--latency", "100", "--rate-limit", "1"}),
             qPrintable(slow.errorString()));
    PlanhatClient client(slow.url());
    client.setToken(SandboxProcess::token());
    QByteArray csv = "externalId,name\n";
    for (int i = 1; i <= 60; ++i)
        csv += QStringLiteral("stop-%1,Stop Test %1\n").arg(i, 3, 10, QChar('0')).toUtf8();
    const QString path = writeFile("many.csv", csv);

    ImportWizard wizard(&client, CustomFieldCatalog(), "companies");
    wizard.setFilePath(path);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::TargetPage));
    auto *chunkSize = wizard.findChild<QSpinBox *>("chunkSizeSpin");
    chunkSize->setFocus();
    chunkSize->selectAll();
    QTest::keyClicks(chunkSize, "10");
    QCOMPARE(chunkSize->value(), 10);
    clickNext(&wizard);
    clickNext(&wizard); // the mapping matched both columns
    QCOMPARE(wizard.currentId(), int(ImportWizard::ValidationPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), 20000);
    clickNext(&wizard);
    const QString counts = wizard.findChild<QLabel *>("previewCountsLabel")->text();
    QVERIFY2(counts.contains("60 to create"), qPrintable(counts));
    QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);

    QCOMPARE(wizard.currentId(), int(ImportWizard::RunPage));
    auto *progress = wizard.findChild<QProgressBar *>("runProgress");
    auto *rateLimit = wizard.findChild<QLabel *>("rateLimitLabel");
    // Said as planhat-cli says it, in whole seconds.
    QTRY_VERIFY_WITH_TIMEOUT(
        QRegularExpression("^Rate limited, waiting \\d+ s$").match(rateLimit->text()).hasMatch(),
        20000);
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 10, 20000);
    const QString status = wizard.findChild<QLabel *>("runStatusLabel")->text();
    QVERIFY2(status.contains("rows/s") || status.contains("of 60 rows"), qPrintable(status));
    // Escape is the wizard's Cancel: during the run it stops, it does not close.
    QTest::keyClick(&wizard, Qt::Key_Escape);
    QVERIFY(wizard.isVisible());
    QVERIFY(wizard.findChild<QLabel *>("runStatusLabel")->text().startsWith("Stopping"));

    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::ResultsPage), 20000);
    const QString summary = wizard.findChild<QLabel *>("resultsSummaryLabel")->text();
    QVERIFY2(summary.contains("not sent (stopped)"), qPrintable(summary));
    const QAbstractItemModel *results = wizard.findChild<QTableView *>("resultsView")->model();
    int created = 0;
    int pending = 0;
    for (int row = 0; row < results->rowCount(); ++row) {
        const QString outcome = results->index(row, ImportResultsModel::Status).data().toString();
        created += outcome == "created" ? 1 : 0;
        pending += outcome == "pending" ? 1 : 0;
    }
    QCOMPARE(created + pending, 60);
    QVERIFY2(created >= 10 && created < 60 && created % 10 == 0, qPrintable(summary));

    int onServer = 0;
    for (const QJsonObject &company :
         collectRows(client.list(*Schema::builtin().type("companies"))))
        onServer += company.value("externalId").toString().startsWith("stop-") ? 1 : 0;
    QCOMPARE(onServer, created);
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);

    // A new wizard on the same file offers to resume; the rest is sent, nothing twice.
    ImportWizard again(&client, CustomFieldCatalog(), "companies");
    again.setFilePath(path);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    clickNext(&again);
    auto *resume = again.findChild<QCheckBox *>("resumeCheck");
    QTRY_VERIFY(resume->isVisible());
    QVERIFY2(resume->text().contains(QStringLiteral("%1 of 60 rows done").arg(created)),
             qPrintable(resume->text()));
    resume->setFocus();
    QTest::keyClick(resume, Qt::Key_Space);
    QVERIFY(!again.findChild<QComboBox *>("keyCombo")->isEnabled());
    clickNext(&again);
    QCOMPARE(again.currentId(), int(ImportWizard::ValidationPage)); // the journal's mapping
    QTRY_VERIFY_WITH_TIMEOUT(again.button(QWizard::NextButton)->isEnabled(), 20000);
    clickNext(&again);
    const QString resumeCounts = again.findChild<QLabel *>("previewCountsLabel")->text();
    QVERIFY2(resumeCounts.contains("Resuming"), qPrintable(resumeCounts));
    QTest::mouseClick(again.button(QWizard::CommitButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(again.currentId(), int(ImportWizard::ResultsPage), 30000);
    const QString resumed = again.findChild<QLabel *>("resultsSummaryLabel")->text();
    QVERIFY2(resumed.contains("60 created"), qPrintable(resumed));
    onServer = 0;
    for (const QJsonObject &company :
         collectRows(client.list(*Schema::builtin().type("companies"))))
        onServer += company.value("externalId").toString().startsWith("stop-") ? 1 : 0;
    QCOMPARE(onServer, 60);
}

void TestImportWizard::retriesFailedRows()
{
    // The contact's external id is free while the import is checked and planned; another
    // contact takes it before the rows are sent, so the tenant rejects the row (it matches
    // the row on its sourceId first, finds nothing, and refuses a second owner of the
    // external id). A retry sends the row again once the other contact is gone.
    const ObjectType &companies = *Schema::builtin().type("companies");
    const ObjectType &endUsers = *Schema::builtin().type("endusers");
    const ObjectResult company = startAndWait<ObjectResult>(
        m_client->create(companies, {{"name", "Retry Co"}, {"externalId", "retry-co"}}));
    QVERIFY2(!company.error.isError(), qPrintable(company.error.toString()));
    const QString companyId = company.object.value("_id").toString();
    const QString path = writeFile("contacts.csv",
                                   "externalId,sourceId,email,companyId,firstName\n"
                                   "eu-retry-1,src-retry-1,retry@example.com,Retry Co,Rita\n");
    ImportWizard wizard(m_client.get(), CustomFieldCatalog(), "endusers");
    wizard.setFilePath(path);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    clickNext(&wizard);
    QCOMPARE(wizard.findChild<QComboBox *>("typeCombo")->currentData().toString(),
             QStringLiteral("endusers"));
    clickNext(&wizard);
    clickNext(&wizard);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), 20000);
    clickNext(&wizard);
    const ObjectResult blocker
        = startAndWait<ObjectResult>(m_client->create(endUsers,
                                                      {{"externalId", "eu-retry-1"},
                                                       {"email", "blocker@example.com"},
                                                       {"companyId", companyId}}));
    QVERIFY2(!blocker.error.isError(), qPrintable(blocker.error.toString()));
    QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::ResultsPage), 20000);
    const QAbstractItemModel *results = wizard.findChild<QTableView *>("resultsView")->model();
    QCOMPARE(results->index(0, ImportResultsModel::Status).data().toString(),
             QStringLiteral("failed"));
    const QString message = results->index(0, ImportResultsModel::Message).data().toString();
    QVERIFY2(message.contains("eu-retry-1"), qPrintable(message));
    auto *retry = wizard.findChild<QPushButton *>("retryButton");
    QVERIFY(retry->isEnabled());

    // Once the other contact is gone, the retry goes through.
    const ObjectResult removed = startAndWait<ObjectResult>(
        m_client->remove(endUsers, blocker.object.value("_id").toString()));
    QVERIFY2(!removed.error.isError(), qPrintable(removed.error.toString()));
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(results->index(0, ImportResultsModel::Status).data().toString(),
                              QStringLiteral("created"), 20000);
    QVERIFY(wizard.findChild<QLabel *>("resultsSummaryLabel")->text().contains("1 created"));
    QVERIFY(!retry->isEnabled());
    bool found = false;
    for (const QJsonObject &contact : collectRows(m_client->list(endUsers))) {
        if (contact.value("externalId").toString() == "eu-retry-1") {
            QVERIFY(!found);
            found = true;
            QCOMPARE(contact.value("sourceId").toString(), QStringLiteral("src-retry-1"));
            // The company was named in the file and sent by its _id.
            QCOMPARE(contact.value("companyId").toString(), companyId);
        }
    }
    QVERIFY(found);
}

void TestImportWizard::doesNotResumeAChangedFile()
{
    const QString path = writeFile("edited.csv", "externalId,name\ned-1,One\ned-2,Two\n");
    ImportSettings settings;
    settings.filePath = QFileInfo(path).absoluteFilePath();
    settings.type = *Schema::builtin().type("companies");
    settings.mapping = ImportMapping::autoMatch(settings.type, {"externalId", "name"});
    // An import whose first chunk went out and never came back, as a crash leaves it.
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(ImportJournal::defaultDirectory(), settings, 2, &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "ed-1"}, {1, PlannedAction::Create, "ed-2"}}, {}));
    journal.reset();
    writeFile("edited.csv", "externalId,name\ned-1,One\ned-3,Three\n");

    ImportWizard wizard(m_client.get(), CustomFieldCatalog(), "companies");
    wizard.setFilePath(path);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    clickNext(&wizard);
    auto *resume = wizard.findChild<QCheckBox *>("resumeCheck");
    QTRY_VERIFY(resume->isVisible());
    QVERIFY(!resume->isEnabled());
    QVERIFY(!resume->isChecked());
    QVERIFY2(resume->text().contains("changed since the import started"),
             qPrintable(resume->text()));
    // A new import of the file is still possible.
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::MappingPage));
}

void TestImportWizard::keyComboOffersTheTypesMatchFields()
{
    const QString path
        = writeFile("people.csv", "Email,First name,Badge\nann@example.com,Ann,B-1\n");
    const CustomFieldCatalog catalog = CustomFieldCatalog::fromJson(
        QJsonArray {QJsonObject {{"name", "Badge"}, {"type", "text"}, {"parent", "enduser"}}});
    ImportWizard wizard(m_client.get(), catalog, "endusers");
    wizard.setFilePath(path);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::TargetPage));
    auto *typeCombo = wizard.findChild<QComboBox *>("typeCombo");
    auto *keyCombo = wizard.findChild<QComboBox *>("keyCombo");
    QCOMPARE(typeCombo->currentData().toString(), QStringLiteral("endusers"));
    const int email = keyCombo->findData(QStringLiteral("email"));
    QVERIFY(email >= 0);
    QCOMPARE(keyCombo->itemText(email), QStringLiteral("Email (email)"));
    QVERIFY(keyCombo->findData(QStringLiteral("custom.Badge")) >= 0);
    QVERIFY(keyCombo->findData(QStringLiteral("companyId")) < 0);
    // The file fills none of _id, sourceId, externalId: the default is the external id.
    QCOMPARE(keyCombo->currentData().toString(), QStringLiteral("externalId"));

    // Chosen by keyboard, email is the key the rest of the wizard works with.
    keyCombo->setFocus();
    for (int i = 0;
         i < keyCombo->count() && keyCombo->currentData().toString() != QLatin1String("email"); ++i)
        QTest::keyClick(keyCombo, Qt::Key_Down);
    QCOMPARE(keyCombo->currentData().toString(), QStringLiteral("email"));
    clickNext(&wizard);
    QCOMPARE(wizard.currentId(), int(ImportWizard::MappingPage));
    QCOMPARE(wizard.state().matchField, QStringLiteral("email"));
    QCOMPARE(wizard.state().settings().keyField(), QStringLiteral("email"));
    auto *problems = wizard.findChild<QLabel *>("mappingProblemsLabel");
    QVERIFY2(!problems->text().contains("key"), qPrintable(problems->text()));

    // Companies have no email: the combo falls back to their default key.
    wizard.back();
    QCOMPARE(wizard.currentId(), int(ImportWizard::TargetPage));
    typeCombo->setCurrentIndex(typeCombo->findData(QStringLiteral("companies")));
    QVERIFY(keyCombo->findData(QStringLiteral("email")) < 0);
    QVERIFY(keyCombo->findData(QStringLiteral("domains")) >= 0);
    QCOMPARE(keyCombo->currentData().toString(), QStringLiteral("externalId"));
}

QTEST_MAIN(TestImportWizard)
#include "tst_importwizard.moc"
