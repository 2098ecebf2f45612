// SPDX-License-Identifier: MIT
// Editing in ObjectTableModel against a real planhat-sandbox (--seed demo): which cells are
// editable, staging under QAbstractItemModelTester, revert, and saving only the changed
// fields with the server's per-row answer.
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>

using namespace Planhat;
using namespace Planhat::Test;

class TestTableEditing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void onlyWritableFieldsAreEditable();
    void editsAreStagedUnderModelTester();
    void revertPutsOriginalsBack();
    void replacedRecordSortsAndFiltersByItsNewValues();
    void saveSendsOnlyChangedFields();
    void rejectedRowsKeepTheirEditsAndMessage();
    void unreachableServerKeepsEveryEdit();

private:
    std::unique_ptr<ObjectTableModel> loadCompanies(PlanhatClient *client);
    static QJsonObject fetch(PlanhatClient *client, const QString &id);
    static bool save(ObjectTableModel *model, BulkUpsertResult *result);

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    CustomFieldCatalog m_catalog;
};

void TestTableEditing::initTestCase()
{
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
    ListResult result;
    QJsonArray definitions;
    for (const QJsonObject &definition : collectRows(m_client->customFieldDefinitions(), &result))
        definitions.append(definition);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    // A formula field, as a tenant may define one: computed by Planhat, never edited.
    definitions.append(QJsonObject {{"name", "Health Formula"},
                                    {"type", "number"},
                                    {"parent", "company"},
                                    {"isFormula", true}});
    m_catalog = CustomFieldCatalog::fromJson(definitions);
}

std::unique_ptr<ObjectTableModel> TestTableEditing::loadCompanies(PlanhatClient *client)
{
    const ObjectType type = m_catalog.apply(*Schema::builtin().type("companies"));
    auto model = std::make_unique<ObjectTableModel>(type, client);
    model->setVisibleColumns({"_id", "name", "status", "h", "phase", "createdAt", "custom.Region",
                              "custom.Seats", "custom.Renewal Risk", "custom.Products",
                              "custom.Health Formula"});
    model->fetchMore(QModelIndex());
    if (!QTest::qWaitFor([&model] { return !model->isLoading(); }, 20000) || !model->isComplete())
        return nullptr;
    return model;
}

QJsonObject TestTableEditing::fetch(PlanhatClient *client, const QString &id)
{
    const ObjectResult result
        = startAndWait<ObjectResult>(client->get(*Schema::builtin().type("companies"), id));
    return result.object;
}

bool TestTableEditing::save(ObjectTableModel *model, BulkUpsertResult *result)
{
    QSignalSpy finished(model, &ObjectTableModel::saveFinished);
    if (!model->saveChanges() || !finished.wait(30000))
        return false;
    *result = finished.takeFirst().at(0).value<BulkUpsertResult>();
    return true;
}

void TestTableEditing::onlyWritableFieldsAreEditable()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    QVERIFY(model->rowCount() > 10);
    const auto flagsOf = [&model](const char *field) {
        return model->flags(model->index(0, model->columnOf(field)));
    };
    QVERIFY(flagsOf("name").testFlag(Qt::ItemIsEditable));
    QVERIFY(flagsOf("phase").testFlag(Qt::ItemIsEditable));
    QVERIFY(flagsOf("custom.Region").testFlag(Qt::ItemIsEditable));
    QVERIFY(flagsOf("custom.Seats").testFlag(Qt::ItemIsEditable));
    QVERIFY(flagsOf("custom.Renewal Risk").testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(!flagsOf("custom.Renewal Risk").testFlag(Qt::ItemIsEditable));
    for (const char *readOnly : {"_id", "status", "h", "createdAt", "custom.Health Formula"}) {
        QVERIFY2(!flagsOf(readOnly).testFlag(Qt::ItemIsEditable), readOnly);
        QVERIFY2(!model->setData(model->index(0, model->columnOf(readOnly)), "x"), readOnly);
    }
    QVERIFY(!model->hasChanges());
}

