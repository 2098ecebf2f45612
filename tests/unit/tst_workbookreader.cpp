// SPDX-License-Identifier: MIT
// Reads workbooks made at test time by independent programs (openpyxl, LibreOffice), never
// by our own writer: typed cells, date systems, strings, formulas, sheets, damaged files and
// a 200,000-row sheet streamed with flat memory.
#include "importer/importsettings.h"
#include "schema/schema.h"
#include "xlsx/sheetreader.h"
#include "xlsx/sheetvalue.h"
#include "xlsx/tablereader.h"
#include "xlsx/workbookreader.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Planhat;

namespace {

const QString python = QStringLiteral("/usr/bin/python3");

/// Runs a program to its end; fails the test with its output when it does not succeed.
bool run(const QString &program, const QStringList &arguments, int timeoutMs = 120000)
{
    if (!QFile::exists(program)) {
        qWarning("%s is missing: scripts/deps installs python3-openpyxl and "
                 "libreoffice-calc-nogui",
                 qPrintable(program));
        return false;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        qWarning("%s %s failed: %s", qPrintable(program), qPrintable(arguments.join(u' ')),
                 process.readAll().constData());
        return false;
    }
    return true;
}

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

struct Table
{
    QStringList headers;
    QList<QStringList> rows;
    QList<qint64> lines;
    QList<CsvIssue> issues;
    QStringList issueTexts;
    QString error;
    QString sheet;
};

Table readAll(const QString &path, const QString &sheet = QString(), int headerRow = 1)
{
    Table table;
    TableOptions options;
    options.csv.fileName = QFileInfo(path).fileName();
    options.sheet = sheet;
    options.headerRow = headerRow;
    const std::unique_ptr<TableReader> reader = TableReader::open(path, options, &table.error);
    if (!reader)
        return table;
    reader->start();
    table.headers = reader->headers();
    table.sheet = reader->sheetName();
    CsvRow row;
    while (reader->readRow(row)) {
        table.rows.append(row.toStringList());
        table.lines.append(row.line());
    }
    table.issues = reader->issues();
    for (const CsvIssue &issue : table.issues)
        table.issueTexts.append(reader->issueText(issue));
    return table;
}

} // namespace

class TestWorkbookReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bigSheetStreamsWithFlatMemory();
    void typedCells();
    void mergedAndMissingCells();
    void inlineStrings();
    void dates1904();
    void formulasByCachedValue();
    void richText();
    void unicodeAndPrefixedNames();
    void commentsAndCdataAmongRows();
    void damagedRunAfterGoodRuns();
    void rowsWithoutNumbersAcrossRuns();
    void referencesAndLineEnds();
    void destroyedMidSheet();
    void sheetsByName();
    void headerRowFurtherDown();
    void brokenFiles_data();
    void brokenFiles();
    void damagedSheetStopsWithTheCell();
    void csvThroughTheSameInterface();
    void numbersAsText_data();
    void numbersAsText();
    void formatKinds_data();
    void formatKinds();
    void dateSerials_data();
    void dateSerials();
    void settingsRememberTheSheet();

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestWorkbookReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString script = QStringLiteral(PLANHAT_TEST_SOURCE_DIR "/common/make_workbooks.py");
    QVERIFY2(run(python, {script, m_dir.path()}), "openpyxl could not make the workbooks");
    // Only LibreOffice stores formulas with their values (openpyxl writes none) and writes
    // rich text: one call converts both.
    const QString profile
        = QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("lo-profile"))).toString();
    QDir(m_dir.path()).mkdir(QStringLiteral("lo"));
    QVERIFY2(
        run(QStringLiteral("/usr/bin/soffice"),
            {QStringLiteral("--headless"), QStringLiteral("-env:UserInstallation=") + profile,
             QStringLiteral("--convert-to"), QStringLiteral("xlsx"), QStringLiteral("--outdir"),
             m_dir.filePath(QStringLiteral("lo")), path("formula.xlsx"), path("rich.fods")},
            180000),
        "LibreOffice could not convert the workbooks");
    QVERIFY(QFile::exists(path("lo/formula.xlsx")));
    QVERIFY(QFile::exists(path("lo/rich.xlsx")));
}

