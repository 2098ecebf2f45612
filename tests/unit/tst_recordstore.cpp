// SPDX-License-Identifier: MIT
// RecordStore: records kept column by column come back exactly as stored, values per column,
// edits, replacements and removed rows.
#include "models/internpool.h"
#include "models/objectcolumn.h"
#include "models/recordstore.h"
#include "models/rowruns.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Planhat;

class TestRecordStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recordsComeBackExactly_data();
    void recordsComeBackExactly();
    void randomRecordsRoundTrip();
    void valuesPerColumn();
    void setValueAndReplace();
    void removedRowsKeepTheirSlots();
    void rowRunsGoInOnePass();
    void idsFindTheirFirstSlot();
    void rawRowsMatchParsedRecords_data();
    void rawRowsMatchParsedRecords();
    void blocksAppendLikeRecords();
    void extrasAreKeptOnce();
    void rawRowsThatAreNoObjectsLeaveEmptySlots();
    void rowRunsFromTheEnd();
    void internPoolKeepsIdsWhileItGrows();
    void internPoolBlocksAndCopies();
    void internPoolCopiesWhileTheNextTableIsZeroed();
    void internPoolTakesKeptHashes();

private:
    QList<ObjectColumn> m_columns;
    int columnOf(const QString &name) const;
};

void TestRecordStore::initTestCase()
{
    // Companies with two custom fields, as a tenant's catalog adds them.
    QJsonArray definitions {
        QJsonObject {{"_id", "cf1"}, {"name", "Region"}, {"type", "text"}, {"parent", "company"}},
        QJsonObject {{"_id", "cf2"}, {"name", "Seats"}, {"type", "number"}, {"parent", "company"}},
    };
    const ObjectType companies = CustomFieldCatalog::fromJson(definitions)
                                     .apply(*Schema::builtin().type(QStringLiteral("companies")));
    m_columns = ObjectColumn::columnsFor(companies);
    QVERIFY(columnOf("custom.Region") >= 0);
    QVERIFY(columnOf("custom") >= 0);
}

int TestRecordStore::columnOf(const QString &name) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).name() == name)
            return i;
    }
    return -1;
}

void TestRecordStore::recordsComeBackExactly_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QByteArray(R"({"_id":"a1","name":"Acme","csmScore":3})");
    QTest::newRow("dates in both forms and odd ones")
        << QByteArray(R"({"_id":"a2","createdAt":"2021-05-12T03:00:00.000Z",)"
                      R"("updatedAt":"2021-05-12","custom":{"Region":"2021-02-31"}})");
    QTest::newRow("negative and fractional numbers, huge integers")
        << QByteArray(R"({"_id":"a3","csmScore":-2.5,"custom":{"Seats":12345678901234567890}})");
    QTest::newRow("lists of strings, of numbers, empty lists")
        << QByteArray(R"({"_id":"a4","tags":["x","ä","x"],"domains":[],"other":[1,"a"]})");
    QTest::newRow("nulls, booleans, objects")
        << QByteArray(R"({"_id":"a5","name":null,"custom":{"Seats":null,"Flag":true},)"
                      R"("usage":{"a":{"b":1}}})");
    QTest::newRow("custom empty") << QByteArray(R"({"_id":"a6","custom":{}})");
    QTest::newRow("custom not an object") << QByteArray(R"({"_id":"a7","custom":null})");
    QTest::newRow("unknown custom keys only")
        << QByteArray(R"({"_id":"a8","custom":{"Unknown":"u"}})");
    QTest::newRow("no id, accents and emoji")
        << QByteArray(R"({"name":"Ærøskøbing 😀 café","phase":""})");
}

void TestRecordStore::recordsComeBackExactly()
{
    QFETCH(QByteArray, json);
    const QJsonObject record = QJsonDocument::fromJson(json).object();
    QVERIFY(!record.isEmpty());
    RecordStore store(m_columns);
    store.append({QJsonObject {{"_id", "before"}}, record});
    QCOMPARE(store.record(1), record);
    QCOMPARE(store.record(0), (QJsonObject {{"_id", "before"}}));
    for (int c = 0; c < m_columns.size(); ++c) {
        QVERIFY2(store.value(1, c) == m_columns.at(c).valueIn(record),
                 qPrintable(m_columns.at(c).name()));
    }
}

