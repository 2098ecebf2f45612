// SPDX-License-Identifier: MIT
#include "api/bulkresponsemapper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Planhat;
using Status = RowOutcome::Status;

Q_DECLARE_METATYPE(QList<Planhat::BulkChunk>)

namespace {

ObjectType companies()
{
    ObjectType type;
    type.name = QStringLiteral("companies");
    type.keys = {{KeyKind::Id, QStringLiteral("_id")},
                 {KeyKind::SourceId, QStringLiteral("sourceId")},
                 {KeyKind::ExternalId, QStringLiteral("externalId")}};
    return type;
}

ObjectType invoices()
{
    ObjectType type;
    type.name = QStringLiteral("invoices");
    type.keys = {{KeyKind::Id, QStringLiteral("_id")},
                 {KeyKind::SourceId, QStringLiteral("sourceId")},
                 {KeyKind::ExternalId, QStringLiteral("extId")}};
    return type;
}

QJsonObject obj(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (!document.isObject())
        qFatal("bad test JSON: %s (%s)", json, qPrintable(error.errorString()));
    return document.object();
}

QList<QJsonObject> rows(std::initializer_list<const char *> jsons)
{
    QList<QJsonObject> list;
    for (const char *json : jsons)
        list.append(obj(json));
    return list;
}

QString describe(const QList<RowOutcome> &outcomes)
{
    QStringList parts;
    for (const RowOutcome &outcome : outcomes) {
        parts.append(QStringLiteral("%1(%2)[%3]")
                         .arg(rowStatusName(outcome.status), outcome.id, outcome.message));
    }
    return parts.join(QLatin1String(", "));
}

} // namespace

#define CHECK_ROW(outcomes, row, expectedStatus, expectedId)                                       \
    do {                                                                                           \
        QVERIFY2((outcomes).at(row).status == (expectedStatus), qPrintable(describe(outcomes)));   \
        QCOMPARE((outcomes).at(row).id, QStringLiteral(expectedId));                               \
    } while (false)

class TestBulkResponseMapper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chunks_data();
    void chunks();
    void createdAndUpdatedByKey();
    void failedByIndex();
    void failedByKey();
    void permissionErrors();
    void keylessRowsTakeRemainingInsertsInOrder();
    void duplicateKeysAreAssignedInOrder();
    void nonupdatesAccountForTheRest();
    void unaccountedRowsAreUnknown();
    void tooFewNonupdatesLeaveRowsUnknown();
    void unmatchedErrorsAreShownOnUnknownRows();
    void invoicesMatchOnExtId();
    void numericKeysMatchText();
    void keyEntriesMayCarryAnIndex();
    void hasKey();
};

void TestBulkResponseMapper::chunks_data()
{
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<QList<BulkChunk>>("expected");
    QTest::newRow("0") << 0 << QList<BulkChunk> {};
    QTest::newRow("1") << 1 << QList<BulkChunk> {{0, 1}};
    QTest::newRow("4999") << 4999 << QList<BulkChunk> {{0, 4999}};
    QTest::newRow("5000") << 5000 << QList<BulkChunk> {{0, 5000}};
    QTest::newRow("5001") << 5001 << QList<BulkChunk> {{0, 5000}, {5000, 1}};
    QTest::newRow("12345") << 12345 << QList<BulkChunk> {{0, 5000}, {5000, 5000}, {10000, 2345}};
}

void TestBulkResponseMapper::chunks()
{
    QFETCH(int, rowCount);
    QFETCH(QList<BulkChunk>, expected);
    const QList<BulkChunk> actual = bulkChunks(rowCount, 5000);
    QCOMPARE(actual.size(), expected.size());
    for (int i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).first, expected.at(i).first);
        QCOMPARE(actual.at(i).count, expected.at(i).count);
    }
}

void TestBulkResponseMapper::createdAndUpdatedByKey()
{
    const QList<QJsonObject> sent
        = rows({R"({"name":"A","externalId":"a"})", R"({"name":"B","sourceId":"s"})",
                R"({"_id":"id3","name":"C"})", R"({"name":"D"})"});
    const QJsonObject response = obj(R"({
        "created": 2, "updated": 2, "nonupdates": 0,
        "insertsKeys": [{"_id": "new1", "externalId": "a"}, {"_id": "new4"}],
        "updatesKeys": [{"_id": "id3"}, {"_id": "old2", "sourceId": "s"}],
        "createdErrors": [], "updatedErrors": [], "permissionErrors": []})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    QCOMPARE(outcomes.size(), 4);
    CHECK_ROW(outcomes, 0, Status::Created, "new1");
    CHECK_ROW(outcomes, 1, Status::Updated, "old2");
    CHECK_ROW(outcomes, 2, Status::Updated, "id3");
    CHECK_ROW(outcomes, 3, Status::Created, "new4");
}

