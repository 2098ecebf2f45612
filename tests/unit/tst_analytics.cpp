// SPDX-License-Identifier: MIT
// The pure parts of sending activities and metrics: splitting bodies under the analytics
// host's limit, and checking rows before they are sent.
#include "analytics/analyticsbatcher.h"
#include "analytics/analyticsfilereader.h"
#include "analytics/analyticsrowconverter.h"
#include "analytics/metricsquery.h"

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestAnalytics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesStayUnderTheLimitAndKeepEveryItemOnce();
    void batchBoundaryIsExact();
    void batchBodyIsTheJsonArray();
    void itemTooLargeAloneIsFlagged();
    void maxItemsCapsABatch();
    void emptyInputHasNoBatch();

    void activityRowConverts();
    void activityRowProblems_data();
    void activityRowProblems();
    void metricRowConverts();
    void metricRowProblems_data();
    void metricRowProblems();
    void unknownDimensionIsRefusedWhenDimensionsAreKnown();
    void mappingNeedsTheRequiredColumns();
    void datesParse_data();
    void datesParse();
    void headersAreGuessed();

    void fileReaderReportsRowLineAndColumn();
    void fileReaderRefusesARowTooLargeForOneBody();
    void metricsQueryCountsDaysSinceEpoch();
};

namespace {

QList<QByteArray> randomItems(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QByteArray> items;
    for (int i = 0; i < count; ++i) {
        const int size = 10 + int(random.bounded(300));
        items.append("{\"n\":\"" + QByteArray(size, 'x') + "\"}");
    }
    return items;
}

QStringList split(const char *line)
{
    return QString::fromUtf8(line).split(QLatin1Char('|'));
}

/// The problems converting `row` ('|' between cells) under `headers` with the guessed
/// columns finds; the row must not convert.
QList<AnalyticsRowProblem> rowProblems(AnalyticsTarget target, const char *headers,
                                       const QString &row, qint64 rowNumber, qint64 line)
{
    const QStringList names = split(headers);
    AnalyticsRowConverter converter(target, names,
                                    AnalyticsRowConverter::guessColumns(target, names));
    QJsonObject converted;
    QList<AnalyticsRowProblem> problems;
    if (converter.convert(row.split(QLatin1Char('|')), rowNumber, line, &converted, &problems))
        QTest::qFail("the row converted", __FILE__, __LINE__);
    return problems;
}

} // namespace

void TestAnalytics::batchesStayUnderTheLimitAndKeepEveryItemOnce()
{
    const QList<QByteArray> items = randomItems(5000, 7);
    for (const qint64 limit : {qint64(400), qint64(4096), qint64(100000)}) {
        const QList<AnalyticsBatcher::Batch> batches = AnalyticsBatcher::split(items, limit);
        qsizetype next = 0;
        for (const AnalyticsBatcher::Batch &batch : batches) {
            QCOMPARE(batch.first, next); // consecutive, nothing skipped or repeated
            QVERIFY(batch.count > 0);
            const QByteArray body = AnalyticsBatcher::body(items, batch);
            QCOMPARE(qint64(body.size()), batch.bytes);
            QVERIFY2(body.size() <= limit, qPrintable(QString::number(body.size())));
            next += batch.count;
        }
        QCOMPARE(next, items.size());
        // Full: the next item would not have fitted in the batch before it.
        for (qsizetype i = 0; i + 1 < batches.size(); ++i) {
            const AnalyticsBatcher::Batch &batch = batches.at(i);
            QVERIFY(batch.bytes + 1 + items.at(batch.first + batch.count).size() > limit);
        }
    }
}