void TestRecordStore::randomRecordsRoundTrip()
{
    QRandomGenerator random(13);
    const QStringList words {"Acme", "acme", "Ärger", "", "zeta", "Zeta", "éclair", "10", "9"};
    QList<QJsonObject> records;
    for (int i = 0; i < 2000; ++i) {
        QJsonObject record {{"_id", QStringLiteral("id%1").arg(i)}};
        if (random.bounded(4) != 0)
            record.insert("name", words.at(random.bounded(int(words.size()))));
        if (random.bounded(3) == 0)
            record.insert("csmScore", random.bounded(5) - 2 + (random.bounded(2) ? 0.5 : 0.0));
        if (random.bounded(3) == 0) {
            const qint64 ms = qint64(random.bounded(4000000)) * 1000000 + random.bounded(1000);
            record.insert("updatedAt",
                          QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
        }
        QJsonObject custom;
        if (random.bounded(2))
            custom.insert("Region", words.at(random.bounded(int(words.size()))));
        if (random.bounded(2))
            custom.insert("Seats", random.bounded(1000));
        if (random.bounded(10) == 0)
            custom.insert("Unknown", QJsonArray {1, 2});
        if (!custom.isEmpty() || random.bounded(2))
            record.insert("custom", custom);
        if (random.bounded(2))
            record.insert("tags", QJsonArray {words.at(random.bounded(int(words.size())))});
        records.append(record);
    }
    RecordStore store(m_columns);
    store.append(records.mid(0, 700));
    store.append(records.mid(700));
    QCOMPARE(store.rowCount(), 2000);
    for (int i = 0; i < records.size(); ++i)
        QVERIFY2(store.record(i) == records.at(i), qPrintable(QString::number(i)));
}

void TestRecordStore::valuesPerColumn()
{
    RecordStore store(m_columns);
    store.append({QJsonObject {{"_id", "a"},
                               {"name", "Acme"},
                               {"updatedAt", "2021-05-12T03:00:00.000Z"},
                               {"custom", QJsonObject {{"Seats", 12}, {"Region", "EMEA"}}}},
                  QJsonObject {{"_id", "b"}, {"name", "Acme"}}});
    const int name = columnOf("name");
    const int seats = columnOf("custom.Seats");
    const int updated = columnOf("updatedAt");
    // Equal strings share one pool entry.
    QCOMPARE(store.code(0, name), store.code(1, name));
    QCOMPARE(store.stringCount(name), size_t(1));
    QCOMPARE(RecordStore::tagOf(store.code(0, seats)), RecordStore::Tag::Number);
    QCOMPARE(store.number(0, seats), 12.0);
    QCOMPARE(RecordStore::tagOf(store.code(1, seats)), RecordStore::Tag::Missing);
    QCOMPARE(RecordStore::tagOf(store.code(0, updated)), RecordStore::Tag::Date);
    QCOMPARE(store.number(0, updated),
             double(QDateTime::fromString("2021-05-12T03:00:00.000Z", Qt::ISODateWithMs)
                        .toMSecsSinceEpoch()));
    QCOMPARE(store.value(0, columnOf("custom")),
             QJsonValue(QJsonObject {{"Seats", 12}, {"Region", "EMEA"}}));
    QVERIFY(store.value(1, columnOf("custom")).isUndefined());
}

void TestRecordStore::setValueAndReplace()
{
    RecordStore store(m_columns);
    store.append({QJsonObject {{"_id", "a"}, {"name", "Acme"}}});
    const int name = columnOf("name");
    const quint64 version = store.version(name);
    store.setValue(0, "name", QJsonValue("Beta"));
    QVERIFY(store.version(name) != version);
    store.setValue(0, "custom.Region", QJsonValue("APAC"));
    store.setValue(0, "custom.Unknown", QJsonValue(7));
    QCOMPARE(store.record(0),
             (QJsonObject {{"_id", "a"},
                           {"name", "Beta"},
                           {"custom", QJsonObject {{"Region", "APAC"}, {"Unknown", 7}}}}));
    store.setValue(0, "name", QJsonValue(QJsonValue::Null));
    QCOMPARE(store.value(0, name), QJsonValue(QJsonValue::Null));
    const QJsonObject replaced {{"_id", "a"}, {"phase", "Onboarding"}};
    store.replace(0, replaced);
    QCOMPARE(store.record(0), replaced);
}

void TestRecordStore::removedRowsKeepTheirSlots()
{
    RecordStore store(m_columns);
    QList<QJsonObject> records;
    for (int i = 0; i < 10; ++i)
        records.append(QJsonObject {{"_id", QString::number(i)}});
    store.append(records);
    store.removeRows(2, 4);
    store.removeRows(0, 0);
    QCOMPARE(store.rowCount(), 6);
    QCOMPARE(store.slotCount(), 10);
    QCOMPARE(store.slotOf(0), 1);
    QCOMPARE(store.slotOf(1), 5);
    QCOMPARE(store.rowOfSlot(5), 1);
    QCOMPARE(store.rowOfSlot(3), -1);
    QCOMPARE(store.id(store.slotOf(1)), QStringLiteral("5"));
    store.append({QJsonObject {{"_id", "new"}}});
    QCOMPARE(store.rowOfSlot(10), 6);
}

void TestRecordStore::rowRunsGoInOnePass()
{
    RecordStore store(m_columns);
    RecordStore byRun(m_columns);
    QList<QJsonObject> records;
    for (int i = 0; i < 50; ++i)
        records.append(QJsonObject {{"_id", QString::number(i)}});
    store.append(records);
    byRun.append(records);
    const std::vector<std::pair<int, int>> runs {{40, 49}, {3, 3}, {10, 14}, {0, 1}, {16, 16}};
    store.removeRowRuns(runs);
    for (const auto &[first, last] : RowRuns::fromTheEnd(
             {40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 3, 10, 11, 12, 13, 14, 0, 1, 16}))
        byRun.removeRows(first, last);
    QCOMPARE(store.rowCount(), 50 - 19);
    QCOMPARE(store.rowCount(), byRun.rowCount());
    for (int row = 0; row < store.rowCount(); ++row)
        QCOMPARE(store.slotOf(row), byRun.slotOf(row));
    QCOMPARE(store.slotOf(0), 2);
    QCOMPARE(store.slotOf(1), 4);
    QCOMPARE(store.slotOf(7), 15);
    QCOMPARE(store.slotOf(store.rowCount() - 1), 39);
    QCOMPARE(store.rowOfSlot(17), 8);
    QCOMPARE(store.rowOfSlot(16), -1);
}

void TestRecordStore::idsFindTheirFirstSlot()
{
    RecordStore store(m_columns);
    store.append({QJsonObject {{"_id", "a"}}, QJsonObject {{"_id", "b"}}});
    QVERIFY(!store.hasDuplicateIds());
    store.append({QJsonObject {{"_id", "a"}, {"name", "again"}}});
    QVERIFY(store.hasDuplicateIds());
    QCOMPARE(store.slotOfId("a"), 0);
    QCOMPARE(store.slotOfId("b"), 1);
    QCOMPARE(store.slotOfId("c"), -1);
    store.clear();
    QCOMPARE(store.rowCount(), 0);
    QCOMPARE(store.slotOfId("a"), -1);
}

namespace {

/// A list page's rows as ListJob hands them over in RowFormat::Raw.
RawRows rawRowsOf(const QList<QByteArray> &rows)
{
    RawRows raw;
    raw.body = "[";
    for (const QByteArray &row : rows) {
        if (raw.body.size() > 1)
            raw.body += ",\n ";
        raw.spans.append({raw.body.size(), row.size()});
        raw.body += row;
    }
    raw.body += "]";
    raw.body.reserve(raw.body.size() + RawRows::padding);
    return raw;
}

QByteArray compact(const QJsonObject &record)
{
    return QJsonDocument(record).toJson(QJsonDocument::Compact);
}

} // namespace

void TestRecordStore::rawRowsMatchParsedRecords_data()
{
    recordsComeBackExactly_data();
    QTest::newRow("escapes in keys and values, unicode escapes")
        << QByteArray(R"({"_id":"a9","name":"Say \"hi\"\n\u00e9\ud83d\ude00","we\"ird":1,)"
                      R"("custom":{"Re\u0067ion":"x"}})");
    QTest::newRow("numbers in every form")
        << QByteArray(R"({"_id":"a10","csmScore":1.0,"mrr":-0.25,"arr":1e3,"custom":)"
                      R"({"Seats":-9223372036854775808},"big":18446744073709551615})");
    QTest::newRow("nested extras beside columns")
        << QByteArray(R"({"_id":"a11","custom":{"Region":"EMEA","deep":{"x":[{"y":null}]}},)"
                      R"("__v":0})");
    QTest::newRow("duplicate list entries and lists of lists")
        << QByteArray(R"({"_id":"a12","tags":["b","a","b"],"domains":[["x"]]})");
}

