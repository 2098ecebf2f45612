// SPDX-License-Identifier: MIT
// ObjectTableModel + ObjectFilterProxyModel on random records with ties, empty cells, accents
// and mixed case: sorting equals a reference stable sort, filters equal a reference filter,
// and edits survive sorting and filtering, all under QAbstractItemModelTester while rows are
// added, edited and deleted. Rows come through appendRecord(), so no server is needed. Every
// test runs twice: with the proxy computing on the spot and on a worker thread (its
// synchronous row limit at 0), where results arrive later and typing cancels the task under
// way.
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QAbstractItemModelTester>
#include <QCollator>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace Planhat;

namespace {

const QStringList names {"Acme",   "acme",   "ACME 2", "Acme 10", "Ärger",   "arger", "Zeta",
                         "éclair", "Eclair", "",       "  ",      "Ölmühle", "omega", "Zeta"};
const QStringList regions {"EMEA", "emea", "APAC", "Amer", ""};

} // namespace

class TestTableSorting final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void sortsLikeReference_data();
    void sortsLikeReference();
    void rowsAddedWhileSortedArePlaced();
    void filtersLikeReference();
    void editsSurviveSortAndFilter();
    void deletingKeepsOrderAndFilter();
    void numberAndDateTextsKeepToTheirCharacters_data();
    void numberAndDateTextsKeepToTheirCharacters();
    void largeTablesSortAndFilterInPartsLikeReference();
    void keysAlikeInTheirFirstBytesSortLikeReference_data();
    void keysAlikeInTheirFirstBytesSortLikeReference();

private:
    /// An empty table of companies with the custom fields Region (text) and Seats (number).
    void makeModel(const QStringList &visibleColumns);
    QJsonObject randomRecord(int n);
    /// Source rows in the order a stable sort by `field` gives.
    QList<int> referenceOrder(const QString &field, Qt::SortOrder order) const;
    QList<int> proxyOrder() const;
    bool referenceMatch(int row, const QString &foldedText) const;
    /// Waits until the proxy shows the result of the last sort or filter.
    bool settled() const;

    QRandomGenerator m_random {42};
    QCollator m_collator;
    std::unique_ptr<ObjectTableModel> m_model;
    std::unique_ptr<ObjectFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void TestTableSorting::initTestCase_data()
{
    QTest::addColumn<bool>("onWorker");
    QTest::addColumn<int>("poolThreads"); // 0: as many as the machine has cores
    QTest::addRow("on the spot") << false << 0;
    QTest::addRow("on a worker thread") << true << 0;
    // As on a one-core machine: the task holds the pool's only thread while its parts wait
    // for one (they deadlocked before SortRanks and SortFilterTask gave the thread back).
    QTest::addRow("on a worker thread, one pool thread") << true << 1;
}

void TestTableSorting::init()
{
    QFETCH_GLOBAL(bool, onWorker);
    QFETCH_GLOBAL(int, poolThreads);
    QThreadPool::globalInstance()->setMaxThreadCount(poolThreads > 0 ? poolThreads
                                                                     : QThread::idealThreadCount());
    // A real locale, as people have (the C locale collates by code point only).
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    m_collator = QCollator();
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    makeModel({"_id", "name", "custom.Region", "custom.Seats", "updatedAt"});
    QCOMPARE(m_model->columnCount(), 5);
    m_proxy = std::make_unique<ObjectFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    if (onWorker)
        m_proxy->setSynchronousRowLimit(0);
    // The testers watch from here: checking every single-row append of the fill would take
    // minutes (tst_objecttablemodel watches a load page by page).
    for (int n = 0; n < 1000; ++n)
        m_model->appendRecord(randomRecord(n));
    QCOMPARE(m_model->rowCount(), 1000);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(), mode);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), mode);
}

void TestTableSorting::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
}

void TestTableSorting::makeModel(const QStringList &visibleColumns)
{
    const QJsonArray definitions {
        QJsonObject {{"_id", "cf1"}, {"name", "Region"}, {"type", "text"}, {"parent", "company"}},
        QJsonObject {{"_id", "cf2"}, {"name", "Seats"}, {"type", "number"}, {"parent", "company"}},
    };
    const ObjectType companies = CustomFieldCatalog::fromJson(definitions)
                                     .apply(*Schema::builtin().type(QStringLiteral("companies")));
    m_model = std::make_unique<ObjectTableModel>(companies, nullptr);
    m_model->setVisibleColumns(visibleColumns);
}

