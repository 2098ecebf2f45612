// SPDX-License-Identifier: MIT
// Converting CSV rows through a mapping and validating them before anything is sent.
#include "importer/importvalidator.h"
#include "importer/rowconverter.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QTest>

using namespace Planhat;

class TestImportValidation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convertsMappedCells();
    void reportsEveryBadCellWithItsPlace();
    void duplicateKeysInTheFile();
    void requiredFieldsForRowsThatWillBeCreated();
    void updateModeNeedsKeys();
    void mappingProblems();
    void problemReadsAsOneLine();

private:
    static ObjectType endusers();
    static ImportMapping mappingFor(const QStringList &headers);
};

ObjectType TestImportValidation::endusers()
{
    const QJsonArray definitions{QJsonObject{{"name", "Persona"},
                                             {"type", "multipicklist"},
                                             {"parent", "enduser"},
                                             {"listValues", QJsonArray{"Champion", "User", "Buyer"}}},
                                 QJsonObject{{"name", "NPS"}, {"type", "number"}, {"parent", "enduser"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("endusers"));
}

ImportMapping TestImportValidation::mappingFor(const QStringList &headers)
{
    return ImportMapping::autoMatch(endusers(), headers);
}

void TestImportValidation::convertsMappedCells()
{
    const ObjectType type = endusers();
    const ImportMapping mapping = mappingFor({"Email", "First name", "Company", "Persona", "NPS", "Shoe size", "External ID"});
    QCOMPARE(mapping.columns().at(2).field, QStringLiteral("companyId"));
    const RowConverter converter(type, mapping);
    QList<ImportProblem> problems;
    const QJsonObject row = converter.convert(
        {"ana@example.com", " Ana ", "extid-acme", "champion;buyer", "9", "44", "EU-1"}, 1, 2, &problems);
    QVERIFY(problems.isEmpty());
    QCOMPARE(row, (QJsonObject{{"email", "ana@example.com"},
                               {"firstName", "Ana"},
                               {"companyId", "extid-acme"},
                               {"externalId", "EU-1"},
                               {"custom", QJsonObject{{"Persona", QJsonArray{"Champion", "Buyer"}}, {"NPS", 9}}}}));

    // Short rows: missing cells are empty cells, which leave fields alone.
    const QJsonObject shortRow = converter.convert({"bo@example.com"}, 2, 3, &problems);
    QCOMPARE(shortRow, (QJsonObject{{"email", "bo@example.com"}}));
}

void TestImportValidation::reportsEveryBadCellWithItsPlace()
{
    const RowConverter converter(endusers(), mappingFor({"Email", "Company", "Persona", "NPS", "Featured"}));
    QList<ImportProblem> problems;
    converter.convert({"c@example.com", "Acme Inc", "Champion;Boss", "nine", "perhaps"}, 7, 9, &problems);
    QCOMPARE(problems.size(), 4);
    QCOMPARE(problems.at(0).row, 7);
    QCOMPARE(problems.at(0).line, 9);
    QCOMPARE(problems.at(0).column, QStringLiteral("Company"));
    QCOMPARE(problems.at(0).value, QStringLiteral("Acme Inc"));
    QVERIFY(problems.at(0).message.contains("is not an id"));
    QCOMPARE(problems.at(1).column, QStringLiteral("Persona"));
    QVERIFY(problems.at(1).message.contains("\"Boss\""));
    QCOMPARE(problems.at(2).column, QStringLiteral("NPS"));
    QCOMPARE(problems.at(3).column, QStringLiteral("Featured"));
}

void TestImportValidation::duplicateKeysInTheFile()
{
    const ObjectType type = endusers();
    ImportValidator validator(type, KeyKind::ExternalId, ImportMode::Upsert);
    QList<ImportProblem> problems;
    validator.check({{"externalId", "EU-1"}, {"email", "a@x.com"}}, 1, 2, &problems);
    validator.check({{"externalId", "EU-2"}, {"email", "b@x.com"}}, 2, 3, &problems);
    validator.check({{"externalId", "EU-1"}, {"email", "c@x.com"}}, 3, 5, &problems);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().line, 5);
    QVERIFY2(problems.first().message.contains("first at line 2"), qPrintable(problems.first().message));
    QCOMPARE(problems.first().value, QStringLiteral("EU-1"));
}

void TestImportValidation::requiredFieldsForRowsThatWillBeCreated()
{
    const ObjectType type = endusers();
    ImportValidator upsert(type, KeyKind::ExternalId, ImportMode::Upsert);
    QList<ImportProblem> problems;
    // Keyed rows may update: their required fields are checked once the plan knows.
    upsert.check({{"externalId", "EU-9"}, {"firstName", "Kim"}}, 1, 2, &problems);
    QVERIFY(problems.isEmpty());
    // A row without a key can only be created.
    upsert.check({{"firstName", "Lee"}}, 2, 3, &problems);
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.at(0).message.contains("companyId"));
    QVERIFY(problems.at(1).message.contains("email"));
    // The plan asks again for rows it finds missing from the tenant.
    QCOMPARE(upsert.requiredFieldProblems({{"externalId", "EU-9"}, {"firstName", "Kim"}}, 1, 2).size(), 2);

    ImportValidator create(type, KeyKind::ExternalId, ImportMode::CreateOnly);
    problems.clear();
    create.check({{"externalId", "EU-10"}, {"email", "x@y.z"}}, 1, 2, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains("a new end user needs companyId"));
}