void TestTableEditing::editsAreStagedUnderModelTester()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    proxy.sort(model->columnOf("name"));
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edited(model.get(), &ObjectTableModel::cellEdited);
    QSignalSpy dataChanged(model.get(), &QAbstractItemModel::dataChanged);

    const QModelIndex seats = model->index(2, model->columnOf("custom.Seats"));
    const QJsonValue before = seats.data(Qt::EditRole).toJsonValue();
    QVERIFY(model->setData(seats, "1,250"));
    QCOMPARE(seats.data(Qt::EditRole).toDouble(), 1250.0);
    QVERIFY(seats.data(ObjectTableModel::ChangedRole).toBool());
    QVERIFY(!model->index(2, model->columnOf("name")).data(ObjectTableModel::ChangedRole).toBool());
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().at(2).toJsonValue(), before);
    QVERIFY(!dataChanged.isEmpty());
    QVERIFY2(!model->setData(seats, "lots"), "text that is no number is refused");
    QCOMPARE(seats.data(Qt::EditRole).toDouble(), 1250.0);

    const QModelIndex region = model->index(3, model->columnOf("custom.Region"));
    QVERIFY2(!model->setData(region, "Atlantis"), "only the list's allowed values");
    QVERIFY(model->setData(region, "emea"));
    QCOMPARE(region.data(Qt::DisplayRole).toString(), QStringLiteral("EMEA"));
    const QModelIndex risk = model->index(3, model->columnOf("custom.Renewal Risk"));
    const bool wasChecked = risk.data(Qt::CheckStateRole).toInt() == Qt::Checked;
    QVERIFY(model->setData(risk, wasChecked ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model->changes().recordCount(), 2);
    QCOMPARE(model->changes().fieldCount(), 3);

    // The proxy sorts and filters edited rows by their new values.
    const QModelIndex name = model->index(5, model->columnOf("name"));
    QVERIFY(model->setData(name, "000 First After Edit"));
    QCOMPARE(proxy.index(0, model->columnOf("name")).data().toString(),
             QStringLiteral("000 First After Edit"));
    proxy.setQuickFilter("first after edit");
    QCOMPARE(proxy.rowCount(), 1);

    // Staging the original again is no edit any more (what undo relies on).
    QVERIFY(model->stageValue(2, "custom.Seats", before));
    QVERIFY(!seats.data(ObjectTableModel::ChangedRole).toBool());
    QCOMPARE(edited.size(), 4);
}

void TestTableEditing::replacedRecordSortsAndFiltersByItsNewValues()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Sort and filter once, so keys and texts are cached before the record changes.
    proxy.sort(model->columnOf("name"));
    proxy.setQuickFilter("replaced by the form");
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setQuickFilter(QString());

    // A staged edit on the row survives the form's save of another field.
    const int row = 7;
    QVERIFY(model->setData(model->index(row, model->columnOf("custom.Seats")), "321"));
    QJsonObject saved = model->record(row);
    saved.insert("name", "000 Replaced By The Form");
    QCOMPARE(model->replaceRecord(saved), row);
    QCOMPARE(model->index(row, model->columnOf("custom.Seats")).data(Qt::EditRole).toDouble(),
             321.0);
    QVERIFY(model->changes().isChanged(model->objectId(row), "custom.Seats"));

    QCOMPARE(proxy.index(0, model->columnOf("name")).data().toString(),
             QStringLiteral("000 Replaced By The Form"));
    proxy.setQuickFilter("replaced by the form");
    QCOMPARE(proxy.rowCount(), 1);
    model->revertChanges();
}

void TestTableEditing::revertPutsOriginalsBack()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex name = model->index(0, model->columnOf("name"));
    const QString original = name.data().toString();
    QVERIFY(model->setData(name, "Renamed"));
    QVERIFY(model->setData(model->index(1, model->columnOf("phase")), "Phase Set By Test"));
    QSignalSpy changed(model.get(), &ObjectTableModel::changesChanged);
    model->revertChanges();
    QVERIFY(!model->hasChanges());
    QCOMPARE(name.data().toString(), original);
    QVERIFY(!changed.isEmpty());
}

void TestTableEditing::saveSendsOnlyChangedFields()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    const QString firstId = model->objectId(4);
    const QString secondId = model->objectId(7);
    const QJsonObject firstBefore = fetch(m_client.get(), firstId);
    QVERIFY(!firstBefore.isEmpty());

    QVERIFY(model->setData(model->index(4, model->columnOf("name")), "Edited Name GmbH"));
    QVERIFY(model->setData(model->index(4, model->columnOf("custom.Seats")), 77));
    QVERIFY(
        model->setData(model->index(7, model->columnOf("custom.Products")), "analytics; Mobile"));
    BulkUpsertResult result;
    QVERIFY(save(model.get(), &result));
    QVERIFY2(result.allSucceeded(), qPrintable(result.error.toString()));
    QCOMPARE(result.updated, 2);
    QVERIFY(!model->hasChanges());
    QVERIFY(!model->index(4, model->columnOf("name")).data(ObjectTableModel::ChangedRole).toBool());

    const QJsonObject first = fetch(m_client.get(), firstId);
    QCOMPARE(first.value("name").toString(), QStringLiteral("Edited Name GmbH"));
    const QJsonObject custom = first.value("custom").toObject();
    QCOMPARE(custom.value("Seats").toDouble(), 77.0);
    // Fields nobody edited are as they were: custom fields merge key by key.
    QCOMPARE(custom.value("Region"), firstBefore.value("custom").toObject().value("Region"));
    QCOMPARE(first.value("phase"), firstBefore.value("phase"));
    QCOMPARE(fetch(m_client.get(), secondId).value("custom").toObject().value("Products"),
             QJsonValue(QJsonArray {"Analytics", "Mobile"}));
}