QJsonObject TestTableSorting::randomRecord(int n)
{
    QJsonObject record {{"_id", QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'))}};
    if (m_random.bounded(10) != 0)
        record.insert("name", names.at(m_random.bounded(int(names.size()))));
    QJsonObject custom;
    if (m_random.bounded(8) != 0)
        custom.insert("Region", regions.at(m_random.bounded(int(regions.size()))));
    const int seats = int(m_random.bounded(12));
    if (seats < 10)
        custom.insert("Seats", seats * 100 - 300 + (seats % 3 == 0 ? 0.5 : 0.0));
    else if (seats == 10)
        custom.insert("Seats", QJsonValue(QJsonValue::Null));
    record.insert("custom", custom);
    if (m_random.bounded(4) != 0) {
        const QDateTime at = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC)
                                 .addSecs(qint64(m_random.bounded(50)) * 86400);
        record.insert("updatedAt", at.toString(Qt::ISODateWithMs));
    }
    return record;
}

QList<int> TestTableSorting::referenceOrder(const QString &field, Qt::SortOrder order) const
{
    const int column = m_model->columnOf(field);
    const bool isDate = field == QLatin1String("updatedAt");
    const bool numeric = isDate || field == QLatin1String("custom.Seats");
    struct Cell
    {
        bool empty;
        double number;
        QString text;
    };
    QList<Cell> cells;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, column);
        const QJsonValue value = index.data(Qt::EditRole).toJsonValue();
        if (isDate) {
            const QDateTime at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
            cells.append(Cell {!at.isValid(), double(at.toMSecsSinceEpoch()), QString()});
        } else if (numeric) {
            cells.append(Cell {!value.isDouble(), value.toDouble(), QString()});
        } else {
            const QString text = index.data().toString();
            cells.append(Cell {text.isEmpty(), 0, text});
        }
    }
    const auto less = [&](int left, int right) {
        const Cell &a = cells.at(left);
        const Cell &b = cells.at(right);
        if (numeric)
            return a.number < b.number;
        return m_collator.compare(a.text, b.text) < 0;
    };
    QList<int> rows;
    for (int row = 0; row < cells.size(); ++row)
        rows.append(row);
    std::stable_sort(rows.begin(), rows.end(), [&](int left, int right) {
        const bool leftEmpty = cells.at(left).empty;
        const bool rightEmpty = cells.at(right).empty;
        if (leftEmpty || rightEmpty)
            return !leftEmpty && rightEmpty; // empty cells last in either order
        return order == Qt::AscendingOrder ? less(left, right) : less(right, left);
    });
    return rows;
}

bool TestTableSorting::settled() const
{
    return QTest::qWaitFor([this] { return !m_proxy->isBusy(); }, 10000);
}

QList<int> TestTableSorting::proxyOrder() const
{
    QList<int> rows;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        rows.append(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    return rows;
}

bool TestTableSorting::referenceMatch(int row, const QString &foldedText) const
{
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_model->index(row, column).data().toString().toCaseFolded().contains(foldedText))
            return true;
    }
    return false;
}

void TestTableSorting::sortsLikeReference_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<Qt::SortOrder>("order");
    for (const char *field : {"name", "custom.Region", "custom.Seats", "updatedAt"}) {
        QTest::addRow("%s ascending", field) << QString::fromLatin1(field) << Qt::AscendingOrder;
        QTest::addRow("%s descending", field) << QString::fromLatin1(field) << Qt::DescendingOrder;
    }
}

