// SPDX-License-Identifier: MIT
#include "api/bulkresponsemapper.h"
#include "data/jsonbytes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <random>

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

/// Companies with a read-only field and a read-only custom field (and `_id` read-only too
/// when `idReadOnly`): what writablePayload() leaves out.
ObjectType companiesWithReadOnlyFields(bool idReadOnly)
{
    ObjectType type = companies();
    FieldSpec readOnly;
    readOnly.name = QStringLiteral("lastTouch");
    readOnly.access = FieldAccess::ReadOnly;
    FieldSpec readOnlyCustom;
    readOnlyCustom.name = QStringLiteral("custom.Score");
    readOnlyCustom.access = FieldAccess::ReadOnly;
    type.fields = {readOnly, readOnlyCustom};
    if (idReadOnly) {
        FieldSpec id;
        id.name = QStringLiteral("_id");
        id.access = FieldAccess::ReadOnly;
        type.fields.append(id);
    }
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

/// Notes: the server matches them on `_id` alone.
ObjectType notes()
{
    ObjectType type;
    type.name = QStringLiteral("conversations");
    type.keys = {{KeyKind::Id, QStringLiteral("_id")}};
    return type;
}

/// Tickets: `_id` and `sourceId`, no externalId.
ObjectType tickets()
{
    ObjectType type;
    type.name = QStringLiteral("tickets");
    type.keys
        = {{KeyKind::Id, QStringLiteral("_id")}, {KeyKind::SourceId, QStringLiteral("sourceId")}};
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

bool sameOutcomes(const QList<RowOutcome> &a, const QList<RowOutcome> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).status != b.at(i).status || a.at(i).id != b.at(i).id
            || a.at(i).message != b.at(i).message)
            return false;
    }
    return true;
}

/// map() of `response` as a QJsonObject, checked against map() of its bytes (simdjson, then
/// QJsonDocument where the answer holds errors) and of a subset view of the rows.
QList<RowOutcome> mapBoth(const ObjectType &type, const QList<QJsonObject> &sent,
                          const QJsonObject &response)
{
    const BulkResponseMapper mapper(type);
    const QList<RowOutcome> fromObject = mapper.map(sent, response);
    // The same rows behind one extra row that is not in the request.
    QList<QJsonObject> withExtra = sent;
    withExtra.prepend(QJsonObject {{QStringLiteral("externalId"), QStringLiteral("extra")}});
    QList<int> indexes;
    for (int i = 1; i <= sent.size(); ++i)
        indexes.append(i);
    const std::optional<QList<RowOutcome>> fromBytes
        = mapper.map(BulkRows::of(type, withExtra), indexes, QJsonDocument(response).toJson());
    if (!fromBytes || !sameOutcomes(fromObject, *fromBytes)) {
        QTest::qFail(qPrintable(QStringLiteral("the answer's bytes map otherwise: %1 against %2")
                                    .arg(fromBytes ? describe(*fromBytes) : QStringLiteral("none"),
                                         describe(fromObject))),
                     __FILE__, __LINE__);
    }
    return fromObject;
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
    void keysCompareAsTheImportNormalisesThem();
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
    void answersInRequestOrderMapAsAnyOther();
    void randomAnswersMapAsTheirObjects();
    void leanUpdatesKeysNameRowsSentWithTheirId();
    void leanInsertsKeysGoToCreateRowsInOrder();
    void leanInsertsKeysGoToKeylessRowsWhenCountsSaySo();
    void leanEntriesThatCountsCannotPlaceStayUnknown();
    void leanUpdatesKeysGoToKeyedRowsWhenCountsSaySo();
    void validationErrorsFailRows();
    void validationErrorsAloneMakeABulkAnswer();
    void echoedKeysNameRowsOfTypesThatDoNotMatchOnThem();
    void hasKey();
    void bulkRowsAreTheWritablePayloads();
    void bulkRowsKnowTheirKeys();
    void bulkRowsFromValuesAreTheRowsOfTheirObjects();
    void bytesThatAreNotAnObjectMapToNothing();
    void hasKeyCountsOnlyTheTypesKeyables();
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    QCOMPARE(outcomes.size(), 4);
    CHECK_ROW(outcomes, 0, Status::Created, "new1");
    CHECK_ROW(outcomes, 1, Status::Updated, "old2");
    CHECK_ROW(outcomes, 2, Status::Updated, "id3");
    CHECK_ROW(outcomes, 3, Status::Created, "new4");
}

