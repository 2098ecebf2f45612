// SPDX-License-Identifier: MIT
#include "csv/csvreader.h"
#include "csv/csvsniffer.h"
#include "csv/csvwriter.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTest>

using namespace Planhat;

using Rows = QList<QStringList>;
using Lines = QList<qint64>;

Q_DECLARE_METATYPE(CsvEncoding)
Q_DECLARE_METATYPE(CsvIssue::Kind)

namespace {

/// A buffer that hands out at most a few bytes per read, as a slow device would.
class TrickleBuffer : public QBuffer
{
public:
    TrickleBuffer(const QByteArray &data, qint64 chunk)
        : m_chunk(chunk)
    {
        setData(data);
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        return QBuffer::readData(data, qMin(maxSize, m_chunk));
    }

private:
    qint64 m_chunk;
};

struct ReadResult
{
    Rows rows;
    Lines lines;
    QStringList headers;
    QList<CsvIssue> issues;
    QList<QList<CsvIssue>> rowIssues;
    QList<QList<QPair<qint64, qint64>>> positions; // per row, per field: line and column
    CsvEncoding encoding = CsvEncoding::Detect;
    QChar delimiter;
};

ReadResult readDevice(QIODevice *device, const CsvOptions &options)
{
    ReadResult result;
    CsvReader reader(device, options);
    CsvRow row;
    while (reader.readRow(row)) {
        result.rows.append(row.toStringList());
        result.lines.append(row.line());
        result.rowIssues.append(row.issues());
        QList<QPair<qint64, qint64>> fields;
        for (qsizetype i = 0; i < row.size(); ++i)
            fields.append({row.fieldLine(i), row.fieldColumn(i)});
        result.positions.append(fields);
    }
    result.headers = reader.headers();
    result.issues = reader.issues();
    result.encoding = reader.encoding();
    result.delimiter = reader.delimiter();
    return result;
}

ReadResult readBytes(const QByteArray &bytes, const CsvOptions &options)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return readDevice(&buffer, options);
}

CsvOptions noHeader(QChar delimiter = QChar())
{
    CsvOptions options;
    options.headerRow = CsvOptions::HeaderRow::None;
    options.delimiter = delimiter;
    return options;
}

QByteArray utf16(const QString &text, QStringConverter::Encoding encoding)
{
    QStringEncoder encoder(encoding, QStringConverter::Flag::WriteBom);
    return encoder.encode(text);
}

