// SPDX-License-Identifier: MIT
// ObjectTableModel and ObjectFilterProxyModel over real data from a real planhat-sandbox
// (--seed demo): lazy loading under QAbstractItemModelTester, values by type, references by
// name, sorting, filtering, the company filter and reloads in flight.
#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/columnselection.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "models/referenceresolver.h"
#include "models/valueformatter.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QCollator>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

const QLocale german(QLocale::German, QLocale::Germany);

/// The proxy's rows as the values of `role` in `column`.
QVariantList columnValues(const QAbstractItemModel &model, int column, int role)
{
    QVariantList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data(role));
    return values;
}

} // namespace

class TestObjectTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void loadsUnderModelTester_data();
    void loadsUnderModelTester();
    void rowsArrivePageByPage();
    void valuesShownByType();
    void referencesShownByName();
    void dayNumbersAndBooleansOfOtherTypes();
    void sortsByNumberDateAndText();
    void emptyCellsSortLast();
    void quickFilterAndColumnFilter();
    void companyFilterOnEndUsers();
    void reloadInFlightDoesNotMixRows();
    void companyFilterChangeInFlight();
    void columnSelectionRestoredPerType();
    void loadFailureIsReported();
    void sortRightAfterLoadingManyRows();
    void loadsEverythingUnderPageCap();
    void largePagesArriveInBlocks();

private:
    std::unique_ptr<ObjectTableModel> makeModel(const char *typeName);
    bool loadAll(ObjectTableModel *model);
    QList<QJsonObject> listAll(const char *typeName, const QStringList &select);
    static const ObjectType &type(const char *name)
    {
        return *Schema::builtin().type(QLatin1String(name));
    }

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<ReferenceResolver> m_resolver;
    CustomFieldCatalog m_catalog;
    QHash<QString, QString> m_companyNames; ///< id -> name
    QHash<QString, QString> m_userNames; ///< id -> "First Last"
};

void TestObjectTableModel::initTestCase()
{
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
    // Loads with pages of 5 or 10 rows, several in flight and abandoned on reload, send a few
    // hundred requests in seconds: pacing under Planhat's per-minute quota would stall the
    // later functions for up to a minute (the sandbox has no quota here; tst_requestthrottle
    // covers pacing).
    ClientOptions options = m_client->options();
    options.requestsPerMinute = 0;
    m_client->setOptions(options);

    ListResult result;
    const QList<QJsonObject> definitions = collectRows(m_client->customFieldDefinitions(), &result);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QJsonArray array;
    for (const QJsonObject &definition : std::as_const(definitions))
        array.append(definition);
    m_catalog = CustomFieldCatalog::fromJson(array);
    QVERIFY(m_catalog.size() > 0);

    for (const QJsonObject &company : listAll("companies", {"name"}))
        m_companyNames.insert(company.value("_id").toString(), company.value("name").toString());
    for (const QJsonObject &user : listAll("users", {"firstName", "lastName"})) {
        m_userNames.insert(user.value("_id").toString(),
                           user.value("firstName").toString() + ' '
                               + user.value("lastName").toString());
    }
    QCOMPARE(m_companyNames.size(), 120);
    QVERIFY(m_userNames.size() >= 2);
}

void TestObjectTableModel::init()
{
    // Each test resolves names afresh, so they also prove names arrive after the rows.
    m_resolver = std::make_unique<ReferenceResolver>(m_client.get());
    QLocale::setDefault(german);
}

void TestObjectTableModel::cleanup()
{
    QLocale::setDefault(QLocale::c());
}

QList<QJsonObject> TestObjectTableModel::listAll(const char *typeName, const QStringList &select)
{
    ListQuery query;
    query.select = select;
    return collectRows(m_client->list(type(typeName), query));
}