void TestBulkResponseMapper::keysCompareAsTheImportNormalisesThem()
{
    // One rule for key text (data/keytext.h): a decimal key sent as a number and answered as
    // text, or answered with spaces around it, still names its row.
    const QList<QJsonObject> sent
        = rows({R"({"name":"A","externalId":12.3})", R"({"name":"B","externalId":"b-7"})",
                R"({"name":"C","externalId":"c"})"});
    const QJsonObject response = obj(R"({
        "created": 2, "updated": 0, "nonupdates": 0,
        "insertsKeys": [{"_id": "n1", "externalId": "12.3"}, {"_id": "n2", "externalId": " b-7 "}],
        "createdErrors": [], "updatedErrors": [], "permissionErrors": []})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "n1");
    CHECK_ROW(outcomes, 1, Status::Created, "n2");
    CHECK_ROW(outcomes, 2, Status::OutcomeUnknown, "");
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "a");
    CHECK_ROW(outcomes, 1, Status::Updated, "b");
    CHECK_ROW(outcomes, 2, Status::Unchanged, "c");
}

void TestBulkResponseMapper::unaccountedRowsAreUnknown()
{
    const QList<QJsonObject> sent = rows({R"({"_id":"a"})", R"({"name":"keyless"})"});
    // A large nonupdates never makes a keyless row "unchanged": it could only have been created.
    const QJsonObject response = obj(R"({"created": 0, "updated": 0, "nonupdates": 5})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "a");
    CHECK_ROW(outcomes, 1, Status::OutcomeUnknown, "");
    QVERIFY(outcomes.at(1).message.contains(QLatin1String("did not report")));

    const QList<RowOutcome> empty = mapBoth(companies(), sent, QJsonObject());
    CHECK_ROW(empty, 0, Status::OutcomeUnknown, "a");
    CHECK_ROW(empty, 1, Status::OutcomeUnknown, "");
}

void TestBulkResponseMapper::tooFewNonupdatesLeaveRowsUnknown()
{
    const QList<QJsonObject> sent = rows({R"({"_id":"a"})", R"({"_id":"b"})", R"({"_id":"c"})"});
    const QJsonObject response = obj(R"({"nonupdates": 2})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    for (int row = 0; row < 3; ++row)
        QVERIFY2(outcomes.at(row).status == Status::OutcomeUnknown, qPrintable(describe(outcomes)));
}

void TestBulkResponseMapper::unmatchedErrorsAreShownOnUnknownRows()
{
    const QList<QJsonObject> sent = rows({R"({"externalId":"a"})"});
    const QJsonObject response
        = obj(R"({"createdErrors": ["E11000 duplicate key", {"item": {"externalId": "zzz"},
                                                               "message": "nope"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(invoices(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "x1");
    CHECK_ROW(outcomes, 1, Status::Updated, "x2");
}

void TestBulkResponseMapper::numericKeysMatchText()
{
    const QList<QJsonObject> sent = rows({R"({"externalId":123})"});
    const QJsonObject response = obj(R"({"updatesKeys": [{"_id": "q", "externalId": "123"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
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
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, byIndex);
    CHECK_ROW(outcomes, 0, Status::Unchanged, "");
    CHECK_ROW(outcomes, 1, Status::Updated, "u");

    const QJsonObject inOrder = obj(R"({"updatesKeys": [{"_id": "u", "externalId": "k"}],
                                        "nonupdates": 1})");
    const QList<RowOutcome> ordered = mapBoth(companies(), sent, inOrder);
    CHECK_ROW(ordered, 0, Status::Updated, "u");
    CHECK_ROW(ordered, 1, Status::Unchanged, "");
}

void TestBulkResponseMapper::answersInRequestOrderMapAsAnyOther()
{
    // Entries in request order are mapped without reading each one (claimInOrder()); each is
    // still checked to name the row the general reading gives it, and mapBoth() compares.
    const QList<QJsonObject> updates = rows(
        {R"({"_id":"i1","externalId":"a"})", R"({"externalId":"b"})", R"({"_id":"i2"})",
         R"({"_id":"i2","name":"the same object again"})", R"({"_id":"i3","externalId":"c"})"});
    const QList<RowOutcome> updated = mapBoth(companies(), updates, obj(R"({
        "updatesKeys": [{"_id": "i1", "externalId": "a"}, {"_id": "i2"}, {"_id": "i2"},
                        {"_id": "i3", "externalId": "c"}], "nonupdates": 1})"));
    CHECK_ROW(updated, 0, Status::Updated, "i1");
    CHECK_ROW(updated, 1, Status::Unchanged, "");
    CHECK_ROW(updated, 2, Status::Updated, "i2");
    CHECK_ROW(updated, 3, Status::Updated, "i2");
    CHECK_ROW(updated, 4, Status::Updated, "i3");

    // Fewer entries than rows: the rest as `nonupdates` says, or unknown.
    const QList<RowOutcome> someUpdated = mapBoth(
        companies(), updates, obj(R"({"updatesKeys": [{"_id": "i1"}], "nonupdates": 0})"));
    CHECK_ROW(someUpdated, 0, Status::Updated, "i1");
    for (int row = 1; row < updates.size(); ++row)
        QCOMPARE(someUpdated.at(row).status, Status::OutcomeUnknown);

    // An entry out of order, one with spaces around its `_id`, one not ASCII, one with an
    // index: read the general way, with the same outcomes.
    for (const char *answer :
         {R"({"updatesKeys": [{"_id": "i2"}, {"_id": "i1"}, {"_id": "i2"}, {"_id": "i3"}]})",
          R"({"updatesKeys": [{"_id": " i1 "}, {"_id": "i2"}, {"_id": "i2"}, {"_id": "i3"}]})",
          R"({"updatesKeys": [{"_id": "i1"}, {"_id": "i2"}, {"_id": "i2"}, {"_id": "i3é"}]})",
          R"({"updatesKeys": [{"_id": "i1"}, {"index": 3, "_id": "i2"}, {"_id": "i2"}]})",
          R"({"updatesKeys": [{"_id": "i1"}, {"index": 1, "_id": "i2"}]})",
          R"({"updatesKeys": [{"_id": "i1"}, {"_id": "i2"}, {"_id": "i2"}, {"_id": "i3"},
                              {"_id": "o", "externalId": "b"}]})"}) {
        const QList<RowOutcome> outcomes = mapBoth(companies(), updates, obj(answer));
        QCOMPARE(outcomes.size(), updates.size());
    }

    // Creates: a chunk sent without any `_id`, named by the first key each entry has.
    const QList<QJsonObject> creates
        = rows({R"({"externalId":"a","name":"A"})", R"({"sourceId":"s","externalId":"b"})",
                R"({"externalId":"c"})", R"({"name":"no key"})"});
    const QList<RowOutcome> created = mapBoth(companies(), creates, obj(R"({
        "insertsKeys": [{"_id": "n1", "externalId": "a"}, {"_id": "n2", "sourceId": "s"},
                        {"_id": "n3", "externalId": "c"}, {"_id": "n4"}]})"));
    CHECK_ROW(created, 0, Status::Created, "n1");
    CHECK_ROW(created, 1, Status::Created, "n2");
    CHECK_ROW(created, 2, Status::Created, "n3");
    CHECK_ROW(created, 3, Status::Created, "n4");
    // An entry whose first key names another row, or whose source id names none while its
    // external id names the row: as the general reading says.
    for (const char *answer :
         {R"({"insertsKeys": [{"_id": "n1", "externalId": "c"}, {"_id": "n2", "sourceId": "s"},
                              {"_id": "n3", "externalId": "a"}]})",
          R"({"insertsKeys": [{"_id": "n1", "externalId": "a"},
                              {"_id": "n2", "sourceId": "t", "externalId": "b"}]})",
          R"({"insertsKeys": [{"_id": "n1", "externalId": "a"}, {"_id": "n2", "sourceId": 7}]})"}) {
        const QList<RowOutcome> outcomes = mapBoth(companies(), creates, obj(answer));
        QCOMPARE(outcomes.size(), creates.size());
    }
}