QString describe(const QList<CsvIssue> &issues)
{
    QStringList lines;
    for (const CsvIssue &issue : issues)
        lines.append(issue.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestCsvReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stoppedEarlyTellsTheRestWasNotRead();
    void parsesRows_data();
    void parsesRows();
    void detectsDelimiter_data();
    void detectsDelimiter();
    void delimiterOverride();
    void encodings_data();
    void encodings();
    void invalidUtf8AfterSampleIsReported();
    void invalidBytesDecodeAlikeInAnyBlocks_data();
    void invalidBytesDecodeAlikeInAnyBlocks();
    void headers_data();
    void headers();
    void raggedRows_data();
    void raggedRows();
    void unterminatedQuote_data();
    void unterminatedQuote();
    void textAfterClosingQuote();
    void longRowStopsReading_data();
    void longRowStopsReading();
    void fieldPositions();
    void blockBoundaries_data();
    void blockBoundaries();
    void roundTripWithWriter_data();
    void roundTripWithWriter();
    void issueMessagesNameFileLineAndColumn();
    void storedIssuesAreCapped();
    void rowBuffersAreReused();
};

void TestCsvReader::parsesRows_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<Lines>("lines");

    QTest::newRow("empty file") << QByteArray() << Rows {} << Lines {};
    QTest::newRow("one field") << QByteArray("a") << Rows {{"a"}} << Lines {1};
    QTest::newRow("LF line ends") << QByteArray("a,b\nc,d\n") << Rows {{"a", "b"}, {"c", "d"}}
                                  << Lines {1, 2};
    QTest::newRow("CRLF line ends")
        << QByteArray("a,b\r\nc,d\r\n") << Rows {{"a", "b"}, {"c", "d"}} << Lines {1, 2};
    QTest::newRow("CR line ends") << QByteArray("a,b\rc,d\r") << Rows {{"a", "b"}, {"c", "d"}}
                                  << Lines {1, 2};
    QTest::newRow("mixed line ends")
        << QByteArray("a,b\r\nc,d\ne,f\rg,h")
        << Rows {{"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}} << Lines {1, 2, 3, 4};
    QTest::newRow("no final line end")
        << QByteArray("a,b\nc,d") << Rows {{"a", "b"}, {"c", "d"}} << Lines {1, 2};
    QTest::newRow("blank lines skipped") << QByteArray("\n\r\na,b\n\n\r\rc,d\r\n\r\n\n")
                                         << Rows {{"a", "b"}, {"c", "d"}} << Lines {3, 7};
    QTest::newRow("empty fields") << QByteArray(",,\n,x,\n") << Rows {{"", "", ""}, {"", "x", ""}}
                                  << Lines {1, 2};
    QTest::newRow("trailing delimiter at end of file")
        << QByteArray("a,") << Rows {{"a", ""}} << Lines {1};
    QTest::newRow("quoted delimiter")
        << QByteArray("\"Acme, Inc.\",x\n") << Rows {{"Acme, Inc.", "x"}} << Lines {1};
    QTest::newRow("doubled quotes")
        << QByteArray("\"say \"\"hi\"\"\",\"\"\"\"\n") << Rows {{"say \"hi\"", "\""}} << Lines {1};
    QTest::newRow("empty quoted field") << QByteArray("\"\",b\n") << Rows {{"", "b"}} << Lines {1};
    QTest::newRow("quoted empty row is not blank")
        << QByteArray("\"\"\nx\n") << Rows {{""}, {"x"}} << Lines {1, 2};
    QTest::newRow("LF inside quotes") << QByteArray("\"one\ntwo\",x\ny,z\n")
                                      << Rows {{"one\ntwo", "x"}, {"y", "z"}} << Lines {1, 3};
    QTest::newRow("CRLF inside quotes") << QByteArray("\"one\r\ntwo\",x\r\ny,z\r\n")
                                        << Rows {{"one\r\ntwo", "x"}, {"y", "z"}} << Lines {1, 3};
    QTest::newRow("CR inside quotes")
        << QByteArray("\"one\rtwo\rthree\",x\ry,z") << Rows {{"one\rtwo\rthree", "x"}, {"y", "z"}}
        << Lines {1, 4};
    QTest::newRow("blank line inside quotes kept")
        << QByteArray("\"a\n\nb\"\nc\n") << Rows {{"a\n\nb"}, {"c"}} << Lines {1, 4};
    QTest::newRow("quote inside unquoted field is literal")
        << QByteArray("5\" disk,x\n") << Rows {{"5\" disk", "x"}} << Lines {1};
    QTest::newRow("spaces kept") << QByteArray(" a , b \n") << Rows {{" a ", " b "}} << Lines {1};
    QTest::newRow("excel semicolons and decimal commas")
        << QByteArray("Name;Amount;Date\r\nAcme;1,5;31.12.2024\r\nBeta;2,75;01.01.2025\r\n")
        << Rows {{"Name", "Amount", "Date"},
                 {"Acme", "1,5", "31.12.2024"},
                 {"Beta", "2,75", "01.01.2025"}}
        << Lines {1, 2, 3};
}

void TestCsvReader::parsesRows()
{
    QFETCH(QByteArray, input);
    QFETCH(Rows, rows);
    QFETCH(Lines, lines);
    const ReadResult result = readBytes(input, noHeader());
    QCOMPARE(result.rows, rows);
    QCOMPARE(result.lines, lines);
    QVERIFY2(result.issues.isEmpty(), qPrintable(describe(result.issues)));
}

void TestCsvReader::detectsDelimiter_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QChar>("delimiter");

    QTest::newRow("comma") << QByteArray("a,b,c\n1,2,3\n") << QChar(u',');
    QTest::newRow("semicolon") << QByteArray("a;b;c\n1;2;3\n") << QChar(u';');
    QTest::newRow("tab") << QByteArray("a\tb\tc\n1\t2\t3\n") << QChar(u'\t');
    QTest::newRow("pipe") << QByteArray("a|b|c\n1|2|3\n") << QChar(u'|');
    QTest::newRow("semicolon with decimal commas")
        << QByteArray("name;amount\nAcme;1,5\nBeta;2,75\nGamma;3\n") << QChar(u';');
    QTest::newRow("comma with quoted semicolons")
        << QByteArray("a,b\n\"x;y;z\",1\n\"p;q\",2\n") << QChar(u',');
    QTest::newRow("tab with quoted newlines and commas")
        << QByteArray("a\tb\n\"1,\n2,3\"\tx\n\"4,5\"\ty\n") << QChar(u'\t');
    QTest::newRow("single column falls back to comma") << QByteArray("a\nb\nc\n") << QChar(u',');
}

void TestCsvReader::detectsDelimiter()
{
    QFETCH(QByteArray, input);
    QFETCH(QChar, delimiter);
    QCOMPARE(readBytes(input, noHeader()).delimiter, delimiter);
}

void TestCsvReader::delimiterOverride()
{
    const QByteArray input("a;b,c\n1;2,3\n");
    const ReadResult detected = readBytes(input, noHeader());
    QCOMPARE(detected.delimiter, QChar(u','));
    QCOMPARE(detected.rows, (Rows {{"a;b", "c"}, {"1;2", "3"}}));
    const ReadResult overridden = readBytes(input, noHeader(QChar(u';')));
    QCOMPARE(overridden.delimiter, QChar(u';'));
    QCOMPARE(overridden.rows, (Rows {{"a", "b,c"}, {"1", "2,3"}}));
}

void TestCsvReader::encodings_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<CsvEncoding>("chosen");
    QTest::addColumn<CsvEncoding>("used");
    QTest::addColumn<Rows>("rows");

    const QString text = QStringLiteral("Name\tCity\nMüller\tZürich – €5\n");
    const Rows textRows {{"Name", "City"}, {"Müller", "Zürich – €5"}};

    QTest::newRow("UTF-8 without BOM")
        << text.toUtf8() << CsvEncoding::Detect << CsvEncoding::Utf8 << textRows;
    QTest::newRow("UTF-8 with BOM") << QByteArray("\xEF\xBB\xBF") + text.toUtf8()
                                    << CsvEncoding::Detect << CsvEncoding::Utf8 << textRows;
    QTest::newRow("UTF-16LE with BOM, tabs")
        << utf16(text, QStringConverter::Utf16LE) << CsvEncoding::Detect << CsvEncoding::Utf16LE
        << textRows;
    QTest::newRow("UTF-16BE with BOM, tabs")
        << utf16(text, QStringConverter::Utf16BE) << CsvEncoding::Detect << CsvEncoding::Utf16BE
        << textRows;
    // Müller, Zürich, en dash 0x96, euro 0x80, as Excel on Windows saves them.
    const QByteArray cp1252("Name\tCity\nM\xFCller\tZ\xFCrich \x96 \x80"
                            "5\n");
    QTest::newRow("Windows-1252 detected")
        << cp1252 << CsvEncoding::Detect << CsvEncoding::Windows1252 << textRows;
    QTest::newRow("Windows-1252 chosen")
        << cp1252 << CsvEncoding::Windows1252 << CsvEncoding::Windows1252 << textRows;
    QTest::newRow("Windows-1252 quotes and ellipsis")
        << QByteArray("a,b\n\x93quoted\x94,\x85\n") << CsvEncoding::Detect
        << CsvEncoding::Windows1252 << Rows {{"a", "b"}, {"“quoted”", "…"}};
    QTest::newRow("override: UTF-8 bytes read as Windows-1252")
        << QByteArray("a,b\nM\xC3\xBCller,x\n") << CsvEncoding::Windows1252
        << CsvEncoding::Windows1252 << Rows {{"a", "b"}, {"MÃ¼ller", "x"}};
    QTest::newRow("override: UTF-16LE without BOM")
        << QByteArray(
               QStringEncoder(QStringConverter::Utf16LE).encode(QStringLiteral("a;b\nä;ö\n")))
        << CsvEncoding::Utf16LE << CsvEncoding::Utf16LE << Rows {{"a", "b"}, {"ä", "ö"}};
    QTest::newRow("override: BOM of the chosen encoding is skipped")
        << QByteArray("\xEF\xBB\xBF") + QByteArray("x,y\n") << CsvEncoding::Utf8
        << CsvEncoding::Utf8 << Rows {{"x", "y"}};
}