std::unique_ptr<ObjectTableModel> TestObjectTableModel::makeModel(const char *typeName)
{
    auto model
        = std::make_unique<ObjectTableModel>(m_catalog.apply(type(typeName)), m_client.get());
    model->setReferenceResolver(m_resolver.get());
    return model;
}

bool TestObjectTableModel::loadAll(ObjectTableModel *model)
{
    if (model->canFetchMore(QModelIndex()))
        model->fetchMore(QModelIndex());
    QSignalSpy failed(model, &ObjectTableModel::loadFailed);
    if (!QTest::qWaitFor([model] { return !model->isLoading(); }, 20000))
        QTest::qFail("the model was still loading after 20 s", __FILE__, __LINE__);
    if (!failed.isEmpty()) {
        qWarning("load failed: %s", qPrintable(failed.first().at(0).value<ApiError>().toString()));
    }
    return !model->isLoading() && model->isComplete() && failed.isEmpty();
}

void TestObjectTableModel::loadsUnderModelTester_data()
{
    QTest::addColumn<QString>("typeName");
    QTest::addColumn<QString>("sortField");
    QTest::newRow("companies") << "companies"
                               << "name";
    QTest::newRow("endusers") << "endusers"
                              << "companyId";
    QTest::newRow("invoices") << "invoices"
                              << "invoiceDate";
    QTest::newRow("tasks") << "tasks"
                           << "ownerId";
    QTest::newRow("licenses") << "licenses"
                              << "mrr";
}

void TestObjectTableModel::loadsUnderModelTester()
{
    QFETCH(QString, typeName);
    QFETCH(QString, sortField);
    const QByteArray name = typeName.toLatin1();
    const QList<QJsonObject> expected = listAll(name.constData(), {"_id"});
    QVERIFY(!expected.isEmpty());

    auto model = makeModel(name.constData());
    model->setPageSize(25); // several pages even for the small demo tenant
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    // Sorted and filtered while rows stream in: the proxy places every page as it arrives.
    proxy.sort(model->columnOf(sortField), Qt::DescendingOrder);
    proxy.setQuickFilter("a");

    QVERIFY(model->canFetchMore(QModelIndex()));
    // The testers fetch (setUseFetchMore is on by default): that starts the load.
    QAbstractItemModelTester modelTester(model.get(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model->canFetchMore(QModelIndex()));
    QVERIFY(model->isLoading());
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(), expected.size());
    QSet<QString> ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids.insert(model->index(row, 0).data(ObjectTableModel::ObjectIdRole).toString());
    QCOMPARE(ids.size(), expected.size());

    // Names arrive after the rows; the testers watch the dataChanged that follows.
    QTRY_VERIFY_WITH_TIMEOUT(!m_resolver->isLoading(), 10000);
    QVERIFY(proxy.rowCount() > 0);
    proxy.setQuickFilter(QString());
    QCOMPARE(proxy.rowCount(), model->rowCount());
    proxy.sort(0, Qt::AscendingOrder);
    model->setVisibleColumns({"_id", "createdAt"});
    QCOMPARE(model->columnCount(), 2);
}

void TestObjectTableModel::rowsArrivePageByPage()
{
    auto model = makeModel("companies");
    model->setPageSize(10);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy loading(model.get(), &ObjectTableModel::loadingChanged);
    model->fetchMore(QModelIndex());
    QCOMPARE(loading.size(), 1);
    QCOMPARE(loading.first().at(0).toBool(), true);
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(), 120);
    QCOMPARE(inserted.size(), 12);
    int expectedFirst = 0;
    for (const QList<QVariant> &signal : std::as_const(inserted)) {
        QCOMPARE(signal.at(1).toInt(), expectedFirst);
        QCOMPARE(signal.at(2).toInt(), expectedFirst + 9);
        expectedFirst += 10;
    }
    QCOMPARE(loading.size(), 2);
    QCOMPARE(loading.last().at(0).toBool(), false);
    // Fetching again does nothing: everything is there.
    QVERIFY(!model->canFetchMore(QModelIndex()));
    model->fetchMore(QModelIndex());
    QVERIFY(!model->isLoading());
}