void TestRecordStore::rawRowsMatchParsedRecords()
{
    QFETCH(QByteArray, json);
    const QJsonObject record = QJsonDocument::fromJson(json).object();
    QVERIFY(!record.isEmpty());
    RecordStore parsed(m_columns);
    parsed.append({QJsonObject {{"_id", "before"}}, record});
    RecordStore raw(m_columns);
    raw.append(rawRowsOf({R"({"_id":"before"})", json}));
    QCOMPARE(raw.rowCount(), 2);
    QCOMPARE(raw.record(1), record);
    QCOMPARE(raw.record(0), (QJsonObject {{"_id", "before"}}));
    for (int c = 0; c < m_columns.size(); ++c) {
        QVERIFY2(raw.value(1, c) == parsed.value(1, c), qPrintable(m_columns.at(c).name()));
        if (raw.isStored(c))
            QVERIFY2(RecordStore::tagOf(raw.code(1, c)) == RecordStore::tagOf(parsed.code(1, c)),
                     qPrintable(m_columns.at(c).name()));
    }
    QCOMPARE(raw.slotOfId("a1"), parsed.slotOfId("a1"));
}

void TestRecordStore::blocksAppendLikeRecords()
{
    QRandomGenerator random(7);
    const QStringList words {"Acme", "acme", "Ärger", "", "zeta", "éclair", "10", "9"};
    QList<QJsonObject> records;
    for (int i = 0; i < 1500; ++i) {
        QJsonObject record {{"_id", QStringLiteral("id%1").arg(i % 1400)}}; // a few twice
        if (random.bounded(4) != 0)
            record.insert("name", words.at(random.bounded(int(words.size()))));
        if (random.bounded(3) == 0)
            record.insert("csmScore", random.bounded(5) - 2 + (random.bounded(2) ? 0.5 : 0.0));
        if (random.bounded(3) == 0)
            record.insert("updatedAt", "2021-05-12T03:00:00.000Z");
        QJsonObject custom;
        if (random.bounded(2))
            custom.insert("Region", words.at(random.bounded(int(words.size()))));
        if (random.bounded(10) == 0)
            custom.insert("Unknown", QJsonArray {1, 2});
        if (!custom.isEmpty())
            record.insert("custom", custom);
        if (random.bounded(2))
            record.insert("tags", QJsonArray {words.at(random.bounded(int(words.size()))), "x"});
        if (random.bounded(5) == 0)
            record.insert("other", QJsonObject {{"n", i}});
        if (random.bounded(2))
            record.insert("__v", random.bounded(2));
        records.append(record);
    }
    // The table holds rows already (one removed, one edited) when blocks come in.
    RecordStore table(m_columns);
    table.append(records.mid(0, 300));
    table.removeRows(10, 10);
    table.setValue(table.slotOf(20), "name", QJsonValue("edited"));
    QCOMPARE(table.rowOfSlot(11), 10); // the row index exists before the blocks come
    for (qsizetype from = 300; from < records.size(); from += 500) {
        QList<QByteArray> rows;
        for (const QJsonObject &record : records.mid(from, 500))
            rows.append(compact(record));
        RecordStore block(m_columns);
        block.append(rawRowsOf(rows));
        table.append(block);
    }
    QCOMPARE(table.slotCount(), 1500);
    QCOMPARE(table.rowCount(), 1499);
    for (int slot = 300; slot < records.size(); ++slot) {
        QVERIFY2(table.record(slot) == records.at(slot), qPrintable(QString::number(slot)));
        QCOMPARE(table.rowOfSlot(slot), slot - 1);
    }
    QCOMPARE(table.value(table.slotOf(20), columnOf("name")), QJsonValue("edited"));
    // Strings of the blocks share the table's pool: equal names, equal codes.
    const int name = columnOf("name");
    for (int slot = 0; slot < 1500; ++slot) {
        if (slot == 21 || records.at(slot).value("name") != records.at(0).value("name"))
            continue;
        QCOMPARE(table.code(slot, name), table.code(0, name));
    }
    QCOMPARE(table.slotOfId("id5"), 5);
    QCOMPARE(table.slotOfId("id1399"), 1399);
    QVERIFY(table.hasDuplicateIds());
}

