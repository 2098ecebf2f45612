// SPDX-License-Identifier: MIT
#include "importer/importmapping.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestImportMapping final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizes_data();
    void normalizes();
    void autoMatches_data();
    void autoMatches();
    void fieldIsMatchedOnce();
    void readOnlyFieldsAreNeverMatched();
    void setFieldMovesAField();
    void problems();
    void savesAndLoads();
    void loadErrorsNameTheProblem_data();
    void loadErrorsNameTheProblem();
    void savedMappingAppliesToANewFile();

private:
    static ObjectType companiesWithCustomFields();
};

ObjectType TestImportMapping::companiesWithCustomFields()
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Region"},
                     {"type", "list"},
                     {"parent", "company"},
                     {"listValues", QJsonArray {"EMEA", "AMER"}}},
        QJsonObject {{"name", "Renewal Risk"}, {"type", "checkbox"}, {"parent", "company"}},
        QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
}

void TestImportMapping::normalizes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("normal");
    QTest::newRow("case") << "ExternalID"
                          << "externalid";
    QTest::newRow("spaces and underscores") << " external_id "
                                            << "externalid";
    QTest::newRow("punctuation") << "Co-Owner (user)"
                                 << "coowneruser";
    QTest::newRow("custom prefix dot") << "custom.Renewal Risk"
                                       << "customrenewalrisk";
    QTest::newRow("unicode letters kept") << "Größe"
                                          << "grösse";
}

void TestImportMapping::normalizes()
{
    QFETCH(QString, name);
    QFETCH(QString, normal);
    QCOMPARE(ImportMapping::normalized(name), normal);
}

void TestImportMapping::autoMatches_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("field");
    QTest::newRow("api name") << "externalId"
                              << "externalId";
    QTest::newRow("api name, other spelling") << "EXTERNAL_ID"
                                              << "externalId";
    QTest::newRow("display name") << "Co-owner"
                                  << "coOwner";
    QTest::newRow("display name with spaces") << "health profile"
                                              << "hProfile";
    QTest::newRow("custom field by name") << "Renewal risk"
                                          << "custom.Renewal Risk";
    QTest::newRow("custom field with prefix") << "custom.Seats"
                                              << "custom.Seats";
    QTest::newRow("unknown column ignored") << "Favourite colour"
                                            << "";
}

void TestImportMapping::autoMatches()
{
    QFETCH(QString, header);
    QFETCH(QString, field);
    const ImportMapping mapping = ImportMapping::autoMatch(companiesWithCustomFields(), {header});
    QCOMPARE(mapping.typeName(), QStringLiteral("companies"));
    QCOMPARE(mapping.columns().size(), 1);
    QCOMPARE(mapping.columns().first().header, header);
    QCOMPARE(mapping.columns().first().field, field);
}

void TestImportMapping::fieldIsMatchedOnce()
{
    const ImportMapping mapping
        = ImportMapping::autoMatch(companiesWithCustomFields(), {"Name", "name", "Region"});
    QCOMPARE(mapping.columns().at(0).field, QStringLiteral("name"));
    QVERIFY(mapping.columns().at(1).isIgnored());
    QCOMPARE(mapping.columns().at(2).field, QStringLiteral("custom.Region"));
    QVERIFY(mapping.problems(companiesWithCustomFields()).isEmpty());
}

void TestImportMapping::readOnlyFieldsAreNeverMatched()
{
    const ImportMapping mapping
        = ImportMapping::autoMatch(companiesWithCustomFields(), {"_id", "Health", "status", "ID"});
    // `_id` is the one exception: it is the first match key, taken only when named exactly.
    QCOMPARE(mapping.columns().at(0).field, QStringLiteral("_id"));
    for (const ColumnMapping &column : mapping.columns().mid(1))
        QVERIFY2(column.isIgnored(), qPrintable(column.header));
    QVERIFY(mapping.problems(companiesWithCustomFields()).isEmpty());
}

void TestImportMapping::setFieldMovesAField()
{
    ImportMapping mapping
        = ImportMapping::autoMatch(companiesWithCustomFields(), {"Company", "Name"});
    QCOMPARE(mapping.columns().at(1).field, QStringLiteral("name"));
    mapping.setField(0, "name");
    QCOMPARE(mapping.columns().at(0).field, QStringLiteral("name"));
    QVERIFY(mapping.columns().at(1).isIgnored());
    QCOMPARE(mapping.columnForField("name"), 0);
    mapping.setField(0, QString());
    QCOMPARE(mapping.columnForField("name"), -1);
}