void TestObjectTableModel::valuesShownByType()
{
    auto model = makeModel("companies");
    model->setVisibleColumns({"name", "tags", "custom.Seats", "custom.Next QBR",
                              "custom.Renewal Risk", "custom.Region", "createdAt"});
    QVERIFY(loadAll(model.get()));
    const int tags = model->columnOf("tags");
    const int seats = model->columnOf("custom.Seats");
    const int qbr = model->columnOf("custom.Next QBR");
    const int risk = model->columnOf("custom.Renewal Risk");
    const int region = model->columnOf("custom.Region");
    QVERIFY(tags >= 0 && seats >= 0 && qbr >= 0 && risk >= 0 && region >= 0);

    // Custom fields are ordinary columns, named by their definition.
    QCOMPARE(model->headerData(region, Qt::Horizontal).toString(), QStringLiteral("Region"));
    QCOMPARE(model->headerData(region, Qt::Horizontal, ObjectTableModel::FieldNameRole).toString(),
             QStringLiteral("custom.Region"));
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));

    const QRegularExpression germanShortDate("^\\d\\d\\.\\d\\d\\.\\d\\d$");
    int joinedLists = 0;
    int groupedNumbers = 0;
    int checked = 0;
    int unchecked = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QJsonObject record = model->record(row);
        const QJsonObject custom = record.value("custom").toObject();
        // Region: the raw text.
        QCOMPARE(model->index(row, region).data().toString(), custom.value("Region").toString());
        // Lists joined with ", ".
        const QJsonArray tagArray = record.value("tags").toArray();
        QStringList tagList;
        for (const QJsonValue &tag : tagArray)
            tagList.append(tag.toString());
        QCOMPARE(model->index(row, tags).data().toString(), tagList.join(", "));
        joinedLists += tagList.size() > 1 ? 1 : 0;
        // Numbers in the locale's format, right-aligned; EditRole is the raw number.
        const QModelIndex seatIndex = model->index(row, seats);
        const int seatCount = custom.value("Seats").toInt();
        QCOMPARE(seatIndex.data().toString(), german.toString(seatCount));
        QCOMPARE(seatIndex.data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(seatIndex.data(Qt::EditRole).toDouble(), double(seatCount));
        groupedNumbers += seatIndex.data().toString().contains('.') ? 1 : 0;
        // Dates in the locale's short format.
        const QDate qbrDate
            = QDateTime::fromString(custom.value("Next QBR").toString(), Qt::ISODateWithMs).date();
        QVERIFY(qbrDate.isValid());
        const QString qbrText = model->index(row, qbr).data().toString();
        QCOMPARE(qbrText, german.toString(qbrDate, QLocale::ShortFormat));
        QVERIFY2(germanShortDate.match(qbrText).hasMatch(), qPrintable(qbrText));
        QVERIFY(!model->index(row, qbr).data(Qt::TextAlignmentRole).isValid());
        // Booleans are check boxes without text.
        const QModelIndex riskIndex = model->index(row, risk);
        QVERIFY(!riskIndex.data().isValid());
        const bool isRisk = custom.value("Renewal Risk").toBool();
        QCOMPARE(riskIndex.data(Qt::CheckStateRole).toInt(),
                 int(isRisk ? Qt::Checked : Qt::Unchecked));
        (isRisk ? checked : unchecked)++;
        // Roles for code.
        QCOMPARE(model->index(row, 0).data(ObjectTableModel::ObjectIdRole).toString(),
                 record.value("_id").toString());
        QCOMPARE(model->index(row, 0).data(ObjectTableModel::RawJsonRole).toJsonObject(), record);
        QCOMPARE(model->index(row, risk).data(ObjectTableModel::FieldTypeRole).toInt(),
                 int(FieldType::Boolean));
        QVERIFY(model->flags(seatIndex) & Qt::ItemIsEditable); // see tst_tableediting
    }
    QVERIFY2(joinedLists > 0, "some companies have several tags");
    QVERIFY2(groupedNumbers > 0, "some seat counts have thousands");
    QVERIFY(checked > 0 && unchecked > 0);
}

