// SPDX-License-Identifier: MIT
// The .xlsx writers, checked by reading what they wrote with openpyxl (xlsxinspect.py), a
// library that shares nothing with libxlsxwriter.
#include "csv/recordcsvwriter.h"
#include "importer/importmapping.h"
#include "importer/importresults.h"
#include "importer/importsettings.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"
#include "xlsx/importtemplate.h"
#include "xlsx/recordworkbookwriter.h"
#include "xlsx/tablefilewriter.h"
#include "xlsx/workbookwriter.h"
#include "xlsxinspect.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestWorkbookWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesTypedCells();
    void headerIsBoldFrozenAndColumnsSized();
    void recordsTypedByTheirFields();
    void recordsBufferedUntilFinishUseEveryField();
    void nothingWrittenUnlessClosed();
    void unwritablePathFailsAtOpen();
    void tooLongTextNamesSheetAndCell();
    void importTemplateColumnsMapBackToTheirFields();
    void importTemplateWorkbook();
    void longAllowedListsComeFromAHiddenSheet();
    void importResultsAsWorkbook();

private:
    static ObjectType companiesWithCustomFields();
    QJsonObject inspect(const QString &path);

    QTemporaryDir m_dir;
};

void TestWorkbookWriter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // openpyxl missing is a failure with the reason, not a skip.
    QProcess python;
    python.start(systemPython(), {QStringLiteral("-c"), QStringLiteral("import openpyxl")});
    QVERIFY2(python.waitForFinished(30000) && python.exitCode() == 0,
             "/usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/deps)");
}

QJsonObject TestWorkbookWriter::inspect(const QString &path)
{
    QString error;
    const QJsonObject workbook = inspectWorkbook(path, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return workbook;
}

ObjectType TestWorkbookWriter::companiesWithCustomFields()
{
    const QByteArray json = R"([
        {"name": "Region", "type": "list", "parent": "company",
         "listValues": ["EMEA", "North America", "APAC"]},
        {"name": "Products", "type": "multipicklist", "parent": "company",
         "listValues": ["Analytics", "Mobile"]},
        {"name": "Seats", "type": "number", "parent": "company"},
        {"name": "Next QBR", "type": "date", "parent": "company"},
        {"name": "Renewal Risk", "type": "checkbox", "parent": "company"},
        {"name": "Health Formula", "type": "number", "parent": "company", "isFormula": true},
        {"name": "Name", "type": "text", "parent": "company"}
    ])";
    return CustomFieldCatalog::fromJson(QJsonDocument::fromJson(json).array())
        .apply(*Schema::builtin().type(QStringLiteral("companies")));
}