void TestTableSorting::sortsLikeReference()
{
    QFETCH(QString, field);
    QFETCH(Qt::SortOrder, order);
    const int column = m_model->columnOf(field);
    m_proxy->sort(column, order);
    QVERIFY(settled());
    const QList<int> expected = referenceOrder(field, order);
    QCOMPARE(proxyOrder(), expected);
    // Sorting again (ranks kept) gives the same order.
    m_proxy->sort(column, order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_proxy->sort(column, order);
    QVERIFY(settled());
    QCOMPARE(proxyOrder(), expected);
}

void TestTableSorting::rowsAddedWhileSortedArePlaced()
{
    const int column = m_model->columnOf("name");
    m_proxy->sort(column, Qt::AscendingOrder);
    QVERIFY(settled());
    // As pages arrive while sorted: the new rows are placed by their keys.
    for (int n = 1000; n < 1050; ++n)
        m_model->appendRecord(randomRecord(n));
    QVERIFY(settled());
    QCOMPARE(m_proxy->rowCount(), 1050);
    const QList<int> order = proxyOrder();
    for (int i = 1; i < order.size(); ++i) {
        const QString before = m_model->index(order.at(i - 1), column).data().toString();
        const QString after = m_model->index(order.at(i), column).data().toString();
        QVERIFY2(after.isEmpty() || (!before.isEmpty() && m_collator.compare(before, after) <= 0),
                 qPrintable(before + " > " + after));
    }
    m_proxy->sort(column, Qt::DescendingOrder);
    QVERIFY(settled());
    QCOMPARE(proxyOrder(), referenceOrder("name", Qt::DescendingOrder));
}

void TestTableSorting::filtersLikeReference()
{
    m_proxy->sort(m_model->columnOf("custom.Seats"), Qt::AscendingOrder);
    QVERIFY(settled());
    for (const QString &text : {QStringLiteral("acme"), QStringLiteral("Ä"),
                                QStringLiteral("ECLAIR"), QStringLiteral("1")}) {
        m_proxy->setQuickFilter(text);
        QVERIFY(settled());
        const QString folded = text.toCaseFolded();
        QList<int> expected;
        for (int row : referenceOrder("custom.Seats", Qt::AscendingOrder)) {
            if (referenceMatch(row, folded))
                expected.append(row);
        }
        QVERIFY2(!expected.isEmpty(), qPrintable(text));
        QCOMPARE(proxyOrder(), expected);
    }
    m_proxy->setQuickFilter(QString());
    QVERIFY(settled());
    const int region = m_model->columnOf("custom.Region");
    m_proxy->setColumnFilter(region, "em");
    QVERIFY(settled());
    QList<int> expected;
    for (int row : referenceOrder("custom.Seats", Qt::AscendingOrder)) {
        if (m_model->index(row, region).data().toString().toCaseFolded().contains(u"em"))
            expected.append(row);
    }
    QVERIFY(!expected.isEmpty());
    QCOMPARE(proxyOrder(), expected);
    m_proxy->clearFilters();
    QVERIFY(settled());
    QCOMPARE(m_proxy->rowCount(), m_model->rowCount());
}

void TestTableSorting::editsSurviveSortAndFilter()
{
    const int name = m_model->columnOf("name");
    m_proxy->sort(name, Qt::AscendingOrder);
    QVERIFY(settled());
    const QString id = m_model->objectId(734);
    QVERIFY(m_model->setData(m_model->index(734, name), QStringLiteral("Zzz edited")));
    QVERIFY(settled());
    QVERIFY(m_model->hasChanges());
    // The edited row moved to where its new value sorts.
    QCOMPARE(proxyOrder(), referenceOrder("name", Qt::AscendingOrder));
    m_proxy->sort(name, Qt::DescendingOrder);
    QVERIFY(settled());
    m_proxy->setQuickFilter("zzz");
    QVERIFY(settled());
    QCOMPARE(m_proxy->rowCount(), 1);
    const QModelIndex shown = m_proxy->index(0, name);
    QCOMPARE(shown.data().toString(), QStringLiteral("Zzz edited"));
    QVERIFY(shown.data(ObjectTableModel::ChangedRole).toBool());
    QCOMPARE(shown.data(ObjectTableModel::ObjectIdRole).toString(), id);
    m_proxy->setQuickFilter(QString());
    QVERIFY(settled());
    m_proxy->sort(m_model->columnOf("custom.Seats"), Qt::AscendingOrder);
    QVERIFY(settled());
    const int row = m_model->rowOf(id);
    QCOMPARE(m_model->index(row, name).data().toString(), QStringLiteral("Zzz edited"));
    QVERIFY(m_model->index(row, name).data(ObjectTableModel::ChangedRole).toBool());
    m_model->revertChanges();
    QVERIFY(settled());
    QVERIFY(!m_model->hasChanges());
    QVERIFY(m_model->index(row, name).data().toString() != QStringLiteral("Zzz edited"));
}

void TestTableSorting::deletingKeepsOrderAndFilter()
{
    const int region = m_model->columnOf("custom.Region");
    m_proxy->sort(m_model->columnOf("name"), Qt::DescendingOrder);
    QVERIFY(settled());
    m_proxy->setColumnFilter(region, "a");
    QVERIFY(settled());
    QStringList doomed;
    for (int row = 0; row < m_model->rowCount(); row += 7)
        doomed.append(m_model->objectId(row));
    doomed.append(QStringLiteral("not a record"));
    QCOMPARE(m_model->removeRecords(doomed), int(doomed.size()) - 1);
    QVERIFY(settled());
    QCOMPARE(m_model->rowCount(), 1000 - (int(doomed.size()) - 1));
    for (const QString &id : std::as_const(doomed))
        QCOMPARE(m_model->rowOf(id), -1);
    QList<int> expected;
    for (int row : referenceOrder("name", Qt::DescendingOrder)) {
        if (m_model->index(row, region).data().toString().toCaseFolded().contains(u"a"))
            expected.append(row);
    }
    QCOMPARE(proxyOrder(), expected);
    // Sorting and filtering again after the delete agree too.
    m_proxy->sort(m_model->columnOf("custom.Seats"), Qt::AscendingOrder);
    QVERIFY(settled());
    m_proxy->setColumnFilter(region, QString());
    QVERIFY(settled());
    QCOMPARE(proxyOrder(), referenceOrder("custom.Seats", Qt::AscendingOrder));
    // The record ids still lead to their rows.
    const QString kept = m_model->objectId(100);
    QCOMPARE(m_model->rowOf(kept), 100);
}

void TestTableSorting::numberAndDateTextsKeepToTheirCharacters_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates);
    QTest::addRow("de_DE") << QLocale(QLocale::German, QLocale::Germany);
    QTest::addRow("ar_EG") << QLocale(QLocale::Arabic, QLocale::Egypt);
    QTest::addRow("ja_JP") << QLocale(QLocale::Japanese, QLocale::Japan);
}