void TestObjectTableModel::referencesShownByName()
{
    auto model = makeModel("endusers");
    model->setVisibleColumns({"email", "companyId", "primary"});
    QVERIFY(loadAll(model.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_resolver->isLoaded("companies"), 10000);
    const int company = model->columnOf("companyId");
    const int primary = model->columnOf("primary");
    int primaries = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString id = model->record(row).value("companyId").toString();
        const QModelIndex index = model->index(row, company);
        QVERIFY(m_companyNames.contains(id));
        QCOMPARE(index.data().toString(), m_companyNames.value(id));
        QCOMPARE(index.data(Qt::ToolTipRole).toString(), id);
        QCOMPARE(index.data(Qt::EditRole).toString(), id);
        const bool isPrimary = model->record(row).value("primary").toBool();
        QCOMPARE(model->index(row, primary).data(Qt::CheckStateRole).toInt(),
                 int(isPrimary ? Qt::Checked : Qt::Unchecked));
        primaries += isPrimary ? 1 : 0;
    }
    QCOMPARE(primaries, 120);

    // An owner shows the team member's name.
    auto tasks = makeModel("tasks");
    QVERIFY(loadAll(tasks.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_resolver->isLoaded("users"), 10000);
    const int owner = tasks->columnOf("ownerId");
    QVERIFY2(owner >= 0, "the owner is a default column of tasks");
    for (int row = 0; row < tasks->rowCount(); ++row) {
        const QString id = tasks->record(row).value("ownerId").toString();
        QCOMPARE(tasks->index(row, owner).data().toString(), m_userNames.value(id));
        QCOMPARE(tasks->index(row, owner).data(Qt::ToolTipRole).toString(), id);
    }
}

void TestObjectTableModel::dayNumbersAndBooleansOfOtherTypes()
{
    auto model = makeModel("invoices");
    QVERIFY(loadAll(model.get()));
    const int date = model->columnOf("invoiceDate");
    const int amount = model->columnOf("amountTotal");
    QVERIFY(date >= 0 && amount >= 0);
    for (int row = 0; row < model->rowCount(); ++row) {
        const qint64 days = qint64(model->record(row).value("invoiceDate").toDouble());
        QCOMPARE(model->index(row, date).data().toString(),
                 german.toString(QDate(1970, 1, 1).addDays(days), QLocale::ShortFormat));
        QVERIFY(QDate(1970, 1, 1).addDays(days).year() >= 2023);
        QCOMPARE(model->index(row, amount).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
    }
}

void TestObjectTableModel::sortsByNumberDateAndText()
{
    auto model = makeModel("companies");
    model->setVisibleColumns({"name", "custom.Seats", "custom.Next QBR", "createdAt"});
    QVERIFY(loadAll(model.get()));
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        const int sign = order == Qt::AscendingOrder ? 1 : -1;
        // Numbers numerically (as text, "1000" would sort before "999").
        proxy.sort(model->columnOf("custom.Seats"), order);
        const QVariantList seats = columnValues(proxy, proxy.sortColumn(), Qt::EditRole);
        QCOMPARE(seats.size(), 120);
        for (int i = 1; i < seats.size(); ++i)
            QVERIFY(sign * (seats.at(i).toDouble() - seats.at(i - 1).toDouble()) >= 0);
        QVERIFY(seats.first() != seats.last());

        // Dates chronologically (as text, German dates would sort by day of month).
        proxy.sort(model->columnOf("custom.Next QBR"), order);
        const QVariantList dates = columnValues(proxy, proxy.sortColumn(), Qt::EditRole);
        for (int i = 1; i < dates.size(); ++i) {
            const QDateTime previous
                = ValueFormatter::parseDateTime(QJsonValue::fromVariant(dates.at(i - 1)));
            const QDateTime current
                = ValueFormatter::parseDateTime(QJsonValue::fromVariant(dates.at(i)));
            QVERIFY(previous.isValid() && current.isValid());
            QVERIFY2(sign * previous.msecsTo(current) >= 0,
                     qPrintable(dates.at(i - 1).toString() + " / " + dates.at(i).toString()));
        }

        // Text by the locale's collation, case-insensitively.
        proxy.sort(model->columnOf("name"), order);
        QCollator collator(german);
        collator.setNumericMode(true);
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        const QVariantList names = columnValues(proxy, 0, Qt::DisplayRole);
        for (int i = 1; i < names.size(); ++i) {
            QVERIFY2(sign * collator.compare(names.at(i - 1).toString(), names.at(i).toString())
                         <= 0,
                     qPrintable(names.at(i - 1).toString() + " / " + names.at(i).toString()));
        }
    }
}

void TestObjectTableModel::emptyCellsSortLast()
{
    // Only completed tasks have a done date.
    auto model = makeModel("tasks");
    model->setVisibleColumns({"action", "dateDone"});
    QVERIFY(loadAll(model.get()));
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        proxy.sort(1, order);
        const QVariantList done = columnValues(proxy, 1, Qt::EditRole);
        QVERIFY(done.first().isValid());
        QVERIFY(!done.last().isValid());
        bool emptySeen = false;
        for (const QVariant &value : done) {
            if (!value.isValid())
                emptySeen = true;
            else
                QVERIFY2(!emptySeen, "an empty cell sorted before a date");
        }
    }
}

