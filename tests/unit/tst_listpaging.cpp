// SPDX-License-Identifier: MIT
#include "api/listpaging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTest>
#include <QUrl>

using namespace Planhat;

class TestListPaging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noIdsNoGroups();
    void fewIdsOneGroup();
    void manyIdsStayUnderTheLimit_data();
    void manyIdsStayUnderTheLimit();
    void groupsAreFilledExactlyToTheLimit();
    void overlongIdTravelsAlone();
    void blanksAndRepeatsAreDropped();
    void pageQuery();
    void pageQueryAsksForAStableOrderAndIds();
    void rowIdSet();
    void rowIdSetKeepsObjectIdsCompact();
    void rowIdSetInAnyOrder_data();
    void rowIdSetInAnyOrder();
    void parsePage_data();
    void parsePage();
    void parsePageRaw_data();
    void parsePageRaw();
    void parsePageRawOneAfterAnother();
    void parsePageRawSharesAPaddedBody();
};

namespace {

QString objectId(int n)
{
    return QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'));
}

/// A compact JSON array of `count` objects whose text grows with `width`.
QByteArray page(int count, int width, int firstId = 0)
{
    QByteArray body = "[";
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            body += ',';
        body += R"({"_id":")" + objectId(firstId + i).toLatin1() + R"(","name":")"
            + QByteArray(width + i % 7, 'x') + R"(","custom":{"n":)" + QByteArray::number(i) + "}}";
    }
    body += ']';
    return body;
}

/// Checks what parsePageRaw() made of `body` against Qt's reading of it.
void verifyRawPage(const ListPaging::ParsedPage &parsed, const QByteArray &body)
{
    const ListPaging::ParsedPage objects = ListPaging::parsePage(body);
    QCOMPARE(parsed.error, objects.error);
    QCOMPARE(parsed.rowCount(), objects.rows.size());
    QCOMPARE(parsed.ids.size(), objects.rows.size());
    if (parsed.error.isEmpty())
        QVERIFY(parsed.raw.body.capacity() - parsed.raw.body.size() >= RawRows::padding);
    for (qsizetype i = 0; i < objects.rows.size(); ++i) {
        const QJsonObject row = objects.rows.at(i);
        QCOMPARE(parsed.ids.at(i), row.value(QLatin1String("_id")).toString());
        QCOMPARE(QJsonDocument::fromJson(parsed.raw.row(i).toByteArray()).object(), row);
    }
}

qsizetype joinedEncodedLength(const QStringList &group)
{
    qsizetype length = qMax<qsizetype>(0, group.size() - 1);
    for (const QString &id : group)
        length += QUrl::toPercentEncoding(id).size();
    return length;
}

} // namespace

void TestListPaging::noIdsNoGroups()
{
    QVERIFY(ListPaging::splitIdGroups({}).isEmpty());
}

void TestListPaging::fewIdsOneGroup()
{
    const QStringList ids {objectId(1), objectId(2), objectId(3)};
    const QList<QStringList> groups = ListPaging::splitIdGroups(ids);
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first(), ids);
}

void TestListPaging::manyIdsStayUnderTheLimit_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("expectedGroups");
    // 24-char ids + comma: 72 fit in 1800 (72*24 + 71 = 1799)
    QTest::newRow("72") << 72 << 1;
    QTest::newRow("73") << 73 << 2;
    QTest::newRow("1000") << 1000 << 14;
}

void TestListPaging::manyIdsStayUnderTheLimit()
{
    QFETCH(int, count);
    QFETCH(int, expectedGroups);
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids.append(objectId(i));
    const QList<QStringList> groups = ListPaging::splitIdGroups(ids);
    QCOMPARE(groups.size(), expectedGroups);
    QStringList rejoined;
    for (const QStringList &group : groups) {
        QVERIFY2(joinedEncodedLength(group) <= ListPaging::maxJoinedIdLength,
                 qPrintable(QString::number(joinedEncodedLength(group))));
        rejoined += group;
    }
    QCOMPARE(rejoined, ids);
}

void TestListPaging::groupsAreFilledExactlyToTheLimit()
{
    // "aaaa" ids (4 chars): 3 per group of 14 chars = 4+1+4+1+4.
    const QStringList ids {QStringLiteral("aaa1"), QStringLiteral("aaa2"), QStringLiteral("aaa3"),
                           QStringLiteral("aaa4")};
    const QList<QStringList> groups = ListPaging::splitIdGroups(ids, 14);
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups.at(0).size(), 3);
    QCOMPARE(groups.at(1), QStringList {QStringLiteral("aaa4")});
    // Encoded length counts: "a b" is "a%20b" (5 characters).
    const QList<QStringList> encoded
        = ListPaging::splitIdGroups({QStringLiteral("a b"), QStringLiteral("c d")}, 10);
    QCOMPARE(encoded.size(), 2);
}

void TestListPaging::overlongIdTravelsAlone()
{
    const QString longId(50, QLatin1Char('x'));
    const QList<QStringList> groups
        = ListPaging::splitIdGroups({QStringLiteral("a"), longId, QStringLiteral("b")}, 20);
    QCOMPARE(groups.size(), 3);
    QCOMPARE(groups.at(1), QStringList {longId});
}