void TestTableSorting::numberAndDateTextsKeepToTheirCharacters()
{
    // A filter skips numbers and dates when its text has a character none of them can show
    // (ValueFormatter::possibleCharacters()): check that on random values.
    QFETCH(QLocale, locale);
    const ValueFormatter formatter(locale);
    const QString numberCharacters = formatter.possibleCharacters(FieldType::Number);
    const QString dateCharacters = formatter.possibleCharacters(FieldType::Date);
    QVERIFY(!numberCharacters.isEmpty());
    QVERIFY(!dateCharacters.isEmpty());
    FieldSpec numberField;
    numberField.type = FieldType::Number;
    FieldSpec dateField;
    dateField.type = FieldType::Date;
    const ObjectColumn number(numberField);
    const ObjectColumn date(dateField);
    for (int i = 0; i < 3000; ++i) {
        const double value = (m_random.generateDouble() - 0.5) * std::pow(10.0, i % 14);
        const QString numberText = formatter.displayText(number, value).toCaseFolded();
        for (QChar c : numberText)
            QVERIFY2(numberCharacters.contains(c), qPrintable(numberText));
        const QDateTime at = QDateTime(QDate(1990, 1, 1), QTime(0, 0), Qt::UTC)
                                 .addSecs(qint64(m_random.bounded(60 * 365)) * 86400
                                          + (i % 2 ? m_random.bounded(86400) : 0));
        const QString dateText
            = formatter.displayText(date, at.toString(Qt::ISODateWithMs)).toCaseFolded();
        for (QChar c : dateText)
            QVERIFY2(dateCharacters.contains(c), qPrintable(dateText));
    }
    // A word is in no number.
    QVERIFY(!numberCharacters.contains(u'q'));
}