void TestObjectTableModel::quickFilterAndColumnFilter()
{
    auto model = makeModel("companies");
    model->setVisibleColumns({"name", "custom.Region", "country", "custom.Renewal Risk"});
    QVERIFY(loadAll(model.get()));
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(model.get());
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const auto matchesQuick = [&](int row, const QString &text) {
        for (int column = 0; column < 3; ++column) {
            if (model->index(row, column).data().toString().contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    };
    const auto matchesRegion = [&](int row, const QString &text) {
        return model->index(row, 1).data().toString().contains(text, Qt::CaseInsensitive);
    };

    proxy.setQuickFilter("GmbH");
    int expected = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        expected += matchesQuick(row, "gmbh") ? 1 : 0;
    QVERIFY(expected > 0 && expected < model->rowCount());
    QCOMPARE(proxy.rowCount(), expected);
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const int source = proxy.mapToSource(proxy.index(row, 0)).row();
        QVERIFY(matchesQuick(source, "gmbh"));
    }

    // A column filter alone, then both.
    proxy.setQuickFilter(QString());
    proxy.setColumnFilter(1, "emea");
    QCOMPARE(proxy.columnFilter(1), QStringLiteral("emea"));
    int regionCount = 0;
    int bothCount = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        regionCount += matchesRegion(row, "emea") ? 1 : 0;
        bothCount += matchesRegion(row, "emea") && matchesQuick(row, "gmbh") ? 1 : 0;
    }
    QVERIFY(regionCount > 0 && regionCount < model->rowCount());
    QCOMPARE(proxy.rowCount(), regionCount);
    proxy.setQuickFilter("gmbh");
    QCOMPARE(proxy.rowCount(), bothCount);

    // A boolean column filters by true/false.
    proxy.clearFilters();
    QCOMPARE(proxy.rowCount(), model->rowCount());
    proxy.setColumnFilter(3, "true");
    int risky = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        risky += model->index(row, 3).data(Qt::CheckStateRole).toInt() == Qt::Checked ? 1 : 0;
    QCOMPARE(proxy.rowCount(), risky);

    // The filter stays with its field when columns change.
    model->setVisibleColumns({"custom.Renewal Risk", "name"});
    QCOMPARE(proxy.columnFilter(0), QStringLiteral("true"));
    QCOMPARE(proxy.rowCount(), risky);
}