void TestListPaging::blanksAndRepeatsAreDropped()
{
    const QList<QStringList> groups
        = ListPaging::splitIdGroups({QStringLiteral("a"), QString(), QStringLiteral(" "),
                                     QStringLiteral("b"), QStringLiteral("a")});
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first(), (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
}

void TestListPaging::pageQuery()
{
    ListQuery query;
    query.select = {QStringLiteral("name"), QStringLiteral("externalId")};
    query.sort = QStringLiteral("-_id");
    query.filters = {{QStringLiteral("type"), QStringLiteral("note")}};
    const QueryItems items
        = ListPaging::pageQuery(query, {QStringLiteral("c1"), QStringLiteral("c2")}, 2000, 4000);
    const QueryItems expected {{QStringLiteral("limit"), QStringLiteral("2000")},
                               {QStringLiteral("offset"), QStringLiteral("4000")},
                               {QStringLiteral("select"), QStringLiteral("_id,name,externalId")},
                               {QStringLiteral("sort"), QStringLiteral("-_id")},
                               {QStringLiteral("companyId"), QStringLiteral("c1,c2")},
                               {QStringLiteral("type"), QStringLiteral("note")}};
    QCOMPARE(items, expected);
}

void TestListPaging::pageQueryAsksForAStableOrderAndIds()
{
    // No sort and no select: every field, sorted by _id so offset pages line up.
    const QueryItems minimal = ListPaging::pageQuery(ListQuery(), {}, 10, 0);
    const QueryItems expected {{QStringLiteral("limit"), QStringLiteral("10")},
                               {QStringLiteral("offset"), QStringLiteral("0")},
                               {QStringLiteral("sort"), QStringLiteral("_id")}};
    QCOMPARE(minimal, expected);

    // A select without _id asks for it too (rows are told apart by it); the user's sort stays.
    ListQuery query;
    query.select = {QStringLiteral("name")};
    query.sort = QStringLiteral("name");
    const QueryItems named = ListPaging::pageQuery(query, {}, 5, 5);
    QCOMPARE(named.at(2),
             (QPair<QString, QString>(QStringLiteral("select"), QStringLiteral("_id,name"))));
    QCOMPARE(named.at(3),
             (QPair<QString, QString>(QStringLiteral("sort"), QStringLiteral("name"))));

    query.select = {QStringLiteral("name"), QStringLiteral("_id")};
    QCOMPARE(ListPaging::pageQuery(query, {}, 5, 5).at(2).second, QStringLiteral("name,_id"));
}

void TestListPaging::rowIdSet()
{
    ListPaging::RowIdSet seen;
    QVERIFY(seen.insert(QJsonValue(objectId(1))));
    QVERIFY(!seen.insert(QJsonValue(objectId(1))));
    QVERIFY(seen.insert(QJsonValue(objectId(2))));
    // Ids that are no ObjectId are kept as text; upper-case hex is a different text.
    QVERIFY(seen.insert(QJsonValue(QStringLiteral("cf-42"))));
    QVERIFY(!seen.insert(QJsonValue(QStringLiteral("cf-42"))));
    QVERIFY(seen.insert(QJsonValue(objectId(255).toUpper())));
    QVERIFY(seen.insert(QJsonValue(objectId(255))));
    QVERIFY(seen.insert(QJsonValue(QStringLiteral("0123456789abcdef0123456g"))));
    QVERIFY(seen.insert(QJsonValue(7)));
    QVERIFY(!seen.insert(QJsonValue(QStringLiteral("7"))));
    QCOMPARE(seen.size(), 7);
    // Rows without an id cannot be told apart: never dropped.
    QVERIFY(seen.insert(QJsonValue()));
    QVERIFY(seen.insert(QJsonValue()));
    QVERIFY(seen.insert(QJsonValue(QString())));
    QCOMPARE(seen.size(), 7);
}

void TestListPaging::rowIdSetKeepsObjectIdsCompact()
{
    // Ids that differ only in their first or last hex digit stay apart.
    ListPaging::RowIdSet seen;
    const QString base = QStringLiteral("5f0c3a9e2b1d4c0012345678");
    QVERIFY(seen.insert(QJsonValue(base)));
    QString first = base;
    first[0] = QLatin1Char('6');
    QString last = base;
    last[23] = QLatin1Char('9');
    QVERIFY(seen.insert(QJsonValue(first)));
    QVERIFY(seen.insert(QJsonValue(last)));
    for (int i = 0; i < 10000; ++i)
        QVERIFY(seen.insert(QJsonValue(objectId(i + 1000))));
    for (int i = 0; i < 10000; ++i)
        QVERIFY(!seen.insert(QJsonValue(objectId(i + 1000))));
    QCOMPARE(seen.size(), 10003);
}

void TestListPaging::rowIdSetInAnyOrder_data()
{
    QTest::addColumn<QList<int>>("ids");
    QList<int> ascending, descending, shuffled, pagesAgain, sawtooth;
    for (int i = 0; i < 3000; ++i) {
        ascending.append(i * 3);
        descending.append(9000 - i * 3);
        shuffled.append(int((quint64(i) * 7919u) % 2003u)); // repeats past 2003
        sawtooth.append((i % 100) * 50 + i / 100); // rises, drops back, rises
    }
    // Pages sorted by _id, then an earlier page again, and rows of it interleaved.
    for (int i = 0; i < 2000; ++i)
        pagesAgain.append(i);
    for (int i = 500; i < 700; ++i)
        pagesAgain.append(i);
    for (int i = 2000; i < 2300; ++i)
        pagesAgain << i << (i - 1000);
    QTest::newRow("ascending") << ascending;
    QTest::newRow("descending") << descending;
    QTest::newRow("shuffled, with repeats") << shuffled;
    QTest::newRow("sorted pages, one repeated") << pagesAgain;
    QTest::newRow("sawtooth") << sawtooth;
}

void TestListPaging::rowIdSetInAnyOrder()
{
    // Whatever the order (a list sorted by another field, a page delivered twice), an id
    // is new exactly once.
    QFETCH(QList<int>, ids);
    ListPaging::RowIdSet seen;
    QSet<int> model;
    for (const int id : ids) {
        const bool isNew = !model.contains(id);
        model.insert(id);
        QCOMPARE(seen.insertText(objectId(id)), isNew);
    }
    for (const int id : ids)
        QVERIFY(!seen.insertText(objectId(id)));
    QCOMPARE(seen.size(), model.size());
}

void TestListPaging::parsePage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("ok");
    QTest::newRow("empty array") << QByteArray("[]") << 0 << true;
    QTest::newRow("two objects") << QByteArray(R"([{"_id":"a"},{"_id":"b","custom":{"x":1}}])") << 2
                                 << true;
    QTest::newRow("object") << QByteArray(R"({"error":"nope"})") << 0 << false;
    QTest::newRow("not json") << QByteArray("<html>") << 0 << false;
    QTest::newRow("empty body") << QByteArray() << 0 << false;
    QTest::newRow("array of numbers") << QByteArray("[1,2]") << 0 << false;
}