void TestAnalytics::batchBoundaryIsExact()
{
    // Three items of 10 bytes: "[a,b,c]" is 2 + 30 + 2 = 34 bytes.
    const QList<QByteArray> items {QByteArray(10, 'a'), QByteArray(10, 'b'), QByteArray(10, 'c')};
    QCOMPARE(AnalyticsBatcher::bodySize(items, 0, 3), qint64(34));
    QCOMPARE(AnalyticsBatcher::split(items, 34).size(), 1);
    const QList<AnalyticsBatcher::Batch> two = AnalyticsBatcher::split(items, 33);
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).count, 2);
    QCOMPARE(two.at(0).bytes, qint64(23));
    QCOMPARE(two.at(1).count, 1);
    QCOMPARE(two.at(1).bytes, qint64(12));
}

void TestAnalytics::batchBodyIsTheJsonArray()
{
    const QList<QByteArray> items {"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"};
    const QList<AnalyticsBatcher::Batch> batches = AnalyticsBatcher::split(items, 17);
    QCOMPARE(batches.size(), 2);
    QCOMPARE(AnalyticsBatcher::body(items, batches.at(0)), QByteArray("[{\"a\":1},{\"b\":2}]"));
    QCOMPARE(AnalyticsBatcher::body(items, batches.at(1)), QByteArray("[{\"c\":3}]"));
    QVERIFY(QJsonDocument::fromJson(AnalyticsBatcher::body(items, batches.at(0))).isArray());
}

void TestAnalytics::itemTooLargeAloneIsFlagged()
{
    const QList<QByteArray> items {QByteArray(5, 'a'), QByteArray(50, 'b'), QByteArray(5, 'c')};
    QVERIFY(AnalyticsBatcher::fitsAlone(items.at(0), 20));
    QVERIFY(!AnalyticsBatcher::fitsAlone(items.at(1), 20));
    QVERIFY(AnalyticsBatcher::fitsAlone(QByteArray(18, 'x'), 20));
    QVERIFY(!AnalyticsBatcher::fitsAlone(QByteArray(19, 'x'), 20));
    const QList<AnalyticsBatcher::Batch> batches = AnalyticsBatcher::split(items, 20);
    QCOMPARE(batches.size(), 3); // the big one alone, between the others
    QCOMPARE(batches.at(1).first, 1);
    QCOMPARE(batches.at(1).count, 1);
}

void TestAnalytics::maxItemsCapsABatch()
{
    const QList<QByteArray> items = randomItems(10, 1);
    const QList<AnalyticsBatcher::Batch> batches = AnalyticsBatcher::split(items, 1'000'000, 4);
    QCOMPARE(batches.size(), 3);
    QCOMPARE(batches.at(0).count, 4);
    QCOMPARE(batches.at(2).count, 2);
}

void TestAnalytics::emptyInputHasNoBatch()
{
    QVERIFY(AnalyticsBatcher::split({}, 100).isEmpty());
}

void TestAnalytics::activityRowConverts()
{
    const QStringList headers = split("Email|Company|Action|Date|Weight|Count|Info");
    QHash<QString, int> columns
        = AnalyticsRowConverter::guessColumns(AnalyticsTarget::Activities, headers);
    columns.insert(QStringLiteral("companyExternalId"), 1);
    AnalyticsRowConverter converter(AnalyticsTarget::Activities, headers, columns);
    QVERIFY(converter.mappingError().isEmpty());
    QJsonObject activity;
    QList<AnalyticsRowProblem> problems;
    QVERIFY(converter.convert(split(" ann@example.com |CUST-1|Logged in|2024-05-01T13:45:00+02:00|"
                                    "1.5|3|{\"plan\":\"pro\"}"),
                              1, 2, &activity, &problems));
    QVERIFY(problems.isEmpty());
    const QJsonObject expected {
        {"email", "ann@example.com"},
        {"companyExternalId", "CUST-1"},
        {"action", "Logged in"},
        {"date", "2024-05-01T11:45:00.000Z"},
        {"weight", 1.5},
        {"count", 3},
        {"info", QJsonObject {{"plan", "pro"}}},
    };
    QCOMPARE(activity, expected);
    // Whole numbers stay integers in the JSON.
    QVERIFY(QJsonDocument(activity).toJson(QJsonDocument::Compact).contains("\"count\":3,"));
}