void TestObjectTableModel::companyFilterOnEndUsers()
{
    auto all = makeModel("endusers");
    QVERIFY(loadAll(all.get()));
    const QStringList companies = m_companyNames.keys().mid(0, 3);
    QHash<QString, int> perCompany;
    for (int row = 0; row < all->rowCount(); ++row)
        perCompany[all->record(row).value("companyId").toString()]++;

    auto model = makeModel("endusers");
    model->setCompanyFilter(companies.mid(0, 2));
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(),
             perCompany.value(companies.at(0)) + perCompany.value(companies.at(1)));
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(companies.mid(0, 2).contains(model->record(row).value("companyId").toString()));

    // Changing the filter of a loaded model loads again.
    model->setCompanyFilter({companies.at(2)});
    QVERIFY(model->isLoading());
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(), perCompany.value(companies.at(2)));
    model->setCompanyFilter({});
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(), all->rowCount());

    // Types without a company field ignore it.
    auto users = makeModel("users");
    users->setCompanyFilter({companies.at(0)});
    QVERIFY(users->companyFilter().isEmpty());
}

void TestObjectTableModel::reloadInFlightDoesNotMixRows()
{
    auto model = makeModel("companies");
    model->setPageSize(10);
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(model->isLoading());
    QVERIFY(inserted.wait(10000));
    QVERIFY(model->isLoading());
    QVERIFY(model->rowCount() < 120);
    QSignalSpy loading(model.get(), &ObjectTableModel::loadingChanged);
    model->reload();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(model->isLoading());
    QVERIFY(loading.isEmpty()); // still loading: no flicker
    // Reload again after one page of the second load, for good measure.
    QVERIFY(inserted.wait(10000));
    model->reload();
    QVERIFY(loadAll(model.get()));
    QCOMPARE(model->rowCount(), 120);
    QSet<QString> ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids.insert(model->objectId(row));
    QCOMPARE(ids.size(), 120);
    // Nothing of the abandoned loads arrives later (deliberate: it would have by now).
    QTest::qWait(200);
    QCOMPARE(model->rowCount(), 120);
}

void TestObjectTableModel::companyFilterChangeInFlight()
{
    auto model = makeModel("endusers");
    model->setPageSize(5);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    model->fetchMore(QModelIndex());
    QVERIFY(inserted.wait(10000));
    QVERIFY(model->isLoading());
    const QString company = m_companyNames.keys().constFirst();
    model->setCompanyFilter({company});
    QVERIFY(loadAll(model.get()));
    QVERIFY(model->rowCount() >= 2);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->record(row).value("companyId").toString(), company);
}

void TestObjectTableModel::columnSelectionRestoredPerType()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("columns.ini");
    {
        QSettings settings(path, QSettings::IniFormat);
        ColumnSelection selection(&settings);
        auto companies = makeModel("companies");
        companies->setVisibleColumns({"name", "custom.Segment", "owner"});
        selection.save(companies->type().name, companies->visibleColumns());
        auto endusers = makeModel("endusers");
        endusers->setVisibleColumns({"email", "custom.Department"});
        selection.save(endusers->type().name, endusers->visibleColumns());
    }
    QSettings settings(path, QSettings::IniFormat);
    const ColumnSelection selection(&settings);
    auto companies = makeModel("companies");
    companies->setVisibleColumns(selection.columns(companies->type()));
    QCOMPARE(companies->visibleColumns(), (QStringList {"name", "custom.Segment", "owner"}));
    QCOMPARE(companies->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Segment"));
    auto endusers = makeModel("endusers");
    endusers->setVisibleColumns(selection.columns(endusers->type()));
    QCOMPARE(endusers->visibleColumns(), (QStringList {"email", "custom.Department"}));
    auto tasks = makeModel("tasks");
    tasks->setVisibleColumns(selection.columns(tasks->type()));
    QCOMPARE(tasks->visibleColumns(), ColumnSelection::defaultColumns(tasks->type()));
}

