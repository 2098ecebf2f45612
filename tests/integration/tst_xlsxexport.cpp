// SPDX-License-Identifier: MIT
// planhat-cli export TYPE FILE.xlsx, template TYPE FILE.xlsx and import --results FILE.xlsx
// end to end: the real executable against a real planhat-sandbox (demo seed, with custom
// fields), the workbooks read with openpyxl through xlsxinspect.py.
#include "sandboxprocess.h"
#include "xlsxinspect.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat::Test;

class TestXlsxExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportsTypedCellsWithTheCsvHeader();
    void exportsSelectedFields();
    void exportFailureLeavesNoFile();
    void exportedWorkbookImportsBackUnchanged();
    void templateCarriesCustomFieldsAndDropDowns();
    void filledTemplateImportsWithoutMapping();
    void templateUsageErrors_data();
    void templateUsageErrors();

private:
    QJsonObject inspect(const QString &path);
    static QStringList headerOf(const QJsonObject &sheet);
    static QStringList csvHeader(const QString &path);
    QJsonArray companies();

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
};

void TestXlsxExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
}

QJsonObject TestXlsxExport::inspect(const QString &path)
{
    QString error;
    const QJsonObject workbook = inspectWorkbook(path, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return workbook;
}

QStringList TestXlsxExport::headerOf(const QJsonObject &sheet)
{
    QStringList header;
    for (const QJsonValue &cell : sheet["rows"].toArray().at(0).toArray())
        header.append(cell["value"].toString());
    return header;
}

QStringList TestXlsxExport::csvHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // The export's header names have no commas or quotes to unquote.
    return QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
}

QJsonArray TestXlsxExport::companies()
{
    const CliRun run
        = runCli(m_sandbox.url(), {"list", "companies", "--all-fields", "--format", "json"});
    return QJsonDocument::fromJson(run.out).array();
}

