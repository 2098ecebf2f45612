// SPDX-License-Identifier: MIT
#include "csv/recordcsvwriter.h"
#include "exitcode.h"
#include "recordprinter.h"

#include "api/apierror.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Planhat;

class TestRecordPrinter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cellText_data();
    void cellText();
    void columnsExpandCustomFields();
    void jsonStreamsOneArray();
    void rawJsonPagesOfEverySize();
    void emptyJsonListIsAnEmptyArray();
    void nothingIsWrittenBeforeTheFirstRow_data();
    void nothingIsWrittenBeforeTheFirstRow();
    void csvWithoutColumnsBuffersUntilFinish();
    void tableAlignsAndCounts();
    void exitCodes_data();
    void exitCodes();
};

void TestRecordPrinter::cellText_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("string") << QJsonValue("Acme") << "Acme";
    QTest::newRow("integer") << QJsonValue(1200) << "1200";
    QTest::newRow("fraction") << QJsonValue(83.5) << "83.5";
    QTest::newRow("bool") << QJsonValue(true) << "true";
    QTest::newRow("null") << QJsonValue() << "";
    QTest::newRow("list") << QJsonValue(QJsonArray {"a", "b", 3}) << "a;b;3";
    QTest::newRow("list of objects")
        << QJsonValue(QJsonArray {QJsonObject {{"title", "A"}}}) << "[{\"title\":\"A\"}]";
    QTest::newRow("object") << QJsonValue(QJsonObject {{"x", 1}}) << "{\"x\":1}";
}

void TestRecordPrinter::cellText()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QCOMPARE(RecordCsvWriter::cellText(value, ";"), text);
}

void TestRecordPrinter::columnsExpandCustomFields()
{
    const QList<QJsonObject> rows {
        {{"name", "A"}, {"_id", "1"}, {"custom", QJsonObject {{"Region", "EU"}}}},
        {{"_id", "2"}, {"phase", "Adoption"}, {"custom", QJsonObject {{"Seats", 4}}}}};
    QCOMPARE(RecordCsvWriter::columnsOf(rows),
             (QStringList {"_id", "custom.Region", "name", "custom.Seats", "phase"}));
    QCOMPARE(RecordCsvWriter::valueAt(rows.at(1), "custom.Seats").toInt(), 4);
}

void TestRecordPrinter::jsonStreamsOneArray()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordPrinter printer(&buffer, OutputFormat::Json, {});
    printer.addRows({{{"_id", "1"}}, {{"_id", "2"}}});
    printer.addRows({{{"_id", "3"}}});
    printer.finish();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(buffer.data(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.array().size(), 3);
    QCOMPARE(document.array().at(2).toObject().value("_id").toString(), QStringLiteral("3"));
}

void TestRecordPrinter::rawJsonPagesOfEverySize()
{
    // Pages that grow, shrink and grow again go through one kept buffer: each is written
    // exactly once, byte for byte, as addRows() would write the same rows.
    const auto rawPage = [](int first, int count, int width) {
        RawRows raw;
        raw.body = "[";
        for (int n = first; n < first + count; ++n) {
            if (n > first)
                raw.body += ',';
            const QByteArray row = QJsonDocument(QJsonObject {{"_id", QString::number(n)},
                                                              {"text", QString(width, 'w')}})
                                       .toJson(QJsonDocument::Compact);
            raw.spans.append({raw.body.size(), row.size()});
            raw.body += row;
        }
        raw.body += ']';
        return raw;
    };
    const QList<std::tuple<int, int, int>> pages {
        {0, 3, 10}, {3, 500, 200}, {503, 2, 5}, {505, 700, 400}, {1205, 1, 0}};
    QBuffer raw;
    raw.open(QIODevice::WriteOnly);
    QBuffer parsed;
    parsed.open(QIODevice::WriteOnly);
    RecordPrinter rawPrinter(&raw, OutputFormat::Json, {});
    RecordPrinter parsedPrinter(&parsed, OutputFormat::Json, {});
    for (const auto &[first, count, width] : pages) {
        const RawRows rows = rawPage(first, count, width);
        rawPrinter.addRawRows(rows);
        QList<QJsonObject> objects;
        for (const QJsonValue &value : QJsonDocument::fromJson(rows.body).array())
            objects.append(value.toObject());
        parsedPrinter.addRows(objects);
    }
    rawPrinter.finish();
    parsedPrinter.finish();
    QCOMPARE(raw.data(), parsed.data());
    QCOMPARE(QJsonDocument::fromJson(raw.data()).array().size(), 1206);
}

