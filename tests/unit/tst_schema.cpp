// SPDX-License-Identifier: MIT
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Planhat;

class TestSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDocumentedTypeIsRegistered_data();
    void everyDocumentedTypeIsRegistered();
    void typesAreConsistent();
    void aliasesResolve_data();
    void aliasesResolve();
    void requiredFields_data();
    void requiredFields();
    void pageLimits();
    void invoicesUseTheirOwnFieldNames();
    void ticketsSupportOnlyBulkListDelete();
    void keyablesPerType_data();
    void keyablesPerType();
    void customFieldsHaveNoBulkUpsert();
    void findKeyFollowsPriority();
    void writablePayloadDropsServerFields();
    void missingRequiredFields();
    void customFieldTypes_data();
    void customFieldTypes();
    void customFieldCatalogAppliesToParent();
};

void TestSchema::everyDocumentedTypeIsRegistered_data()
{
    QTest::addColumn<QString>("name");
    const char *names[]
        = {"companies",  "endusers",      "licenses",     "assets",    "projects",
           "tasks",      "issues",        "invoices",     "churn",     "conversations",
           "sales",      "opportunities", "nps",          "campaigns", "objectives",
           "workspaces", "users",         "customfields", "tickets"};
    for (const char *name : names)
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestSchema::everyDocumentedTypeIsRegistered()
{
    QFETCH(QString, name);
    const ObjectType *type = Schema::builtin().type(name);
    QVERIFY2(type, qPrintable(name));
    QCOMPARE(type->name, name);
    QCOMPARE(type->endpoint(), QLatin1Char('/') + name);
    QVERIFY(!type->singularName.isEmpty());
    QVERIFY(!type->pluralName.isEmpty());
    QVERIFY(type->supports(Operation::List));
    QVERIFY(type->supports(Operation::Delete));
}

void TestSchema::typesAreConsistent()
{
    const QList<ObjectType> &types = Schema::builtin().types();
    QCOMPARE(types.size(), 19);
    for (const ObjectType &type : types) {
        QSet<QString> seen;
        for (const FieldSpec &field : type.fields) {
            QVERIFY2(!seen.contains(field.name),
                     qPrintable(type.name + QStringLiteral(": duplicate field ") + field.name));
            seen.insert(field.name);
            QVERIFY2(!field.displayName.isEmpty(), qPrintable(type.name + field.name));
            QVERIFY2(
                !(field.isReadOnly() && field.isRequiredOnCreate()),
                qPrintable(type.name + QStringLiteral(": read-only and required: ") + field.name));
            if (field.type == FieldType::ObjectId || !field.referenceType.isEmpty()) {
                QVERIFY2(Schema::builtin().type(field.referenceType),
                         qPrintable(type.name + QStringLiteral(".") + field.name
                                    + QStringLiteral(" references unknown ")
                                    + field.referenceType));
            }
        }
        QVERIFY2(!type.keys.isEmpty(), qPrintable(type.name));
        QCOMPARE(type.keys.first().kind, KeyKind::Id);
        for (const MatchKey &key : type.keys)
            QVERIFY2(type.field(key.field),
                     qPrintable(type.name + QStringLiteral(": key ") + key.field
                                + QStringLiteral(" not a field")));
        if (!type.companyField.isEmpty()) {
            const FieldSpec *company = type.field(type.companyField);
            QVERIFY2(company, qPrintable(type.name));
            QCOMPARE(company->referenceType, QStringLiteral("companies"));
        }
        QVERIFY(type.field(QStringLiteral("_id"))->isReadOnly());
    }
}

void TestSchema::aliasesResolve_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("name");
    QTest::newRow("singular") << "company"
                              << "companies";
    QTest::newRow("display name, any case") << "End Users"
                                            << "endusers";
    QTest::newRow("notes are conversations") << "notes"
                                             << "conversations";
    QTest::newRow("padded") << "  licenses "
                            << "licenses";
}