void TestWorkbookWriter::writesTypedCells()
{
    const QString path = m_dir.filePath(QStringLiteral("typed.xlsx"));
    WorkbookWriter writer(path);
    QVERIFY2(writer.open(), qPrintable(writer.errorString()));
    QVERIFY(writer.addSheet(QStringLiteral("Data")));
    QVERIFY(writer.writeHeader(QStringList {"number", "fraction", "big", "zeros", "exp", "bool",
                                            "date", "datetime", "empty", "lines"}));
    QVERIFY(writer.writeRow({42, 3.25, qint64(12345678901234), QStringLiteral("00123"),
                             QStringLiteral("1e5"), true, QDate(2024, 3, 1),
                             QDateTime(QDate(2024, 3, 1), QTime(14, 30, 15), Qt::UTC), QVariant(),
                             QStringLiteral("one\ntwo")}));
    QVERIFY(writer.writeRow({-7, 0.1, 0, QStringLiteral("000"), QStringLiteral("+49 30 1234"),
                             false, QDate(1899, 12, 31), QVariant(), QString(), QString()}));
    QCOMPARE(writer.rowsWritten(), qint64(2));
    QVERIFY2(writer.close(), qPrintable(writer.errorString()));

    const QJsonObject sheet = inspectedSheet(inspect(path), QStringLiteral("Data"));
    QVERIFY(!sheet.isEmpty());
    const auto cell = [&sheet](int row, int column) {
        return inspectedCell(sheet, row, column).toObject();
    };
    QCOMPARE(cell(1, 0)["type"].toString(), QStringLiteral("number"));
    QCOMPARE(cell(1, 0)["value"].toDouble(), 42.0);
    QCOMPARE(cell(1, 1)["value"].toDouble(), 3.25);
    QCOMPARE(cell(1, 2)["type"].toString(), QStringLiteral("number"));
    QCOMPARE(cell(1, 2)["value"].toDouble(), 12345678901234.0);
    // Shown in full, not as 1.23457E+13.
    QCOMPARE(cell(1, 2)["format"].toString(), QStringLiteral("0"));
    QCOMPARE(cell(1, 3)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(1, 3)["value"].toString(), QStringLiteral("00123"));
    QCOMPARE(cell(1, 4)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(1, 4)["value"].toString(), QStringLiteral("1e5"));
    QCOMPARE(cell(1, 5)["type"].toString(), QStringLiteral("bool"));
    QCOMPARE(cell(1, 5)["value"].toBool(), true);
    QCOMPARE(cell(2, 5)["type"].toString(), QStringLiteral("bool"));
    QCOMPARE(cell(2, 5)["value"].toBool(), false);
    QCOMPARE(cell(1, 6)["type"].toString(), QStringLiteral("date"));
    QCOMPARE(cell(1, 6)["value"].toString(), QStringLiteral("2024-03-01T00:00:00"));
    QCOMPARE(cell(1, 6)["format"].toString(), QStringLiteral("yyyy-mm-dd"));
    QCOMPARE(cell(1, 7)["type"].toString(), QStringLiteral("date"));
    QCOMPARE(cell(1, 7)["value"].toString(), QStringLiteral("2024-03-01T14:30:15"));
    QCOMPARE(cell(1, 7)["format"].toString(), QStringLiteral("yyyy-mm-dd hh:mm:ss"));
    QVERIFY(inspectedCell(sheet, 1, 8).isNull());
    QCOMPARE(cell(1, 9)["value"].toString(), QStringLiteral("one\ntwo"));
    QCOMPARE(cell(2, 0)["value"].toDouble(), -7.0);
    QCOMPARE(cell(2, 2)["type"].toString(), QStringLiteral("number"));
    QCOMPARE(cell(2, 3)["value"].toString(), QStringLiteral("000"));
    // Before Excel's first date: kept as ISO text rather than a wrong serial.
    QCOMPARE(cell(2, 6)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(2, 6)["value"].toString(), QStringLiteral("1899-12-31"));
    QVERIFY(inspectedCell(sheet, 2, 8).isNull());
}

void TestWorkbookWriter::headerIsBoldFrozenAndColumnsSized()
{
    const QString path = m_dir.filePath(QStringLiteral("header.xlsx"));
    WorkbookWriter writer(path);
    QVERIFY(writer.open());
    QVERIFY(writer.addSheet(QStringLiteral("Sheet: with [bad] chars?")));
    QVERIFY(writer.writeHeader(
        QList<WorkbookHeaderCell> {{QStringLiteral("id"), QString(), false},
                                   {QStringLiteral("name"), QStringLiteral("Required."), true},
                                   {QStringLiteral("note"), QString(), false}}));
    QVERIFY(writer.writeRow(
        {1, QStringLiteral("x"), QStringLiteral("a rather long piece of text for a note column")}));
    QVERIFY(writer.close());

    const QJsonObject workbook = inspect(path);
    const QJsonObject sheet = inspectedSheet(workbook);
    QCOMPARE(sheet["name"].toString(), QStringLiteral("Sheet with bad chars"));
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
    for (int column = 0; column < 3; ++column)
        QVERIFY(inspectedCell(sheet, 0, column)["bold"].toBool());
    QCOMPARE(inspectedCell(sheet, 0, 0)["color"], QJsonValue());
    QCOMPARE(inspectedCell(sheet, 0, 1)["color"].toString(), QStringLiteral("FFFF0000"));
    QCOMPARE(inspectedCell(sheet, 0, 1)["comment"].toString(), QStringLiteral("Required."));
    QVERIFY(!inspectedCell(sheet, 1, 0)["bold"].toBool());
    const QJsonObject widths = sheet["widths"].toObject();
    QCOMPARE(widths.size(), 3);
    QVERIFY2(widths["C"].toDouble() > 40, qPrintable(QJsonDocument(widths).toJson()));
    QVERIFY(widths["A"].toDouble() >= 8 && widths["A"].toDouble() < 12);
}

