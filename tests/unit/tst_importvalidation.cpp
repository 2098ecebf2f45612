// SPDX-License-Identifier: MIT
// Converting CSV rows through a mapping and validating them before anything is sent.
#include "importer/importpolicy.h"
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
    void candidateMatchFields();
    void defaultMatchField();
    void parsesKeyTexts();
    void normalizesKeysOneWay();

private:
    static ObjectType endusers();
    static ImportMapping mappingFor(const QStringList &headers);
};

ObjectType TestImportValidation::endusers()
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Persona"},
                     {"type", "multipicklist"},
                     {"parent", "enduser"},
                     {"listValues", QJsonArray {"Champion", "User", "Buyer"}}},
        QJsonObject {{"name", "NPS"}, {"type", "number"}, {"parent", "enduser"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("endusers"));
}

ImportMapping TestImportValidation::mappingFor(const QStringList &headers)
{
    return ImportMapping::autoMatch(endusers(), headers);
}

void TestImportValidation::convertsMappedCells()
{
    const ObjectType type = endusers();
    const ImportMapping mapping = mappingFor(
        {"Email", "First name", "Company", "Persona", "NPS", "Shoe size", "External ID"});
    QCOMPARE(mapping.columns().at(2).field, QStringLiteral("companyId"));
    const RowConverter converter(type, mapping);
    QList<ImportProblem> problems;
    const QJsonObject row = converter.convert(
        {"ana@example.com", " Ana ", "extid-acme", "champion;buyer", "9", "44", "EU-1"}, 1, 2,
        &problems);
    QVERIFY(problems.isEmpty());
    QCOMPARE(
        row,
        (QJsonObject {
            {"email", "ana@example.com"},
            {"firstName", "Ana"},
            {"companyId", "extid-acme"},
            {"externalId", "EU-1"},
            {"custom", QJsonObject {{"Persona", QJsonArray {"Champion", "Buyer"}}, {"NPS", 9}}}}));

    // Short rows: missing cells are empty cells, which leave fields alone.
    const QJsonObject shortRow = converter.convert({"bo@example.com"}, 2, 3, &problems);
    QCOMPARE(shortRow, (QJsonObject {{"email", "bo@example.com"}}));
}

void TestImportValidation::reportsEveryBadCellWithItsPlace()
{
    const RowConverter converter(endusers(),
                                 mappingFor({"Email", "Company", "Persona", "NPS", "Featured"}));
    QList<ImportProblem> problems;
    const QJsonObject row = converter.convert(
        {"c@example.com", "Acme Inc", "Champion;Boss", "nine", "perhaps"}, 7, 9, &problems);
    // The company is named, not given by id: the plan resolves it against the tenant.
    QCOMPARE(row.value("companyId").toString(), QStringLiteral("Acme Inc"));
    QCOMPARE(problems.size(), 3);
    QCOMPARE(problems.at(0).row, 7);
    QCOMPARE(problems.at(0).line, 9);
    QCOMPARE(problems.at(0).column, QStringLiteral("Persona"));
    QCOMPARE(problems.at(0).value, QStringLiteral("Champion;Boss"));
    QVERIFY(problems.at(0).message.contains("\"Boss\""));
    QCOMPARE(problems.at(1).column, QStringLiteral("NPS"));
    QCOMPARE(problems.at(2).column, QStringLiteral("Featured"));
}

void TestImportValidation::duplicateKeysInTheFile()
{
    const ObjectType type = endusers();
    ImportValidator validator(type, QStringLiteral("externalId"), ImportMode::Upsert);
    QList<ImportProblem> problems;
    validator.check({{"externalId", "EU-1"}, {"email", "a@x.com"}}, 1, 2, &problems);
    validator.check({{"externalId", "EU-2"}, {"email", "b@x.com"}}, 2, 3, &problems);
    validator.check({{"externalId", "EU-1"}, {"email", "c@x.com"}}, 3, 5, &problems);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().line, 5);
    QVERIFY2(problems.first().message.contains("first at line 2"),
             qPrintable(problems.first().message));
    QCOMPARE(problems.first().value, QStringLiteral("EU-1"));
}

void TestImportValidation::requiredFieldsForRowsThatWillBeCreated()
{
    const ObjectType type = endusers();
    ImportValidator upsert(type, QStringLiteral("externalId"), ImportMode::Upsert);
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
    QCOMPARE(
        upsert.requiredFieldProblems({{"externalId", "EU-9"}, {"firstName", "Kim"}}, 1, 2).size(),
        2);

    ImportValidator create(type, QStringLiteral("externalId"), ImportMode::CreateOnly);
    problems.clear();
    create.check({{"externalId", "EU-10"}, {"email", "x@y.z"}}, 1, 2, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains("a new end user needs companyId"));
}

