// SPDX-License-Identifier: MIT
// ColumnSelection: default columns and the choice remembered per object type.
#include "models/columnselection.h"
#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestColumnSelection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreSummaryAndCustomFields();
    void defaultsLeadWithTheNameNotTheId();
    void savedPerTypeAndRestored();
    void unknownFieldsAreDropped();
    void resetGivesDefaultsAgain();

private:
    static const ObjectType &type(const char *name)
    {
        return *Schema::builtin().type(QLatin1String(name));
    }
};

void TestColumnSelection::defaultsAreSummaryAndCustomFields()
{
    const ObjectType companies
        = type("companies")
              .withCustomFields(
                  {CustomFieldCatalog::fieldFromDefinition("Region", "list", {}),
                   CustomFieldCatalog::fieldFromDefinition("Seats", "number", {}),
                   CustomFieldCatalog::fieldFromDefinition("Next QBR", "date", {}),
                   CustomFieldCatalog::fieldFromDefinition("Success Plan", "text", {})});
    const QStringList columns = ColumnSelection::defaultColumns(companies);
    for (const QString &summary : companies.summaryFieldNames())
        QVERIFY2(columns.contains(summary), qPrintable(summary));
    QVERIFY(columns.contains("owner"));
    QVERIFY(columns.contains("custom.Region"));
    QVERIFY(columns.contains("custom.Next QBR"));
    QVERIFY(!columns.contains("custom.Success Plan"));
    QStringList unique = columns;
    QCOMPARE(unique.removeDuplicates(), 0);
    for (const QString &name : columns)
        QVERIFY2(companies.field(name), qPrintable(name));
}

void TestColumnSelection::defaultsLeadWithTheNameNotTheId()
{
    const QStringList companies = ColumnSelection::defaultColumns(type("companies"));
    QCOMPARE(companies.first(), QStringLiteral("name"));
    QCOMPARE(companies.last(), QStringLiteral("_id")); // still shown, out of the way
    QCOMPARE(ColumnSelection::defaultColumns(type("endusers")).first(), QStringLiteral("name"));
    QCOMPARE(ColumnSelection::defaultColumns(type("tasks")).first(), QStringLiteral("action"));
    QCOMPARE(ColumnSelection::defaultColumns(type("opportunities")).first(),
             QStringLiteral("title"));
    for (const ObjectType &each : Schema::builtin().types()) {
        const QStringList columns = ColumnSelection::defaultColumns(each);
        QVERIFY2(columns.first() != "_id", qPrintable(each.name));
        QCOMPARE(columns.count("_id"), 1);
    }

    // The table a person opens: Name in the first column.
    ObjectTableModel model(type("companies"), nullptr);
    QCOMPARE(model.column(0).field().name, QStringLiteral("name"));
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QVERIFY(model.columnOf("_id") > 0);
}

void TestColumnSelection::savedPerTypeAndRestored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("settings.ini");
    {
        QSettings settings(path, QSettings::IniFormat);
        ColumnSelection selection(&settings);
        QVERIFY(!selection.hasSavedColumns("companies"));
        selection.save("companies", {"name", "custom.Region", "_id"});
        selection.save("endusers", {"email", "companyId"});
    }
    QSettings settings(path, QSettings::IniFormat);
    const ColumnSelection selection(&settings);
    QVERIFY(selection.hasSavedColumns("companies"));
    const ObjectType companies
        = type("companies")
              .withCustomFields({CustomFieldCatalog::fieldFromDefinition("Region", "list", {})});
    QCOMPARE(selection.columns(companies), (QStringList {"name", "custom.Region", "_id"}));
    QCOMPARE(selection.columns(type("endusers")), (QStringList {"email", "companyId"}));
    QCOMPARE(selection.columns(type("tasks")), ColumnSelection::defaultColumns(type("tasks")));
}

void TestColumnSelection::unknownFieldsAreDropped()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
    ColumnSelection selection(&settings);
    selection.save("companies", {"name", "custom.Deleted", "name", "phase"});
    QCOMPARE(selection.columns(type("companies")), (QStringList {"name", "phase"}));
}

void TestColumnSelection::resetGivesDefaultsAgain()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
    ColumnSelection selection(&settings);
    selection.save("companies", {"name"});
    QCOMPARE(selection.columns(type("companies")), QStringList {"name"});
    selection.reset("companies");
    QVERIFY(!selection.hasSavedColumns("companies"));
    QCOMPARE(selection.columns(type("companies")),
             ColumnSelection::defaultColumns(type("companies")));
}

QTEST_GUILESS_MAIN(TestColumnSelection)
#include "tst_columnselection.moc"