void TestWorkbookWriter::recordsTypedByTheirFields()
{
    const ObjectType type = companiesWithCustomFields();
    const QString path = m_dir.filePath(QStringLiteral("records.xlsx"));
    const QStringList columns {"_id",
                               "name",
                               "csmScore",
                               "tags",
                               "createdAt",
                               "custom.Seats",
                               "custom.Next QBR",
                               "custom.Products",
                               "custom.Renewal Risk",
                               "externalId",
                               "custom.Unknown"};
    const QList<QJsonObject> records {
        QJsonObject {{"_id", "65a4f0c00000000000000015"},
                     {"name", "00042"},
                     {"csmScore", 7},
                     {"tags", QJsonArray {"reference", "beta"}},
                     {"createdAt", "2024-01-15T09:12:20.000Z"},
                     {"externalId", "0012345678901234567"},
                     {"custom",
                      QJsonObject {{"Seats", 70},
                                   {"Next QBR", "2024-07-02T00:00:00.000Z"},
                                   {"Products", QJsonArray {"Analytics", "Mobile"}},
                                   {"Renewal Risk", true},
                                   {"Unknown", "2024-01-01"}}}},
        QJsonObject {
            {"_id", "65a4f0c00000000000000016"}, {"name", "Second"}, {"createdAt", "not a date"}}};
    WorkbookWriter workbook(path);
    QVERIFY(workbook.open());
    RecordWorkbookWriter writer(&workbook, columns, type);
    QVERIFY(writer.addRows(records));
    QVERIFY(writer.finish());
    QCOMPARE(writer.rowsWritten(), qint64(2));
    QVERIFY2(workbook.close(), qPrintable(workbook.errorString()));

    const QJsonObject sheet = inspectedSheet(inspect(path));
    QCOMPARE(sheet["name"].toString(), QStringLiteral("Companies"));
    QStringList header;
    for (const QJsonValue &cell : sheet["rows"].toArray().at(0).toArray())
        header.append(cell["value"].toString());
    QCOMPARE(header, columns); // the names the CSV export uses
    const auto cell = [&sheet](int row, int column) {
        return inspectedCell(sheet, row, column).toObject();
    };
    QCOMPARE(cell(1, 0)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(1, 1)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(1, 1)["value"].toString(), QStringLiteral("00042"));
    QCOMPARE(cell(1, 2)["type"].toString(), QStringLiteral("number"));
    QCOMPARE(cell(1, 3)["value"].toString(), QStringLiteral("reference;beta"));
    QCOMPARE(cell(1, 4)["type"].toString(), QStringLiteral("date"));
    QCOMPARE(cell(1, 4)["value"].toString(), QStringLiteral("2024-01-15T09:12:20"));
    QCOMPARE(cell(1, 5)["type"].toString(), QStringLiteral("number"));
    QCOMPARE(cell(1, 5)["value"].toDouble(), 70.0);
    QCOMPARE(cell(1, 6)["type"].toString(), QStringLiteral("date"));
    QCOMPARE(cell(1, 6)["format"].toString(), QStringLiteral("yyyy-mm-dd"));
    QCOMPARE(cell(1, 6)["value"].toString(), QStringLiteral("2024-07-02T00:00:00"));
    QCOMPARE(cell(1, 7)["value"].toString(), QStringLiteral("Analytics;Mobile"));
    QCOMPARE(cell(1, 8)["type"].toString(), QStringLiteral("bool"));
    QCOMPARE(cell(1, 9)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(1, 9)["value"].toString(), QStringLiteral("0012345678901234567"));
    // A field the type does not know is written as found: text stays text.
    QCOMPARE(cell(1, 10)["type"].toString(), QStringLiteral("text"));
    // A date field holding something else keeps its text.
    QCOMPARE(cell(2, 4)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(cell(2, 4)["value"].toString(), QStringLiteral("not a date"));
    QVERIFY(inspectedCell(sheet, 2, 2).isNull());

    // Invoice dates are day numbers: written as the dates they count.
    const FieldSpec *invoiceDate
        = Schema::builtin().type(QStringLiteral("invoices"))->field(QStringLiteral("invoiceDate"));
    QVERIFY(invoiceDate);
    QCOMPARE(RecordWorkbookWriter::cellValue(QJsonValue(19783), invoiceDate),
             QVariant(QDate(2024, 3, 1)));
}

void TestWorkbookWriter::recordsBufferedUntilFinishUseEveryField()
{
    const QString path = m_dir.filePath(QStringLiteral("all.xlsx"));
    const QList<QJsonObject> records {
        QJsonObject {{"name", "A"}, {"_id", "1"}},
        QJsonObject {{"_id", "2"}, {"custom", QJsonObject {{"Seats", 3}}}}};
    WorkbookWriter workbook(path);
    QVERIFY(workbook.open());
    RecordWorkbookWriter writer(&workbook, {}, companiesWithCustomFields());
    QVERIFY(writer.addRows(records));
    QVERIFY(writer.finish());
    QCOMPARE(writer.columns(), RecordCsvWriter::columnsOf(records));
    QVERIFY(workbook.close());
    const QJsonObject sheet = inspectedSheet(inspect(path));
    QCOMPARE(sheet["rows"].toArray().size(), 3);
    QCOMPARE(inspectedCell(sheet, 0, 0)["value"].toString(), QStringLiteral("_id"));
    QCOMPARE(inspectedCell(sheet, 2, 2)["value"].toDouble(), 3.0);
}

void TestWorkbookWriter::nothingWrittenUnlessClosed()
{
    const QString path = m_dir.filePath(QStringLiteral("kept.xlsx"));
    {
        QFile earlier(path);
        QVERIFY(earlier.open(QIODevice::WriteOnly));
        earlier.write("earlier");
    }
    {
        WorkbookWriter writer(path);
        QVERIFY(writer.open());
        QVERIFY(writer.writeHeader(QStringList {"a"}));
        QVERIFY(writer.writeRow({1}));
        // Destroyed without close(): an abandoned export.
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("earlier"));
    // No temporary file left behind either.
    const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("kept.xlsx*")});
    QCOMPARE(left, QStringList {QStringLiteral("kept.xlsx")});
}

