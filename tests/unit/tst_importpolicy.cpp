// SPDX-License-Identifier: MIT
// The import rules that have one home in core and that every front end reads through it:
// encoding names, key-kind names, key text, and the custom-field path.
#include "csv/csvformat.h"
#include "data/fieldpath.h"
#include "data/keytext.h"
#include "importer/importpolicy.h"
#include "importer/importsettings.h"
#include "schema/customfieldcatalog.h"
#include "schema/objecttype.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QTest>

using namespace Planhat;

class TestImportPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodingKeysReadEverySpelling_data();
    void encodingKeysReadEverySpelling();
    void unknownEncodingIsRefused();
    void journalsKeepTheEncoding();
    void keyKindNamesReadWithoutCase();
    void keyTextIsOneRule_data();
    void keyTextIsOneRule();
    void matchKeysFoldCaseOnlyWhereTheFieldDoes();
    void customFieldPath();
};

void TestImportPolicy::encodingKeysReadEverySpelling_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("utf-8") << "utf-8" << int(CsvEncoding::Utf8);
    QTest::newRow("UTF8") << "UTF8" << int(CsvEncoding::Utf8);
    QTest::newRow("utf_16le") << "utf_16le" << int(CsvEncoding::Utf16LE);
    QTest::newRow("UTF-16BE") << "UTF-16BE" << int(CsvEncoding::Utf16BE);
    QTest::newRow("windows-1252") << "windows-1252" << int(CsvEncoding::Windows1252);
    QTest::newRow("cp1252") << "cp1252" << int(CsvEncoding::Windows1252);
    QTest::newRow("latin1") << "Latin1" << int(CsvEncoding::Windows1252);
    QTest::newRow("iso-8859-1") << "ISO-8859-1" << int(CsvEncoding::Windows1252);
    QTest::newRow("detect") << "detect" << int(CsvEncoding::Detect);
}

void TestImportPolicy::encodingKeysReadEverySpelling()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    CsvEncoding encoding = CsvEncoding::Detect;
    QVERIFY(csvEncodingFromKey(text, &encoding));
    QCOMPARE(int(encoding), expected);
    // Every key reads back as itself.
    CsvEncoding again = CsvEncoding::Utf8;
    QVERIFY(csvEncodingFromKey(csvEncodingKey(encoding), &again));
    QCOMPARE(again, encoding);
}

void TestImportPolicy::unknownEncodingIsRefused()
{
    CsvEncoding encoding = CsvEncoding::Utf16BE;
    QVERIFY(!csvEncodingFromKey(QStringLiteral("ebcdic"), &encoding));
    QVERIFY(!csvEncodingFromKey(QString(), &encoding));
    QCOMPARE(encoding, CsvEncoding::Utf16BE); // untouched
}

void TestImportPolicy::journalsKeepTheEncoding()
{
    const ObjectType companies = *Schema::builtin().type(QStringLiteral("companies"));
    for (CsvEncoding encoding : {CsvEncoding::Detect, CsvEncoding::Utf8, CsvEncoding::Utf16LE,
                                 CsvEncoding::Utf16BE, CsvEncoding::Windows1252}) {
        ImportSettings settings;
        settings.filePath = QStringLiteral("/tmp/x.csv");
        settings.type = companies;
        settings.csvOptions.encoding = encoding;
        settings.matchField = QStringLiteral("externalId");
        ImportSettings read;
        QString error;
        QVERIFY2(ImportSettings::fromJson(settings.toJson(), companies, &read, &error),
                 qPrintable(error));
        QCOMPARE(read.csvOptions.encoding, encoding);
    }
}

