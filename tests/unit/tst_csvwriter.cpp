// SPDX-License-Identifier: MIT
#include "api/rawrows.h"
#include "csv/csvwriter.h"
#include "csv/recordcsvwriter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Planhat;

class TestCsvWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesFields_data();
    void encodesFields();
    void plainFields();
    void formulaGuardCanBeOff();
    void writesRowsWithCrlf();
    void otherDelimiter();
    void rawRowsWriteWhatObjectsWrite_data();
    void rawRowsWriteWhatObjectsWrite();
};

void TestCsvWriter::encodesFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("plain") << "Acme"
                           << "Acme";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "Acme, Inc."
                           << "\"Acme, Inc.\"";
    QTest::newRow("quote") << "the \"best\""
                           << "\"the \"\"best\"\"\"";
    QTest::newRow("newline") << "two\nlines"
                             << "\"two\nlines\"";
    QTest::newRow("leading space kept") << " padded"
                                        << "\" padded\"";
    QTest::newRow("unicode") << "Älvdalen"
                             << "Älvdalen";
    QTest::newRow("formula =") << "=SUM(A1:A9)"
                               << "'=SUM(A1:A9)";
    QTest::newRow("formula +") << "+1"
                               << "'+1";
    QTest::newRow("formula -") << "-2+3"
                               << "'-2+3";
    QTest::newRow("formula @") << "@cmd"
                               << "'@cmd";
    QTest::newRow("formula tab, no quotes needed") << "\tx"
                                                   << "'\tx";
    QTest::newRow("formula cr") << "\rx"
                                << "\"'\rx\"";
    QTest::newRow("formula with comma") << "=1,2"
                                        << "\"'=1,2\"";
    QTest::newRow("inner equals is fine") << "a=b"
                                          << "a=b";
    QTest::newRow("trailing no-break space")
        << QString::fromUtf8("Acme\u00a0") << QString::fromUtf8("\"Acme\u00a0\"");
    QTest::newRow("leading em space")
        << QString::fromUtf8("\u2003Acme") << QString::fromUtf8("\"\u2003Acme\"");
    QTest::newRow("ends with an emoji")
        << QString::fromUtf8("Acme \U0001F600") << QString::fromUtf8("Acme \U0001F600");
    QTest::newRow("formula with trailing space") << "=1 "
                                                 << "\"'=1 \"";
}

void TestCsvWriter::encodesFields()
{
    QFETCH(QString, field);
    QFETCH(QString, encoded);
    QBuffer buffer;
    CsvWriter writer(&buffer);
    QCOMPARE(writer.encodeField(field), encoded);
    // The byte-level encoder writes the same bytes.
    QByteArray bytes("x");
    writer.appendEncoded(&bytes, field.toUtf8());
    QCOMPARE(bytes, "x" + encoded.toUtf8());
    CsvWriter unguarded(&buffer, CsvWriter::FormulaGuard::Off);
    QByteArray plain;
    unguarded.appendEncoded(&plain, field.toUtf8());
    QCOMPARE(plain, unguarded.encodeField(field).toUtf8());
    // A field isPlain() lets through is written as it is, guarded or not.
    if (writer.isPlain(field))
        QCOMPARE(encoded, field);
    if (unguarded.isPlain(field))
        QCOMPARE(unguarded.encodeField(field), field);
}

void TestCsvWriter::plainFields()
{
    QBuffer buffer;
    const CsvWriter guarded(&buffer);
    const CsvWriter unguarded(&buffer, CsvWriter::FormulaGuard::Off);
    for (const char *field : {"", "Acme", "a=b", "ext-000001", "65a4f0c0000000000000001"}) {
        QVERIFY2(guarded.isPlain(QString::fromLatin1(field)), field);
        QVERIFY2(unguarded.isPlain(QString::fromLatin1(field)), field);
    }
    for (const char *field : {"Acme, Inc.", " Acme", "Acme ", "say \"hi\"", "a\nb", "tab\t"}) {
        QVERIFY2(!guarded.isPlain(QString::fromLatin1(field)), field);
        QVERIFY2(!unguarded.isPlain(QString::fromLatin1(field)), field);
    }
    QVERIFY(!guarded.isPlain(QStringLiteral("=1+1")));
    QVERIFY(unguarded.isPlain(QStringLiteral("=1+1")));
    QVERIFY(!guarded.isPlain(QString::fromUtf8("Caf\u00e9")));
    const CsvWriter semicolons(&buffer, CsvWriter::FormulaGuard::Off, QLatin1Char(';'));
    QVERIFY(semicolons.isPlain(QStringLiteral("1,5")));
    QVERIFY(!semicolons.isPlain(QStringLiteral("a;b")));
}