void TestWorkbookWriter::unwritablePathFailsAtOpen()
{
    const QString path = m_dir.filePath(QStringLiteral("no/such/dir/out.xlsx"));
    WorkbookWriter writer(path);
    QVERIFY(!writer.open());
    QVERIFY2(writer.errorString().startsWith(QStringLiteral("cannot write ") + path),
             qPrintable(writer.errorString()));
    QVERIFY(!writer.writeRow({1}));
    QVERIFY(!writer.close());
    QVERIFY(!QFile::exists(path));
}

void TestWorkbookWriter::tooLongTextNamesSheetAndCell()
{
    const QString path = m_dir.filePath(QStringLiteral("long.xlsx"));
    WorkbookWriter writer(path);
    QVERIFY(writer.open());
    QVERIFY(writer.addSheet(QStringLiteral("Notes")));
    QVERIFY(writer.writeHeader(QStringList {"a", "b"}));
    QVERIFY(writer.writeRow({1, QStringLiteral("short")}));
    QVERIFY(!writer.writeRow({2, QString(WorkbookWriter::maxTextLength + 1, QLatin1Char('x'))}));
    QVERIFY2(writer.errorString().contains(QStringLiteral("sheet \"Notes\" cell B3")),
             qPrintable(writer.errorString()));
    QVERIFY2(writer.errorString().contains(path), qPrintable(writer.errorString()));
    QVERIFY(!writer.close());
    QVERIFY(!QFile::exists(path));
}