void TestRecordStore::extrasAreKeptOnce()
{
    RecordStore store(m_columns);
    QList<QByteArray> rows;
    for (int i = 0; i < 100; ++i)
        rows.append(QStringLiteral(R"({"_id":"e%1","__v":0,"name":"n"})").arg(i).toUtf8());
    store.append(rawRowsOf(rows));
    for (int slot = 0; slot < 100; ++slot)
        QCOMPARE(store.record(slot).value("__v"), QJsonValue(0));
    // Editing a field under an extra-bearing record keeps the extra.
    store.setValue(3, "name", QJsonValue("m"));
    QCOMPARE(store.record(3), (QJsonObject {{"_id", "e3"}, {"__v", 0}, {"name", "m"}}));
    store.replace(4, QJsonObject {{"_id", "e4"}});
    QCOMPARE(store.record(4), (QJsonObject {{"_id", "e4"}}));
    QCOMPARE(store.record(5).value("__v"), QJsonValue(0));
}

void TestRecordStore::rawRowsThatAreNoObjectsLeaveEmptySlots()
{
    const auto idsOf = [](const RecordStore &store) {
        QStringList ids;
        for (int row = 0; row < store.rowCount(); ++row)
            ids.append(store.record(store.slotOf(row)).value("_id").toString());
        return ids;
    };
    // Values that are no objects leave empty slots.
    RecordStore together(m_columns);
    together.append(rawRowsOf({R"({"_id":"a","name":"A"})", "[1,2]", R"({"_id":"b","__v":1})",
                               "null", R"({"_id":"c"})"}));
    QCOMPARE(together.slotCount(), 5);
    QCOMPARE(idsOf(together), (QStringList {"a", "b", "c"}));
    QCOMPARE(together.record(2), (QJsonObject {{"_id", "b"}, {"__v", 1}}));
    // A row that is not JSON: the others are still read.
    RecordStore broken(m_columns);
    broken.append(rawRowsOf({R"({"_id":"a"})", R"({"_id":"x",})", R"({"_id":"c","name":"C"})"}));
    QCOMPARE(idsOf(broken), (QStringList {"a", "c"}));
    QCOMPARE(broken.record(2), (QJsonObject {{"_id", "c"}, {"name", "C"}}));
    // Rows that do not lie back to back (one of the page left out): only those asked for.
    RawRows page = rawRowsOf({R"({"_id":"a"})", R"({"_id":"skipped"})", R"({"_id":"c"})"});
    page.spans.removeAt(1);
    RecordStore apart(m_columns);
    apart.append(page);
    QCOMPARE(apart.slotCount(), 2);
    QCOMPARE(idsOf(apart), (QStringList {"a", "c"}));
    // In another order than the page's.
    RawRows swapped = rawRowsOf({R"({"_id":"a"})", R"({"_id":"b"})"});
    swapped.spans.swapItemsAt(0, 1);
    RecordStore reordered(m_columns);
    reordered.append(swapped);
    QCOMPARE(idsOf(reordered), (QStringList {"b", "a"}));
}