void TestBulkResponseMapper::randomAnswersMapAsTheirObjects()
{
    // Answers of every shape the fast reading must give up on or get right: entries in
    // order or swapped, keys with spaces or missing, ids shared by rows, an index now and
    // then. The bytes must map as the object does (mapBoth()).
    std::mt19937 random(20261205);
    const auto pick = [&random](int count) {
        return int(random() % unsigned(count));
    };
    const char *const ids[] = {"i1", "i2", "i3", " i1", ""};
    const char *const externalIds[] = {"a", "b", "c", "a ", ""};
    for (int round = 0; round < 400; ++round) {
        const bool createsOnly = pick(3) == 0;
        QList<QJsonObject> sent;
        const int rowCount = 1 + pick(8);
        for (int row = 0; row < rowCount; ++row) {
            QJsonObject object;
            if (!createsOnly && pick(4) != 0)
                object.insert(QStringLiteral("_id"), QString::fromUtf8(ids[pick(5)]));
            if (pick(3) != 0)
                object.insert(QStringLiteral("externalId"),
                              QString::fromUtf8(externalIds[pick(5)]));
            if (pick(6) == 0)
                object.insert(QStringLiteral("sourceId"), QStringLiteral("s%1").arg(pick(2)));
            sent.append(object);
        }
        QJsonArray inserts;
        QJsonArray updates;
        int unchanged = 0;
        for (int row = 0; row < rowCount; ++row) {
            const QJsonObject &object = sent.at(row);
            QJsonObject entry;
            const QString id = object.value(QStringLiteral("_id")).toString();
            const bool update = !id.trimmed().isEmpty() ? pick(8) != 0 : pick(4) == 0;
            entry.insert(QStringLiteral("_id"),
                         update && !id.isEmpty() && pick(6) != 0 ? id
                                                                 : QStringLiteral("n%1").arg(row));
            for (const QString &key : {QStringLiteral("externalId"), QStringLiteral("sourceId")}) {
                if (object.contains(key) && pick(4) != 0)
                    entry.insert(key, object.value(key));
            }
            if (pick(12) == 0)
                entry.insert(QStringLiteral("index"), pick(rowCount + 1));
            if (pick(10) == 0) {
                ++unchanged;
                continue;
            }
            (update ? updates : inserts).append(entry);
        }
        for (QJsonArray *list : {&inserts, &updates}) {
            if (list->size() > 1 && pick(4) == 0) {
                const qsizetype a = pick(int(list->size()));
                const QJsonValue swapped = list->at(a);
                list->replace(a, list->at(0));
                list->replace(0, swapped);
            }
        }
        QJsonObject answer {{QStringLiteral("nonupdates"), unchanged}};
        if (!inserts.isEmpty() || pick(2) == 0)
            answer.insert(QStringLiteral("insertsKeys"), inserts);
        if (!updates.isEmpty() || pick(2) == 0)
            answer.insert(QStringLiteral("updatesKeys"), updates);
        const QList<RowOutcome> outcomes = mapBoth(companies(), sent, answer);
        if (QTest::currentTestFailed()) {
            QJsonArray sentArray;
            for (const QJsonObject &object : std::as_const(sent))
                sentArray.append(object);
            qWarning("round %d: rows %s, answer %s", round,
                     QJsonDocument(sentArray).toJson(QJsonDocument::Compact).constData(),
                     QJsonDocument(answer).toJson(QJsonDocument::Compact).constData());
            return;
        }
        QCOMPARE(outcomes.size(), sent.size());
    }
}

