// SPDX-License-Identifier: MIT
// libFuzzer target for CsvReader. The first input byte picks the options (encoding,
// delimiter, header row, issue cap, row length limit), the rest is the file; the seeds in corpus/
// start with that byte too. Besides "no crash, no sanitizer report", it checks invariants:
//  - rows are numbered 1, 2, 3...; row lines never go back; fields start at or after their
//    row's line, in order, at columns >= 1;
//  - reading with one-byte blocks from a device that hands out 3 bytes at a time gives the
//    same rows, lines, columns and issues as one big block (the issues may come in another
//    order, since encoding errors are found ahead of the parser);
//  - issue positions are sane and the stored issues never exceed the cap;
//  - every byte is read;
//  - writing the rows with CsvWriter and reading them back gives the same rows.
#include "csv/csvreader.h"
#include "csv/csvwriter.h"

#include <QBuffer>

#include <cstdio>
#include <cstdlib>

using namespace Planhat;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

void check(bool condition, const char *what)
{
    if (!condition)
        fail(what);
}

class TrickleBuffer : public QBuffer
{
public:
    explicit TrickleBuffer(const QByteArray &data) { setData(data); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        return QBuffer::readData(data, qMin<qint64>(maxSize, 3));
    }
};

struct Result
{
    QList<QStringList> rows;
    QList<QList<qint64>> positions;
    QStringList issues;
    QStringList headers;
    qint64 bytesRead = 0;
    CsvEncoding encoding = CsvEncoding::Detect;
    qint64 issueCount = 0;
    QList<CsvIssue::Kind> issueKinds;
    bool stoppedEarly = false;
};

Result read(QIODevice *device, const CsvOptions &options)
{
    Result result;
    CsvReader reader(device, options);
    CsvRow row;
    qint64 lastLine = 0;
    while (reader.readRow(row)) {
        check(row.number() == result.rows.size() + 1, "rows are numbered in order");
        check(row.line() >= 1 && row.line() >= lastLine, "row lines never go back");
        lastLine = row.line();
        check(row.size() >= 1, "a row has at least one field");
        QList<qint64> positions;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const qint64 line = row.fieldLine(i);
            const qint64 column = row.fieldColumn(i);
            check(line >= row.line() && column >= 1, "fields start inside their row");
            if (i > 0) {
                const qint64 previousLine = row.fieldLine(i - 1);
                check(line > previousLine
                          || (line == previousLine && column > row.fieldColumn(i - 1)),
                      "fields are in order");
            }
            positions << line << column;
        }
        check(row.field(row.size()).isEmpty(), "out of range field is empty");
        result.rows.append(row.toStringList());
        result.positions.append(positions);
    }
    check(reader.atEnd(), "at end after the last row");
    check(!reader.readRow(row), "no row after the end");
    check(reader.issues().size() <= options.maxStoredIssues, "stored issues are capped");
    check(reader.issueCount() >= reader.issues().size(), "all issues are counted");
    check(reader.errorCount() <= reader.issueCount(), "errors are issues");
    for (const CsvIssue &issue : reader.issues()) {
        check(issue.line >= 0 && issue.column >= 0, "issue positions are not negative");
        check(issue.kind == CsvIssue::Kind::ReadError || issue.line >= 1, "issues have a line");
        result.issues.append(issue.toString());
        result.issueKinds.append(issue.kind);
    }
    result.headers = reader.headers();
    result.bytesRead = reader.bytesRead();
    result.encoding = reader.encoding();
    result.issueCount = reader.issueCount();
    result.stoppedEarly = reader.stoppedEarly();
    bool tooLongReported = false;
    for (const CsvIssue &issue : reader.issues())
        tooLongReported = tooLongReported || issue.kind == CsvIssue::Kind::RowTooLong;
    check(!tooLongReported || result.stoppedEarly, "a too-long row stops the reading");
    check(result.encoding != CsvEncoding::Detect, "an encoding is chosen");
    return result;
}

