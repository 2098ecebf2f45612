// SPDX-License-Identifier: MIT
// `planhat-cli import / missing / --resume` with an Excel workbook (.xlsx) against a real
// planhat-sandbox. The workbook is made at test time by openpyxl, never by our own writer.
#include "importtesthelpers.h"

#include "importer/importjournal.h"
#include "importer/importmapping.h"
#include "importer/importsettings.h"
#include "schema/schema.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

/// Sheets "Notes" (first, with a value: the default sheet), "Companies" (the data) and
/// "More". The external IDs are text with leading zeros, the scores numbers.
const char workbookScript[] = R"PY(
import sys
import openpyxl
wb = openpyxl.Workbook()
notes = wb.active
notes.title = "Notes"
notes["A1"] = "Read me first"
companies = wb.create_sheet("Companies")
companies.append(["externalId", "name", "csmScore", "country"])
companies.append(["00123", "Xlsx One", 7.5, "Sweden"])
companies.append(["00124", "Xlsx Two", 100000.0, None])
companies.append(["00125", "Xlsx Three", 3, "Norway"])
wb.create_sheet("More").append(["x"])
wb.save(sys.argv[1])
)PY";

} // namespace

class TestImportXlsx final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importsTheChosenSheet();
    void missingReadsTheSheet();
    void usageErrors();
    void resumeReopensTheRememberedSheet();

private:
    QTemporaryDir m_dir;
    ImportDataHome m_dataHome;
    QString m_workbook;
};

void TestImportXlsx::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_dataHome.isValid());
    m_workbook = m_dir.filePath("companies.xlsx");
    QVERIFY2(QFile::exists("/usr/bin/python3"),
             "/usr/bin/python3 is missing: scripts/deps installs python3-openpyxl");
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start("/usr/bin/python3", {"-c", QString::fromUtf8(workbookScript), m_workbook});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAll().constData());
    QVERIFY(QFile::exists(m_workbook));
}

void TestImportXlsx::importsTheChosenSheet()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    const QString resultsPath = m_dir.filePath("results.csv");
    const CliRun run = runCli(sandbox.url(),
                              {"import", "companies", m_workbook, "--sheet", "Companies",
                               "--results", resultsPath, "--yes"},
                              m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("created 3, updated 0"), run.out.constData());

    int duplicates = 0;
    const QHash<QString, QJsonObject> tenant
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(duplicates, 0);
    // Text cells keep their leading zeros; numbers arrive as numbers.
    QVERIFY(tenant.contains("00123"));
    QCOMPARE(tenant.value("00123").value("name").toString(), QStringLiteral("Xlsx One"));
    QCOMPARE(tenant.value("00124").value("name").toString(), QStringLiteral("Xlsx Two"));
    QCOMPARE(tenant.value("00125").value("name").toString(), QStringLiteral("Xlsx Three"));

    // The results file holds the sheet's rows with their outcome.
    const QList<QStringList> results = readCsv(resultsPath);
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).mid(0, 4), QStringList({"externalId", "name", "csmScore", "country"}));
    QCOMPARE(results.at(1).mid(0, 5),
             QStringList({"00123", "Xlsx One", "7.5", "Sweden", "created"}));
    QCOMPARE(results.at(2).at(2), QStringLiteral("100000"));

    // The same sheet again: nothing changes, and the dry run says so per sheet row.
    const CliRun again = runCli(
        sandbox.url(), {"import", "companies", m_workbook, "--sheet", "companies", "--dry-run"},
        m_dataHome.environment());
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.contains("3 rows: 0 to create, 0 to update, 3 unchanged"),
             again.out.constData());
    QVERIFY2(again.out.contains("row 2: unchanged externalId=00123"), again.out.constData());
}