void TestRecordStore::rowRunsFromTheEnd()
{
    using Runs = std::vector<std::pair<int, int>>;
    QCOMPARE(RowRuns::fromTheEnd({}), Runs());
    QCOMPARE(RowRuns::fromTheEnd({4}), (Runs {{4, 4}}));
    QCOMPARE(RowRuns::fromTheEnd({9, 2, 3, 3, 7, 8, 0}), (Runs {{7, 9}, {2, 3}, {0, 0}}));
    // Removing the runs in this order from a list removes exactly the rows asked for.
    std::vector<int> rows(20);
    for (int i = 0; i < 20; ++i)
        rows[size_t(i)] = i;
    for (const auto &[first, last] : RowRuns::fromTheEnd({19, 0, 5, 6, 12, 11, 10}))
        rows.erase(rows.begin() + first, rows.begin() + last + 1);
    QCOMPARE(rows, (std::vector<int> {1, 2, 3, 4, 7, 8, 9, 13, 14, 15, 16, 17, 18}));
}

void TestRecordStore::internPoolKeepsIdsWhileItGrows()
{
    // The pool's table grows in steps (ids move a few per intern()): strings seen before
    // must keep their id whether or not they moved yet, and new ones must get new ids.
    InternPool<char> pool;
    QList<QByteArray> texts;
    for (int i = 0; i < 20000; ++i)
        texts.append(QByteArray::number(i * 7919) + "-text");
    for (int i = 0; i < texts.size(); ++i) {
        QCOMPARE(pool.intern(texts.at(i).constData(), size_t(texts.at(i).size())), quint32(i));
        // Earlier strings again, from long ago (moved) and just before a growth (not yet).
        for (int back : {i / 2, i - 1, i / 7}) {
            if (back < 0)
                continue;
            const QByteArray &again = texts.at(back);
            QCOMPARE(pool.intern(again.constData(), size_t(again.size())), quint32(back));
            QCOMPARE(pool.find(again.constData(), size_t(again.size())), quint32(back));
        }
        QCOMPARE(pool.size(), size_t(i) + 1);
    }
    for (int i = 0; i < texts.size(); ++i) {
        QCOMPARE(pool.find(texts.at(i).constData(), size_t(texts.at(i).size())), quint32(i));
        QCOMPARE(QByteArray(pool.data(quint32(i)), qsizetype(pool.length(quint32(i)))),
                 texts.at(i));
    }
    QCOMPARE(pool.find("absent", 6), InternPool<char>::noId);
    InternPool<char> copy = pool; // as a shared column is copied before a change
    QCOMPARE(copy.intern("new", 3), quint32(texts.size()));
    QCOMPARE(copy.find(texts.at(5).constData(), size_t(texts.at(5).size())), quint32(5));
    QCOMPARE(pool.find("new", 3), InternPool<char>::noId);
    pool.clear();
    QCOMPARE(pool.find(texts.at(5).constData(), size_t(texts.at(5).size())),
             InternPool<char>::noId);
    QCOMPARE(pool.intern("new", 3), quint32(0));
}

