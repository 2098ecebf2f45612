// SPDX-License-Identifier: MIT
// The item models of the import wizard: CSV preview, problems, column mapping.
#include "importer/importplanner.h"
#include "models/csvpreviewmodel.h"
#include "models/importmappingmodel.h"
#include "models/importpreviewmodel.h"
#include "models/importproblemmodel.h"
#include "models/importresultsmodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Planhat;

class TestImportModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewShowsRaggedRows();
    void problemsShowWhereAndWhy();
    void mappingShowsFieldsAndOptions();
    void mappingMovesAFieldBetweenColumns();
    void previewMarksEveryRow();
    void resultsShowEveryOutcome();

private:
    static ObjectType companies();
    static std::shared_ptr<const ImportPlan> plan();
};

std::shared_ptr<const ImportPlan> TestImportModels::plan()
{
    ImportSettings settings;
    settings.filePath = "/tmp/in.csv";
    settings.type = companies();
    settings.mapping = ImportMapping::autoMatch(settings.type, {"externalId", "name", "Seats"});
    settings.skipInvalidRows = true;
    ImportPlanBuilder builder(settings);
    builder.addExisting({{"_id", "5f0000000000000000000001"},
                         {"externalId", "a"},
                         {"name", "Old"},
                         {"custom", QJsonObject {{"Seats", 10}}}});
    builder.addExisting(
        {{"_id", "5f0000000000000000000002"}, {"externalId", "b"}, {"name", "Same"}});
    builder.addRow({"a", "New", "12"}, 2);
    builder.addRow({"b", "Same", ""}, 3);
    builder.addRow({"c", "Fresh", "1"}, 4);
    builder.addRow({"d", "Bad", "lots"}, 5);
    return builder.take();
}

ObjectType TestImportModels::companies()
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Next QBR"}, {"type", "date"}, {"parent", "company"}},
        QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
}

void TestImportModels::previewShowsRaggedRows()
{
    CsvPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setContent({"a", "b", "c"}, {{"1", "2", "3"}, {"4"}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("b"));
    QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("3"));
    QCOMPARE(model.index(1, 2).data().toString(), QString());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestImportModels::problemsShowWhereAndWhy()
{
    ImportProblemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProblems({{3, 4, "Seats", "twelve", "\"twelve\" is not a number"}});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ImportProblemModel::Row).data().toInt(), 3);
    QCOMPARE(model.index(0, ImportProblemModel::Line).data().toInt(), 4);
    QCOMPARE(model.index(0, ImportProblemModel::ColumnName).data().toString(),
             QStringLiteral("Seats"));
    QCOMPARE(model.index(0, ImportProblemModel::Value).data().toString(), QStringLiteral("twelve"));
    QVERIFY(model.index(0, ImportProblemModel::Message).data().toString().contains("number"));
    QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().startsWith("line 4"));
}

void TestImportModels::mappingShowsFieldsAndOptions()
{
    const ObjectType type = companies();
    ImportMappingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &ImportMappingModel::mappingChanged);
    model.setMapping(type, ImportMapping::autoMatch(type, {"Name", "next qbr", "Comment"}),
                     {"Acme", "01/02/2025"});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ImportMappingModel::Field).data().toString(),
             QStringLiteral("Name (name)"));
    QCOMPARE(model.index(1, ImportMappingModel::Field).data().toString(),
             QStringLiteral("Next QBR (custom.Next QBR)"));
    QCOMPARE(model.index(1, ImportMappingModel::Sample).data().toString(),
             QStringLiteral("01/02/2025"));
    QCOMPARE(model.index(2, ImportMappingModel::Field).data().toString(),
             QStringLiteral("(ignored)"));
    QCOMPARE(model.index(2, ImportMappingModel::Sample).data().toString(), QString());

    ColumnOptions options;
    options.dateFormat = ColumnOptions::DateFormat::DayMonthYear;
    options.emptyCell = ColumnOptions::EmptyCell::Clear;
    model.setOptions(1, options);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.mapping().columns().at(1).options, options);
    QCOMPARE(model.index(1, ImportMappingModel::Options).data().toString(),
             QStringLiteral("dd/MM/yyyy, empty clears"));
    model.setOptions(1, options); // no change, no signal
    QCOMPARE(changed.size(), 2);
}