void TestCsvReader::encodings()
{
    QFETCH(QByteArray, input);
    QFETCH(CsvEncoding, chosen);
    QFETCH(CsvEncoding, used);
    QFETCH(Rows, rows);
    CsvOptions options = noHeader();
    options.encoding = chosen;
    const ReadResult result = readBytes(input, options);
    QCOMPARE(result.encoding, used);
    QCOMPARE(result.rows, rows);
    QVERIFY2(result.issues.isEmpty(), qPrintable(describe(result.issues)));
}

void TestCsvReader::invalidUtf8AfterSampleIsReported()
{
    // The sample (64 KiB) is plain ASCII, so UTF-8 is chosen; a Latin-1 byte comes later.
    QByteArray input;
    for (int i = 0; input.size() < 70 * 1024; ++i)
        input += "row" + QByteArray::number(i) + ",value\n";
    const qint64 badLine = input.count('\n') + 1;
    input += "M\xFCller,x\n";
    const ReadResult result = readBytes(input, noHeader());
    QCOMPARE(result.encoding, CsvEncoding::Utf8);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, CsvIssue::Kind::InvalidEncoding);
    QCOMPARE(result.issues.first().line, badLine);
    QCOMPARE(result.issues.first().column, 2);
    QCOMPARE(result.rows.last(), (QStringList {QStringLiteral("M\uFFFDller"), "x"}));
}