void TestRecordPrinter::emptyJsonListIsAnEmptyArray()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordPrinter printer(&buffer, OutputFormat::Json, {});
    printer.finish();
    QVERIFY(QJsonDocument::fromJson(buffer.data()).isArray());
    QVERIFY(QJsonDocument::fromJson(buffer.data()).array().isEmpty());
}

void TestRecordPrinter::nothingIsWrittenBeforeTheFirstRow_data()
{
    QTest::addColumn<OutputFormat>("format");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QByteArray>("start"); // how the output begins once a row came
    QTest::newRow("json") << OutputFormat::Json << QStringList {"_id"} << QByteArray("[\n{");
    QTest::newRow("csv") << OutputFormat::Csv << QStringList {"_id"} << QByteArray("_id\r\n1");
}

// A list that fails before its first page prints nothing (ListCommand skips finish()), so
// a script cannot take a refused token for an empty tenant.
void TestRecordPrinter::nothingIsWrittenBeforeTheFirstRow()
{
    QFETCH(OutputFormat, format);
    QFETCH(QStringList, columns);
    QFETCH(QByteArray, start);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordPrinter printer(&buffer, format, columns);
    printer.addRows({}); // an empty page opens nothing either
    QVERIFY(buffer.data().isEmpty());
    QCOMPARE(printer.rowsAdded(), 0);
    printer.addRows({{{"_id", "1"}}});
    QCOMPARE(printer.rowsAdded(), 1);
    QVERIFY2(buffer.data().startsWith(start), buffer.data().constData());
}

void TestRecordPrinter::csvWithoutColumnsBuffersUntilFinish()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordPrinter printer(&buffer, OutputFormat::Csv, {});
    printer.addRows({{{"_id", "1"}, {"name", "=cmd"}}});
    printer.addRows({{{"_id", "2"}, {"tags", QJsonArray {"x", "y"}}}});
    QVERIFY(buffer.data().isEmpty());
    printer.finish();
    QCOMPARE(buffer.data(), QByteArray("_id,name,tags\r\n1,'=cmd,\r\n2,,x;y\r\n"));
}

void TestRecordPrinter::tableAlignsAndCounts()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordPrinter printer(&buffer, OutputFormat::Table, {"_id", "name"});
    printer.addRows(
        {{{"_id", "1"}, {"name", "Acme"}}, {{"_id", "22"}, {"name", QString(60, 'x')}}});
    printer.finish();
    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.at(0), QByteArray("_id  name"));
    QVERIFY(lines.at(1).startsWith("---  ----"));
    QVERIFY(lines.at(3).size() < 60); // long cells are cut
    QVERIFY(buffer.data().contains("(2 rows)"));
}

void TestRecordPrinter::exitCodes_data()
{
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<ExitCode>("code");
    QTest::newRow("none") << ApiError::Kind::None << ExitCode::Ok;
    QTest::newRow("auth") << ApiError::Kind::Auth << ExitCode::Auth;
    QTest::newRow("network") << ApiError::Kind::Network << ExitCode::Network;
    QTest::newRow("timeout") << ApiError::Kind::Timeout << ExitCode::Network;
    QTest::newRow("server") << ApiError::Kind::Server << ExitCode::Network;
    QTest::newRow("rate limited") << ApiError::Kind::RateLimited << ExitCode::Network;
    QTest::newRow("invalid response") << ApiError::Kind::InvalidResponse << ExitCode::Network;
    QTest::newRow("not found") << ApiError::Kind::NotFound << ExitCode::ItemsFailed;
    QTest::newRow("bad request") << ApiError::Kind::BadRequest << ExitCode::ItemsFailed;
}

void TestRecordPrinter::exitCodes()
{
    QFETCH(ApiError::Kind, kind);
    QFETCH(ExitCode, code);
    QCOMPARE(exitCodeFor(ApiError(kind, 0, QString())), code);
    QCOMPARE(worseExitCode(ExitCode::ItemsFailed, ExitCode::Auth), ExitCode::Auth);
    QCOMPARE(worseExitCode(ExitCode::Network, ExitCode::ItemsFailed), ExitCode::Network);
}

QTEST_GUILESS_MAIN(TestRecordPrinter)
#include "tst_recordprinter.moc"
