// SPDX-License-Identifier: MIT
#include "api/listpaging.h"

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
    void parsePage_data();
    void parsePage();
};

namespace {

QString objectId(int n)
{
    return QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'));
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
                               {QStringLiteral("select"), QStringLiteral("name,externalId")},
                               {QStringLiteral("sort"), QStringLiteral("-_id")},
                               {QStringLiteral("companyId"), QStringLiteral("c1,c2")},
                               {QStringLiteral("type"), QStringLiteral("note")}};
    QCOMPARE(items, expected);

    const QueryItems minimal = ListPaging::pageQuery(ListQuery(), {}, 10, 0);
    QCOMPARE(minimal.size(), 2);
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

QTEST_GUILESS_MAIN(TestListPaging)
#include "tst_listpaging.moc"