void checkRoundTrip(const QList<QStringList> &rows)
{
    for (const QStringList &row : rows) {
        // A lone empty field is written as an empty line, which the reader skips as blank.
        if (row.size() == 1 && row.first().isEmpty())
            return;
    }
    // A leading U+FEFF would be written as a UTF-8 byte order mark.
    if (!rows.isEmpty() && rows.first().first().startsWith(QChar(0xFEFF)))
        return;
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    CsvWriter writer(&out, CsvWriter::FormulaGuard::Off);
    for (const QStringList &row : rows)
        writer.writeRow(row);
    out.close();

    QBuffer in(&bytes);
    in.open(QIODevice::ReadOnly);
    CsvOptions options;
    options.encoding = CsvEncoding::Utf8;
    options.delimiter = QLatin1Char(',');
    options.headerRow = CsvOptions::HeaderRow::None;
    const Result again = read(&in, options);
    check(again.rows == rows, "a written file reads back the same");
    for (CsvIssue::Kind kind : again.issueKinds) {
        check(kind == CsvIssue::Kind::TooFewFields || kind == CsvIssue::Kind::TooManyFields,
              "a written file has no issues but ragged rows");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t selector = data[0];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    CsvOptions options;
    const CsvEncoding encodings[] = {CsvEncoding::Detect, CsvEncoding::Utf8, CsvEncoding::Utf16LE,
                                     CsvEncoding::Utf16BE, CsvEncoding::Windows1252};
    options.encoding = encodings[(selector & 0x7) % 5];
    const char16_t delimiters[] = {0, u',', u';', u'\t'};
    options.delimiter = QChar(delimiters[(selector >> 3) & 0x3]);
    options.headerRow
        = (selector & 0x20) ? CsvOptions::HeaderRow::None : CsvOptions::HeaderRow::FirstRow;
    options.maxStoredIssues = (selector & 0x40) ? 2 : 1000;
    options.maxRowLength = (selector & 0x80) ? 16 : options.maxRowLength;

    QBuffer whole;
    whole.setData(bytes);
    whole.open(QIODevice::ReadOnly);
    const Result reference = read(&whole, options);
    // A row longer than maxRowLength ends the reading early, wherever the block ends.
    // (Not from the stored issues: with maxStoredIssues small the RowTooLong issue may be
    // counted but not stored; and it may be the header row that is too long.)
    const bool stopped = reference.stoppedEarly;
    check(stopped || reference.bytesRead == bytes.size(), "every byte is read");

    TrickleBuffer trickle(bytes);
    trickle.open(QIODevice::ReadOnly);
    CsvOptions tiny = options;
    tiny.blockSize = 1;
    const Result pieces = read(&trickle, tiny);
    check(pieces.rows == reference.rows, "block size does not change rows");
    check(pieces.positions == reference.positions, "block size does not change positions");
    check(pieces.headers == reference.headers, "block size does not change headers");
    // Encoding issues are found when a block is decoded, ahead of the parser: compare the
    // issues regardless of order, and only when none was dropped by the cap.
    // Invalid bytes after a too-long row are only seen when their block was decoded.
    const auto comparable = [stopped](const Result &result) {
        QStringList issues;
        for (qsizetype i = 0; i < result.issues.size(); ++i) {
            if (!stopped || result.issueKinds.at(i) != CsvIssue::Kind::InvalidEncoding)
                issues.append(result.issues.at(i));
        }
        issues.sort();
        return issues;
    };
    check(stopped || pieces.issueCount == reference.issueCount,
          "block size does not change issue count");
    if (reference.issueCount <= options.maxStoredIssues) {
        check(comparable(pieces) == comparable(reference), "block size does not change issues");
    }

    // UTF-16 may decode to lone surrogates, which no UTF-8 file can hold.
    if (reference.encoding == CsvEncoding::Utf8 || reference.encoding == CsvEncoding::Windows1252)
        checkRoundTrip(reference.rows);
    return 0;
}