void TestWorkbookWriter::importTemplateColumnsMapBackToTheirFields()
{
    const ObjectType type = companiesWithCustomFields();
    const ImportTemplate importTemplate(type);
    QStringList headers;
    QStringList fields;
    for (const TemplateColumn &column : importTemplate.columns()) {
        headers.append(column.header);
        fields.append(column.field.name);
        QVERIFY2(!column.field.isReadOnly(), qPrintable(column.field.name));
    }
    QVERIFY(fields.contains(QStringLiteral("name")));
    QVERIFY(fields.contains(QStringLiteral("externalId")));
    QVERIFY(fields.contains(QStringLiteral("custom.Region")));
    QVERIFY(fields.contains(QStringLiteral("custom.Products")));
    QVERIFY(!fields.contains(QStringLiteral("custom"))); // the JSON object: offered per field
    QVERIFY(!fields.contains(QStringLiteral("custom.Health Formula"))); // computed by Planhat
    QVERIFY(!fields.contains(QStringLiteral("_id")));
    QVERIFY(!fields.contains(QStringLiteral("domains")));
    QVERIFY(headers.contains(QStringLiteral("External ID"))); // display names where they map
    // A custom field named like a standard one keeps its own name, so it maps to itself.
    QCOMPARE(headers.at(fields.indexOf(QStringLiteral("custom.Name"))),
             QStringLiteral("custom.Name"));
    QCOMPARE(headers.at(fields.indexOf(QStringLiteral("name"))), QStringLiteral("Name"));

    const ImportMapping mapping = ImportMapping::autoMatch(type, headers);
    for (int i = 0; i < mapping.columns().size(); ++i)
        QCOMPARE(mapping.columns().at(i).field, fields.at(i));
    QVERIFY(mapping.problems(type).isEmpty());

    // Every type that can be imported gets a template that maps back the same way.
    for (const ObjectType &builtin : Schema::builtin().types()) {
        if (!builtin.supports(Operation::BulkUpsert))
            continue;
        const ImportTemplate other(builtin);
        QVERIFY2(!other.columns().isEmpty(), qPrintable(builtin.name));
        QStringList otherHeaders;
        for (const TemplateColumn &column : other.columns())
            otherHeaders.append(column.header);
        const ImportMapping otherMapping = ImportMapping::autoMatch(builtin, otherHeaders);
        for (int i = 0; i < otherMapping.columns().size(); ++i) {
            QVERIFY2(otherMapping.columns().at(i).field == other.columns().at(i).field.name,
                     qPrintable(builtin.name + QLatin1Char(' ') + otherHeaders.at(i)));
        }
    }
}