void TestCsvReader::invalidBytesDecodeAlikeInAnyBlocks_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<CsvEncoding>("encoding");
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("column");

    // Qt 6.4's stateful UTF-8 decoder drops U+0754 here when the bytes come one at a time.
    QTest::newRow("invalid lead, then a valid pair")
        << QByteArray("a,x\xDD\xDD\x94y") << CsvEncoding::Utf8 << QStringLiteral("x\uFFFD\u0754y")
        << qint64(4);
    QTest::newRow("overlong form") << QByteArray("a,\xC0\xAFz") << CsvEncoding::Utf8
                                   << QStringLiteral("\uFFFD\uFFFDz") << qint64(3);
    QTest::newRow("surrogate encoded in UTF-8")
        << QByteArray("a,\xED\xA0\x80z") << CsvEncoding::Utf8
        << QStringLiteral("\uFFFD\uFFFD\uFFFDz") << qint64(3);
    QTest::newRow("sequence cut by a comma")
        << QByteArray("a,\xE2\x82,z") << CsvEncoding::Utf8 << QStringLiteral("\uFFFD") << qint64(3);
    QTest::newRow("sequence cut by the end of the file")
        << QByteArray("a,b\xF0\x9F\x98") << CsvEncoding::Utf8 << QStringLiteral("b\uFFFD")
        << qint64(4);
    QTest::newRow("odd byte at the end of UTF-16")
        << QByteArray("\xFF\xFE"
                      "a\0,\0b\0c",
                      9)
        << CsvEncoding::Detect << QStringLiteral("b\uFFFD") << qint64(4);
}

void TestCsvReader::invalidBytesDecodeAlikeInAnyBlocks()
{
    QFETCH(QByteArray, input);
    QFETCH(CsvEncoding, encoding);
    QFETCH(QString, value);
    QFETCH(qint64, column);
    for (qsizetype blockSize : {1, 2, 3, 4, 1024}) {
        CsvOptions options = noHeader(QChar(u','));
        options.encoding = encoding;
        options.blockSize = blockSize;
        const ReadResult result = readBytes(input, options);
        QCOMPARE(result.rows.size(), 1);
        QCOMPARE(result.rows.first().value(1), value);
        QCOMPARE(result.issues.size(), 1);
        QCOMPARE(result.issues.first().kind, CsvIssue::Kind::InvalidEncoding);
        QCOMPARE(result.issues.first().line, 1);
        QCOMPARE(result.issues.first().column, column);
    }
}

void TestCsvReader::headers_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QList<CsvIssue::Kind>>("kinds");
    QTest::addColumn<Lines>("issueColumns");
    QTest::addColumn<QStringList>("messageParts");

    QTest::newRow("good header") << QByteArray("\n\nName,Owner\nAcme,Ann\n")
                                 << QStringList {"Name", "Owner"} << QList<CsvIssue::Kind> {}
                                 << Lines {} << QStringList {};
    QTest::newRow("empty header") << QByteArray("Name,,Owner\nAcme,1,Ann\n")
                                  << QStringList {"Name", "", "Owner"}
                                  << QList<CsvIssue::Kind> {CsvIssue::Kind::EmptyHeader}
                                  << Lines {6} << QStringList {"field 2 is empty"};
    QTest::newRow("blank header after trimming")
        << QByteArray("Name,\"  \"\nAcme,1\n") << QStringList {"Name", "  "}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::EmptyHeader} << Lines {6}
        << QStringList {"field 2 is empty"};
    QTest::newRow("duplicate header")
        << QByteArray("Id,Name,Owner,Phone,Name\n1,a,b,c,d\n")
        << QStringList {"Id", "Name", "Owner", "Phone", "Name"}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::DuplicateHeader} << Lines {21}
        << QStringList {"duplicate header \"Name\" in fields 2 and 5"};
    QTest::newRow("empty and duplicate")
        << QByteArray("a,,a,\n1,2,3,4\n") << QStringList {"a", "", "a", ""}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::EmptyHeader, CsvIssue::Kind::DuplicateHeader,
                                  CsvIssue::Kind::EmptyHeader}
        << Lines {3, 4, 6} << QStringList {"field 2", "fields 1 and 3", "field 4"};
}