void TestImportMapping::problems()
{
    const ObjectType type = companiesWithCustomFields();
    const ImportMapping mapping("companies",
                                {{"A", "nonsense", {}},
                                 {"B", "status", {}},
                                 {"C", "name", {}},
                                 {"D", "name", {}},
                                 {"E", "", {}}});
    const QStringList problems = mapping.problems(type);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems.at(0).contains("\"A\"") && problems.at(0).contains("nonsense"),
             qPrintable(problems.at(0)));
    QVERIFY2(problems.at(1).contains("read-only"), qPrintable(problems.at(1)));
    QVERIFY2(problems.at(2).contains("\"C\"") && problems.at(2).contains("\"D\""),
             qPrintable(problems.at(2)));
}

void TestImportMapping::savesAndLoads()
{
    ImportMapping mapping = ImportMapping::autoMatch(companiesWithCustomFields(),
                                                     {"Name", "Seats", "Since", "Notes"});
    mapping.columns()[1].options.decimalComma = true;
    mapping.columns()[2].options.dateFormat = ColumnOptions::DateFormat::DayMonthYear;
    mapping.columns()[2].options.emptyCell = ColumnOptions::EmptyCell::Clear;
    mapping.columns()[3].options.listSeparator = "|";
    mapping.columns()[3].options.trim = false;

    QTemporaryDir dir;
    const QString path = dir.filePath("mapping.json");
    QString error;
    QVERIFY2(mapping.save(path, &error), qPrintable(error));
    ImportMapping loaded;
    QVERIFY2(ImportMapping::load(path, &loaded, &error), qPrintable(error));
    QCOMPARE(loaded.typeName(), mapping.typeName());
    QCOMPARE(loaded.columns().size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(loaded.columns().at(i).header, mapping.columns().at(i).header);
        QCOMPARE(loaded.columns().at(i).field, mapping.columns().at(i).field);
        QVERIFY(loaded.columns().at(i).options == mapping.columns().at(i).options);
    }
    // The file is for people too: indented JSON with readable option names.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("\"dd/MM/yyyy\""));
    QVERIFY(text.contains("\"clear\""));
}

void TestImportMapping::loadErrorsNameTheProblem_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << QByteArray("{\n  \"columns\": [\n    {\"header\": \"A\",,}\n  ]\n}")
                            << "line 3, column";
    QTest::newRow("not a mapping") << QByteArray("[1, 2]") << "not a mapping file";
    QTest::newRow("newer version") << QByteArray(R"({"version": 9, "columns": []})") << "newer";
    QTest::newRow("bad date format") << QByteArray(
        R"({"columns": [{"header": "When", "field": "x", "options": {"dateFormat": "yyyy/dd"}}]})")
                                     << "column 1 (\"When\"): unknown date format";
    QTest::newRow("bad empty meaning")
        << QByteArray(R"({"columns": [{"header": "A", "options": {"emptyCell": "zero"}}]})")
        << "emptyCell";
}

void TestImportMapping::loadErrorsNameTheProblem()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    ImportMapping mapping;
    QString error;
    QVERIFY(!ImportMapping::fromJson(json, &mapping, &error));
    QVERIFY2(error.contains(message), qPrintable(error));

    QTemporaryDir dir;
    QFile file(dir.filePath("broken.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    QVERIFY(!ImportMapping::load(file.fileName(), &mapping, &error));
    QVERIFY2(error.startsWith(file.fileName()), qPrintable(error));
}

void TestImportMapping::savedMappingAppliesToANewFile()
{
    const ObjectType type = companiesWithCustomFields();
    ImportMapping saved = ImportMapping::autoMatch(type, {"Account", "Name", "Seats"});
    saved.setField(0, "name"); // the user chose "Account" for the name
    saved.setField(2, QString()); // and ignored "Seats"
    saved.columns()[0].options.trim = false;

    const ImportMapping applied = saved.appliedTo(type, {"Name", "Seats", "Account", "Region"});
    QCOMPARE(applied.columns().at(0).field, QString()); // Name gave way to Account
    QCOMPARE(applied.columns().at(1).field, QString()); // still ignored
    QCOMPARE(applied.columns().at(2).field, QStringLiteral("name"));
    QCOMPARE(applied.columns().at(2).options.trim, false);
    QCOMPARE(applied.columns().at(3).field, QStringLiteral("custom.Region")); // new: auto-matched
}

QTEST_GUILESS_MAIN(TestImportMapping)
#include "tst_importmapping.moc"