void TestWorkbookWriter::importTemplateWorkbook()
{
    const ObjectType type = companiesWithCustomFields();
    const ImportTemplate importTemplate(type);
    const QString path = m_dir.filePath(QStringLiteral("template.xlsx"));
    QString error;
    QVERIFY2(importTemplate.write(path, &error), qPrintable(error));

    const QJsonObject workbook = inspect(path);
    QCOMPARE(workbook["sheets"].toArray().size(), 1); // short lists need no hidden sheet
    const QJsonObject sheet = inspectedSheet(workbook);
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
    QCOMPARE(sheet["rows"].toArray().size(), 1); // the header only: no description row
    const QJsonArray header = sheet["rows"].toArray().at(0).toArray();
    QCOMPARE(header.size(), importTemplate.columns().size());
    QHash<QString, int> columnOf;
    for (int i = 0; i < header.size(); ++i) {
        const QJsonObject cell = header.at(i).toObject();
        const TemplateColumn &column = importTemplate.columns().at(i);
        QCOMPARE(cell["value"].toString(), column.header);
        QVERIFY(cell["bold"].toBool());
        const QString comment = cell["comment"].toString();
        QVERIFY2(comment.contains(QStringLiteral("Field: ") + column.field.name),
                 qPrintable(comment));
        QVERIFY2(comment.contains(ImportTemplate::formatDescription(column.field)),
                 qPrintable(comment));
        // Required fields in bold red, with the word in their comment; others not.
        QCOMPARE(cell["color"].toString() == QLatin1String("FFFF0000"),
                 column.field.isRequiredOnCreate());
        QCOMPARE(comment.contains(QStringLiteral("Required")), column.field.isRequiredOnCreate());
        columnOf.insert(column.field.name, i);
    }
    QVERIFY(importTemplate.columns()
                .at(columnOf.value(QStringLiteral("name")))
                .field.isRequiredOnCreate());
    QVERIFY(
        header.at(columnOf.value(QStringLiteral("custom.Seats")))["comment"].toString().contains(
            QStringLiteral("number")));
    QVERIFY(
        header.at(columnOf.value(QStringLiteral("custom.Next QBR")))["comment"].toString().contains(
            QStringLiteral("2024-03-01")));

    // A drop-down on each enum and list column with allowed values, none elsewhere.
    const auto letter = [](int column) {
        return QString(QChar(u'A' + column));
    };
    QHash<QString, QJsonObject> validationByColumn;
    for (const QJsonValue &validation : sheet["validations"].toArray())
        validationByColumn.insert(validation["sqref"].toString().section(QLatin1Char(':'), 0, 0),
                                  validation.toObject());
    QCOMPARE(validationByColumn.size(), 2);
    const QJsonObject region
        = validationByColumn.value(letter(columnOf.value(QStringLiteral("custom.Region"))) + "2");
    QCOMPARE(region["type"].toString(), QStringLiteral("list"));
    QCOMPARE(region["formula1"].toString(), QStringLiteral("\"EMEA,North America,APAC\""));
    QVERIFY(region["showError"].toBool()); // one of the values only
    QCOMPARE(region["sqref"].toString(),
             QStringLiteral("%1:%1")
                     .arg(letter(columnOf.value(QStringLiteral("custom.Region"))))
                     .replace(QStringLiteral(":"), QStringLiteral("2:"))
                 + QStringLiteral("1048576"));
    const QJsonObject products
        = validationByColumn.value(letter(columnOf.value(QStringLiteral("custom.Products"))) + "2");
    QCOMPARE(products["formula1"].toString(), QStringLiteral("\"Analytics,Mobile\""));
    QVERIFY(!products["showError"].toBool()); // several values separated by ; are fine
    QVERIFY(products["prompt"].toString().contains(QLatin1Char(';')));
}