void TestImportModels::mappingMovesAFieldBetweenColumns()
{
    const ObjectType type = companies();
    ImportMappingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMapping(type, ImportMapping::autoMatch(type, {"Name", "Company name"}), {});
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    model.setField(1, "name");
    QCOMPARE(model.mapping().columnForField("name"), 1);
    QCOMPARE(model.index(0, 0).data(ImportMappingModel::FieldNameRole).toString(), QString());
    QCOMPARE(model.index(1, 0).data(ImportMappingModel::FieldNameRole).toString(),
             QStringLiteral("name"));
    QVERIFY(!dataChanged.isEmpty());
    model.setField(1, QString());
    QVERIFY(model.mapping().columns().at(1).isIgnored());
}

void TestImportModels::previewMarksEveryRow()
{
    ImportPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan());
    QCOMPARE(model.rowCount(), 4);
    const auto cell = [&model](int row, int column) {
        return model.index(row, column).data().toString();
    };
    QCOMPARE(cell(0, ImportPreviewModel::Action), QStringLiteral("update"));
    QCOMPARE(cell(0, ImportPreviewModel::Line), QStringLiteral("2"));
    QCOMPARE(cell(0, ImportPreviewModel::Record), QStringLiteral("a"));
    QVERIFY2(
        cell(0, ImportPreviewModel::Changes).contains(QStringLiteral("name: \"Old\" → \"New\"")),
        qPrintable(cell(0, ImportPreviewModel::Changes)));
    QVERIFY2(cell(0, ImportPreviewModel::Changes).contains("10 → 12"),
             qPrintable(cell(0, ImportPreviewModel::Changes)));
    QCOMPARE(cell(1, ImportPreviewModel::Action), QStringLiteral("unchanged"));
    QCOMPARE(cell(2, ImportPreviewModel::Action), QStringLiteral("create"));
    QCOMPARE(cell(2, ImportPreviewModel::Record), QString());
    // A row to create shows the values the new record gets.
    QCOMPARE(cell(2, ImportPreviewModel::Changes),
             QStringLiteral("custom.Seats: 1; externalId: \"c\"; name: \"Fresh\""));
    QCOMPARE(cell(3, ImportPreviewModel::Action), QStringLiteral("invalid"));
    QVERIFY(cell(3, ImportPreviewModel::Changes).startsWith("Seats: "));
    QCOMPARE(model.index(2, 0).data(ImportPreviewModel::ActionRole).toString(),
             QStringLiteral("create"));
    QCOMPARE(ImportPreviewModel::valueText(QJsonValue::Undefined), QStringLiteral("(none)"));
    QCOMPARE(ImportPreviewModel::valueText(QJsonArray {"x", 1}), QStringLiteral("[\"x\",1]"));
    model.setPlan(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestImportModels::resultsShowEveryOutcome()
{
    ImportResults results(3);
    results.set(0, {RowOutcome::Status::Created, "5f0000000000000000000009", QString()});
    results.set(1, {RowOutcome::Status::Failed, QString(), "name is required"});
    results.set(2, {RowOutcome::Status::OutcomeUnknown, QString(), "connection dropped"});
    ImportResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResults(results, plan());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ImportResultsModel::Status).data().toString(),
             QStringLiteral("created"));
    QCOMPARE(model.index(0, ImportResultsModel::RecordId).data().toString(),
             QStringLiteral("5f0000000000000000000009"));
    QCOMPARE(model.index(0, ImportResultsModel::Line).data().toInt(), 2);
    QCOMPARE(model.index(1, ImportResultsModel::Message).data().toString(),
             QStringLiteral("name is required"));
    QCOMPARE(model.index(2, 0).data(ImportResultsModel::StatusRole).toString(),
             QStringLiteral("outcome unknown"));
}

QTEST_GUILESS_MAIN(TestImportModels)
#include "tst_importmodels.moc"