void TestSchema::aliasesResolve()
{
    QFETCH(QString, alias);
    QFETCH(QString, name);
    const ObjectType *type = Schema::builtin().type(alias);
    QVERIFY(type);
    QCOMPARE(type->name, name);
    QVERIFY(!Schema::builtin().type(QStringLiteral("widgets")));
}

void TestSchema::requiredFields_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("required");
    QTest::newRow("companies") << "companies" << QStringList {"name"};
    QTest::newRow("endusers") << "endusers" << QStringList {"companyId", "email"};
    QTest::newRow("licenses") << "licenses" << QStringList {"companyId", "_currency", "fromDate"};
    QTest::newRow("projects") << "projects" << QStringList {"companyId", "name"};
    QTest::newRow("tasks") << "tasks" << QStringList {"companyId", "mainType"};
    QTest::newRow("sales") << "sales"
                           << QStringList {"companyId", "_currency", "salesDate", "value"};
    QTest::newRow("invoices") << "invoices" << QStringList {"cId", "currency"};
    QTest::newRow("users") << "users" << QStringList {"email", "nickName", "firstName", "lastName"};
    QTest::newRow("customfields") << "customfields"
                                  << QStringList {"name", "type", "parent", "isHidden"};
}

void TestSchema::requiredFields()
{
    QFETCH(QString, type);
    QFETCH(QStringList, required);
    QStringList actual = Schema::builtin().type(type)->requiredFieldNames();
    actual.sort();
    required.sort();
    QCOMPARE(actual, required);
}

void TestSchema::pageLimits()
{
    for (const ObjectType &type : Schema::builtin().types())
        QCOMPARE(type.pageLimit, type.name == QLatin1String("companies") ? 5000 : 2000);
}

void TestSchema::invoicesUseTheirOwnFieldNames()
{
    const ObjectType *invoices = Schema::builtin().type(QStringLiteral("invoices"));
    QCOMPARE(invoices->companyField, QStringLiteral("cId"));
    QCOMPARE(invoices->keyField(KeyKind::ExternalId), QStringLiteral("extId"));
    QVERIFY(!invoices->field(QStringLiteral("externalId")));
    QCOMPARE(invoices->field(QStringLiteral("invoiceDate"))->type, FieldType::DayNumber);
    QVERIFY(invoices->isReadOnly(QStringLiteral("cName")));
    QVERIFY(invoices->isReadOnly(QStringLiteral("invoiceNo")));
    QVERIFY(invoices->isReadOnly(QStringLiteral("lineItems")));
}

void TestSchema::ticketsSupportOnlyBulkListDelete()
{
    const ObjectType *tickets = Schema::builtin().type(QStringLiteral("tickets"));
    QCOMPARE(tickets->operations, Operation::BulkUpsert | Operation::List | Operation::Delete);
}

void TestSchema::keyablesPerType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("keyFields");
    // planhat-api.md §8: notes update by _id only; issues and tickets have no externalId.
    QTest::newRow("notes") << "notes" << QStringList {"_id"};
    QTest::newRow("issues") << "issues" << QStringList {"_id", "sourceId"};
    QTest::newRow("tickets") << "tickets" << QStringList {"_id", "sourceId"};
    QTest::newRow("companies") << "companies" << QStringList {"_id", "sourceId", "externalId"};
    QTest::newRow("invoices") << "invoices" << QStringList {"_id", "sourceId", "extId"};
}

void TestSchema::keyablesPerType()
{
    QFETCH(QString, type);
    QFETCH(QStringList, keyFields);
    const ObjectType *objectType = Schema::builtin().type(type);
    QVERIFY(objectType);
    QStringList fields;
    for (const MatchKey &key : objectType->keys)
        fields.append(key.field);
    QCOMPARE(fields, keyFields);
    // A type without an external-id keyable cannot be matched on one, whatever its fields.
    if (!keyFields.contains(QStringLiteral("externalId"))
        && !keyFields.contains(QStringLiteral("extId")))
        QVERIFY(objectType->keyField(KeyKind::ExternalId).isEmpty());
}

