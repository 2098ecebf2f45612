// SPDX-License-Identifier: MIT
// ChangeSet (staged edits) and PastedBlock (cells pasted from a spreadsheet).
#include "data/changeset.h"
#include "data/pastedblock.h"
#include "schema/fieldspec.h"

#include <QJsonArray>
#include <QTest>

using namespace Planhat;

class TestChangeSet final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stagesAndKeepsTheFirstOriginal();
    void stagingTheOriginalAgainDropsTheEdit();
    void missingAndNullAreTheSame();
    void payloadHasOnlyChangedFieldsWithId();
    void saveErrorsBelongToChangedRecords();
    void discardsManyAtOnce();
    void parsesTabSeparatedBlocks();
    void convertsPastedCellsByFieldType_data();
    void convertsPastedCellsByFieldType();
};

void TestChangeSet::stagesAndKeepsTheFirstOriginal()
{
    ChangeSet changes;
    QVERIFY(changes.isEmpty());
    QVERIFY(changes.stage("a", "name", "Acme", "Acme Ltd"));
    QVERIFY(changes.stage("a", "name", "Acme Ltd", "Acme Inc"));
    QVERIFY(!changes.stage("a", "name", "whatever", "Acme Inc"));
    QVERIFY(changes.stage("b", "phase", "Onboarding", "Live"));
    QCOMPARE(changes.recordCount(), 2);
    QCOMPARE(changes.fieldCount(), 2);
    QCOMPARE(changes.changedRecords(), (QStringList {"a", "b"}));
    QCOMPARE(changes.originalValue("a", "name"), QJsonValue("Acme"));
    QCOMPARE(changes.changes("a").constFirst().after, QJsonValue("Acme Inc"));
    QVERIFY(changes.isChanged("a", "name"));
    QVERIFY(!changes.isChanged("a", "phase"));
    QVERIFY(changes.originalValue("a", "phase").isUndefined());
}

void TestChangeSet::stagingTheOriginalAgainDropsTheEdit()
{
    ChangeSet changes;
    changes.stage("a", "name", "Acme", "Acme Ltd");
    changes.stage("a", "phase", "Onboarding", "Live");
    QVERIFY(changes.stage("a", "name", "Acme Ltd", "Acme"));
    QCOMPARE(changes.fieldCount(), 1);
    QVERIFY(changes.stage("a", "phase", "Live", "Onboarding"));
    QVERIFY(changes.isEmpty());
    QVERIFY(!changes.isChanged("a"));
    QVERIFY2(!changes.stage("a", "name", "Acme", "Acme"), "an edit to the same value is none");
}

void TestChangeSet::missingAndNullAreTheSame()
{
    ChangeSet changes;
    QVERIFY(!changes.stage("a", "custom.Region", QJsonValue(QJsonValue::Undefined),
                           QJsonValue(QJsonValue::Null)));
    QVERIFY(changes.stage("a", "custom.Region", QJsonValue(QJsonValue::Undefined), "EMEA"));
    QVERIFY(changes.stage("a", "custom.Region", "EMEA", QJsonValue(QJsonValue::Null)));
    QVERIFY(changes.isEmpty());
}

void TestChangeSet::payloadHasOnlyChangedFieldsWithId()
{
    ChangeSet changes;
    changes.stage("a", "name", "Acme", "Acme Ltd");
    changes.stage("a", "custom.Region", "EMEA", "APAC");
    changes.stage("a", "custom.Seats v2.0", QJsonValue(QJsonValue::Undefined), 12);
    changes.stage("a", "phase", "Live", QJsonValue(QJsonValue::Undefined));
    const QJsonObject expected {
        {"_id", "a"},
        {"name", "Acme Ltd"},
        {"phase", QJsonValue(QJsonValue::Null)},
        {"custom", QJsonObject {{"Region", "APAC"}, {"Seats v2.0", 12}}},
    };
    QCOMPARE(changes.payload("a"), expected);
}

void TestChangeSet::saveErrorsBelongToChangedRecords()
{
    ChangeSet changes;
    changes.setSaveError("a", "nope");
    QVERIFY2(!changes.hasSaveErrors(), "a record without edits has nothing that failed");
    changes.stage("a", "name", "Acme", "Acme Ltd");
    changes.setSaveError("a", "Name taken");
    QCOMPARE(changes.saveError("a"), QStringLiteral("Name taken"));
    changes.stage("a", "name", "Acme Ltd", "Acme");
    QVERIFY2(changes.saveError("a").isEmpty(), "undoing every edit drops the error too");
    changes.stage("a", "name", "Acme", "Acme 2");
    changes.setSaveError("a", "again");
    changes.discard(QStringLiteral("a"));
    QVERIFY(changes.isEmpty());
    QVERIFY(!changes.hasSaveErrors());
}