void TestTableSorting::largeTablesSortAndFilterInPartsLikeReference()
{
    // Enough rows and distinct values that sorting (texts and numbers) and filtering run in
    // parts on the pool (SortRanks, SortFilterTask), with ties, empty cells, accents and
    // mixed case throughout: the parts must give the reference order and filter.
    QFETCH_GLOBAL(bool, onWorker);
    cleanup();
    makeModel({"_id", "name", "custom.Region", "custom.Seats", "updatedAt"});
    const QStringList words {"Acme",    "acme",  "Ärger", "arger", "éclair", "Eclair",
                             "Ölmühle", "omega", "Zeta",  "zeta",  "Straße", "STRASSE"};
    const int total = 40000;
    for (int n = 0; n < total; ++n) {
        QJsonObject record {{"_id", QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'))}};
        if (m_random.bounded(12) != 0) {
            // Mostly distinct names (more than parallelMinimum), some repeated.
            const int number = int(m_random.bounded(total * 2));
            record.insert("name",
                          QStringLiteral("%1 %2 %3")
                              .arg(words.at(m_random.bounded(int(words.size()))),
                                   words.at(m_random.bounded(int(words.size()))))
                              .arg(number));
        }
        QJsonObject custom;
        if (m_random.bounded(8) != 0)
            custom.insert("Region", regions.at(m_random.bounded(int(regions.size()))));
        if (m_random.bounded(10) != 0)
            custom.insert("Seats", double(m_random.bounded(400000)) / 4);
        record.insert("custom", custom);
        // Distinct minutes, so filtering formats (and caches) date texts in every part.
        if (m_random.bounded(6) != 0) {
            const QDateTime when = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC)
                                       .addSecs(qint64(m_random.bounded(500000)) * 60);
            record.insert("updatedAt", when.toString(Qt::ISODateWithMs));
        }
        m_model->appendRecord(record);
    }
    m_proxy = std::make_unique<ObjectFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    if (onWorker)
        m_proxy->setSynchronousRowLimit(0);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(), mode);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), mode);

    for (const char *field : {"name", "custom.Seats"}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            m_proxy->sort(m_model->columnOf(QString::fromLatin1(field)), order);
            QVERIFY(settled());
            QCOMPARE(proxyOrder(), referenceOrder(QString::fromLatin1(field), order));
        }
    }
    m_proxy->sort(m_model->columnOf("name"), Qt::DescendingOrder);
    QVERIFY(settled());
    const QList<int> byName = proxyOrder(); // equal to the reference, as checked above
    for (const QString &text :
         {QStringLiteral("ärger 1"), QStringLiteral("strasse"), QStringLiteral(":3")}) {
        m_proxy->setQuickFilter(text);
        QVERIFY(settled());
        const QString folded = text.toCaseFolded();
        QList<int> expected;
        for (int row : byName) {
            if (referenceMatch(row, folded))
                expected.append(row);
        }
        QVERIFY2(expected.size() > 100, qPrintable(text));
        QCOMPARE(proxyOrder(), expected);
    }
}

void TestTableSorting::keysAlikeInTheirFirstBytesSortLikeReference_data()
{
    QTest::addColumn<QLocale>("locale");
    // In the C locale a key is the text's bytes: names of 16 characters end just where the
    // sort's first pass of sixteen bytes does.
    QTest::addRow("C") << QLocale::c();
    QTest::addRow("German") << QLocale(QLocale::German, QLocale::Germany);
}

void TestTableSorting::keysAlikeInTheirFirstBytesSortLikeReference()
{
    // Many names alike in their first bytes, some of them ending there: the sort goes past
    // the bytes they share, and equal names keep the order they arrived in.
    QFETCH_GLOBAL(bool, onWorker);
    QFETCH(QLocale, locale);
    cleanup();
    QLocale::setDefault(locale);
    m_collator = QCollator();
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    makeModel({"_id", "name"});
    QStringList names;
    for (const QString &base :
         {QStringLiteral("abcdefghijklmnop"), QStringLiteral("abcdefghijklmnopqrstuvwxyzabcdef"),
          QStringLiteral("Northwind Holdings"),
          QStringLiteral("Northwind Holdings Internationa")}) {
        for (int cut = 12; cut <= base.size(); ++cut)
            names.append(base.left(cut));
        for (int n = 0; n < 30; ++n)
            names.append(base + QStringLiteral("q%1").arg(n));
    }
    for (int n = 0; n < 3000; ++n) {
        QJsonObject record {{"_id", QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'))}};
        record.insert("name", names.at(m_random.bounded(int(names.size()))));
        m_model->appendRecord(record);
    }
    m_proxy = std::make_unique<ObjectFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    if (onWorker)
        m_proxy->setSynchronousRowLimit(0);
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        m_proxy->sort(m_model->columnOf("name"), order);
        QVERIFY(settled());
        QCOMPARE(proxyOrder(), referenceOrder(QStringLiteral("name"), order));
    }
}

QTEST_GUILESS_MAIN(TestTableSorting)
#include "tst_tablesorting.moc"