void TestCsvReader::headers()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, headers);
    QFETCH(QList<CsvIssue::Kind>, kinds);
    QFETCH(Lines, issueColumns);
    QFETCH(QStringList, messageParts);
    const ReadResult result = readBytes(input, CsvOptions());
    QCOMPARE(result.headers, headers);
    QCOMPARE(result.rows.size(), 1);
    QCOMPARE(result.issues.size(), kinds.size());
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        const CsvIssue &issue = result.issues.at(i);
        QCOMPARE(issue.kind, kinds.at(i));
        QCOMPARE(issue.severity, CsvIssue::Severity::Error);
        QCOMPARE(issue.column, issueColumns.at(i));
        QVERIFY2(issue.message.contains(messageParts.at(i)), qPrintable(issue.message));
    }
}

void TestCsvReader::raggedRows_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<QList<CsvIssue::Kind>>("kinds");
    QTest::addColumn<Lines>("issueLines");
    QTest::addColumn<Lines>("issueColumns");
    QTest::addColumn<QList<qsizetype>>("issueRows"); // index into rows

    QTest::newRow("too many fields")
        << QByteArray("a,b\n1,2\n3,4,55,6\n") << Rows {{"1", "2"}, {"3", "4", "55", "6"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooManyFields} << Lines {3} << Lines {5}
        << QList<qsizetype> {1};
    QTest::newRow("too few fields")
        << QByteArray("a,b,c\r\n1,2,3\r\n4,5\r\n") << Rows {{"1", "2", "3"}, {"4", "5"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooFewFields} << Lines {3} << Lines {4}
        << QList<qsizetype> {1};
    QTest::newRow("after a multi-line quoted field")
        << QByteArray("a,b\n\"x\ny\nz\",1\n2\n\"p\r\nq\",3,\"r\ns\"\n")
        << Rows {{"x\ny\nz", "1"}, {"2"}, {"p\r\nq", "3", "r\ns"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooFewFields, CsvIssue::Kind::TooManyFields}
        << Lines {5, 7} << Lines {2, 6} << QList<qsizetype> {1, 2};
    QTest::newRow("extra field starts on a later line")
        << QByteArray("a,b\n\"1\n2\",\"3\n4\",5\n") << Rows {{"1\n2", "3\n4", "5"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooManyFields} << Lines {4} << Lines {4}
        << QList<qsizetype> {0};
    QTest::newRow("blank lines do not shift lines")
        << QByteArray("a,b\n\n\n1\n\n") << Rows {{"1"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooFewFields} << Lines {4} << Lines {2}
        << QList<qsizetype> {0};
    QTest::newRow("too few at end of file without line end")
        << QByteArray("a,b,c\n1,22") << Rows {{"1", "22"}}
        << QList<CsvIssue::Kind> {CsvIssue::Kind::TooFewFields} << Lines {2} << Lines {5}
        << QList<qsizetype> {0};
}

void TestCsvReader::raggedRows()
{
    QFETCH(QByteArray, input);
    QFETCH(Rows, rows);
    QFETCH(QList<CsvIssue::Kind>, kinds);
    QFETCH(Lines, issueLines);
    QFETCH(Lines, issueColumns);
    QFETCH(QList<qsizetype>, issueRows);
    const ReadResult result = readBytes(input, CsvOptions());
    QCOMPARE(result.rows, rows);
    QCOMPARE(result.issues.size(), kinds.size());
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        const CsvIssue &issue = result.issues.at(i);
        QCOMPARE(issue.kind, kinds.at(i));
        QCOMPARE(issue.severity, CsvIssue::Severity::Error);
        QCOMPARE(issue.line, issueLines.at(i));
        QCOMPARE(issue.column, issueColumns.at(i));
        const QList<CsvIssue> &rowIssues = result.rowIssues.at(issueRows.at(i));
        QCOMPARE(rowIssues.size(), 1);
        QCOMPARE(rowIssues.first().kind, kinds.at(i));
        QVERIFY2(
            issue.message.contains(QStringLiteral("line %1").arg(result.lines.at(issueRows.at(i)))),
            qPrintable(issue.message));
    }
}

void TestCsvReader::unterminatedQuote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<qint64>("column");
    QTest::addColumn<QStringList>("lastRow");

    QTest::newRow("first field") << QByteArray("\"abc") << qint64(1) << qint64(1)
                                 << QStringList {"abc"};
    QTest::newRow("later field, later line")
        << QByteArray("a,b\nc,d\nx,\"open\nmore\nlines\n") << qint64(3) << qint64(3)
        << QStringList {"x", "open\nmore\nlines\n"};
    QTest::newRow("after a closed multi-line field")
        << QByteArray("\"a\r\nb\",c\r\n1,2\r\n\"\"\"oops,3\r\n") << qint64(4) << qint64(1)
        << QStringList {"\"oops,3\r\n"};
}

void TestCsvReader::unterminatedQuote()
{
    QFETCH(QByteArray, input);
    QFETCH(qint64, line);
    QFETCH(qint64, column);
    QFETCH(QStringList, lastRow);
    CsvOptions options = noHeader(QChar(u','));
    options.fileName = QStringLiteral("people.csv");
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, options);
    CsvRow row;
    QStringList last;
    QList<CsvIssue> lastIssues;
    while (reader.readRow(row)) {
        last = row.toStringList();
        lastIssues = row.issues();
    }
    QCOMPARE(last, lastRow);
    QCOMPARE(reader.errorCount(), 1);
    QCOMPARE(lastIssues.size(), 1);
    const CsvIssue issue = reader.issues().constLast();
    QCOMPARE(issue.kind, CsvIssue::Kind::UnterminatedQuote);
    QCOMPARE(issue.line, line);
    QCOMPARE(issue.column, column);
    QCOMPARE(reader.issueMessages().constLast(),
             QStringLiteral("people.csv, line %1, column %2: unterminated quoted field started "
                            "at line %1, column %2")
                 .arg(line)
                 .arg(column));
    QVERIFY(reader.atEnd());
    QVERIFY(!reader.readRow(row));
}

void TestCsvReader::textAfterClosingQuote()
{
    const ReadResult result = readBytes("\"He said \"hi\" ok\",x\n", noHeader(QChar(u',')));
    QCOMPARE(result.rows, (Rows {{"He said hi\" ok\"", "x"}}));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, CsvIssue::Kind::TextAfterQuote);
    QCOMPARE(result.issues.first().severity, CsvIssue::Severity::Warning);
    QCOMPARE(result.issues.first().line, 1);
    QCOMPARE(result.issues.first().column, 11);
}