void TestBulkResponseMapper::failedByIndex()
{
    const QList<QJsonObject> sent
        = rows({R"({"name":"A","externalId":"a"})", R"({"externalId":"b"})",
                R"({"name":"C","externalId":"c"})"});
    // The error names row 1 by index but carries the key of row 2: the index wins.
    const QJsonObject response = obj(R"({
        "insertsKeys": [{"_id": "n1", "externalId": "a"}, {"_id": "n3", "externalId": "c"}],
        "createdErrors": [{"index": 1, "item": {"externalId": "c"}, "message": "name is required"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "n1");
    CHECK_ROW(outcomes, 1, Status::Failed, "");
    QCOMPARE(outcomes.at(1).message, QStringLiteral("name is required"));
    CHECK_ROW(outcomes, 2, Status::Created, "n3");
}

void TestBulkResponseMapper::failedByKey()
{
    const QList<QJsonObject> sent
        = rows({R"({"_id":"i1","name":"A"})", R"({"externalId":"b","phase":"x"})",
                R"({"sourceId":"c","phase":"y"})", R"({"externalId":"d"})"});
    const QJsonObject response = obj(R"({
        "updatedErrors": [
            {"item": {"externalId": "b"}, "error": "bad phase"},
            {"data": {"_id": "i1"}, "msg": "locked"},
            {"sourceId": "c", "message": "no such phase"}],
        "updatesKeys": [{"_id": "x4", "externalId": "d"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Failed, "i1");
    QCOMPARE(outcomes.at(0).message, QStringLiteral("locked"));
    CHECK_ROW(outcomes, 1, Status::Failed, "");
    QCOMPARE(outcomes.at(1).message, QStringLiteral("bad phase"));
    CHECK_ROW(outcomes, 2, Status::Failed, "");
    QCOMPARE(outcomes.at(2).message, QStringLiteral("no such phase"));
    CHECK_ROW(outcomes, 3, Status::Updated, "x4");
}

void TestBulkResponseMapper::permissionErrors()
{
    const QList<QJsonObject> sent = rows({R"({"externalId":"a"})", R"({"externalId":"b"})"});
    const QJsonObject response = obj(R"({
        "permissionErrors": [{"index": 0, "message": "no permission to update owner"},
                             {"item": {"externalId": "b"}, "field": "owner"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Failed, "");
    QCOMPARE(outcomes.at(0).message, QStringLiteral("no permission to update owner"));
    CHECK_ROW(outcomes, 1, Status::Failed, "");
    // No message member: the element's JSON text stands in.
    QVERIFY2(outcomes.at(1).message.contains(QLatin1String("\"field\":\"owner\"")),
             qPrintable(outcomes.at(1).message));
}

void TestBulkResponseMapper::keylessRowsTakeRemainingInsertsInOrder()
{
    const QList<QJsonObject> sent = rows({R"({"name":"A"})", R"({"name":"B","externalId":"b"})",
                                          R"({"name":"C"})", R"({"name":"D"})"});
    // The keyed row's entry comes last; keyless rows take the others in order.
    const QJsonObject response = obj(R"({
        "created": 4,
        "insertsKeys": [{"_id": "n1"}, {"_id": "n2"}, {"_id": "n3"},
                        {"_id": "nb", "externalId": "b"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "n1");
    CHECK_ROW(outcomes, 1, Status::Created, "nb");
    CHECK_ROW(outcomes, 2, Status::Created, "n2");
    CHECK_ROW(outcomes, 3, Status::Created, "n3");
}

void TestBulkResponseMapper::duplicateKeysAreAssignedInOrder()
{
    const QList<QJsonObject> sent
        = rows({R"({"externalId":"d","name":"first"})", R"({"externalId":"d","name":"second"})",
                R"({"externalId":"e","name":"x"})", R"({"externalId":"e","name":"y"})"});
    const QJsonObject response = obj(R"({
        "insertsKeys": [{"_id": "D", "externalId": "d"}, {"_id": "E", "externalId": "e"}],
        "updatesKeys": [{"_id": "D", "externalId": "d"}],
        "nonupdates": 1})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "D");
    CHECK_ROW(outcomes, 1, Status::Updated, "D");
    CHECK_ROW(outcomes, 2, Status::Created, "E");
    CHECK_ROW(outcomes, 3, Status::Unchanged, "");
}

void TestBulkResponseMapper::nonupdatesAccountForTheRest()
{
    const QList<QJsonObject> sent = rows({R"({"_id":"a"})", R"({"_id":"b"})", R"({"_id":"c"})"});
    const QJsonObject response = obj(R"({"updated": 1, "updatesKeys": [{"_id": "b"}],
                                         "nonupdates": 2})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "a");
    CHECK_ROW(outcomes, 1, Status::Updated, "b");
    CHECK_ROW(outcomes, 2, Status::Unchanged, "c");
}

void TestBulkResponseMapper::unaccountedRowsAreUnknown()
{
    const QList<QJsonObject> sent = rows({R"({"_id":"a"})", R"({"name":"keyless"})"});
    // A large nonupdates never makes a keyless row "unchanged": it could only have been created.
    const QJsonObject response = obj(R"({"created": 0, "updated": 0, "nonupdates": 5})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "a");
    CHECK_ROW(outcomes, 1, Status::OutcomeUnknown, "");
    QVERIFY(outcomes.at(1).message.contains(QLatin1String("did not report")));

    const QList<RowOutcome> empty = BulkResponseMapper(companies()).map(sent, QJsonObject());
    CHECK_ROW(empty, 0, Status::OutcomeUnknown, "a");
    CHECK_ROW(empty, 1, Status::OutcomeUnknown, "");
}

void TestBulkResponseMapper::tooFewNonupdatesLeaveRowsUnknown()
{
    const QList<QJsonObject> sent = rows({R"({"_id":"a"})", R"({"_id":"b"})", R"({"_id":"c"})"});
    const QJsonObject response = obj(R"({"nonupdates": 2})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    for (int row = 0; row < 3; ++row)
        QVERIFY2(outcomes.at(row).status == Status::OutcomeUnknown, qPrintable(describe(outcomes)));
}

void TestBulkResponseMapper::unmatchedErrorsAreShownOnUnknownRows()
{
    const QList<QJsonObject> sent = rows({R"({"externalId":"a"})"});
    const QJsonObject response
        = obj(R"({"createdErrors": ["E11000 duplicate key", {"item": {"externalId": "zzz"},
                                                               "message": "nope"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::OutcomeUnknown, "");
    QVERIFY2(outcomes.at(0).message.contains(QLatin1String("E11000 duplicate key"))
                 && outcomes.at(0).message.contains(QLatin1String("nope")),
             qPrintable(outcomes.at(0).message));
}

void TestBulkResponseMapper::invoicesMatchOnExtId()
{
    const QList<QJsonObject> sent
        = rows({R"({"extId":"inv1","currency":"EUR"})", R"({"extId":"inv2","currency":"EUR"})"});
    const QJsonObject response = obj(R"({"insertsKeys": [{"_id": "x1", "extId": "inv1"}],
                                         "updatesKeys": [{"_id": "x2", "externalId": "inv2"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(invoices()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "x1");
    CHECK_ROW(outcomes, 1, Status::Updated, "x2");
}

void TestBulkResponseMapper::numericKeysMatchText()
{
    const QList<QJsonObject> sent = rows({R"({"externalId":123})"});
    const QJsonObject response = obj(R"({"updatesKeys": [{"_id": "q", "externalId": "123"}]})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, response);
    CHECK_ROW(outcomes, 0, Status::Updated, "q");
}

void TestBulkResponseMapper::keyEntriesMayCarryAnIndex()
{
    // The same key twice: in request order row 0 would take the update; the index says row 1.
    const QList<QJsonObject> sent
        = rows({R"({"externalId":"k","name":"same"})", R"({"externalId":"k","name":"changed"})"});
    const QJsonObject byIndex
        = obj(R"({"updatesKeys": [{"index": 1, "_id": "u", "externalId": "k"}],
                                        "nonupdates": 1})");
    const QList<RowOutcome> outcomes = BulkResponseMapper(companies()).map(sent, byIndex);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "");
    CHECK_ROW(outcomes, 1, Status::Updated, "u");

    const QJsonObject inOrder = obj(R"({"updatesKeys": [{"_id": "u", "externalId": "k"}],
                                        "nonupdates": 1})");
    const QList<RowOutcome> ordered = BulkResponseMapper(companies()).map(sent, inOrder);
    CHECK_ROW(ordered, 0, Status::Updated, "u");
    CHECK_ROW(ordered, 1, Status::Unchanged, "");
}

void TestBulkResponseMapper::hasKey()
{
    const BulkResponseMapper mapper(companies());
    QVERIFY(mapper.hasKey(obj(R"({"_id":"a"})")));
    QVERIFY(mapper.hasKey(obj(R"({"sourceId":"s"})")));
    QVERIFY(mapper.hasKey(obj(R"({"externalId":"e"})")));
    QVERIFY(!mapper.hasKey(obj(R"({"name":"n"})")));
    QVERIFY(!mapper.hasKey(obj(R"({"externalId":""})")));
    QVERIFY(!BulkResponseMapper(invoices()).hasKey(obj(R"({"externalId":"e"})")));
}

QTEST_GUILESS_MAIN(TestBulkResponseMapper)
#include "tst_bulkresponsemapper.moc"