void TestRecordStore::internPoolBlocksAndCopies()
{
    // Sequences go into blocks that never move: ones that do not fit the last block start a
    // new one, empty ones and ones longer than a block included; copies add to blocks of
    // their own.
    InternPool<char> pool;
    QList<QByteArray> texts;
    for (int i = 0; i < 30000; ++i) {
        if (i == 100)
            texts.append(QByteArray()); // empty
        else if (i % 9000 == 17)
            texts.append(QByteArray(200000 + i, char('a' + i % 26))); // longer than a block
        else
            texts.append(QByteArray::number(i) + QByteArray(i % 41, 'x'));
    }
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(pool.intern(texts.at(i).constData(), size_t(texts.at(i).size())), quint32(i));
    const auto check = [](const InternPool<char> &pool, const QList<QByteArray> &texts) {
        QCOMPARE(pool.size(), size_t(texts.size()));
        for (int i = 0; i < texts.size(); ++i) {
            QCOMPARE(pool.length(quint32(i)), size_t(texts.at(i).size()));
            if (QByteArrayView(pool.data(quint32(i)), qsizetype(pool.length(quint32(i))))
                != texts.at(i))
                QFAIL(qPrintable(QStringLiteral("sequence %1 changed").arg(i)));
        }
    };
    check(pool, texts);
    if (QTest::currentTestFailed())
        return;

    InternPool<char> copy = pool;
    QList<QByteArray> copyTexts = texts;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray mine = "pool-" + QByteArray::number(i);
        const QByteArray theirs = "copy-" + QByteArray::number(i) + QByteArray(i % 5, 'y');
        QCOMPARE(pool.intern(mine.constData(), size_t(mine.size())), quint32(texts.size()));
        texts.append(mine);
        QCOMPARE(copy.intern(theirs.constData(), size_t(theirs.size())), quint32(copyTexts.size()));
        copyTexts.append(theirs);
    }
    check(pool, texts);
    check(copy, copyTexts);
    QCOMPARE(copy.find("pool-5", 6), InternPool<char>::noId);
    QCOMPARE(pool.find("copy-5", 6), InternPool<char>::noId);
}