void TestCsvReader::longRowStopsReading_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<qint64>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("stray quote swallows the file")
        << QByteArray("a,b\nc,\"0123\n456789abcdef\nmore,rows\n")
        << Rows {{"a", "b"}, {"c", "0123\n45"}} << qint64(2) << qint64(3)
        << QStringLiteral("the quoted field started at line 2, column 3 is longer than 8 "
                          "characters; is its closing quote missing? Reading stopped");
    QTest::newRow("cut keeps a surrogate pair whole")
        << QByteArray("x,123456\xF0\x9F\x98\x80yz\n") << Rows {{"x", "123456"}} << qint64(1)
        << qint64(1)
        << QStringLiteral("the row starting at line 1 is longer than 8 characters; reading "
                          "stopped");
    QTest::newRow("long unquoted row")
        << QByteArray("a,b\n\nabc,defghijklmnop,x\nq,r\n") << Rows {{"a", "b"}, {"abc", "defgh"}}
        << qint64(3) << qint64(1)
        << QStringLiteral("the row starting at line 3 is longer than 8 characters; reading "
                          "stopped");
}

void TestCsvReader::longRowStopsReading()
{
    QFETCH(QByteArray, input);
    QFETCH(Rows, rows);
    QFETCH(qint64, line);
    QFETCH(qint64, column);
    QFETCH(QString, message);
    for (qsizetype blockSize : {1, 3, 1024}) {
        CsvOptions options = noHeader(QChar(u','));
        options.maxRowLength = 8;
        options.blockSize = blockSize;
        const ReadResult result = readBytes(input, options);
        QCOMPARE(result.rows, rows);
        QCOMPARE(result.issues.size(), 1);
        QCOMPARE(result.issues.first().kind, CsvIssue::Kind::RowTooLong);
        QCOMPARE(result.issues.first().line, line);
        QCOMPARE(result.issues.first().column, column);
        QCOMPARE(result.issues.first().message, message);
        QCOMPARE(result.rowIssues.last().size(), 1);
    }
}