void TestImportValidation::updateModeNeedsKeys()
{
    ImportValidator validator(endusers(), QStringLiteral("externalId"), ImportMode::UpdateOnly);
    QList<ImportProblem> problems;
    validator.check({{"firstName", "Kim"}}, 4, 6, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains("key externalId is empty"));
}

void TestImportValidation::mappingProblems()
{
    const ObjectType type = endusers();
    const ImportMapping noKey = mappingFor({"Email", "First name"});
    QCOMPARE(ImportValidator(type, QStringLiteral("externalId"), ImportMode::Upsert)
                 .mappingProblems(noKey)
                 .size(),
             1);
    QVERIFY(ImportValidator(type, QStringLiteral("externalId"), ImportMode::CreateOnly)
                .mappingProblems(noKey)
                .first()
                .contains("companyId"));
    const ImportMapping complete = mappingFor({"Email", "Company", "External ID"});
    QVERIFY(ImportValidator(type, QStringLiteral("externalId"), ImportMode::CreateOnly)
                .mappingProblems(complete)
                .isEmpty());

    const ObjectType &users = *Schema::builtin().type("users");
    QVERIFY(ImportValidator(users, QStringLiteral("sourceId"), ImportMode::Upsert)
                .mappingProblems(ImportMapping::autoMatch(users, {"Email"}))
                .first()
                .contains("cannot be matched on sourceId"));

    const ObjectType &invoices = *Schema::builtin().type("invoices");
    const ImportValidator invoiceValidator(invoices, QStringLiteral("extId"), ImportMode::Upsert);
    QCOMPARE(invoiceValidator.keyField(), QStringLiteral("extId"));
    QVERIFY(invoiceValidator.mappingProblems(ImportMapping::autoMatch(invoices, {"extId", "cId"}))
                .isEmpty());
}

void TestImportValidation::problemReadsAsOneLine()
{
    const ImportProblem problem {3, 12, "Seats", "12 apples", "\"12 apples\" is not a number"};
    QCOMPARE(problem.toString(),
             QStringLiteral("line 12, column \"Seats\": \"12 apples\" is not a number"));
    const ImportProblem whole {3, 0, "", "", "a new company needs name"};
    QCOMPARE(whole.toString(), QStringLiteral("row 3: a new company needs name"));
}

void TestImportValidation::candidateMatchFields()
{
    const QStringList endUserFields = ImportPolicy::candidateMatchFields(endusers());
    QCOMPARE(endUserFields.mid(0, 4), (QStringList {"_id", "sourceId", "externalId", "email"}));
    // Writable text fields can be keys; read-only ones (the denormalised name), lists,
    // references and booleans cannot; number custom fields can, list ones cannot.
    QVERIFY(endUserFields.contains("phone"));
    QVERIFY(endUserFields.contains("custom.NPS"));
    QVERIFY(!endUserFields.contains("name"));
    QVERIFY(!endUserFields.contains("companyId"));
    QVERIFY(!endUserFields.contains("featured"));
    QVERIFY(!endUserFields.contains("custom.Persona"));

    const ObjectType &companies = *Schema::builtin().type("companies");
    const QStringList companyFields = ImportPolicy::candidateMatchFields(companies);
    QCOMPARE(companyFields.mid(0, 5),
             (QStringList {"_id", "sourceId", "externalId", "name", "domains"}));
    QVERIFY(ImportPolicy::isMatchOnlyField(companies, "domains"));
    QVERIFY(ImportPolicy::isMultiValued(companies, "domains"));
    QVERIFY(!ImportPolicy::isMatchOnlyField(companies, "name"));
    QVERIFY(!ImportPolicy::isMatchOnlyField(companies, "_id"));
    QCOMPARE(ImportPolicy::matchFieldLabel(companies, "externalId"),
             QStringLiteral("External ID (externalId)"));

    // Notes match on _id only on the server; any unique field is matched client side.
    const QStringList noteFields
        = ImportPolicy::candidateMatchFields(*Schema::builtin().type("notes"));
    QCOMPARE(noteFields.first(), QStringLiteral("_id"));
    QVERIFY(noteFields.contains("externalId"));
    QVERIFY(
        ImportPolicy::candidateMatchFields(*Schema::builtin().type("invoices")).contains("extId"));
    QVERIFY(
        !ImportPolicy::candidateMatchFields(*Schema::builtin().type("users")).contains("sourceId"));
}

