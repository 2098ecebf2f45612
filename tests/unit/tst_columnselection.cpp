// SPDX-License-Identifier: MIT
// ColumnSelection: default columns and the choice remembered per object type.
#include "models/columnselection.h"
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