void TestObjectTableModel::loadFailureIsReported()
{
    PlanhatClient client(m_sandbox.url());
    client.setToken("wrong-token");
    ObjectTableModel model(type("companies"), &client);
    QSignalSpy failed(&model, &ObjectTableModel::loadFailed);
    QSignalSpy loading(&model, &ObjectTableModel::loadingChanged);
    model.fetchMore(QModelIndex());
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).value<ApiError>().kind(), ApiError::Kind::Auth);
    QVERIFY(!model.isLoading());
    QVERIFY(!model.isComplete());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(loading.size(), 2);
}

void TestObjectTableModel::sortRightAfterLoadingManyRows()
{
    // Enough rows that the proxy sorts and filters on a worker thread, from a snapshot of the
    // columns, and swaps the result in: nothing may come out wrong or missing.
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "12000"}), qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ObjectTableModel model(type("companies"), &client);
    model.setVisibleColumns({"_id", "name", "externalId", "updatedAt"});
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(loadAll(&model));
    QCOMPARE(model.rowCount(), 12000);

    const int name = model.columnOf("name");
    // Past its synchronous limit the proxy sorts on a worker thread and says so meanwhile.
    QVERIFY(model.rowCount() > proxy.synchronousRowLimit());
    QSignalSpy busy(&proxy, &ObjectFilterProxyModel::busyChanged);
    proxy.sort(name, Qt::AscendingOrder);
    QVERIFY(proxy.isBusy());
    QCOMPARE(busy.size(), 1);
    QVERIFY(proxy.headerData(name, Qt::Horizontal).toString().endsWith(u'\u2026'));
    QTRY_VERIFY(!proxy.isBusy());
    QCOMPARE(busy.size(), 2);
    QVERIFY(!proxy.headerData(name, Qt::Horizontal).toString().endsWith(u'\u2026'));
    QCOMPARE(proxy.rowCount(), model.rowCount());
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    for (int row = 1; row < proxy.rowCount(); ++row) {
        const QString before = proxy.index(row - 1, name).data().toString();
        const QString after = proxy.index(row, name).data().toString();
        QVERIFY2(collator.compare(before, after) <= 0, qPrintable(before + " > " + after));
    }
    // Filter on every column's text at once.
    const int last = model.rowCount() - 1;
    const QString externalId = model.record(last).value("externalId").toString();
    // Typing cancels the filter under way and starts over: only the last one shows.
    proxy.setQuickFilter(externalId.left(1));
    proxy.setQuickFilter(externalId.left(2));
    proxy.setQuickFilter(externalId);
    QTRY_VERIFY(!proxy.isBusy());
    QVERIFY(proxy.rowCount() >= 1);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QVERIFY(
            proxy.index(row, model.columnOf("externalId")).data().toString().contains(externalId));
    proxy.setQuickFilter(QString());
    const int external = model.columnOf("externalId");
    proxy.sort(external, Qt::DescendingOrder);
    QTRY_VERIFY(!proxy.isBusy());
    QCOMPARE(proxy.rowCount(), model.rowCount());
    for (int row = 1; row < proxy.rowCount(); ++row) {
        const QString before = proxy.index(row - 1, external).data().toString();
        const QString after = proxy.index(row, external).data().toString();
        QVERIFY2(collator.compare(before, after) >= 0, qPrintable(before + " < " + after));
    }
}