void TestWorkbookWriter::longAllowedListsComeFromAHiddenSheet()
{
    QStringList many;
    for (int i = 0; i < 60; ++i)
        many.append(QStringLiteral("Territory number %1").arg(i));
    // 194 characters but 344 bytes in UTF-8: too long for a literal list too.
    QStringList nonAscii;
    for (int i = 0; i < 15; ++i)
        nonAscii.append(QString(10, QChar(0xE4)) + QString::number(i % 10) + QLatin1Char('x'));
    const QJsonArray definitions {
        QJsonObject {{"name", "Territory"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray::fromStringList(many)}},
        QJsonObject {{"name", "Legal form"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray {"Ltd", "Inc, Delaware"}}},
        QJsonObject {{"name", "Größe"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray::fromStringList(nonAscii)}}};
    const ObjectType type = CustomFieldCatalog::fromJson(definitions)
                                .apply(*Schema::builtin().type(QStringLiteral("companies")));
    const QString path = m_dir.filePath(QStringLiteral("long-lists.xlsx"));
    QString error;
    QVERIFY2(ImportTemplate(type).write(path, &error), qPrintable(error));

    const QJsonObject workbook = inspect(path);
    const QJsonObject lists = inspectedSheet(workbook, QStringLiteral("Allowed values"));
    QCOMPARE(lists["state"].toString(), QStringLiteral("hidden"));
    const QJsonObject sheet = inspectedSheet(workbook);
    QCOMPARE(sheet["state"].toString(), QStringLiteral("visible"));
    const QJsonArray validations = sheet["validations"].toArray();
    QCOMPARE(validations.size(), 3);
    QCOMPARE(validations.at(0)["formula1"].toString(),
             QStringLiteral("'Allowed values'!$A$2:$A$61"));
    QCOMPARE(validations.at(2)["formula1"].toString(),
             QStringLiteral("'Allowed values'!$C$2:$C$16"));
    QCOMPARE(inspectedCell(lists, 1, 2)["value"].toString(), nonAscii.first());
    // A value with a comma cannot be in a literal list either.
    QCOMPARE(validations.at(1)["formula1"].toString(),
             QStringLiteral("'Allowed values'!$B$2:$B$3"));
    QCOMPARE(inspectedCell(lists, 0, 0)["value"].toString(), QStringLiteral("Territory"));
    for (int i = 0; i < many.size(); ++i)
        QCOMPARE(inspectedCell(lists, i + 1, 0)["value"].toString(), many.at(i));
    QCOMPARE(inspectedCell(lists, 2, 1)["value"].toString(), QStringLiteral("Inc, Delaware"));
    QVERIFY(inspectedCell(lists, 3, 1).isNull());
}

void TestWorkbookWriter::importResultsAsWorkbook()
{
    const QString input = m_dir.filePath(QStringLiteral("input.csv"));
    {
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("name,externalId,csmScore\r\nAcme,00042,7\r\nBeta,1e5,\r\n");
    }
    ImportSettings settings;
    settings.filePath = input;
    ImportResults results(2);
    results.set(0, {RowOutcome::Status::Created, QStringLiteral("65a4f0c00000000000000099"), {}});
    results.set(1, {RowOutcome::Status::Failed, {}, QStringLiteral("name is taken")});
    const QString path = m_dir.filePath(QStringLiteral("input.results.xlsx"));
    QString error;
    QVERIFY2(results.writeCsv(settings, path, &error), qPrintable(error));

    const QJsonObject sheet = inspectedSheet(inspect(path));
    QCOMPARE(sheet["freeze"].toString(), QStringLiteral("A2"));
    QStringList header;
    for (const QJsonValue &cell : sheet["rows"].toArray().at(0).toArray()) {
        header.append(cell["value"].toString());
        QVERIFY(cell["bold"].toBool());
    }
    QCOMPARE(header, (QStringList {"name", "externalId", "csmScore", "status", "_id", "message"}));
    // The input exactly as read: "00042" and "1e5" stay text.
    QCOMPARE(inspectedCell(sheet, 1, 1)["type"].toString(), QStringLiteral("text"));
    QCOMPARE(inspectedCell(sheet, 1, 1)["value"].toString(), QStringLiteral("00042"));
    QCOMPARE(inspectedCell(sheet, 2, 1)["value"].toString(), QStringLiteral("1e5"));
    QCOMPARE(inspectedCell(sheet, 1, 3)["value"].toString(), QStringLiteral("created"));
    QCOMPARE(inspectedCell(sheet, 1, 4)["value"].toString(),
             QStringLiteral("65a4f0c00000000000000099"));
    QCOMPARE(inspectedCell(sheet, 2, 3)["value"].toString(), QStringLiteral("failed"));
    QCOMPARE(inspectedCell(sheet, 2, 5)["value"].toString(), QStringLiteral("name is taken"));
    QVERIFY(!sheet["widths"].toObject().isEmpty());

    // The same call still writes CSV for any other name.
    const QString csv = m_dir.filePath(QStringLiteral("input.results.csv"));
    QVERIFY2(results.writeCsv(settings, csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readLine().startsWith("name,externalId,csmScore,status,_id,message"));
}

QTEST_GUILESS_MAIN(TestWorkbookWriter)
#include "tst_workbookwriter.moc"