void TestChangeSet::discardsManyAtOnce()
{
    ChangeSet changes;
    for (int i = 0; i < 10; ++i)
        changes.stage(QString::number(i), "name", "x", "y");
    changes.discard(QSet<QString> {"1", "3", "5"});
    QCOMPARE(changes.recordCount(), 7);
    QCOMPARE(changes.changedRecords(), (QStringList {"0", "2", "4", "6", "7", "8", "9"}));
}

void TestChangeSet::parsesTabSeparatedBlocks()
{
    const PastedBlock block
        = PastedBlock::fromText("Acme\t12\r\n\"Multi\nline\"\t\"with \"\"quotes\"\"\"\nlast\n");
    QCOMPARE(block.rowCount(), 3);
    QCOMPARE(block.columnCount(), 2);
    QCOMPARE(block.cell(0, 0), QStringLiteral("Acme"));
    QCOMPARE(block.cell(0, 1), QStringLiteral("12"));
    QCOMPARE(block.cell(1, 0), QStringLiteral("Multi\nline"));
    QCOMPARE(block.cell(1, 1), QStringLiteral("with \"quotes\""));
    QCOMPARE(block.cell(2, 0), QStringLiteral("last"));
    QCOMPARE(block.cell(2, 1), QString());
    QCOMPARE(PastedBlock::fromText("\n").rowCount(), 0);
    QCOMPARE(PastedBlock::fromText("one").columnCount(), 1);
}

void TestChangeSet::convertsPastedCellsByFieldType_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("expected"); // undefined: cannot be converted
    const QJsonValue invalid(QJsonValue::Undefined);
    QTest::newRow("number") << int(FieldType::Number) << QStringList() << "1,234.5"
                            << QJsonValue(1234.5);
    QTest::newRow("not a number") << int(FieldType::Number) << QStringList() << "lots" << invalid;
    QTest::newRow("empty clears") << int(FieldType::Number) << QStringList() << ""
                                  << QJsonValue(QJsonValue::Null);
    QTest::newRow("iso date") << int(FieldType::Date) << QStringList() << "2024-03-31"
                              << QJsonValue("2024-03-31T00:00:00.000Z");
    QTest::newRow("local date") << int(FieldType::Date) << QStringList() << "3/31/2024"
                                << QJsonValue("2024-03-31T00:00:00.000Z");
    QTest::newRow("no date") << int(FieldType::Date) << QStringList() << "soon" << invalid;
    QTest::newRow("boolean") << int(FieldType::Boolean) << QStringList() << "Yes"
                             << QJsonValue(true);
    QTest::newRow("enum spelled as defined")
        << int(FieldType::Enum) << QStringList {"Gold", "Silver"} << "gold" << QJsonValue("Gold");
    QTest::newRow("enum not allowed")
        << int(FieldType::Enum) << QStringList {"Gold", "Silver"} << "Bronze" << invalid;
    QTest::newRow("list") << int(FieldType::List) << QStringList {"A", "B", "C"} << "a; c"
                          << QJsonValue(QJsonArray {"A", "C"});
}

void TestChangeSet::convertsPastedCellsByFieldType()
{
    QFETCH(int, type);
    QFETCH(QStringList, allowed);
    QFETCH(QString, text);
    QFETCH(QJsonValue, expected);
    FieldSpec field;
    field.name = "custom.Field";
    field.type = FieldType(type);
    field.allowedValues = allowed;
    const ConvertedValue converted
        = PastedBlock::convert(text, field, ColumnOptions::DateFormat::MonthDayYear);
    if (expected.isUndefined()) {
        QCOMPARE(converted.kind, ConvertedValue::Kind::Invalid);
        QVERIFY2(converted.message.contains(text), qPrintable(converted.message));
    } else {
        QCOMPARE(converted.kind, ConvertedValue::Kind::Value);
        QCOMPARE(converted.value, expected);
    }
}

QTEST_GUILESS_MAIN(TestChangeSet)
#include "tst_changeset.moc"
