// SPDX-License-Identifier: MIT
#pragma once

#include "csvformat.h"
#include "csvissue.h"
#include "csvrow.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QIODevice;

namespace Planhat {

class CsvDecoder;

/// Streaming CSV reader (RFC 4180 plus what real files contain). Reads the device in
/// blocks and delivers one row at a time, so memory is bounded by the longest row (at most
/// CsvOptions::maxRowLength characters), not by the file. Detects encoding and delimiter unless the
/// options fix them. Blank lines are skipped. Problems are collected as CsvIssue (at most
/// CsvOptions::maxStoredIssues kept, all counted) and attached to the row they concern; rows are
/// delivered even when ragged.
///
/// The device must be open for reading and outlive the reader; it is read blocking
/// (files, buffers; sequential devices are waited for with waitForReadyRead()).
class CsvReader final
{
    Q_DISABLE_COPY_MOVE(CsvReader)

public:
    explicit CsvReader(QIODevice *device, const CsvOptions &options = {});
    ~CsvReader();

    /// Reads the first block, settles encoding and delimiter and reads the header row (if
    /// the options say there is one). readRow() calls it on first use; call it yourself to
    /// show the detected format or the headers before reading rows.
    void start();

    /// Reads the next data row into row (its buffers are reused). False at the end.
    bool readRow(CsvRow &row);

    CsvEncoding encoding() const { return m_encoding; }
    QChar delimiter() const { return m_delimiter; }
    QStringList headers() const { return m_headers; }
    const CsvOptions &options() const { return m_options; }

    const QList<CsvIssue> &issues() const { return m_issues; }
    qint64 issueCount() const { return m_issueCount; }
    qint64 errorCount() const { return m_errorCount; }
    /// Stored issues as "file, line L, column C: message", one per entry.
    QStringList issueMessages() const;

    /// Bytes taken from the device so far (for progress).
    qint64 bytesRead() const { return m_bytesRead; }
    /// True once the end of the input was reached; readRow() returns false from then on
    /// (false does not promise another row: a final line end is only seen on the next read).
    bool atEnd() const { return m_finished; }
    /// True when reading stopped before the end of the file at a row longer than
    /// CsvOptions::maxRowLength (the header included): the rest of the file was not read.
    bool stoppedEarly() const { return m_stoppedEarly; }

private:
    enum class State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    };

    void readSample();
    qint64 readBytes(qsizetype maxSize);
    bool decodeNextBlock();
    template<typename Decode>
    void decodeInto(Decode decode, qsizetype space);
    void noteInvalidBytes(const char16_t *begin, const char16_t *invalid);
    bool parseRow(CsvRow &row);
    bool parseBlock(CsvRow &row);
    void finishRowAtEnd(CsvRow &row);
    bool stopAtLongRow(CsvRow &row);
    void checkFieldCount(CsvRow &row);
    void checkHeaders(const CsvRow &header);
    void addIssue(CsvIssue issue, CsvRow *row);

    qint64 absolute(const char16_t *p) const;
    char16_t previousChar(const char16_t *p) const;
    void lineEnd(const char16_t *p);
    qint64 column(const char16_t *p) const { return absolute(p) - m_lineStartAbs + 1; }
    void beginField(CsvRow &row, const char16_t *p);
    void endField(CsvRow &row);
    void markRowEnd(const char16_t *p);

    QIODevice *m_device; // not owned
    CsvOptions m_options;
    CsvEncoding m_encoding = CsvEncoding::Detect;
    QChar m_delimiter;
    std::unique_ptr<CsvDecoder> m_decoder;

    QByteArray m_bytes; // read but not yet decoded from m_bytePos on
    qsizetype m_bytePos = 0;
    bool m_deviceAtEnd = false;
    bool m_decoderFinished = false;
    qint64 m_bytesRead = 0;

    QString m_block; // decoded text; m_blockLength characters valid
    qsizetype m_blockLength = 0;
    qsizetype m_pos = 0;
    qint64 m_blockStartAbs = 0; // absolute character index of m_block[0]
    char16_t m_lastCharOfPreviousBlock = 0;

    qint64 m_line = 1;
    qint64 m_lineStartAbs = 0;

    State m_state = State::FieldStart;
    bool m_rowStarted = false;
    qsizetype m_fieldOffset = 0;
    qint64 m_fieldLine = 0;
    qint64 m_fieldColumn = 0;
    qint64 m_rowEndLine = 0;
    qint64 m_rowEndColumn = 0;

    QStringList m_headers;
    qsizetype m_expectedFields = -1;
    qint64 m_rowCount = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_stoppedEarly = false;
    bool m_reportedInvalidBytes = false;

    QList<CsvIssue> m_issues;
    qint64 m_issueCount = 0;
    qint64 m_errorCount = 0;
};

} // namespace Planhat