void TestObjectTableModel::loadsEverythingUnderPageCap()
{
    // The real API's edges: pages capped below the limit asked for and no order without an
    // explicit sort. Rows come as the server's bytes and are encoded on worker threads: every
    // record must arrive once and whole, and a worker sort must give the reference order.
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "12000", "--page-cap", "700", "--unordered"}),
             qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    // The reference: the same records parsed by Qt, through the list job's object rows.
    QHash<QString, QJsonObject> expected;
    for (const QJsonObject &record : collectRows(client.list(type("companies"), ListQuery())))
        expected.insert(record.value("_id").toString(), record);
    QCOMPARE(expected.size(), 12000);

    ObjectTableModel model(type("companies"), &client);
    model.setVisibleColumns({"_id", "name", "externalId", "updatedAt"});
    ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    const int name = model.columnOf("name");
    // Sorted and filtered while the rows stream in.
    proxy.sort(name, Qt::DescendingOrder);
    proxy.setQuickFilter("1");
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(loadAll(&model));
    QCOMPARE(model.rowCount(), 12000);
    QSet<QString> seen;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QJsonObject record = model.record(row);
        const QString id = record.value("_id").toString();
        QVERIFY2(!seen.contains(id), qPrintable(id));
        seen.insert(id);
        QVERIFY2(record == expected.value(id), qPrintable(id));
    }
    QTRY_VERIFY(!proxy.isBusy());

    // The filter keeps what contains "1" in a shown column; the sort is the reference one.
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    const auto reference = [&](const QString &filter, Qt::SortOrder order) {
        QList<int> rows;
        for (int row = 0; row < model.rowCount(); ++row) {
            bool kept = filter.isEmpty();
            for (int column = 0; !kept && column < model.columnCount(); ++column)
                kept = model.index(row, column).data().toString().toCaseFolded().contains(filter);
            if (kept)
                rows.append(row);
        }
        std::stable_sort(rows.begin(), rows.end(), [&](int left, int right) {
            const int compared = collator.compare(model.index(left, name).data().toString(),
                                                  model.index(right, name).data().toString());
            return order == Qt::AscendingOrder ? compared < 0 : compared > 0;
        });
        return rows;
    };
    const auto shown = [&proxy] {
        QList<int> rows;
        for (int row = 0; row < proxy.rowCount(); ++row)
            rows.append(proxy.mapToSource(proxy.index(row, 0)).row());
        return rows;
    };
    QCOMPARE(shown(), reference("1", Qt::DescendingOrder));
    proxy.setQuickFilter(QString());
    proxy.sort(name, Qt::AscendingOrder);
    QVERIFY(proxy.isBusy()); // past the synchronous limit: on a worker
    QTRY_VERIFY(!proxy.isBusy());
    QCOMPARE(shown(), reference(QString(), Qt::AscendingOrder));
}

void TestObjectTableModel::largePagesArriveInBlocks()
{
    // A page of thousands of rows is taken in as a few blocks, over several turns of the event
    // loop: the rows still arrive once each, in the order of the pages.
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed-companies", "12000"}), qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ListQuery query;
    query.pageSize = 5000;
    QStringList expected;
    for (const QJsonObject &record : collectRows(client.list(type("companies"), query)))
        expected.append(record.value("_id").toString());
    QCOMPARE(expected.size(), 12000);

    ObjectTableModel model(type("companies"), &client);
    model.setPageSize(5000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(loadAll(&model));
    QCOMPARE(model.rowCount(), 12000);
    QVERIFY2(inserted.size() >= 12, qPrintable(QString::number(inserted.size())));
    int expectedFirst = 0;
    for (const QList<QVariant> &signal : std::as_const(inserted)) {
        QCOMPARE(signal.at(1).toInt(), expectedFirst);
        QVERIFY(signal.at(2).toInt() - expectedFirst < 1000);
        expectedFirst = signal.at(2).toInt() + 1;
    }
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.objectId(row), expected.at(row));
}

QTEST_GUILESS_MAIN(TestObjectTableModel)
#include "tst_objecttablemodel.moc"