void TestBulkResponseMapper::bulkRowsAreTheWritablePayloads()
{
    const ObjectType type = companiesWithReadOnlyFields(true);
    const QList<QJsonObject> objects
        = rows({R"({"_id":"a1","name":"A","lastTouch":"x","createdAt":"t","__v":3})",
                R"({"externalId":"e","custom":{"Score":5,"Region":"EU \"north\""},"tags":[1,2.5]})",
                R"({"name":"no custom object","custom":"text","updatedAt":"t"})", R"({})"});
    const BulkRows bulk = BulkRows::of(type, objects);
    QCOMPARE(bulk.size(), objects.size());
    QByteArray expected = "[";
    for (qsizetype i = 0; i < objects.size(); ++i) {
        if (i > 0)
            expected += ',';
        JsonBytes::appendObject(expected,
                                type.writablePayload(objects.at(i), ObjectType::IdHandling::Keep));
    }
    QCOMPARE(bulk.body(), expected + ']');
    QCOMPARE(
        bulk.body({2, 0}),
        QByteArray(R"([{"custom":"text","name":"no custom object"},{"_id":"a1","name":"A"}])"));
    QCOMPARE(bulk.body({}), QByteArray("[]"));
    QCOMPARE(BulkRows(type).body(), QByteArray("[]"));
}