void TestImportValidation::updateModeNeedsKeys()
{
    ImportValidator validator(endusers(), KeyKind::ExternalId, ImportMode::UpdateOnly);
    QList<ImportProblem> problems;
    validator.check({{"firstName", "Kim"}}, 4, 6, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains("key externalId is empty"));
}

void TestImportValidation::mappingProblems()
{
    const ObjectType type = endusers();
    const ImportMapping noKey = mappingFor({"Email", "First name"});
    QCOMPARE(ImportValidator(type, KeyKind::ExternalId, ImportMode::Upsert).mappingProblems(noKey).size(), 1);
    QVERIFY(ImportValidator(type, KeyKind::ExternalId, ImportMode::CreateOnly)
                .mappingProblems(noKey)
                .first()
                .contains("companyId"));
    const ImportMapping complete = mappingFor({"Email", "Company", "External ID"});
    QVERIFY(ImportValidator(type, KeyKind::ExternalId, ImportMode::CreateOnly).mappingProblems(complete).isEmpty());

    const ObjectType &users = *Schema::builtin().type("users");
    QVERIFY(ImportValidator(users, KeyKind::SourceId, ImportMode::Upsert)
                .mappingProblems(ImportMapping::autoMatch(users, {"Email"}))
                .first()
                .contains("cannot be matched on sourceId"));

    const ObjectType &invoices = *Schema::builtin().type("invoices");
    const ImportValidator invoiceValidator(invoices, KeyKind::ExternalId, ImportMode::Upsert);
    QCOMPARE(invoiceValidator.keyField(), QStringLiteral("extId"));
    QVERIFY(invoiceValidator.mappingProblems(ImportMapping::autoMatch(invoices, {"extId", "cId"})).isEmpty());
}

void TestImportValidation::problemReadsAsOneLine()
{
    const ImportProblem problem{3, 12, "Seats", "12 apples", "\"12 apples\" is not a number"};
    QCOMPARE(problem.toString(), QStringLiteral("line 12, column \"Seats\": \"12 apples\" is not a number"));
    const ImportProblem whole{3, 0, "", "", "a new company needs name"};
    QCOMPARE(whole.toString(), QStringLiteral("row 3: a new company needs name"));
}

QTEST_GUILESS_MAIN(TestImportValidation)
#include "tst_importvalidation.moc"