void TestTableEditing::rejectedRowsKeepTheirEditsAndMessage()
{
    auto model = loadCompanies(m_client.get());
    QVERIFY(model);
    const QString goneId = model->objectId(9);
    const QString keptId = model->objectId(10);
    QVERIFY(model->setData(model->index(9, model->columnOf("name")), "Gone Ltd"));
    QVERIFY(model->setData(model->index(10, model->columnOf("name")), "Kept Ltd"));
    // Someone else deletes the first one before the save.
    const ObjectResult removed = startAndWait<ObjectResult>(
        m_client->remove(*Schema::builtin().type("companies"), goneId));
    QVERIFY2(!removed.error.isError(), qPrintable(removed.error.toString()));

    BulkUpsertResult result;
    QVERIFY(save(model.get(), &result));
    QCOMPARE(result.failed, 1);
    QCOMPARE(result.updated, 1);
    QCOMPARE(model->changes().changedRecords(), QStringList {goneId});
    const QModelIndex gone = model->index(9, model->columnOf("name"));
    QVERIFY(gone.data(ObjectTableModel::ChangedRole).toBool());
    QCOMPARE(gone.data().toString(), QStringLiteral("Gone Ltd"));
    const QString message = gone.data(ObjectTableModel::SaveErrorRole).toString();
    QVERIFY2(message.contains(goneId), qPrintable(message));
    QVERIFY(model->index(9, 0).data(Qt::ToolTipRole).toString().contains(message));
    QVERIFY(model->index(10, 0).data(ObjectTableModel::SaveErrorRole).toString().isEmpty());
    QCOMPARE(fetch(m_client.get(), keptId).value("name").toString(), QStringLiteral("Kept Ltd"));

    // The edit and the server's message stay with the record through a sort and a filter
    // computed on a worker thread.
    ObjectFilterProxyModel proxy;
    proxy.setSynchronousRowLimit(0);
    proxy.setSourceModel(model.get());
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int nameColumn = model->columnOf("name");
    const auto verifyShown = [&](const QModelIndex &shown) {
        QCOMPARE(shown.data(ObjectTableModel::ObjectIdRole).toString(), goneId);
        QCOMPARE(shown.data().toString(), QStringLiteral("Gone Ltd"));
        QVERIFY(shown.data(ObjectTableModel::ChangedRole).toBool());
        QCOMPARE(shown.data(ObjectTableModel::SaveErrorRole).toString(), message);
        QVERIFY(shown.siblingAtColumn(0).data(Qt::ToolTipRole).toString().contains(message));
    };
    proxy.sort(nameColumn, Qt::DescendingOrder);
    QTRY_VERIFY(!proxy.isBusy());
    proxy.setQuickFilter("gone ltd");
    QTRY_VERIFY(!proxy.isBusy());
    QCOMPARE(proxy.rowCount(), 1);
    verifyShown(proxy.index(0, nameColumn));
    if (QTest::currentTestFailed())
        return;
    proxy.setQuickFilter(QString());
    proxy.sort(model->columnOf("custom.Seats"), Qt::AscendingOrder);
    QTRY_VERIFY(!proxy.isBusy());
    QCOMPARE(proxy.rowCount(), model->rowCount());
    verifyShown(proxy.mapFromSource(model->index(model->rowOf(goneId), nameColumn)));
}

void TestTableEditing::unreachableServerKeepsEveryEdit()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed", "demo"}), qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options = client.options();
    options.maxAttempts = 2;
    options.initialBackoff = std::chrono::milliseconds(20);
    client.setOptions(options);
    auto model = loadCompanies(&client);
    QVERIFY(model);
    QVERIFY(model->setData(model->index(0, model->columnOf("name")), "Never Sent"));
    QVERIFY(model->setData(model->index(1, model->columnOf("phase")), "Phase Set By Test"));
    sandbox.stop();

    QSignalSpy saving(model.get(), &ObjectTableModel::savingChanged);
    BulkUpsertResult result;
    QVERIFY(save(model.get(), &result));
    QVERIFY(!result.allSucceeded());
    QCOMPARE(saving.size(), 2);
    QCOMPARE(model->changes().recordCount(), 2);
    QCOMPARE(model->index(0, model->columnOf("name")).data().toString(),
             QStringLiteral("Never Sent"));
    QVERIFY(!model->index(1, 0).data(ObjectTableModel::SaveErrorRole).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestTableEditing)
#include "tst_tableediting.moc"