void TestWorkbookReader::bigSheetStreamsWithFlatMemory()
{
    // First, while the process's peak is still low: 200,000 rows of a 116-character string
    // inflate to 28 MB of XML (56 MB as UTF-16 text); streaming needs a few hundred KB.
    QVERIFY(run(python,
                {QStringLiteral(PLANHAT_TEST_SOURCE_DIR "/common/make_workbooks.py"), m_dir.path(),
                 QStringLiteral("big"), QStringLiteral("200000"), QStringLiteral("1")},
                300000));
    const qint64 before = peakRssKiB();
    QVERIFY(before > 0);
    TableOptions options;
    QString error;
    const std::unique_ptr<TableReader> reader
        = TableReader::open(path("big.xlsx"), options, &error);
    QVERIFY2(reader, qPrintable(error));
    CsvRow row;
    qint64 rows = 0;
    qint64 lastLine = 0;
    bool allRight = true;
    while (reader->readRow(row)) {
        ++rows;
        lastLine = row.line();
        // Spot checks along the way: every row is the one openpyxl wrote.
        if (rows % 50000 == 1) {
            allRight = allRight
                && row.value(0)
                    == QStringLiteral("Company %1 ").arg(rows, 7, 10, QLatin1Char('0'))
                        + QString(100, u'x');
        }
    }
    const qint64 growth = peakRssKiB() - before;
    QVERIFY(allRight);
    QCOMPARE(rows, qint64(200000));
    QCOMPARE(lastLine, qint64(200001));
    QVERIFY(reader->atEnd());
    QVERIFY(!reader->stoppedEarly());
    QVERIFY(reader->issues().isEmpty());
    qInfo("peak RSS grew by %lld KiB reading 200,000 rows", growth);
    QVERIFY2(growth < 16 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(growth)));
}