void TestRecordStore::internPoolCopiesWhileTheNextTableIsZeroed()
{
    // From 3/8 full on, the table of the next growth is zeroed a piece per intern(). A copy
    // made at any point of that (a shared column copied before a change) must grow from what
    // it copied, and the original must go on as if no copy was made.
    QList<QByteArray> texts;
    for (int i = 0; i < 3000; ++i)
        texts.append("t" + QByteArray::number(i * 104729));
    InternPool<char> pool;
    const auto internAll = [&texts](InternPool<char> *into, int from, int to) {
        for (int i = from; i < to; ++i) {
            if (into->intern(texts.at(i).constData(), size_t(texts.at(i).size())) != quint32(i))
                return false;
        }
        return true;
    };
    const auto findsAll = [&texts](const InternPool<char> &in, int count) {
        for (int i = 0; i < texts.size(); ++i) {
            const quint32 found = in.find(texts.at(i).constData(), size_t(texts.at(i).size()));
            if (found != (i < count ? quint32(i) : InternPool<char>::noId))
                return false;
        }
        return true;
    };
    for (int made = 0; made < 1100; ++made) {
        QVERIFY(internAll(&pool, made, made + 1));
        // Copies past 3/8 of the tables of 64 to 4,096 ids, and some more.
        if (made % 7 != 0 && !(made > 760 && made < 1030))
            continue;
        InternPool<char> copy(pool);
        QVERIFY2(internAll(&copy, made + 1, int(texts.size())),
                 qPrintable(QStringLiteral("copy made at %1").arg(made)));
        QVERIFY2(findsAll(copy, int(texts.size())),
                 qPrintable(QStringLiteral("copy made at %1").arg(made)));
        InternPool<char> assigned;
        assigned.intern("other", 5);
        assigned = pool;
        QVERIFY(internAll(&assigned, made + 1, made + 300));
        QVERIFY(findsAll(assigned, made + 300));
    }
    QVERIFY(findsAll(pool, 1100));
    QVERIFY(internAll(&pool, 1100, int(texts.size())));
    QVERIFY(findsAll(pool, int(texts.size())));
}

void TestRecordStore::internPoolTakesKeptHashes()
{
    // A block's pool keeps each sequence's hash; interning into the table's pool with it
    // gives the ids interning the text gives.
    InternPool<char> block;
    InternPool<char> table;
    InternPool<char> reference;
    for (int i = 0; i < 5000; ++i) {
        const QByteArray text = "row-" + QByteArray::number(i % 3700);
        block.intern(text.constData(), size_t(text.size()));
    }
    for (int i = 0; i < 1000; ++i) {
        const QByteArray text = "row-" + QByteArray::number(3000 + i);
        table.intern(text.constData(), size_t(text.size()));
        reference.intern(text.constData(), size_t(text.size()));
    }
    for (quint32 id = 0; id < block.size(); ++id) {
        QCOMPARE(block.hash(id), InternPool<char>::hashOf(block.data(id), block.length(id)));
        table.prefetch(block.hash(id));
        QCOMPARE(table.intern(block.data(id), block.length(id), block.hash(id)),
                 reference.intern(block.data(id), block.length(id)));
    }
    QCOMPARE(table.size(), size_t(3700 + 300));
    QCOMPARE(table.size(), reference.size());
}

QTEST_GUILESS_MAIN(TestRecordStore)
#include "tst_recordstore.moc"