void TestXlsxExport::exportsTypedCellsWithTheCsvHeader()
{
    const QString xlsx = m_dir.filePath("companies.xlsx");
    const QString csv = m_dir.filePath("companies.csv");
    const CliRun run = runCli(m_sandbox.url(), {"export", "companies", xlsx, "--all-fields"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("Exported"), run.err.constData());
    const CliRun csvRun = runCli(m_sandbox.url(), {"export", "companies", csv, "--all-fields"});
    QVERIFY2(csvRun.exitCode == 0, csvRun.err.constData());

    const QJsonObject sheet = inspectedSheet(inspect(xlsx));
    QVERIFY(!sheet.isEmpty());
    const QStringList header = headerOf(sheet);
    // The same columns as the CSV export, so a round trip maps the same way.
    QCOMPARE(header, csvHeader(csv));
    QCOMPARE(sheet["rows"].toArray().size() - 1, companies().size());
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
    QVERIFY(inspectedCell(sheet, 0, 0)["bold"].toBool());
    QCOMPARE(sheet["widths"].toObject().size(), header.size());

    // Find a row with values in the typed columns, and check each cell's type.
    const auto columnOf = [&header](const char *name) {
        return int(header.indexOf(QString::fromUtf8(name)));
    };
    const QHash<QString, QString> expectedTypes {{"createdAt", "date"},
                                                 {"csmScore", "number"},
                                                 {"custom.Seats", "number"},
                                                 {"custom.Renewal Risk", "bool"},
                                                 {"custom.Next QBR", "date"},
                                                 {"custom.Contract Signed", "date"},
                                                 {"name", "text"},
                                                 {"sourceId", "text"},
                                                 {"_id", "text"},
                                                 {"custom.Region", "text"}};
    QSet<QString> seen;
    const QJsonArray rows = sheet["rows"].toArray();
    for (int row = 1; row < rows.size(); ++row) {
        for (auto it = expectedTypes.begin(); it != expectedTypes.end(); ++it) {
            const int column = columnOf(it.key().toUtf8().constData());
            QVERIFY2(column >= 0, qPrintable(it.key()));
            const QJsonValue cell = inspectedCell(sheet, row, column);
            if (cell.isNull())
                continue;
            QVERIFY2(cell["type"].toString() == it.value(),
                     qPrintable(QStringLiteral("row %1 %2: %3")
                                    .arg(row)
                                    .arg(it.key(), cell["type"].toString())));
            seen.insert(it.key());
        }
    }
    QCOMPARE(seen.size(), expectedTypes.size());
    // Source ids with leading zeros stay text, as written.
    const QJsonValue sourceId = inspectedCell(sheet, 1, columnOf("sourceId"));
    QVERIFY2(sourceId["value"].toString().startsWith(QLatin1Char('0')),
             qPrintable(sourceId["value"].toString()));
}

void TestXlsxExport::exportsSelectedFields()
{
    const QString xlsx = m_dir.filePath("selected.xlsx");
    const QString csv = m_dir.filePath("selected.csv");
    const QStringList select {"--select", "_id,name,externalId,custom.Seats"};
    CliRun run = runCli(m_sandbox.url(), QStringList {"export", "companies", xlsx} + select);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runCli(m_sandbox.url(), QStringList {"export", "companies", csv} + select);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject sheet = inspectedSheet(inspect(xlsx));
    QCOMPARE(headerOf(sheet), (QStringList {"_id", "name", "externalId", "custom.Seats"}));
    QCOMPARE(headerOf(sheet), csvHeader(csv));
}

void TestXlsxExport::exportFailureLeavesNoFile()
{
    const QString path = m_dir.filePath("refused.xlsx");
    CliRun run
        = runCli(m_sandbox.url(), {"export", "companies", path}, {"PLANHAT_API_TOKEN=wrong-token"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY(!QFile::exists(path));
    run = runCli(m_sandbox.url(), {"export", "companies", m_dir.filePath("no/such/dir/x.xlsx")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("cannot write"), run.err.constData());
    // No temporary copies left beside the target either.
    QCOMPARE(QDir(m_dir.path()).entryList({"*.part"}), QStringList());
}

void TestXlsxExport::exportedWorkbookImportsBackUnchanged()
{
    // Round trip: what we export as a workbook (text, a number custom field) reads back as
    // the same values, so the plan of importing it again changes nothing.
    const QString xlsx = m_dir.filePath("roundtrip.xlsx");
    const CliRun exported = runCli(
        m_sandbox.url(), {"export", "companies", xlsx, "--select", "externalId,name,custom.Seats"});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const qsizetype count = companies().size();
    QVERIFY(count > 0);
    const CliRun plan = runCli(m_sandbox.url(), {"import", "companies", xlsx, "--dry-run"});
    QVERIFY2(plan.exitCode == 0, plan.err.constData());
    const QByteArray summary = plan.out.split('\n').value(0);
    QVERIFY2(summary.startsWith(QByteArray::number(count) + " rows: 0 to create, 0 to update, "
                                + QByteArray::number(count) + " unchanged, 0 invalid"),
             summary.constData());
}

void TestXlsxExport::templateCarriesCustomFieldsAndDropDowns()
{
    const QString path = m_dir.filePath("companies-template.xlsx");
    const CliRun run = runCli(m_sandbox.url(), {"template", "companies", path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("import template"), run.err.constData());

    const QJsonObject sheet = inspectedSheet(inspect(path));
    const QStringList header = headerOf(sheet);
    QCOMPARE(sheet["rows"].toArray().size(), 1);
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
    // The demo tenant's custom fields, by name, and no read-only fields.
    for (const char *name : {"Region", "Segment", "Renewal Risk", "Seats", "Next QBR", "Products",
                             "CSM Backup", "Success Plan", "Name", "External ID"})
        QVERIFY2(header.contains(QString::fromUtf8(name)), qPrintable(header.join(", ")));
    for (const char *name : {"Health", "MRR", "Domains", "Created", "ID", "_id"})
        QVERIFY2(!header.contains(QString::fromUtf8(name)), name);

    const int nameColumn = int(header.indexOf("Name"));
    QCOMPARE(inspectedCell(sheet, 0, nameColumn)["color"].toString(), QStringLiteral("FFFF0000"));
    QVERIFY(inspectedCell(sheet, 0, nameColumn)["comment"].toString().contains("Required"));
    const QString seatsComment
        = inspectedCell(sheet, 0, int(header.indexOf("Seats")))["comment"].toString();
    QVERIFY2(seatsComment.contains("custom.Seats") && seatsComment.contains("number"),
             qPrintable(seatsComment));

    // Drop-downs with the tenant's allowed values, from GET /customfields.
    const QByteArray definitionsJson
        = runCli(m_sandbox.url(), {"list", "customfields", "--all-fields", "--format", "json"}).out;
    QHash<QString, QStringList> listValues;
    for (const QJsonValue &definition : QJsonDocument::fromJson(definitionsJson).array()) {
        if (definition["parent"].toString() != QLatin1String("company"))
            continue;
        QStringList values;
        for (const QJsonValue &value : definition["listValues"].toArray())
            values.append(value.toString());
        listValues.insert(definition["name"].toString(), values);
    }
    QVERIFY2(listValues.contains("Region"), definitionsJson.left(300).constData());
    QHash<QString, QJsonObject> validations;
    for (const QJsonValue &validation : sheet["validations"].toArray()) {
        const QString first = validation["sqref"].toString().section(':', 0, 0);
        validations.insert(first.chopped(1), validation.toObject()); // "O2" -> "O"
    }
    QCOMPARE(validations.size(), 3); // Region, Segment (lists) and Products (multi-pick)
    for (const char *name : {"Region", "Segment", "Products"}) {
        const int column = int(header.indexOf(QString::fromUtf8(name)));
        const QJsonObject validation = validations.value(QString(QChar(u'A' + column)));
        QVERIFY2(!validation.isEmpty(), name);
        QCOMPARE(validation["formula1"].toString(),
                 QStringLiteral("\"%1\"").arg(listValues.value(name).join(',')));
    }
}

void TestXlsxExport::filledTemplateImportsWithoutMapping()
{
    const QString templatePath = m_dir.filePath("fill-me.xlsx");
    CliRun run = runCli(m_sandbox.url(), {"template", "companies", templatePath});
    QVERIFY2(run.exitCode == 0, run.err.constData());

    // Filled in by openpyxl as a person would in Excel, each value in the column whose
    // header comment names its field, typed (a number, a date, a boolean). The workbook
    // itself is imported (the same rows also go to a CSV with the template's header).
    const QString script = m_dir.filePath("fill.py");
    {
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"PY(
import csv, datetime, sys
import openpyxl
template, filled_xlsx, filled_csv = sys.argv[1:4]
values = {
    "name": "Template Filled Co",
    "externalId": "TPL-0001",
    "csmScore": 4,
    "tags": "alpha;beta",
    "custom.Region": "EMEA",
    "custom.Segment": "Enterprise",
    "custom.Products": "Analytics;Mobile",
    "custom.Seats": 12,
    "custom.Next QBR": datetime.date(2025, 2, 3),
    "custom.Renewal Risk": True,
    "custom.Success Plan": "00123 leading zeros",
}
book = openpyxl.load_workbook(template)
sheet = book.worksheets[0]
header = [cell.value for cell in sheet[1]]
row = []
for cell in sheet[1]:
    field = cell.comment.text.split("Field: ")[1].split(" (")[0]
    row.append(values.pop(field, None))
if values:
    sys.exit("no column for " + ", ".join(values))
sheet.append(row)
book.save(filled_xlsx)
def text(value):
    if value is None: return ""
    if value is True: return "TRUE"
    if isinstance(value, datetime.date): return value.isoformat()
    return str(value)
with open(filled_csv, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow([text(value) for value in row])
)PY");
    }
    const QString filledXlsx = m_dir.filePath("filled.xlsx");
    const QString filledCsv = m_dir.filePath("filled.csv");
    QProcess python;
    python.start(systemPython(), {script, templatePath, filledXlsx, filledCsv});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    // No --mapping: automatic matching must take every column.
    const QString results = m_dir.filePath("filled.results.xlsx");
    run = runCli(m_sandbox.url(),
                 {"import", "companies", filledXlsx, "--yes", "--results", results});
    QVERIFY2(run.exitCode == 0, run.err.constData() + run.out);

    QJsonObject created;
    for (const QJsonValue &company : companies()) {
        if (company["externalId"].toString() == QLatin1String("TPL-0001"))
            created = company.toObject();
    }
    QVERIFY2(!created.isEmpty(), run.out.constData());
    QCOMPARE(created["name"].toString(), QStringLiteral("Template Filled Co"));
    QCOMPARE(created["csmScore"].toDouble(), 4.0);
    QCOMPARE(created["tags"].toArray(), (QJsonArray {"alpha", "beta"}));
    const QJsonObject custom = created["custom"].toObject();
    QCOMPARE(custom["Region"].toString(), QStringLiteral("EMEA"));
    QCOMPARE(custom["Segment"].toString(), QStringLiteral("Enterprise"));
    QCOMPARE(custom["Products"].toArray(), (QJsonArray {"Analytics", "Mobile"}));
    QCOMPARE(custom["Seats"].toDouble(), 12.0);
    QVERIFY2(custom["Next QBR"].toString().startsWith("2025-02-03"),
             qPrintable(custom["Next QBR"].toString()));
    QCOMPARE(custom["Renewal Risk"].toBool(), true);
    QCOMPARE(custom["Success Plan"].toString(), QStringLiteral("00123 leading zeros"));

    // The results file as a workbook: the input columns, then status, _id, message.
    const QJsonObject sheet = inspectedSheet(inspect(results));
    const QStringList header = headerOf(sheet);
    QCOMPARE(header.mid(header.size() - 3), (QStringList {"status", "_id", "message"}));
    QCOMPARE(header.mid(0, header.size() - 3), csvHeader(filledCsv).mid(0, header.size() - 3));
    QCOMPARE(inspectedCell(sheet, 1, int(header.size()) - 3)["value"].toString(),
             QStringLiteral("created"));
    QCOMPARE(inspectedCell(sheet, 1, int(header.size()) - 2)["value"].toString(),
             created["_id"].toString());
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
}

void TestXlsxExport::templateUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("not xlsx") << QStringList {"template", "companies", m_dir.filePath("t.csv")}
                              << QByteArray(".xlsx");
    QTest::newRow("unknown type") << QStringList {"template", "planets", m_dir.filePath("t.xlsx")}
                                  << QByteArray("planets");
    QTest::newRow("no file") << QStringList {"template", "companies"} << QByteArray("usage");
    QTest::newRow("unwritable") << QStringList {"template", "companies",
                                                m_dir.filePath("no/such/dir/t.xlsx")}
                                << QByteArray("cannot write");
}

void TestXlsxExport::templateUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliRun run = runCli(m_sandbox.url(), arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.toLower().contains(message.toLower()), run.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath("t.xlsx")));
    QVERIFY(!QFile::exists(m_dir.filePath("t.csv")));
}

QTEST_GUILESS_MAIN(TestXlsxExport)
#include "tst_xlsxexport.moc"