void TestBulkResponseMapper::bulkRowsKnowTheirKeys()
{
    const BulkRows invoiceRows
        = BulkRows::of(invoices(), rows({R"({"_id":" i1 ","extId":7})", R"({"name":"n"})"}));
    QCOMPARE(invoiceRows.identifyingKeys().size(), 3); // _id, sourceId, extId
    QCOMPARE(invoiceRows.id(0), QStringLiteral("i1"));
    QCOMPARE(invoiceRows.idString(0), QStringLiteral(" i1 "));
    QCOMPARE(invoiceRows.keyText(0, 2), QStringLiteral("7"));
    QVERIFY(invoiceRows.hasKey(0));
    QCOMPARE(invoiceRows.id(1), QString());
    QVERIFY(!invoiceRows.hasKey(1));
    // Tickets do not match on externalId, but an answer that echoes it names the row.
    const BulkRows ticketRows = BulkRows::of(tickets(), rows({R"({"externalId":"e"})"}));
    QCOMPARE(ticketRows.identifyingKeys().size(), 3);
    QCOMPARE(ticketRows.keyText(0, 2), QStringLiteral("e"));
    QVERIFY(!ticketRows.hasKey(0));
}

void TestBulkResponseMapper::bulkRowsFromValuesAreTheRowsOfTheirObjects()
{
    const ObjectType type = companiesWithReadOnlyFields(false);
    const QJsonValue none(QJsonValue::Undefined);
    // Names in the order a QJsonObject keeps them, one of "custom" between them.
    const QStringList names {"_id", "aaa", "domains", "externalId", "lastTouch", "sourceId"};
    const QStringList customNames {"A", "Region", "Score"};
    using Values = QList<QJsonValue>;
    const QList<std::pair<Values, Values>> cases = {
        {{"a1", none, none, "e", none, none}, {none, none, none}},
        {{none, 1, none, " x ", "t", 5.5}, {none, "EU", 5}},
        {{none, none, none, "  ", none, 7}, {none, none, none}},
        {{QJsonArray {1}, none, none, "e", none, none}, {none, none, 1}},
        {{none, none, QJsonArray {"a.com", "b.com"}, QJsonValue::Null, none, none},
         {true, none, none}},
        {{"", none, none, none, none, true}, {none, none, none}},
    };
    BulkRows fromValues(type);
    const BulkRows::Shape shape = fromValues.shape(names, customNames);
    // The rows once with every value as JSON, once with every string given as text
    // (JsonCell::ofText), as an import does.
    BulkRows fromCells(type);
    const auto cells = [](const Values &values, bool stringsAsText) {
        QList<JsonCell> cells;
        for (const QJsonValue &value : values)
            cells.append(stringsAsText && value.isString() ? JsonCell::ofText(value.toString())
                                                           : JsonCell {value, QString(), false});
        return cells;
    };
    QList<QJsonObject> objects;
    for (const auto &[values, custom] : cases) {
        fromValues.append(shape, cells(values, false), cells(custom, false));
        fromCells.append(shape, cells(values, true), cells(custom, true));
        QJsonObject object;
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (!values.at(i).isUndefined())
                object.insert(names.at(i), values.at(i));
        }
        QJsonObject customObject;
        for (qsizetype i = 0; i < customNames.size(); ++i) {
            if (!custom.at(i).isUndefined())
                customObject.insert(customNames.at(i), custom.at(i));
        }
        if (!customObject.isEmpty())
            object.insert(QStringLiteral("custom"), customObject);
        objects.append(object);
    }
    const BulkRows fromObjects = BulkRows::of(type, objects);
    for (const BulkRows *made : {&fromValues, &fromCells}) {
        QCOMPARE(made->body(), fromObjects.body());
        QCOMPARE(made->size(), fromObjects.size());
        for (qsizetype row = 0; row < fromObjects.size(); ++row) {
            for (qsizetype key = 0; key < fromObjects.identifyingKeys().size(); ++key)
                QCOMPARE(made->keyText(row, key), fromObjects.keyText(row, key));
            QCOMPARE(made->idString(row), fromObjects.idString(row));
            QCOMPARE(made->hasKey(row), fromObjects.hasKey(row));
        }
    }
    // findKey(): the first key that is not empty decides; a list has no text.
    QVERIFY(fromObjects.hasKey(0));
    QVERIFY(fromObjects.hasKey(2));
    QVERIFY(!fromObjects.hasKey(3));
    QVERIFY(!fromObjects.hasKey(4));
    QVERIFY(fromObjects.hasKey(5));
}