void TestWorkbookReader::typedCells()
{
    const Table table = readAll(path("types.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.sheet, QStringLiteral("Data"));
    QCOMPARE(table.headers,
             QStringList({"id", "name", "amount", "price", "big", "active", "joined", "seen", "zip",
                          "when"}));
    QVERIFY(table.rows.size() >= 3);
    QCOMPARE(table.rows.at(0),
             QStringList({"1", "Acme", "100000", "0.1", "100000000000000000000", "true",
                          "2024-03-31", "2024-03-31T13:45:30", "00123", "13:45:30"}));
    QCOMPARE(table.rows.at(1),
             QStringList({"2", "Beta", "100000", "0.3333333333333333", "123456789012345", "false",
                          "1900-01-15", "1999-12-31T23:59:59", "1E5", ""}));
    QCOMPARE(table.rows.at(2),
             QStringList({"3", "", "-0.5", "1234567.891", "0.0000001", "", "", "", "007", ""}));
    QCOMPARE(table.lines.mid(0, 3), QList<qint64>({2, 3, 4}));
    QVERIFY2(table.issues.isEmpty(), qPrintable(table.issueTexts.join(u'\n')));
}

void TestWorkbookReader::mergedAndMissingCells()
{
    const Table table = readAll(path("types.xlsx"));
    QCOMPARE(table.rows.size(), 7);
    // A5 and E5 only: the cells between are empty, the row is as wide as the header.
    QCOMPARE(table.rows.at(3), QStringList({"4", "", "", "", "42", "", "", "", "", ""}));
    QCOMPARE(table.lines.at(3), qint64(5));
    // B6:C6 merged: the value stays in B6, C6 is empty (what Excel stores).
    QCOMPARE(table.rows.at(4).mid(0, 3), QStringList({"5", "Merged", ""}));
    // A custom day-first date format is still a date; a number format with quoted text
    // ("days" has d, a, y, s) is not.
    QCOMPARE(table.rows.at(5).at(6), QStringLiteral("2023-12-01"));
    QCOMPARE(table.rows.at(6).at(3), QStringLiteral("2.5"));
}

void TestWorkbookReader::inlineStrings()
{
    const Table table = readAll(path("inline.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.headers, QStringList({"id", "name", "zip"}));
    QCOMPARE(table.rows, QList<QStringList>({{"1", "Acme", "00123"}, {"2", "Beta & Co <b>", "0"}}));
}

void TestWorkbookReader::dates1904()
{
    QString error;
    WorkbookReader workbook;
    QVERIFY2(workbook.open(path("epoch1904.xlsx"), &error), qPrintable(error));
    QVERIFY(workbook.date1904());
    const Table table = readAll(path("epoch1904.xlsx"));
    QCOMPARE(table.rows, QList<QStringList>({{"2024-03-31", "2024-03-31T06:00:00"}}));
}

void TestWorkbookReader::formulasByCachedValue()
{
    const Table table = readAll(path("lo/formula.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.headers, QStringList({"name", "amount", "total", "text"}));
    QCOMPARE(table.rows.size(), 2);
    QCOMPARE(table.rows.at(0), QStringList({"Acme", "2", "42", "xAcme"}));
    QCOMPARE(table.rows.at(1).mid(0, 2), QStringList({"Bad", "0"}));
    // =1/0: an error of that cell, named with it.
    QCOMPARE(table.issues.size(), 1);
    QCOMPARE(table.issues.at(0).severity, CsvIssue::Severity::Error);
    QCOMPARE(
        table.issueTexts.at(0),
        QStringLiteral("formula.xlsx, sheet \"F\", cell C3: the cell holds the error #DIV/0!"));
}

void TestWorkbookReader::richText()
{
    const Table table = readAll(path("lo/rich.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.headers, QStringList({"note"}));
    QCOMPARE(table.rows, QList<QStringList>({{"Hello bold world"}}));
}

void TestWorkbookReader::unicodeAndPrefixedNames()
{
    // Text in every UTF-8 length (2, 3 and 4 bytes, the last a surrogate pair in UTF-16) as
    // shared strings, as inline strings, and in a sheet whose elements carry a prefix
    // (<x:row>, <x:c>) as some producers write them.
    const char script[] = R"PY(
import os, re, sys, zipfile
import openpyxl
out = sys.argv[1]
texts = ["Müller GmbH", "日本語のテキスト", "emoji 😀 here", "a & b < c", "line one\nline two"]
for name, write_only in (("unicode.xlsx", False), ("unicode-inline.xlsx", True)):
    wb = openpyxl.Workbook(write_only=write_only)
    if write_only:
        ws = wb.create_sheet("Größe")
    else:
        ws = wb.active
        ws.title = "Größe"
    ws.append(["name", "value"])
    for i, text in enumerate(texts):
        ws.append([text, i + 0.5])
    wb.save(os.path.join(out, name))
with zipfile.ZipFile(os.path.join(out, "unicode.xlsx")) as source, zipfile.ZipFile(
        os.path.join(out, "prefixed.xlsx"), "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            assert main in data
            data = data.replace(main, main.replace(b"xmlns", b"xmlns:x"))
            data = re.sub(rb"<(/?)(\w+)([ >/])", rb"<\1x:\2\3", data)
            assert b"<x:row" in data and b"<x:c " in data
        target.writestr(item, data)
)PY";
    QVERIFY(run(python, {QStringLiteral("-c"), QString::fromUtf8(script), m_dir.path()}));
    const QList<QStringList> expected {
        {QStringLiteral("Müller GmbH"), QStringLiteral("0.5")},
        {QStringLiteral("日本語のテキスト"), QStringLiteral("1.5")},
        {QStringLiteral("emoji 😀 here"), QStringLiteral("2.5")},
        {QStringLiteral("a & b < c"), QStringLiteral("3.5")},
        {QStringLiteral("line one\nline two"), QStringLiteral("4.5")}};
    for (const char *file : {"unicode.xlsx", "unicode-inline.xlsx", "prefixed.xlsx"}) {
        const Table table = readAll(path(file));
        QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
        QCOMPARE(table.sheet, QStringLiteral("Größe"));
        QCOMPARE(table.headers, QStringList({"name", "value"}));
        QCOMPARE(table.rows, expected);
        QVERIFY2(table.issues.isEmpty(), qPrintable(table.issueTexts.join(u'\n')));
    }
}

void TestWorkbookReader::commentsAndCdataAmongRows()
{
    // Rows are parsed in runs cut at "</row>": one in a comment or a CDATA section far into
    // the sheet must not cut a run wrongly (the rest is read by the streaming parser then).
    const char script[] = R"PY(
import os, sys, zipfile
import openpyxl
out = sys.argv[1]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Data")
ws.append(["id", "name"])
for i in range(1, 6001):
    ws.append([i, "name %d" % i])
wb.save(os.path.join(out, "plain-rows.xlsx"))
with zipfile.ZipFile(os.path.join(out, "plain-rows.xlsx")) as source, zipfile.ZipFile(
        os.path.join(out, "odd-rows.xlsx"), "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            cut = data.index(b'<row r="3001"')
            data = data[:cut] + b"<!-- a comment with </row> in it -->" + data[cut:]
            text = b"<t>name 4500</t>"
            assert text in data
            data = data.replace(text, b"<t><![CDATA[name </row> & <b>4500]]></t>")
        target.writestr(item, data)
)PY";
    QVERIFY(run(python, {QStringLiteral("-c"), QString::fromUtf8(script), m_dir.path()}));
    const Table table = readAll(path("odd-rows.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QVERIFY2(table.issues.isEmpty(), qPrintable(table.issueTexts.join(u'\n')));
    QCOMPARE(table.rows.size(), 6000);
    for (int i = 1; i <= 6000; ++i) {
        const QString name = i == 4500 ? QStringLiteral("name </row> & <b>4500")
                                       : QStringLiteral("name %1").arg(i);
        QCOMPARE(table.rows.at(i - 1), QStringList({QString::number(i), name}));
        QCOMPARE(table.lines.at(i - 1), qint64(i + 1));
    }
}

namespace {

/// Writes `name` (6,000 rows of id and name, a few hundred KB of sheet XML: several runs of
/// the parallel parse) with openpyxl, and hands its sheet XML to `edit`, Python code that
/// changes `data`.
bool writeEditedSheet(const QString &dir, const QString &name, const QString &edit)
{
    const QString script = QStringLiteral(R"PY(
import os, re, sys, zipfile
import openpyxl
out, name = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Data")
ws.append(["id", "name"])
for i in range(1, 6001):
    ws.append([i, "name %d" % i])
wb.save(os.path.join(out, "plain-" + name))
with zipfile.ZipFile(os.path.join(out, "plain-" + name)) as source, zipfile.ZipFile(
        os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
%1
        target.writestr(item, data)
)PY")
                               .arg(edit);
    return run(python, {QStringLiteral("-c"), script, dir, name});
}

} // namespace

void TestWorkbookReader::damagedRunAfterGoodRuns()
{
    // Runs are parsed in parallel; one that breaks far into the sheet, after many good
    // ones: every row before it arrives, in order, and the error names the broken cell.
    QVERIFY(writeEditedSheet(m_dir.path(), QStringLiteral("late-damage.xlsx"),
                             QStringLiteral("            assert b'<t>name 4500</t>' in data\n"
                                            "            data = data.replace(b'<t>name "
                                            "4500</t>', b'<t>name 4500</v>')")));
    const Table table = readAll(path("late-damage.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.rows.size(), 4499);
    for (int i = 1; i <= 4499; ++i) {
        QCOMPARE(table.rows.at(i - 1),
                 QStringList({QString::number(i), QStringLiteral("name %1").arg(i)}));
        QCOMPARE(table.lines.at(i - 1), qint64(i + 1));
    }
    QCOMPARE(table.issueTexts.size(), 1);
    QVERIFY2(table.issueTexts.constFirst().startsWith(
                 QStringLiteral("late-damage.xlsx, sheet \"Data\", cell B4501: the sheet is "
                                "damaged and was read only up to here: ")),
             qPrintable(table.issueTexts.constFirst()));
}

void TestWorkbookReader::rowsWithoutNumbersAcrossRuns()
{
    // Rows and cells without r attributes are numbered on from the row before, also across
    // runs parsed apart; a numbered row far in sets the count again.
    QVERIFY(writeEditedSheet(
        m_dir.path(), QStringLiteral("unnumbered.xlsx"),
        QStringLiteral(
            "            data = re.sub(rb'<(row|c) r=\"[A-Z]*[0-9]+\"', rb'<\\1', data)\n"
            "            data = data.replace(b'<row><c t=\"n\"><v>3000</v>',\n"
            "                                b'<row r=\"3005\"><c t=\"n\"><v>3000</v>')\n"
            "            assert b'<row r=\"3005\">' in data and b' r=\"A' not in data")));
    const Table table = readAll(path("unnumbered.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QVERIFY2(table.issues.isEmpty(), qPrintable(table.issueTexts.join(u'\n')));
    QCOMPARE(table.rows.size(), 6000);
    for (int i = 1; i <= 6000; ++i) {
        QCOMPARE(table.rows.at(i - 1),
                 QStringList({QString::number(i), QStringLiteral("name %1").arg(i)}));
        QCOMPARE(table.lines.at(i - 1), qint64(i < 3000 ? i + 1 : i + 5));
    }
}

void TestWorkbookReader::referencesAndLineEnds()
{
    // pugixml leaves entities, character references and line ends to us: they read as an
    // XML parser reads them, in text, CDATA and attribute values alike.
    QVERIFY(writeEditedSheet(
        m_dir.path(), QStringLiteral("references.xlsx"),
        QStringLiteral(
            "            edits = [(b'<t>name 100</t>', b'<t>name&#x20;100 &amp; "
            "&lt;&#20320;&gt;\\r\\nx</t>'),\n"
            "                     (b'<t>name 200</t>', b'<t><![CDATA[a &amp;\\r\\nb\\rc]]></t>'),\n"
            "                     (b'<c r=\"B301\" t=\"inlineStr\">', b'<c r=\"&#66;301\" "
            "t=\"inline&#83;tr\">'),\n"
            "                     (b'<row r=\"402\">', b'<row r=\"&#52;02\">'),\n"
            // Text, CDATA and text again, a comment between: read in order.
            "                     (b'<t>name 300</t>', b'<t>a <![CDATA[<b>]]> c<!-- x --> "
            "d</t>'),\n"
            // Rich text runs joined, phonetic aids left out.
            "                     (b'<t>name 500</t>', b'<r><t>name </t></r><r><rPr><b/></rPr>"
            "<t>500</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh>')]\n"
            "            for old, new in edits:\n"
            "                assert old in data\n"
            "                data = data.replace(old, new)")));
    const Table table = readAll(path("references.xlsx"));
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QVERIFY2(table.issues.isEmpty(), qPrintable(table.issueTexts.join(u'\n')));
    QCOMPARE(table.rows.size(), 6000);
    for (int i = 1; i <= 6000; ++i) {
        QString name = QStringLiteral("name %1").arg(i);
        if (i == 100)
            name = QStringLiteral("name 100 & <") + QChar(0x4F60) + QStringLiteral(">\nx");
        else if (i == 200)
            name = QStringLiteral("a &amp;\nb\nc");
        else if (i == 300)
            name = QStringLiteral("a <b> c d");
        QCOMPARE(table.rows.at(i - 1), QStringList({QString::number(i), name}));
        QCOMPARE(table.lines.at(i - 1), qint64(i + 1));
    }
}

void TestWorkbookReader::destroyedMidSheet()
{
    // Readers dropped while runs are still being parsed stop their workers and free
    // everything (the test would hang or leak otherwise, under sanitizers).
    QVERIFY(writeEditedSheet(m_dir.path(), QStringLiteral("dropped.xlsx"),
                             QStringLiteral("            pass")));
    for (int rows : {0, 1, 150, 3000}) {
        TableOptions options;
        QString error;
        std::unique_ptr<TableReader> reader
            = TableReader::open(path("dropped.xlsx"), options, &error);
        QVERIFY2(reader, qPrintable(error));
        reader->start();
        CsvRow row;
        for (int i = 1; i <= rows; ++i) {
            QVERIFY(reader->readRow(row));
            QCOMPARE(row.value(1), QStringLiteral("name %1").arg(i));
        }
        reader.reset();
    }
}

void TestWorkbookReader::sheetsByName()
{
    QString error;
    const QList<WorkbookSheet> sheets = WorkbookReader::listSheets(path("sheets.xlsx"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(sheets.size(), 3);
    QCOMPARE(sheets.at(0).name, QStringLiteral("Empty"));
    QVERIFY(sheets.at(0).empty); // a bold cell without a value is still empty
    QCOMPARE(sheets.at(1).name, QStringLiteral("Companies"));
    QVERIFY(!sheets.at(1).empty);
    QVERIFY(!sheets.at(2).empty);

    // Default: the first sheet with a value.
    const Table first = readAll(path("sheets.xlsx"));
    QCOMPARE(first.sheet, QStringLiteral("Companies"));
    QCOMPARE(first.headers, QStringList({"name", "externalId"}));
    QCOMPARE(first.rows, QList<QStringList>({{"Acme", "A-1"}}));

    const Table byName = readAll(path("sheets.xlsx"), QStringLiteral("Companies"));
    QCOMPARE(byName.rows, first.rows);

    const Table unknown = readAll(path("sheets.xlsx"), QStringLiteral("Nope"));
    QCOMPARE(unknown.error,
             QStringLiteral("sheets.xlsx has no sheet \"Nope\"; its sheets are \"Empty\", "
                            "\"Companies\", \"Other\""));
}

void TestWorkbookReader::headerRowFurtherDown()
{
    // Row 1 holds a title, row 2 nothing, row 3 the header.
    const Table table = readAll(path("sheets.xlsx"), QStringLiteral("Other"), 3);
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.headers, QStringList({"name", "phase"}));
    QCOMPARE(table.rows, QList<QStringList>({{"Beta", "Onboarding"}}));
    QCOMPARE(table.lines, QList<qint64>({4}));

    // Header row 1: the title is the header, and the values under an unnamed column are
    // reported rather than dropped.
    const Table titled = readAll(path("sheets.xlsx"), QStringLiteral("Other"));
    QCOMPARE(titled.headers, QStringList({"title only"}));
    QCOMPARE(titled.rows.size(), 2);
    QVERIFY(titled.issueTexts.contains(
        QStringLiteral("sheets.xlsx, sheet \"Other\", cell B3: the cell has a value but its "
                       "column has no header")));

    // No header row: every row is data.
    const Table none = readAll(path("sheets.xlsx"), QStringLiteral("Companies"), 0);
    QVERIFY(none.headers.isEmpty());
    QCOMPARE(none.rows, QList<QStringList>({{"name", "externalId"}, {"Acme", "A-1"}}));
}

void TestWorkbookReader::brokenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a zip") << "notzip.xlsx"
                               << "notzip.xlsx is not a valid .xlsx workbook: it is not a zip "
                                  "file (damaged, or another kind of file?)";
    QTest::newRow("truncated") << "truncated.xlsx"
                               << "truncated.xlsx is damaged: its zip container cannot be read";
    QTest::newRow("encrypted") << "encrypted.xlsx"
                               << "encrypted.xlsx is encrypted (password-protected) or an old "
                                  "Excel 97-2003 workbook";
    QTest::newRow("a zip, not a workbook")
        << "letter.docx"
        << "letter.docx is not an Excel workbook: the zip file has no xl/workbook.xml";
    QTest::newRow("missing") << "nothere.xlsx"
                             << "cannot read nothere.xlsx";
}

void TestWorkbookReader::brokenFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const Table table = readAll(m_dir.filePath(file));
    QVERIFY2(table.error.startsWith(expected), qPrintable(table.error));
    // One sentence, naming the file once.
    QCOMPARE(table.error.count(file), 1);
    QVERIFY(!table.error.contains(u'\n'));
}

void TestWorkbookReader::damagedSheetStopsWithTheCell()
{
    TableOptions options;
    options.csv.fileName = QStringLiteral("badsheet.xlsx");
    QString error;
    const std::unique_ptr<TableReader> reader
        = TableReader::open(path("badsheet.xlsx"), options, &error);
    QVERIFY2(reader, qPrintable(error));
    CsvRow row;
    int rows = 0;
    while (reader->readRow(row))
        ++rows;
    QCOMPARE(rows, 2); // rows 2 and 3; row 4 breaks off
    QVERIFY(reader->stoppedEarly());
    QVERIFY(!reader->issues().isEmpty());
    const QString text = reader->issueText(reader->issues().constLast());
    QVERIFY2(text.startsWith(QStringLiteral("badsheet.xlsx, sheet \"Data\", cell ")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("the sheet is damaged")), qPrintable(text));
    QVERIFY2(reader->stopReason().startsWith(QStringLiteral("sheet \"Data\", cell ")),
             qPrintable(reader->stopReason()));
}

void TestWorkbookReader::csvThroughTheSameInterface()
{
    const QString csv = m_dir.filePath(QStringLiteral("plain.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("name,zip\nAcme,00123\n");
    file.close();
    QVERIFY(!TableReader::isWorkbook(csv));
    QVERIFY(TableReader::isWorkbook(path("types.xlsx")));
    // By content too: a workbook saved under another name is still read as one.
    QVERIFY(QFile::copy(path("types.xlsx"), m_dir.filePath(QStringLiteral("types.bin"))));
    QVERIFY(TableReader::isWorkbook(m_dir.filePath(QStringLiteral("types.bin"))));

    const Table table = readAll(csv);
    QVERIFY2(table.error.isEmpty(), qPrintable(table.error));
    QCOMPARE(table.headers, QStringList({"name", "zip"}));
    QCOMPARE(table.rows, QList<QStringList>({{"Acme", "00123"}}));
    QVERIFY(table.sheet.isEmpty());

    const Table withSheet = readAll(csv, QStringLiteral("Data"));
    QVERIFY(
        withSheet.error.startsWith(QStringLiteral("plain.csv is a CSV file: it has no sheets")));
}

void TestWorkbookReader::numbersAsText_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("expected");
    QTest::newRow("integer") << "42"
                             << "42";
    QTest::newRow("exponent") << "1E+5"
                              << "100000";
    QTest::newRow("lower exponent") << "1e+20"
                                    << "100000000000000000000";
    QTest::newRow("trailing .0") << "100000.0"
                                 << "100000";
    QTest::newRow("float noise") << "0.10000000000000001"
                                 << "0.1";
    QTest::newRow("excel 17 digits") << "0.30000000000000004"
                                     << "0.30000000000000004";
    QTest::newRow("small") << "1E-7"
                           << "0.0000001";
    QTest::newRow("negative") << "-2.5"
                              << "-2.5";
    QTest::newRow("negative zero") << "-0"
                                   << "0";
    QTest::newRow("leading zero kept out") << "007"
                                           << "7";
    QTest::newRow("plain decimal") << "1234567.891"
                                   << "1234567.891";
}

void TestWorkbookReader::numbersAsText()
{
    QFETCH(QString, stored);
    QFETCH(QString, expected);
    std::u16string out;
    QVERIFY(SheetValue::appendNumber(stored, &out));
    QCOMPARE(QString::fromStdU16String(out), expected);
    std::u16string none;
    QVERIFY(!SheetValue::appendNumber(u"abc", &none));
    QVERIFY(none.empty());
}

void TestWorkbookReader::formatKinds_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("kind");
    const int number = int(SheetNumberKind::Number);
    const int date = int(SheetNumberKind::Date);
    const int dateTime = int(SheetNumberKind::DateTime);
    const int time = int(SheetNumberKind::Time);
    QTest::newRow("general") << 0 << "" << number;
    QTest::newRow("built-in 14") << 14 << "" << date;
    QTest::newRow("built-in 22") << 22 << "" << dateTime;
    QTest::newRow("built-in 20") << 20 << "" << time;
    QTest::newRow("built-in 46") << 46 << "" << time;
    QTest::newRow("iso date") << 164 << "yyyy-mm-dd" << date;
    QTest::newRow("date time") << 165 << "yyyy-mm-dd h:mm:ss" << dateTime;
    QTest::newRow("minutes") << 166 << "h:mm" << time;
    QTest::newRow("elapsed") << 167 << "[h]:mm:ss" << time;
    QTest::newRow("quoted days") << 168 << "0.00 \"days\"" << number;
    QTest::newRow("colour") << 169 << "[Red]0.00" << number;
    QTest::newRow("escaped") << 170 << "0\\d" << number;
    QTest::newRow("locale date") << 171 << "[$-409]d-mmm-yy;@" << date;
    QTest::newRow("am/pm") << 172 << "h AM/PM" << time;
    QTest::newRow("currency") << 173 << "#,##0.00 [$EUR]" << number;
}

void TestWorkbookReader::formatKinds()
{
    QFETCH(int, id);
    QFETCH(QString, code);
    QFETCH(int, kind);
    QCOMPARE(int(SheetValue::kindOfFormat(id, code)), kind);
}

void TestWorkbookReader::dateSerials_data()
{
    QTest::addColumn<double>("serial");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("date1904");
    QTest::addColumn<QString>("expected");
    const int date = int(SheetNumberKind::Date);
    const int dateTime = int(SheetNumberKind::DateTime);
    const int time = int(SheetNumberKind::Time);
    QTest::newRow("2024-03-31") << 45382.0 << date << false << "2024-03-31";
    QTest::newRow("first day") << 1.0 << date << false << "1900-01-01";
    QTest::newRow("before the phantom leap day") << 59.0 << date << false << "1900-02-28";
    QTest::newRow("after it") << 61.0 << date << false << "1900-03-01";
    QTest::newRow("noon") << 45382.5 << dateTime << false << "2024-03-31T12:00:00";
    QTest::newRow("rounds to the second")
        << 45382.99999999 << dateTime << false << "2024-04-01T00:00:00";
    QTest::newRow("time of day") << 0.75 << time << false << "18:00:00";
    QTest::newRow("1904 epoch") << 0.0 << date << true << "1904-01-01";
    QTest::newRow("1904 2024-03-31") << 43920.0 << date << true << "2024-03-31";
}

void TestWorkbookReader::dateSerials()
{
    QFETCH(double, serial);
    QFETCH(int, kind);
    QFETCH(bool, date1904);
    QFETCH(QString, expected);
    std::u16string out;
    QVERIFY(SheetValue::appendDate(serial, SheetNumberKind(kind), date1904, &out));
    QCOMPARE(QString::fromStdU16String(out), expected);
    QVERIFY(!SheetValue::appendDate(-1, SheetNumberKind::Date, false, &out));
    QCOMPARE(SheetValue::cellName(3, 7), QStringLiteral("C7"));
    QCOMPARE(SheetValue::columnName(28), QStringLiteral("AB"));
}

void TestWorkbookReader::settingsRememberTheSheet()
{
    const ObjectType &type = *Schema::builtin().type(QStringLiteral("companies"));
    ImportSettings settings;
    settings.filePath = path("sheets.xlsx");
    settings.type = type;
    settings.sheet = QStringLiteral("Other");
    settings.headerRow = 3;
    settings.matchField = QStringLiteral("externalId");
    ImportSettings back;
    QString error;
    QVERIFY2(ImportSettings::fromJson(settings.toJson(), type, &back, &error), qPrintable(error));
    QCOMPARE(back.sheet, QStringLiteral("Other"));
    QCOMPARE(back.headerRow, 3);
    QCOMPARE(back.tableOptions().sheet, QStringLiteral("Other"));

    // A journal written before workbooks: no sheet, header row 1, and a CSV file opens.
    QJsonObject old = settings.toJson();
    old.remove(QStringLiteral("sheet"));
    old.remove(QStringLiteral("headerRow"));
    QVERIFY2(ImportSettings::fromJson(old, type, &back, &error), qPrintable(error));
    QVERIFY(back.sheet.isEmpty());
    QCOMPARE(back.headerRow, 1);
    settings.sheet.clear();
    QVERIFY(!settings.toJson().contains(QStringLiteral("sheet")));
}

QTEST_GUILESS_MAIN(TestWorkbookReader)
#include "tst_workbookreader.moc"