void TestCsvReader::stoppedEarlyTellsTheRestWasNotRead()
{
    for (qsizetype blockSize : {1, 3, 1024}) {
        CsvOptions options;
        options.delimiter = QChar(u',');
        options.maxRowLength = 8;
        options.blockSize = blockSize;
        QBuffer normal;
        normal.setData("a,b\nc,d\n");
        normal.open(QIODevice::ReadOnly);
        CsvReader complete(&normal, options);
        CsvRow row;
        while (complete.readRow(row)) { }
        QVERIFY(complete.atEnd());
        QVERIFY(!complete.stoppedEarly());

        // The header itself is too long: no row at all, and the caller can tell why.
        QBuffer longHeader;
        longHeader.setData("a-very-long-header,b\nc,d\n");
        longHeader.open(QIODevice::ReadOnly);
        CsvReader stopped(&longHeader, options);
        QVERIFY(!stopped.readRow(row));
        QVERIFY(stopped.stoppedEarly());
        QCOMPARE(stopped.issues().first().kind, CsvIssue::Kind::RowTooLong);
    }
}

void TestCsvReader::fieldPositions()
{
    const ReadResult result = readBytes("ab,\"c\nd\",e\r\n\r\nf,,\"g\"\n", noHeader());
    using Positions = QList<QPair<qint64, qint64>>;
    QCOMPARE(result.positions.size(), 2);
    QCOMPARE(result.positions.at(0), (Positions {{1, 1}, {1, 4}, {2, 4}}));
    QCOMPARE(result.positions.at(1), (Positions {{4, 1}, {4, 3}, {4, 4}}));
}

void TestCsvReader::blockBoundaries_data()
{
    QTest::addColumn<qsizetype>("blockSize");
    QTest::addColumn<qint64>("deviceChunk");
    for (qsizetype block : {1, 2, 3, 5, 7, 64}) {
        for (qint64 chunk : {1, 2, 3, 1000}) {
            QTest::addRow("block %lld, device %lld", qlonglong(block), qlonglong(chunk))
                << block << chunk;
        }
    }
}

void TestCsvReader::blockBoundaries()
{
    QFETCH(qsizetype, blockSize);
    QFETCH(qint64, deviceChunk);
    // Multi-byte UTF-8 (2, 3 and 4 bytes), quoted CRLF and CR, doubled quotes, blank lines.
    const QString text = QStringLiteral("Name,Note,City\r\n"
                                        "Zoë,\"line one\r\nline \"\"two\"\"\rthree\",Kraków\r\n"
                                        "\r\n"
                                        "€uro,😀 emoji,\"a,b\"\n"
                                        "Ærø,\"\",end\r\n");
    for (const QStringConverter::Encoding encoding :
         {QStringConverter::Utf8, QStringConverter::Utf16LE, QStringConverter::Utf16BE}) {
        const QByteArray bytes
            = encoding == QStringConverter::Utf8 ? text.toUtf8() : utf16(text, encoding);
        const ReadResult whole = readBytes(bytes, CsvOptions());
        QCOMPARE(whole.headers, (QStringList {"Name", "Note", "City"}));
        QCOMPARE(whole.rows,
                 (Rows {{"Zoë", "line one\r\nline \"two\"\rthree", "Kraków"},
                        {"€uro", "😀 emoji", "a,b"},
                        {"Ærø", "", "end"}}));
        QCOMPARE(whole.lines, (Lines {2, 6, 7}));

        TrickleBuffer trickle(bytes, deviceChunk);
        trickle.open(QIODevice::ReadOnly);
        CsvOptions options;
        options.blockSize = blockSize;
        const ReadResult pieces = readDevice(&trickle, options);
        QCOMPARE(pieces.headers, whole.headers);
        QCOMPARE(pieces.rows, whole.rows);
        QCOMPARE(pieces.lines, whole.lines);
        QCOMPARE(pieces.positions, whole.positions);
        QVERIFY2(pieces.issues.isEmpty(), qPrintable(describe(pieces.issues)));
    }
}