void TestAnalytics::activityRowProblems_data()
{
    QTest::addColumn<QString>("row"); // email|externalId|action|date|count|info
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("no user") << "||Login||1|"
                             << "email"
                             << "neither an email nor an external id";
    QTest::newRow("bad email") << "ann|x|Login||1|"
                               << "email"
                               << "not an email address";
    QTest::newRow("no action") << "a@b.c|||||"
                               << "action"
                               << "the action is empty";
    QTest::newRow("bad date") << "a@b.c||Login|yesterday||"
                              << "date"
                              << "not a date";
    QTest::newRow("bad day") << "a@b.c||Login|2024-02-30||"
                             << "date"
                             << "not a date";
    QTest::newRow("count text") << "|u1|Login||many|"
                                << "count"
                                << "not a number";
    QTest::newRow("count fraction") << "|u1|Login||1.5|"
                                    << "count"
                                    << "not a whole number";
    QTest::newRow("count negative") << "|u1|Login||-2|"
                                    << "count"
                                    << "not a whole number";
    QTest::newRow("info not json") << "|u1|Login|||{plan}"
                                   << "info"
                                   << "not a JSON object";
    QTest::newRow("info array") << "|u1|Login|||[1]"
                                << "info"
                                << "not a JSON object";
}

void TestAnalytics::activityRowProblems()
{
    QFETCH(QString, row);
    QFETCH(QString, column);
    QFETCH(QString, message);
    const QList<AnalyticsRowProblem> problems = rowProblems(
        AnalyticsTarget::Activities, "email|externalId|action|date|count|info", row, 7, 9);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().row, qint64(7));
    QCOMPARE(problems.first().line, qint64(9));
    QCOMPARE(problems.first().column, column);
    QVERIFY2(problems.first().message.contains(message), qPrintable(problems.first().message));
    QVERIFY(analyticsProblemText(problems.first())
                .startsWith(QStringLiteral("row 7 (line 9), column \"%1\"").arg(column)));
}

void TestAnalytics::metricRowConverts()
{
    const QStringList headers = split("Metric|Value|External Id|Model|Day");
    AnalyticsRowConverter converter(
        AnalyticsTarget::Metrics, headers,
        AnalyticsRowConverter::guessColumns(AnalyticsTarget::Metrics, headers));
    QVERIFY(converter.mappingError().isEmpty());
    QJsonObject metric;
    QList<AnalyticsRowProblem> problems;
    QVERIFY(
        converter.convert(split("logins|42|CUST-1|enduser|2024-05-01"), 1, 2, &metric, &problems));
    QCOMPARE(metric,
             (QJsonObject {{"dimensionId", "logins"},
                           {"value", 42},
                           {"externalId", "CUST-1"},
                           {"model", "EndUser"},
                           {"date", "2024-05-01T00:00:00.000Z"}}));
    QVERIFY(converter.convert(split("mrr_share|-0.25|CUST-2||"), 2, 3, &metric, &problems));
    QCOMPARE(
        metric,
        (QJsonObject {{"dimensionId", "mrr_share"}, {"value", -0.25}, {"externalId", "CUST-2"}}));
}

void TestAnalytics::metricRowProblems_data()
{
    QTest::addColumn<QString>("row"); // dimensionId|value|externalId|model|date
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("no dimension") << "|1|C1||"
                                  << "dimensionId"
                                  << "empty";
    QTest::newRow("dimension with space") << "log ins|1|C1||"
                                          << "dimensionId"
                                          << "no spaces";
    QTest::newRow("no value") << "logins||C1||"
                              << "value"
                              << "a number is required";
    QTest::newRow("value text") << "logins|12a|C1||"
                                << "value"
                                << "not a number";
    QTest::newRow("value comma") << "logins|1,5|C1||"
                                 << "value"
                                 << "not a number";
    QTest::newRow("value nan") << "logins|nan|C1||"
                               << "value"
                               << "not a number";
    QTest::newRow("no external id") << "logins|1|||"
                                    << "externalId"
                                    << "empty";
    QTest::newRow("bad model") << "logins|1|C1|Planet|"
                               << "model"
                               << "not a model";
    QTest::newRow("bad date") << "logins|1|C1||05/01/2024"
                              << "date"
                              << "not a date";
}