void TestListPaging::parsePage()
{
    QFETCH(QByteArray, body);
    QFETCH(int, rows);
    QFETCH(bool, ok);
    const ListPaging::ParsedPage page = ListPaging::parsePage(body);
    QCOMPARE(page.error.isEmpty(), ok);
    QCOMPARE(page.rows.size(), rows);
    if (rows == 2)
        QCOMPARE(page.rows.at(1).value(QLatin1String("_id")).toString(), QStringLiteral("b"));
}

void TestListPaging::parsePageRaw_data()
{
    parsePage_data();
}

void TestListPaging::parsePageRaw()
{
    QFETCH(QByteArray, body);
    QFETCH(int, rows);
    QFETCH(bool, ok);
    const ListPaging::ParsedPage page = ListPaging::parsePageRaw(body);
    QCOMPARE(page.error.isEmpty(), ok);
    QCOMPARE(page.rowCount(), rows);
    QVERIFY(page.rows.isEmpty());
    if (ok)
        verifyRawPage(page, body);
}

void TestListPaging::parsePageRawOneAfterAnother()
{
    // One thread keeps its parser from page to page: pages that grow, shrink, fail and
    // grow again must each read as if parsed alone.
    const QList<QByteArray> bodies {
        page(2000, 40),
        page(3, 5, 7),
        QByteArray(R"([{"_id":"a"},)"), // cut off
        page(2001, 41, 9000),
        QByteArray(R"({"error":"nope"})"),
        page(5000, 60, 20000),
        QByteArray("[]"),
        page(10, 3000, 40000), // long strings, few rows
    };
    for (const QByteArray &body : bodies) {
        const ListPaging::ParsedPage parsed = ListPaging::parsePageRaw(body);
        verifyRawPage(parsed, body);
    }
}

void TestListPaging::parsePageRawSharesAPaddedBody()
{
    // ApiCall leaves room after each body: the page keeps the body's bytes, not a copy.
    const QByteArray text = page(500, 20);
    QByteArray padded;
    padded.reserve(text.size() + RawRows::padding);
    padded.append(text);
    const ListPaging::ParsedPage shared = ListPaging::parsePageRaw(padded);
    // (As pointers: QCOMPARE compares char pointers as strings.)
    QCOMPARE(static_cast<const void *>(shared.raw.body.constData()),
             static_cast<const void *>(padded.constData()));
    verifyRawPage(shared, padded);

    // Without room the body is copied into a padded one.
    const QByteArray exact(text.constData(), text.size());
    const ListPaging::ParsedPage copied = ListPaging::parsePageRaw(exact);
    if (exact.capacity() - exact.size() < RawRows::padding)
        QVERIFY(static_cast<const void *>(copied.raw.body.constData())
                != static_cast<const void *>(exact.constData()));
    verifyRawPage(copied, exact);
}

QTEST_GUILESS_MAIN(TestListPaging)
#include "tst_listpaging.moc"