void TestCsvReader::roundTripWithWriter_data()
{
    QTest::addColumn<QChar>("delimiter");
    QTest::addColumn<QChar>("readDelimiter");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("comma, given") << QChar(u',') << QChar(u',') << 1u;
    QTest::newRow("comma, detected") << QChar(u',') << QChar() << 2u;
    QTest::newRow("semicolon, detected") << QChar(u';') << QChar() << 3u;
    QTest::newRow("tab, detected") << QChar(u'\t') << QChar() << 4u;
    QTest::newRow("pipe, given") << QChar(u'|') << QChar(u'|') << 5u;
}

void TestCsvReader::roundTripWithWriter()
{
    QFETCH(QChar, delimiter);
    QFETCH(QChar, readDelimiter);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QStringList pieces {"a", "Zürich", ",", ";",  "\t", "|",   "\"", "\r\n", "\n",   "\r",
                              " ", "€",      "😀", "12", "-3", "=A1", "",   "x y",  "\"\"", "é"};
    const int columns = 2 + random.bounded(6);
    Rows written;
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    CsvWriter writer(&out, CsvWriter::FormulaGuard::Off, delimiter);
    for (int r = 0; r < 300; ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c) {
            QString field;
            const int length = random.bounded(5);
            for (int i = 0; i < length; ++i)
                field += pieces.at(random.bounded(int(pieces.size())));
            row.append(field);
        }
        writer.writeRow(row);
        written.append(row);
    }
    out.close();

    CsvOptions options = noHeader(readDelimiter);
    options.blockSize = 97; // boundaries fall everywhere
    const ReadResult result = readBytes(bytes, options);
    QCOMPARE(result.delimiter, delimiter);
    QCOMPARE(result.rows.size(), written.size());
    for (qsizetype i = 0; i < written.size(); ++i)
        QCOMPARE(result.rows.at(i), written.at(i));
    QVERIFY2(result.issues.isEmpty(), qPrintable(describe(result.issues)));
}

void TestCsvReader::issueMessagesNameFileLineAndColumn()
{
    CsvIssue issue {CsvIssue::Kind::TooManyFields, CsvIssue::Severity::Error, 12, 7,
                    QStringLiteral("too many")};
    QCOMPARE(issue.toString(QStringLiteral("a.csv")),
             QStringLiteral("a.csv, line 12, column 7: too many"));
    QCOMPARE(issue.toString(), QStringLiteral("line 12, column 7: too many"));
    issue.line = 0;
    QCOMPARE(issue.toString(QStringLiteral("a.csv")), QStringLiteral("a.csv: too many"));
}

void TestCsvReader::storedIssuesAreCapped()
{
    QByteArray input("a,b\n");
    for (int i = 0; i < 10; ++i)
        input += "1,2,3\n";
    CsvOptions options;
    options.maxStoredIssues = 3;
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, options);
    CsvRow row;
    int rows = 0;
    while (reader.readRow(row)) {
        ++rows;
        QCOMPARE(row.issues().size(), 1);
        QCOMPARE(row.number(), rows);
    }
    QCOMPARE(rows, 10);
    QCOMPARE(reader.issues().size(), 3);
    QCOMPARE(reader.issueMessages().first(),
             QStringLiteral("line 2, column 5: the row starting at line 2 has 3 fields, the "
                            "header has 2 fields; the first extra field starts here"));
    QCOMPARE(reader.issueCount(), 10);
    QCOMPARE(reader.errorCount(), 10);
    QCOMPARE(reader.bytesRead(), input.size());
}

void TestCsvReader::rowBuffersAreReused()
{
    QBuffer buffer;
    buffer.setData("h\nlong value here\nx\n");
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvOptions());
    reader.start();
    QCOMPARE(reader.headers(), QStringList {"h"});
    QCOMPARE(reader.delimiter(), QChar(u','));
    CsvRow row;
    QVERIFY(reader.readRow(row));
    QCOMPARE(row.field(0), u"long value here");
    QVERIFY(reader.readRow(row));
    QCOMPARE(row.size(), 1);
    QCOMPARE(row.field(0), u"x");
    QCOMPARE(row.field(1), QStringView());
    QCOMPARE(row.value(5), QString());
    QVERIFY(!reader.readRow(row));
    QVERIFY(row.isEmpty());
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