void TestAnalytics::metricRowProblems()
{
    QFETCH(QString, row);
    QFETCH(QString, column);
    QFETCH(QString, message);
    const QList<AnalyticsRowProblem> problems = rowProblems(
        AnalyticsTarget::Metrics, "dimensionId|value|externalId|model|date", row, 1, 2);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().column, column);
    QVERIFY2(problems.first().message.contains(message), qPrintable(problems.first().message));
}

void TestAnalytics::unknownDimensionIsRefusedWhenDimensionsAreKnown()
{
    const QStringList headers = split("dimensionId|value|externalId");
    AnalyticsRowConverter converter(
        AnalyticsTarget::Metrics, headers,
        AnalyticsRowConverter::guessColumns(AnalyticsTarget::Metrics, headers));
    QJsonObject metric;
    QList<AnalyticsRowProblem> problems;
    QVERIFY(converter.convert(split("anything|1|C1"), 1, 2, &metric, &problems));
    converter.setKnownDimensions({QStringLiteral("logins")});
    QVERIFY(converter.convert(split("logins|1|C1"), 1, 2, &metric, &problems));
    QVERIFY(!converter.convert(split("logons|1|C1"), 2, 3, &metric, &problems));
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains(QStringLiteral("not a known metric")));
}

void TestAnalytics::mappingNeedsTheRequiredColumns()
{
    const QStringList activityHeaders = split("when|count");
    AnalyticsRowConverter activities(
        AnalyticsTarget::Activities, activityHeaders,
        AnalyticsRowConverter::guessColumns(AnalyticsTarget::Activities, activityHeaders));
    QVERIFY(activities.mappingError().contains(QStringLiteral("email or externalId")));
    QVERIFY(activities.mappingError().contains(QStringLiteral("action")));
    const QStringList metricHeaders = split("dimensionId|externalId");
    AnalyticsRowConverter metrics(
        AnalyticsTarget::Metrics, metricHeaders,
        AnalyticsRowConverter::guessColumns(AnalyticsTarget::Metrics, metricHeaders));
    QCOMPARE(metrics.mappingError().left(16), QStringLiteral("no column for va"));
}

void TestAnalytics::datesParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("iso"); // empty: refused
    QTest::newRow("date") << "2024-05-01"
                          << "2024-05-01T00:00:00.000Z";
    QTest::newRow("utc") << "2024-05-01T13:45:00Z"
                         << "2024-05-01T13:45:00.000Z";
    QTest::newRow("ms") << "2024-05-01T13:45:00.250Z"
                        << "2024-05-01T13:45:00.250Z";
    QTest::newRow("offset") << "2024-05-01T01:00:00-03:00"
                            << "2024-05-01T04:00:00.000Z";
    QTest::newRow("no zone is utc") << "2024-05-01T13:45:00"
                                    << "2024-05-01T13:45:00.000Z";
    QTest::newRow("space") << "2024-05-01 13:45:00"
                           << "2024-05-01T13:45:00.000Z";
    QTest::newRow("us") << "05/01/2024"
                        << "";
    QTest::newRow("word") << "today"
                          << "";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("feb 30") << "2024-02-30"
                            << "";
}

void TestAnalytics::datesParse()
{
    QFETCH(QString, text);
    QFETCH(QString, iso);
    const auto parsed = AnalyticsRowConverter::parseDate(text);
    QCOMPARE(parsed.has_value(), !iso.isEmpty());
    if (parsed)
        QCOMPARE(AnalyticsRowConverter::isoDate(*parsed), iso);
}