void TestSchema::customFieldsHaveNoBulkUpsert()
{
    const ObjectType *customFields = Schema::builtin().type(QStringLiteral("customfields"));
    QVERIFY(!customFields->supports(Operation::BulkUpsert));
    QVERIFY(customFields->supports(Operation::Create));
    QCOMPARE(customFields->keys.size(), 1);
}

void TestSchema::findKeyFollowsPriority()
{
    const ObjectType *companies = Schema::builtin().type(QStringLiteral("companies"));
    KeyKind kind = KeyKind::Id;
    QString value;
    QJsonObject row {{"externalId", "ext-1"}, {"sourceId", "src-1"}, {"name", "Acme"}};
    QVERIFY(companies->findKey(row, &kind, &value));
    QCOMPARE(kind, KeyKind::SourceId);
    QCOMPARE(value, QStringLiteral("src-1"));

    row.insert(QStringLiteral("_id"), QStringLiteral("5f0000000000000000000001"));
    QVERIFY(companies->findKey(row, &kind, &value));
    QCOMPARE(kind, KeyKind::Id);

    const QJsonObject blankKeys {{"externalId", "  "}, {"sourceId", QJsonValue::Null}};
    QVERIFY(!companies->findKey(blankKeys, &kind, &value));

    const ObjectType *invoices = Schema::builtin().type(QStringLiteral("invoices"));
    QVERIFY(invoices->findKey(QJsonObject {{"extId", "inv-9"}}, &kind, &value));
    QCOMPARE(kind, KeyKind::ExternalId);
    QCOMPARE(value, QStringLiteral("inv-9"));
}

void TestSchema::writablePayloadDropsServerFields()
{
    const ObjectType *companies = Schema::builtin().type(QStringLiteral("companies"));
    const QJsonObject fetched {{"_id", "5f0000000000000000000001"},
                               {"name", "Acme"},
                               {"status", "customer"},
                               {"h", 7},
                               {"domains", QJsonArray {"acme.com"}},
                               {"__v", 0},
                               {"updatedAt", "2021-01-01T00:00:00.000Z"},
                               {"someNewServerField", 1},
                               {"custom", QJsonObject {{"Region", "EMEA"}}}};

    const QJsonObject update = companies->writablePayload(fetched, ObjectType::IdHandling::Remove);
    QCOMPARE(update,
             (QJsonObject {{"name", "Acme"},
                           {"someNewServerField", 1},
                           {"custom", QJsonObject {{"Region", "EMEA"}}}}));

    const QJsonObject upsert = companies->writablePayload(fetched, ObjectType::IdHandling::Keep);
    QCOMPARE(upsert.value(QStringLiteral("_id")).toString(),
             QStringLiteral("5f0000000000000000000001"));
    QVERIFY(!upsert.contains(QStringLiteral("h")));

    // A read-only custom field (a formula) is dropped from inside "custom" only.
    FieldSpec formula = CustomFieldCatalog::fieldFromDefinition(QStringLiteral("Score"),
                                                                QStringLiteral("number"), {});
    formula.access = FieldAccess::ReadOnly;
    const ObjectType withFormula = companies->withCustomFields({formula});
    const QJsonObject custom
        = withFormula
              .writablePayload(
                  QJsonObject {{"custom", QJsonObject {{"Score", 3}, {"Region", "EU"}}}},
                  ObjectType::IdHandling::Remove)
              .value(QStringLiteral("custom"))
              .toObject();
    QCOMPARE(custom, (QJsonObject {{"Region", "EU"}}));
}

void TestSchema::missingRequiredFields()
{
    const ObjectType *licenses = Schema::builtin().type(QStringLiteral("licenses"));
    const QJsonObject partial {{"companyId", "extid-acme"}, {"_currency", ""}};
    QCOMPARE(licenses->missingRequiredFields(partial),
             (QStringList {QStringLiteral("_currency"), QStringLiteral("fromDate")}));
    const QJsonObject complete {
        {"companyId", "extid-acme"}, {"_currency", "USD"}, {"fromDate", "2024-01-01"}};
    QVERIFY(licenses->missingRequiredFields(complete).isEmpty());
}