void TestBulkResponseMapper::bytesThatAreNotAnObjectMapToNothing()
{
    const BulkResponseMapper mapper(companies());
    const BulkRows bulk = BulkRows::of(companies(), rows({R"({"externalId":"a"})"}));
    QVERIFY(!mapper.map(bulk, {0}, QByteArray("[1,2]")));
    QVERIFY(!mapper.map(bulk, {0}, QByteArray("<html>")));
    QVERIFY(!mapper.map(bulk, {0}, QByteArray()));
    const std::optional<QList<RowOutcome>> mapped
        = mapper.map(bulk, {0}, QByteArray(R"({"insertsKeys":[{"_id":"n","externalId":"a"}]})"));
    QVERIFY(mapped);
    CHECK_ROW(*mapped, 0, Status::Created, "n");
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

void TestBulkResponseMapper::leanUpdatesKeysNameRowsSentWithTheirId()
{
    // The importer sends update rows with the matched record's _id (and the user's key); the
    // docs' updatesKeys example holds _id alone.
    const QList<QJsonObject> sent = rows({R"({"_id":"u1","externalId":"a","name":"A2"})",
                                          R"({"externalId":"new","name":"N"})",
                                          R"({"_id":"u2","externalId":"b","name":"B2"})"});
    const QJsonObject response = obj(R"({"created": 1, "updated": 2, "nonupdates": 0,
        "insertsKeys": [{"_id": "n1"}], "updatesKeys": [{"_id": "u2"}, {"_id": "u1"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Updated, "u1");
    CHECK_ROW(outcomes, 1, Status::Created, "n1");
    CHECK_ROW(outcomes, 2, Status::Updated, "u2");

    // Bare ids instead of objects name rows too.
    const QJsonObject bare = obj(R"({"insertsKeys": ["n1"], "updatesKeys": ["u1", "u2"]})");
    const QList<RowOutcome> fromBare = mapBoth(companies(), sent, bare);
    CHECK_ROW(fromBare, 0, Status::Updated, "u1");
    CHECK_ROW(fromBare, 1, Status::Created, "n1");
    CHECK_ROW(fromBare, 2, Status::Updated, "u2");
}

void TestBulkResponseMapper::leanInsertsKeysGoToCreateRowsInOrder()
{
    // Rows sent without _id are creates, keyed (externalId, a key companies match on) or not;
    // three lean inserts for three such rows leave no doubt.
    const QList<QJsonObject> sent
        = rows({R"({"externalId":"a","name":"A"})", R"({"_id":"u1","name":"U"})",
                R"({"name":"keyless"})", R"({"sourceId":"s","name":"S"})"});
    const QJsonObject response = obj(R"({"created": 3, "updated": 1,
        "insertsKeys": [{"_id": "n1"}, {"_id": "n2"}, {"_id": "n3"}],
        "updatesKeys": [{"_id": "u1"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "n1");
    CHECK_ROW(outcomes, 1, Status::Updated, "u1");
    CHECK_ROW(outcomes, 2, Status::Created, "n2");
    CHECK_ROW(outcomes, 3, Status::Created, "n3");

    // A failed row is out of the count before lean entries are handed out.
    const QJsonObject partly = obj(R"({"created": 2,
        "insertsKeys": [{"_id": "n1"}, {"_id": "n3"}], "updatesKeys": [{"_id": "u1"}],
        "createdErrors": [{"index": 2, "message": "name is reserved"}]})");
    const QList<RowOutcome> withError = mapBoth(companies(), sent, partly);
    CHECK_ROW(withError, 0, Status::Created, "n1");
    CHECK_ROW(withError, 2, Status::Failed, "");
    CHECK_ROW(withError, 3, Status::Created, "n3");
}

void TestBulkResponseMapper::leanInsertsKeysGoToKeylessRowsWhenCountsSaySo()
{
    // Two rows without any key must have been created; the externalId row may have matched
    // an existing company. Two lean inserts: they are the keyless rows'.
    const QList<QJsonObject> sent
        = rows({R"({"name":"first"})", R"({"externalId":"e","name":"E"})", R"({"name":"second"})"});
    const QJsonObject response = obj(R"({"created": 2, "updated": 0, "nonupdates": 1,
        "insertsKeys": [{"_id": "n1"}, {"_id": "n2"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "n1");
    CHECK_ROW(outcomes, 1, Status::Unchanged, "");
    CHECK_ROW(outcomes, 2, Status::Created, "n2");
}

void TestBulkResponseMapper::leanEntriesThatCountsCannotPlaceStayUnknown()
{
    const QList<QJsonObject> sent
        = rows({R"({"name":"first"})", R"({"externalId":"e"})", R"({"name":"second"})"});
    // One lean insert for two keyless rows: which one was created? Nobody can tell.
    const QJsonObject one = obj(R"({"created": 1, "insertsKeys": [{"_id": "n1"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, one);
    for (int row = 0; row < 3; ++row)
        QVERIFY2(outcomes.at(row).status == Status::OutcomeUnknown, qPrintable(describe(outcomes)));

    // Two lean inserts for two keyless rows, but an error that names no row: it may belong
    // to a keyless row, and an insert to the keyed one.
    const QJsonObject unclear = obj(R"({"created": 2,
        "insertsKeys": [{"_id": "n1"}, {"_id": "n2"}], "createdErrors": ["duplicate"]})");
    const QList<RowOutcome> unclearOutcomes = mapBoth(companies(), sent, unclear);
    for (int row = 0; row < 3; ++row) {
        QVERIFY2(unclearOutcomes.at(row).status == Status::OutcomeUnknown,
                 qPrintable(describe(unclearOutcomes)));
    }
    QVERIFY(unclearOutcomes.at(0).message.contains(QLatin1String("duplicate")));
}

void TestBulkResponseMapper::leanUpdatesKeysGoToKeyedRowsWhenCountsSaySo()
{
    // Rows sent by externalId alone, updated, and answered by _id alone: as many entries as
    // such rows, so they are theirs in order.
    const QList<QJsonObject> sent = rows({R"({"externalId":"a","name":"A2"})", R"({"name":"new"})",
                                          R"({"sourceId":"b","name":"B2"})"});
    const QJsonObject response = obj(R"({"created": 1, "updated": 2,
        "insertsKeys": [{"_id": "n1"}], "updatesKeys": [{"_id": "x1"}, {"_id": "x2"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Updated, "x1");
    CHECK_ROW(outcomes, 1, Status::Created, "n1");
    CHECK_ROW(outcomes, 2, Status::Updated, "x2");

    // One lean update for two such rows: unknown, both.
    const QJsonObject one = obj(R"({"updated": 1, "updatesKeys": [{"_id": "x1"}]})");
    const QList<RowOutcome> unclear
        = BulkResponseMapper(companies())
              .map(rows({R"({"externalId":"a"})", R"({"externalId":"b"})"}), one);
    CHECK_ROW(unclear, 0, Status::OutcomeUnknown, "");
    CHECK_ROW(unclear, 1, Status::OutcomeUnknown, "");
}

void TestBulkResponseMapper::validationErrorsFailRows()
{
    const QList<QJsonObject> sent
        = rows({R"({"_id":"t1","hours":"x"})", R"({"_id":"t2","hours":3})",
                R"({"externalId":"t3","hours":-1})"});
    const QJsonObject response = obj(R"({"updated": 1, "updatesKeys": [{"_id": "t2"}],
        "validationErrors": [{"index": 0, "message": "hours must be a number"},
                             {"item": {"externalId": "t3"}, "error": "hours must be positive"}]})");
    const QList<RowOutcome> outcomes = mapBoth(companies(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Failed, "t1");
    QCOMPARE(outcomes.at(0).message, QStringLiteral("hours must be a number"));
    CHECK_ROW(outcomes, 1, Status::Updated, "t2");
    CHECK_ROW(outcomes, 2, Status::Failed, "");
    QCOMPARE(outcomes.at(2).message, QStringLiteral("hours must be positive"));
}

void TestBulkResponseMapper::validationErrorsAloneMakeABulkAnswer()
{
    // A 400 body holding only validationErrors is still read row by row.
    QVERIFY(BulkResponseMapper::isBulkResponse(obj(R"({"validationErrors": []})")));
    QVERIFY(!BulkResponseMapper::isBulkResponse(obj(R"({"error": "bad request"})")));
}

void TestBulkResponseMapper::echoedKeysNameRowsOfTypesThatDoNotMatchOnThem()
{
    // Notes match on _id alone, but an answer that echoes an externalId still names its row.
    const QList<QJsonObject> sent
        = rows({R"({"externalId":"n-a","subject":"A"})", R"({"externalId":"n-b","subject":"B"})",
                R"({"_id":"c3","subject":"C"})"});
    const QJsonObject response = obj(R"({"created": 2, "updated": 1,
        "insertsKeys": [{"_id": "x2", "externalId": "n-b"}, {"_id": "x1", "externalId": "n-a"}],
        "updatesKeys": [{"_id": "c3"}]})");
    const QList<RowOutcome> outcomes = mapBoth(notes(), sent, response);
    CHECK_ROW(outcomes, 0, Status::Created, "x1");
    CHECK_ROW(outcomes, 1, Status::Created, "x2");
    CHECK_ROW(outcomes, 2, Status::Updated, "c3");
}

void TestBulkResponseMapper::hasKeyCountsOnlyTheTypesKeyables()
{
    // Repeating a note sent with only an externalId would create it again.
    const BulkResponseMapper noteMapper(notes());
    QVERIFY(noteMapper.hasKey(obj(R"({"_id":"a"})")));
    QVERIFY(!noteMapper.hasKey(obj(R"({"externalId":"e"})")));
    QVERIFY(!noteMapper.hasKey(obj(R"({"sourceId":"s"})")));
    const BulkResponseMapper ticketMapper(tickets());
    QVERIFY(ticketMapper.hasKey(obj(R"({"sourceId":"s"})")));
    QVERIFY(!ticketMapper.hasKey(obj(R"({"externalId":"e"})")));

    // A note with only an externalId is a create: lean inserts go to it.
    const QList<RowOutcome> outcomes
        = noteMapper.map(rows({R"({"externalId":"e1"})", R"({"_id":"c2"})"}),
                         obj(R"({"insertsKeys": [{"_id": "x1"}], "nonupdates": 1})"));
    CHECK_ROW(outcomes, 0, Status::Created, "x1");
    CHECK_ROW(outcomes, 1, Status::Unchanged, "c2");
}

QTEST_GUILESS_MAIN(TestBulkResponseMapper)
#include "tst_bulkresponsemapper.moc"