void TestAnalytics::headersAreGuessed()
{
    const QHash<QString, int> activity = AnalyticsRowConverter::guessColumns(
        AnalyticsTarget::Activities,
        split("User Email|user_id|Company External ID|Event|Timestamp|Email"));
    QCOMPARE(activity.value("email"), 0); // the first match wins
    QCOMPARE(activity.value("externalId"), 1);
    QCOMPARE(activity.value("companyExternalId"), 2);
    QCOMPARE(activity.value("action"), 3);
    QCOMPARE(activity.value("date"), 4);
    const QHash<QString, int> metric = AnalyticsRowConverter::guessColumns(
        AnalyticsTarget::Metrics, split("dimension_id|VALUE|Company External Id|model|date"));
    QCOMPARE(metric.size(), 5);
    QCOMPARE(metric.value("externalId"), 2);
}

void TestAnalytics::fileReaderReportsRowLineAndColumn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("metrics.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("dimensionId,value,externalId,date\n"
               "logins,1,C1,2024-05-01\n"
               "\"multi\nline\",2,C1,2024-05-01\n"
               ",,,\n"
               "logins,x,C1,2024-05-02\n"
               "logins,4,C2,2024-05-03\n");
    file.close();
    TableOptions options;
    options.csv.fileName = path;
    const AnalyticsFileContent content
        = AnalyticsFileReader::read(path, options, AnalyticsTarget::Metrics);
    QVERIFY2(content.error.isEmpty(), qPrintable(content.error));
    QCOMPARE(content.rowsRead, qint64(4)); // the blank row is skipped
    QCOMPARE(content.rowsRejected, qint64(2));
    QCOMPARE(content.rows.size(), 2);
    QCOMPARE(content.rowNumbers, (QList<qint64> {1, 5}));
    QCOMPARE(QJsonDocument::fromJson(content.rows.at(1)).object().value("externalId").toString(),
             QString("C2"));
    QCOMPARE(content.problems.size(), 2);
    QCOMPARE(analyticsProblemText(content.problems.at(0), content.lineWord()),
             QStringLiteral("row 2 (line 3), column \"dimensionId\", value \"multi\nline\": a "
                            "dimension id has no spaces"));
    QCOMPARE(analyticsProblemText(content.problems.at(1), content.lineWord()),
             QStringLiteral("row 4 (line 6), column \"value\", value \"x\": not a number"));
}

void TestAnalytics::fileReaderRefusesARowTooLargeForOneBody()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("activities.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("email,action\na@b.c,short\na@b.c," + QByteArray(500, 'x') + "\n");
    file.close();
    TableOptions options;
    options.csv.fileName = path;
    const AnalyticsFileContent content
        = AnalyticsFileReader::read(path, options, AnalyticsTarget::Activities, {}, {}, 200);
    QCOMPARE(content.rows.size(), 1);
    QCOMPARE(content.rowsRejected, qint64(1));
    QVERIFY(content.problems.first().message.contains(QStringLiteral("more than one request")));

    const AnalyticsFileContent unmapped
        = AnalyticsFileReader::read(path, options, AnalyticsTarget::Metrics, {}, {}, 200);
    QVERIFY(unmapped.error.contains(QStringLiteral("no column for dimensionId")));
}

void TestAnalytics::metricsQueryCountsDaysSinceEpoch()
{
    MetricsQuery query;
    query.companyId = QStringLiteral("abc");
    query.dimensionId = QStringLiteral("logins");
    query.from = QDate(1970, 1, 2);
    query.to = QDate(2024, 5, 1);
    const ListQuery list = query.toListQuery();
    QCOMPARE(list.filters,
             (QList<QPair<QString, QString>> {
                 {"cId", "abc"}, {"dimid", "logins"}, {"from", "1"}, {"to", "19844"}}));
    QCOMPARE(MetricsQuery::epochDay(QDate(1970, 1, 1)), qint64(0));
}

QTEST_GUILESS_MAIN(TestAnalytics)
#include "tst_analytics.moc"