void TestImportXlsx::missingReadsTheSheet()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    const QString csv = m_dir.filePath("one.csv");
    writeCsv(csv, {{"externalId", "name"}, {"00124", "Xlsx Two"}});
    QCOMPARE(runCli(sandbox.url(), {"import", "companies", csv, "--yes"}, m_dataHome.environment())
                 .exitCode,
             0);
    const CliRun run = runCli(
        sandbox.url(),
        {"missing", "companies", m_workbook, "--sheet", "Companies", "--key", "externalId"},
        m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out,
             QByteArray("externalId,name,csmScore,country\r\n00123,Xlsx One,7.5,Sweden\r\n"
                        "00125,Xlsx Three,3,Norway\r\n"));
    QVERIFY2(run.err.contains("2 of 3 rows"), run.err.constData());
}

void TestImportXlsx::usageErrors()
{
    const QUrl nowhere("http://127.0.0.1:9"); // refused before any request
    const CliRun unknown
        = runCli(nowhere, {"import", "companies", m_workbook, "--sheet", "Accounts", "--yes"},
                 m_dataHome.environment());
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("has no sheet \"Accounts\"; its sheets are \"Notes\", "
                                  "\"Companies\", \"More\""),
             unknown.err.constData());

    const QString csv = m_dir.filePath("plain.csv");
    writeCsv(csv, {{"externalId", "name"}, {"p-1", "Plain"}});
    const CliRun sheetOfCsv
        = runCli(nowhere, {"import", "companies", csv, "--sheet", "Companies", "--yes"},
                 m_dataHome.environment());
    QCOMPARE(sheetOfCsv.exitCode, 2);
    QVERIFY2(sheetOfCsv.err.contains("is a CSV file: it has no sheets"),
             sheetOfCsv.err.constData());

    // Encrypted workbooks are OLE2 files: one clear error naming the file.
    const QString locked = m_dir.filePath("locked.xlsx");
    QFile file(locked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromHex("D0CF11E0A1B11AE1") + QByteArray(504, '\0'));
    file.close();
    const CliRun encrypted
        = runCli(nowhere, {"import", "companies", locked, "--yes"}, m_dataHome.environment());
    QCOMPARE(encrypted.exitCode, 2);
    QVERIFY2(encrypted.err.contains("locked.xlsx is encrypted (password-protected)"),
             encrypted.err.constData());
    QCOMPARE(encrypted.err.count("locked.xlsx"), 1);
}

void TestImportXlsx::resumeReopensTheRememberedSheet()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    const QString path = m_dir.filePath("resume.xlsx");
    QVERIFY(QFile::copy(m_workbook, path));
    ImportSettings settings;
    settings.filePath = QFileInfo(path).absoluteFilePath();
    settings.sheet = "Companies"; // not the default sheet ("Notes")
    settings.type = *Schema::builtin().type("companies");
    settings.mapping
        = ImportMapping::autoMatch(settings.type, {"externalId", "name", "csmScore", "country"});
    settings.matchField = "externalId";
    // An import whose first chunk went out and never came back, as a kill leaves it.
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(m_dataHome.journalDirectory(), settings, 3, &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(journal->recordChunkSending(0,
                                        {{0, PlannedAction::Create, "00123"},
                                         {1, PlannedAction::Create, "00124"},
                                         {2, PlannedAction::Create, "00125"}},
                                        {}));
    journal.reset();

    // No --sheet: the journal's sheet is read, not the workbook's default one.
    const CliRun resumed = runCli(sandbox.url(), {"import", "companies", path, "--resume", "--yes"},
                                  m_dataHome.environment());
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QVERIFY2(resumed.err.contains("resuming"), resumed.err.constData());
    int duplicates = 0;
    const QHash<QString, QJsonObject> tenant
        = byExternalId(listCompanies(sandbox.url()), &duplicates);
    QCOMPARE(duplicates, 0);
    QCOMPARE(tenant.value("00125").value("name").toString(), QStringLiteral("Xlsx Three"));
    QCOMPARE(tenant.size(), 3);
}

QTEST_GUILESS_MAIN(TestImportXlsx)
#include "tst_importxlsx.moc"