void TestCsvWriter::formulaGuardCanBeOff()
{
    QBuffer buffer;
    CsvWriter writer(&buffer, CsvWriter::FormulaGuard::Off);
    QCOMPARE(writer.encodeField("=1+1"), QStringLiteral("=1+1"));
    QCOMPARE(writer.encodeField("-5"), QStringLiteral("-5"));
}

void TestCsvWriter::writesRowsWithCrlf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    writer.writeRow({"_id", "name", "custom.Region"});
    writer.writeRow({"1", "Acme, Inc.", "EMEA"});
    writer.writeRow({"2", "", "=HYPERLINK()"});
    QCOMPARE(buffer.data(),
             QByteArray("_id,name,custom.Region\r\n"
                        "1,\"Acme, Inc.\",EMEA\r\n"
                        "2,,'=HYPERLINK()\r\n"));
}

void TestCsvWriter::otherDelimiter()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer, CsvWriter::FormulaGuard::On, QLatin1Char(';'));
    writer.writeRow({"1,5", "a;b"});
    QCOMPARE(buffer.data(), QByteArray("1,5;\"a;b\"\r\n"));
}

void TestCsvWriter::rawRowsWriteWhatObjectsWrite_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::newRow("every field found") << QStringList();
    QTest::newRow("columns given")
        << QStringList {"_id", "name", "custom.Region", "tags", "n", "missing"};
}

void TestCsvWriter::rawRowsWriteWhatObjectsWrite()
{
    QFETCH(QStringList, columns);
    // Records as a list page brings them, with every kind of value a cell can hold.
    const QByteArray page(R"json([
{"_id":"a1","name":"=HYPERLINK(\"x\")","n":1e20,"f":0.1,"i":-3,"b":true,"z":null,
 "tags":["x","y, z",2,false],"nested":[{"k":1}],"obj":{"b":2,"a":"\u00e9"},
 "custom":{
        "Region" : " EMEA", "Score" : 12.5, "Owners" : [ "Ann", "Bo" ]}
},
{"name":"Line\nbreak\u00a0","_id":"a2","custom.Region":"ignored","extra":"tail \ud83d\ude00",
 "custom":{"Region":"APAC"}},
{"_id":"a3","custom":{}}
])json");
    const QJsonArray array = QJsonDocument::fromJson(page).array();
    QList<QJsonObject> objects;
    for (const QJsonValue &value : array)
        objects.append(value.toObject());
    RawRows raw;
    raw.body = page;
    // The spans of the three objects, found by their braces at depth one.
    int depth = 0;
    qsizetype start = 0;
    bool inString = false;
    for (qsizetype i = 0; i < page.size(); ++i) {
        const char c = page.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' && depth++ == 0)
            start = i;
        else if (c == '}' && --depth == 0)
            raw.spans.append({start, i + 1 - start});
    }
    QCOMPARE(raw.size(), 3);
    raw.body.reserve(page.size() + RawRows::padding);

    QBuffer fromObjects;
    fromObjects.open(QIODevice::WriteOnly);
    RecordCsvWriter objectWriter(&fromObjects, columns);
    objectWriter.addRows(objects);
    objectWriter.finish();
    QBuffer fromRaw;
    fromRaw.open(QIODevice::WriteOnly);
    RecordCsvWriter rawWriter(&fromRaw, columns);
    rawWriter.addRawRows(raw);
    rawWriter.finish();
    QCOMPARE(rawWriter.rowsWritten(), 3);
    QCOMPARE(QString::fromUtf8(fromRaw.data()), QString::fromUtf8(fromObjects.data()));
    QVERIFY(fromRaw.data().contains("'=HYPERLINK"));
    QVERIFY(fromRaw.data().contains("1e+20"));
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