void TestImportValidation::defaultMatchField()
{
    const ObjectType &companies = *Schema::builtin().type("companies");
    const auto defaultFor = [](const ObjectType &type, const QStringList &headers) {
        return ImportPolicy::defaultMatchField(type, ImportMapping::autoMatch(type, headers));
    };
    QCOMPARE(defaultFor(companies, {"name", "externalId", "sourceId", "_id"}),
             QStringLiteral("_id"));
    QCOMPARE(defaultFor(companies, {"name", "externalId", "sourceId"}), QStringLiteral("sourceId"));
    QCOMPARE(defaultFor(companies, {"name", "External ID"}), QStringLiteral("externalId"));
    // Nothing mapped: the type's external key, which automatic matching would look for.
    QCOMPARE(defaultFor(companies, {"name"}), QStringLiteral("externalId"));
    QCOMPARE(defaultFor(endusers(), {"Email"}), QStringLiteral("externalId"));
    QCOMPARE(defaultFor(*Schema::builtin().type("invoices"), {"extId"}), QStringLiteral("extId"));
    QCOMPARE(defaultFor(*Schema::builtin().type("issues"), {"title"}), QStringLiteral("sourceId"));
    QCOMPARE(defaultFor(*Schema::builtin().type("notes"), {"subject", "externalId"}),
             QStringLiteral("_id"));
}

void TestImportValidation::parsesKeyTexts()
{
    QString field;
    QString error;
    QVERIFY(ImportPolicy::parseMatchField("email", endusers(), &field, &error));
    QCOMPARE(field, QStringLiteral("email"));
    QVERIFY(ImportPolicy::parseMatchField("Email", endusers(), &field, &error));
    QCOMPARE(field, QStringLiteral("email"));
    QVERIFY(ImportPolicy::parseMatchField("custom.nps", endusers(), &field, &error));
    QCOMPARE(field, QStringLiteral("custom.NPS"));
    const ObjectType &invoices = *Schema::builtin().type("invoices");
    QVERIFY(ImportPolicy::parseMatchField("externalId", invoices, &field, &error));
    QCOMPARE(field, QStringLiteral("extId"));
    const ObjectType &companies = *Schema::builtin().type("companies");
    QVERIFY(ImportPolicy::parseMatchField("domains", companies, &field, &error));
    QCOMPARE(field, QStringLiteral("domains"));

    QVERIFY(!ImportPolicy::parseMatchField("email", companies, &field, &error));
    QVERIFY2(error.startsWith("companies cannot be matched on \"email\"; the match key is one of: "
                              "_id, sourceId, externalId, name, domains"),
             qPrintable(error));
    QVERIFY(!ImportPolicy::parseMatchField("owner", companies, &field, &error));
    QVERIFY(!ImportPolicy::parseMatchField("custom.Persona", endusers(), &field, &error));
    QVERIFY(!ImportPolicy::parseMatchField("sourceId", *Schema::builtin().type("users"), &field,
                                           &error));
}

void TestImportValidation::normalizesKeysOneWay()
{
    const auto key = [](const QJsonValue &value, const char *field) {
        return ImportPolicy::normalizedKey(value, QLatin1String(field));
    };
    QCOMPARE(key(12.0, "custom.Seats"), QStringLiteral("12"));
    QCOMPARE(key(12, "custom.Seats"), key(QJsonValue(12.0), "custom.Seats"));
    QCOMPARE(key(12.5, "custom.Seats"), QStringLiteral("12.5"));
    QCOMPARE(key(0.1, "custom.Seats"), QStringLiteral("0.1"));
    QCOMPARE(key(-3.0, "externalId"), QStringLiteral("-3"));
    QCOMPARE(key(" E-1 ", "externalId"), QStringLiteral("E-1"));
    QCOMPARE(key("E-1", "externalId") == key("e-1", "externalId"), false);
    QCOMPARE(key(" Ann@Example.COM", "email"), QStringLiteral("ann@example.com"));
    QCOMPARE(key("Ann@Example.COM", "custom.Work Email"), QStringLiteral("ann@example.com"));
    QCOMPARE(key(QJsonValue(), "externalId"), QString());
    QCOMPARE(key(QJsonArray {"Acme.com", " ", "b.io", "acme.com"}, "domains"),
             QStringLiteral("acme.com, b.io"));
    QCOMPARE(ImportPolicy::normalizedKeys(QJsonArray {"Acme.com", "b.io"}, "domains"),
             (QStringList {"acme.com", "b.io"}));
    QCOMPARE(ImportPolicy::normalizedKeys(QJsonValue(""), "name"), QStringList());
    QCOMPARE(
        ImportPolicy::keyValue(QJsonObject {{"custom", QJsonObject {{"A.b", 3}}}}, "custom.A.b"),
        QJsonValue(3));
}

QTEST_GUILESS_MAIN(TestImportValidation)
#include "tst_importvalidation.moc"
