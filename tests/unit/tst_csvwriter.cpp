// SPDX-License-Identifier: MIT
#include "csv/csvwriter.h"

#include <QBuffer>
#include <QTest>

using namespace Planhat;

class TestCsvWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesFields_data();
    void encodesFields();
    void formulaGuardCanBeOff();
    void writesRowsWithCrlf();
    void otherDelimiter();
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
}

void TestCsvWriter::encodesFields()
{
    QFETCH(QString, field);
    QFETCH(QString, encoded);
    QBuffer buffer;
    CsvWriter writer(&buffer);
    QCOMPARE(writer.encodeField(field), encoded);
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

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