void TestSchema::customFieldTypes_data()
{
    QTest::addColumn<QString>("planhatType");
    QTest::addColumn<FieldType>("type");
    QTest::addColumn<QString>("referenceType");
    QTest::newRow("number") << "number" << FieldType::Number << "";
    QTest::newRow("rating") << "rating" << FieldType::Number << "";
    QTest::newRow("text") << "text" << FieldType::Text << "";
    QTest::newRow("rich text") << "rich text" << FieldType::Text << "";
    QTest::newRow("url") << "url" << FieldType::Text << "";
    QTest::newRow("checkbox") << "checkbox" << FieldType::Boolean << "";
    QTest::newRow("date") << "date" << FieldType::Date << "";
    QTest::newRow("day") << "day" << FieldType::Date << "";
    QTest::newRow("list") << "list" << FieldType::Enum << "";
    QTest::newRow("multipicklist") << "multipicklist" << FieldType::List << "";
    QTest::newRow("team member") << "team member" << FieldType::ObjectId << "users";
    QTest::newRow("team members") << "team members" << FieldType::List << "users";
    QTest::newRow("enduser") << "enduser" << FieldType::ObjectId << "endusers";
    QTest::newRow("endusers") << "endusers" << FieldType::List << "endusers";
    QTest::newRow("unknown type") << "hologram" << FieldType::Text << "";
}

void TestSchema::customFieldTypes()
{
    QFETCH(QString, planhatType);
    QFETCH(FieldType, type);
    QFETCH(QString, referenceType);
    const FieldSpec spec
        = CustomFieldCatalog::fieldFromDefinition(QStringLiteral("Days in Phase"), planhatType, {});
    QCOMPARE(spec.type, type);
    QCOMPARE(spec.referenceType, referenceType);
    QCOMPARE(spec.name, QStringLiteral("custom.Days in Phase"));
    QCOMPARE(spec.customKey(), QStringLiteral("Days in Phase"));
    QVERIFY(spec.isCustom());
}

void TestSchema::customFieldCatalogAppliesToParent()
{
    const QByteArray json = R"([
        {"_id": "1", "name": "Region", "type": "list", "parent": "company",
         "listValues": ["EMEA", "AMER", "APAC"], "isHidden": false},
        {"_id": "2", "name": "Seats", "type": "number", "parent": "Company"},
        {"_id": "3", "name": "Score", "type": "number", "parent": "company", "isFormula": true},
        {"_id": "4", "name": "Persona", "type": "multipicklist", "parent": "enduser",
         "listValues": ["Champion", "User"]},
        {"_id": "5", "type": "text", "parent": "company"},
        {"_id": "6", "name": "Orphan", "type": "text"}
    ])";
    const CustomFieldCatalog catalog
        = CustomFieldCatalog::fromJson(QJsonDocument::fromJson(json).array());
    QCOMPARE(catalog.size(), 4);

    const ObjectType companies = catalog.apply(*Schema::builtin().type(QStringLiteral("company")));
    const FieldSpec *region = companies.field(QStringLiteral("custom.Region"));
    QVERIFY(region);
    QCOMPARE(region->type, FieldType::Enum);
    QCOMPARE(region->allowedValues, (QStringList {"EMEA", "AMER", "APAC"}));
    QVERIFY(companies.field(QStringLiteral("custom.Seats")));
    QVERIFY(companies.isReadOnly(QStringLiteral("custom.Score")));
    QVERIFY(!companies.field(QStringLiteral("custom.Persona")));

    const ObjectType endusers = catalog.apply(*Schema::builtin().type(QStringLiteral("endusers")));
    QCOMPARE(endusers.field(QStringLiteral("custom.Persona"))->type, FieldType::List);

    // Applying twice replaces rather than duplicates.
    QCOMPARE(catalog.apply(companies).fields.size(), companies.fields.size());
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