void TestImportPolicy::keyKindNamesReadWithoutCase()
{
    KeyKind kind = KeyKind::Id;
    QVERIFY(keyKindFromName(QStringLiteral("externalid"), &kind));
    QCOMPARE(kind, KeyKind::ExternalId);
    QVERIFY(keyKindFromName(QStringLiteral(" SourceId "), &kind));
    QCOMPARE(kind, KeyKind::SourceId);
    QVERIFY(keyKindFromName(QStringLiteral("_ID"), &kind));
    QCOMPARE(kind, KeyKind::Id);
    QVERIFY(!keyKindFromName(QStringLiteral("email"), &kind));
    QCOMPARE(kind, KeyKind::Id);

    // The import's --key and the journal read the same names: "externalId" is the type's
    // own external-id field ("extId" on invoices).
    const ObjectType invoices = *Schema::builtin().type(QStringLiteral("invoices"));
    QString field;
    QString why;
    QVERIFY2(ImportPolicy::parseMatchField(QStringLiteral("EXTERNALID"), invoices, &field, &why),
             qPrintable(why));
    QCOMPARE(field, QStringLiteral("extId"));
}

void TestImportPolicy::keyTextIsOneRule_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text trimmed") << QJsonValue(QStringLiteral("  X-1 ")) << "X-1";
    QTest::newRow("whole number") << QJsonValue(12.0) << "12";
    QTest::newRow("negative") << QJsonValue(-7.0) << "-7";
    QTest::newRow("decimal shortest") << QJsonValue(12.3) << "12.3";
    QTest::newRow("beyond 2^53") << QJsonValue(1e20) << "1e+20";
    QTest::newRow("bool") << QJsonValue(true) << "true";
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "";
    QTest::newRow("array") << QJsonValue(QJsonArray {1, 2}) << "";
}

void TestImportPolicy::keyTextIsOneRule()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);
    QCOMPARE(keyText(value), expected);
    // The import's normalisation is the same text for a case-sensitive scalar key (a list
    // is matched entry by entry: matchesOnADomainEntry in tst_importplan).
    if (!value.isArray())
        QCOMPARE(ImportPolicy::normalizedKey(value, QStringLiteral("externalId")), expected);
}

void TestImportPolicy::matchKeysFoldCaseOnlyWhereTheFieldDoes()
{
    const QJsonValue mixed(QStringLiteral(" Ana@Example.com "));
    QCOMPARE(ImportPolicy::normalizedKey(mixed, QStringLiteral("externalId")),
             QStringLiteral("Ana@Example.com"));
    QCOMPARE(ImportPolicy::normalizedKey(mixed, QStringLiteral("email")),
             QStringLiteral("ana@example.com"));
}

void TestImportPolicy::customFieldPath()
{
    QCOMPARE(FieldPath::customField(QStringLiteral("Tier v2.1")),
             QStringLiteral("custom.Tier v2.1"));
    QVERIFY(FieldPath::isCustom(QStringLiteral("custom.Region")));
    QVERIFY(!FieldPath::isCustom(QStringLiteral("Custom.Region")));
    QVERIFY(FieldPath::isCustom(QStringLiteral("Custom.Region"), Qt::CaseInsensitive));
    QVERIFY(!FieldPath::isCustom(QStringLiteral("customer")));
    QCOMPARE(FieldPath::customName(QStringLiteral("custom.Tier v2.1")),
             QStringLiteral("Tier v2.1"));
    QCOMPARE(FieldPath::customName(QStringLiteral("name")), QString());
    // A custom name may hold dots: only the prefix is a level.
    QCOMPARE(FieldPath::keys(QStringLiteral("custom.Tier v2.1")),
             (QStringList {QStringLiteral("custom"), QStringLiteral("Tier v2.1")}));
    QJsonObject record;
    FieldPath::setValueIn(&record, QStringLiteral("custom.Tier v2.1"), QStringLiteral("Gold"));
    QCOMPARE(FieldPath::valueIn(record, QStringLiteral("custom.Tier v2.1")).toString(),
             QStringLiteral("Gold"));

    // Field specs and the catalog use the same rule.
    const FieldSpec spec = CustomFieldCatalog::fieldFromDefinition(QStringLiteral("Tier v2.1"),
                                                                   QStringLiteral("text"), {});
    QCOMPARE(spec.name, QStringLiteral("custom.Tier v2.1"));
    QVERIFY(spec.isCustom());
    QCOMPARE(spec.customKey(), QStringLiteral("Tier v2.1"));
}

QTEST_GUILESS_MAIN(TestImportPolicy)
#include "tst_importpolicy.moc"
