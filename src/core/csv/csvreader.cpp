// SPDX-License-Identifier: MIT
#include "csvreader.h"

#include "csvdecoder.h"
#include "csvsniffer.h"

#include <QHash>
#include <QIODevice>

#include <algorithm>

namespace Planhat {

namespace {

constexpr qsizetype sampleSize = 64 * 1024;
constexpr char16_t quote = u'"';
constexpr char16_t lf = u'\n';
constexpr char16_t cr = u'\r';

QString fieldCount(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 field") : QStringLiteral("%1 fields").arg(count);
}

} // namespace

CsvReader::CsvReader(QIODevice *device, const CsvOptions &options)
    : m_device(device)
    , m_options(options)
{
    m_options.blockSize = std::max<qsizetype>(1, m_options.blockSize);
    m_options.maxRowLength = std::max<qsizetype>(1, m_options.maxRowLength);
}

CsvReader::~CsvReader() = default;

QStringList CsvReader::issueMessages() const
{
    QStringList messages;
    for (const CsvIssue &issue : m_issues)
        messages.append(issue.toString(m_options.fileName));
    return messages;
}

void CsvReader::addIssue(CsvIssue issue, CsvRow *row)
{
    ++m_issueCount;
    if (issue.severity == CsvIssue::Severity::Error)
        ++m_errorCount;
    if (row)
        row->m_issues.append(issue);
    if (m_issues.size() < m_options.maxStoredIssues)
        m_issues.append(std::move(issue));
}

qint64 CsvReader::readBytes(qsizetype maxSize)
{
    for (;;) {
        const qsizetype oldSize = m_bytes.size();
        m_bytes.resize(oldSize + maxSize);
        const qint64 count = m_device->read(m_bytes.data() + oldSize, maxSize);
        m_bytes.resize(oldSize + std::max<qint64>(count, 0));
        if (count > 0) {
            m_bytesRead += count;
            return count;
        }
        if (count < 0) {
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, 0, 0,
                      QStringLiteral("cannot read the file: %1").arg(m_device->errorString())},
                     nullptr);
        } else if (m_device->isSequential() && m_device->waitForReadyRead(-1)) {
            continue;
        }
        m_deviceAtEnd = true;
        return 0;
    }
}

void CsvReader::readSample()
{
    while (m_bytes.size() < sampleSize && !m_deviceAtEnd)
        readBytes(sampleSize - m_bytes.size());
}

void CsvReader::start()
{
    if (m_started)
        return;
    m_started = true;
    if (!m_device || !m_device->isReadable()) {
        addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, 0, 0,
                  QStringLiteral("the file is not open for reading")},
                 nullptr);
        m_deviceAtEnd = true;
    } else {
        readSample();
    }

    if (m_options.encoding == CsvEncoding::Detect) {
        const CsvSniffer::EncodingGuess guess = CsvSniffer::detectEncoding(m_bytes);
        m_encoding = guess.encoding;
        m_bytePos = guess.bomLength;
    } else {
        m_encoding = m_options.encoding;
        m_bytePos = CsvSniffer::bomLength(m_bytes, m_encoding);
    }
    m_decoder = std::make_unique<CsvDecoder>(m_encoding);

    if (!m_options.delimiter.isNull()) {
        m_delimiter = m_options.delimiter;
    } else {
        CsvDecoder sampleDecoder(m_encoding);
        const QByteArrayView sample = QByteArrayView(m_bytes).sliced(m_bytePos);
        QString text(sampleDecoder.requiredSpace(sample.size()), Qt::Uninitialized);
        text.truncate(sampleDecoder.decode(sample, text.data()) - text.constData());
        m_delimiter = CsvSniffer::detectDelimiter(
            text, m_deviceAtEnd ? CsvSniffer::Sample::WholeFile : CsvSniffer::Sample::Partial);
    }

    if (m_options.headerRow == CsvOptions::HeaderRow::FirstRow) {
        CsvRow header;
        if (parseRow(header)) {
            m_headers = header.toStringList();
            m_expectedFields = header.size();
            checkHeaders(header);
        }
    }
}

void CsvReader::checkHeaders(const CsvRow &header)
{
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.value(i).trimmed();
        if (name.isEmpty()) {
            addIssue({CsvIssue::Kind::EmptyHeader, CsvIssue::Severity::Error, header.fieldLine(i),
                      header.fieldColumn(i),
                      QStringLiteral("the header of field %1 is empty").arg(i + 1)},
                     nullptr);
            continue;
        }
        const auto it = seen.constFind(name);
        if (it != seen.constEnd()) {
            addIssue({CsvIssue::Kind::DuplicateHeader, CsvIssue::Severity::Error,
                      header.fieldLine(i), header.fieldColumn(i),
                      QStringLiteral("duplicate header \"%1\" in fields %2 and %3")
                          .arg(name)
                          .arg(it.value() + 1)
                          .arg(i + 1)},
                     nullptr);
            continue;
        }
        seen.insert(name, i);
    }
}

bool CsvReader::readRow(CsvRow &row)
{
    start();
    if (!parseRow(row))
        return false;
    row.m_number = ++m_rowCount;
    checkFieldCount(row);
    return true;
}

void CsvReader::checkFieldCount(CsvRow &row)
{
    if (m_expectedFields < 0) {
        m_expectedFields = row.size();
        return;
    }
    // The field count of a row cut short by an unterminated quote says nothing.
    if (!row.m_issues.isEmpty()
        && (row.m_issues.constLast().kind == CsvIssue::Kind::UnterminatedQuote
            || row.m_issues.constLast().kind == CsvIssue::Kind::RowTooLong))
        return;
    const QString expectedFrom = m_options.headerRow == CsvOptions::HeaderRow::FirstRow
        ? QStringLiteral("the header")
        : QStringLiteral("the first row");
    if (row.size() > m_expectedFields) {
        const auto extra = m_expectedFields;
        addIssue({CsvIssue::Kind::TooManyFields, CsvIssue::Severity::Error, row.fieldLine(extra),
                  row.fieldColumn(extra),
                  QStringLiteral("the row starting at line %1 has %2, %3 has %4; the first "
                                 "extra field starts here")
                      .arg(QString::number(row.line()), fieldCount(row.size()), expectedFrom,
                           fieldCount(m_expectedFields))},
                 &row);
    } else if (row.size() < m_expectedFields) {
        addIssue({CsvIssue::Kind::TooFewFields, CsvIssue::Severity::Error, m_rowEndLine,
                  m_rowEndColumn,
                  QStringLiteral("the row starting at line %1 has %2, %3 has %4")
                      .arg(QString::number(row.line()), fieldCount(row.size()), expectedFrom,
                           fieldCount(m_expectedFields))},
                 &row);
    }
}

bool CsvReader::decodeNextBlock()
{
    if (m_blockLength > 0)
        m_lastCharOfPreviousBlock = m_block.at(m_blockLength - 1).unicode();
    m_blockStartAbs += m_blockLength;
    m_blockLength = 0;
    m_pos = 0;
    while (m_blockLength == 0) {
        if (m_bytePos >= m_bytes.size()) {
            m_bytes.resize(0); // keeps the capacity
            m_bytePos = 0;
            if (m_deviceAtEnd || readBytes(m_options.blockSize) == 0) {
                if (m_decoderFinished)
                    return false;
                // A sequence cut short by the end of the file still shows as U+FFFD.
                m_decoderFinished = true;
                decodeInto([this](QChar *out) { return m_decoder->finish(out); }, 1);
                continue;
            }
        }
        const qsizetype count = std::min(m_options.blockSize, m_bytes.size() - m_bytePos);
        const QByteArrayView bytes = QByteArrayView(m_bytes).sliced(m_bytePos, count);
        m_bytePos += count;
        decodeInto([this, bytes](QChar *out) { return m_decoder->decode(bytes, out); },
                   m_decoder->requiredSpace(count));
    }
    return true;
}

template<typename Decode>
void CsvReader::decodeInto(Decode decode, qsizetype space)
{
    if (m_block.size() < space)
        m_block.resize(std::max(space, m_block.size() * 2));
    m_blockLength = decode(m_block.data()) - m_block.constData();
    if (m_decoder->firstInvalid() && !m_reportedInvalidBytes) {
        const auto *begin = reinterpret_cast<const char16_t *>(m_block.constData());
        noteInvalidBytes(begin, reinterpret_cast<const char16_t *>(m_decoder->firstInvalid()));
    }
}

// Reports where the first invalid bytes of a freshly decoded block are. Physical lines do
// not depend on quoting, so counting line ends from the block start (where the parser
// stands) gives the position.
void CsvReader::noteInvalidBytes(const char16_t *begin, const char16_t *invalid)
{
    m_reportedInvalidBytes = true;
    qint64 line = m_line;
    qint64 lineStart = m_lineStartAbs;
    for (const char16_t *p = begin; p != invalid; ++p) {
        const char16_t previous = p == begin ? m_lastCharOfPreviousBlock : p[-1];
        if (*p == cr || (*p == lf && previous != cr))
            ++line;
        if (*p == cr || *p == lf)
            lineStart = m_blockStartAbs + (p - begin) + 1;
    }
    addIssue({CsvIssue::Kind::InvalidEncoding, CsvIssue::Severity::Warning, line,
              m_blockStartAbs + (invalid - begin) - lineStart + 1,
              QStringLiteral("bytes that are not valid %1 were replaced by \uFFFD; "
                             "choose the file's encoding")
                  .arg(csvEncodingName(m_encoding))},
             nullptr);
}

qint64 CsvReader::absolute(const char16_t *p) const
{
    return m_blockStartAbs + (p - reinterpret_cast<const char16_t *>(m_block.constData()));
}

char16_t CsvReader::previousChar(const char16_t *p) const
{
    return p == reinterpret_cast<const char16_t *>(m_block.constData()) ? m_lastCharOfPreviousBlock
                                                                        : p[-1];
}

// p points at a CR or LF. The LF of a CRLF ends no second line.
void CsvReader::lineEnd(const char16_t *p)
{
    if (!(*p == lf && previousChar(p) == cr))
        ++m_line;
    m_lineStartAbs = absolute(p) + 1;
}

void CsvReader::beginField(CsvRow &row, const char16_t *p)
{
    m_fieldOffset = qsizetype(row.m_text.size());
    m_fieldLine = m_line;
    m_fieldColumn = column(p);
}

void CsvReader::endField(CsvRow &row)
{
    row.m_fields.push_back(
        {m_fieldOffset, qsizetype(row.m_text.size()) - m_fieldOffset, m_fieldLine, m_fieldColumn});
}

void CsvReader::markRowEnd(const char16_t *p)
{
    m_rowEndLine = m_line;
    m_rowEndColumn = column(p);
}

bool CsvReader::parseRow(CsvRow &row)
{
    row.clear();
    m_state = State::FieldStart;
    m_rowStarted = false;
    if (m_finished)
        return false;
    for (;;) {
        if (m_pos == m_blockLength && !decodeNextBlock()) {
            m_finished = true;
            if (!m_rowStarted)
                return false;
            finishRowAtEnd(row);
            return true;
        }
        if (parseBlock(row))
            return true;
    }
}

void CsvReader::finishRowAtEnd(CsvRow &row)
{
    const auto *end = reinterpret_cast<const char16_t *>(m_block.constData()) + m_blockLength;
    m_rowEndLine = m_line;
    m_rowEndColumn = absolute(end) - m_lineStartAbs + 1;
    if (m_state == State::FieldStart) // the row ends with a delimiter: one more empty field
        beginField(row, end);
    if (m_state == State::Quoted) {
        addIssue({CsvIssue::Kind::UnterminatedQuote, CsvIssue::Severity::Error, m_fieldLine,
                  m_fieldColumn,
                  QStringLiteral("unterminated quoted field started at line %1, column %2")
                      .arg(m_fieldLine)
                      .arg(m_fieldColumn)},
                 &row);
    }
    endField(row);
}

// Cuts the row at maxRowLength characters (so the result does not depend on block sizes;
// one less rather than split a surrogate pair), reports it and ends the reading.
bool CsvReader::stopAtLongRow(CsvRow &row)
{
    auto length = size_t(m_options.maxRowLength);
    if (QChar::isHighSurrogate(row.m_text[length - 1])) // keep surrogate pairs whole
        --length;
    row.m_text.resize(std::max(length, size_t(m_fieldOffset)));
    endField(row);
    if (m_state == State::Quoted) {
        addIssue({CsvIssue::Kind::RowTooLong, CsvIssue::Severity::Error, m_fieldLine, m_fieldColumn,
                  QStringLiteral("the quoted field started at line %1, column %2 is longer than "
                                 "%3 characters; is its closing quote missing? Reading stopped")
                      .arg(QString::number(m_fieldLine), QString::number(m_fieldColumn),
                           QString::number(m_options.maxRowLength))},
                 &row);
    } else {
        addIssue({CsvIssue::Kind::RowTooLong, CsvIssue::Severity::Error, row.line(),
                  row.fieldColumn(0),
                  QStringLiteral("the row starting at line %1 is longer than %2 characters; "
                                 "reading stopped")
                      .arg(QString::number(row.line()), QString::number(m_options.maxRowLength))},
                 &row);
    }
    m_state = State::FieldStart;
    m_finished = true;
    m_stoppedEarly = true;
    return true;
}

// The hot loop: scans the current block from m_pos. Returns true when a row is complete
// (m_pos then points after its line end), false when the block is used up.
bool CsvReader::parseBlock(CsvRow &row)
{
    const auto *begin = reinterpret_cast<const char16_t *>(m_block.constData());
    const char16_t *end = begin + m_blockLength;
    const char16_t *p = begin + m_pos;
    const char16_t delimiter = m_delimiter.unicode();

    const auto completeRow = [&](const char16_t *lineEndChar) {
        markRowEnd(lineEndChar);
        endField(row);
        lineEnd(lineEndChar);
        m_pos = lineEndChar + 1 - begin;
        return true;
    };

    while (p < end) {
        switch (m_state) {
        case State::FieldStart: {
            const char16_t c = *p;
            if (!m_rowStarted) {
                if (c == lf || c == cr) { // a blank line, or the LF of a row's CRLF
                    lineEnd(p);
                    ++p;
                    continue;
                }
                m_rowStarted = true;
                row.m_line = m_line;
            }
            beginField(row, p);
            if (c == quote) {
                m_state = State::Quoted;
                ++p;
            } else if (c == delimiter) {
                endField(row);
                ++p;
            } else if (c == lf || c == cr) {
                return completeRow(p);
            } else {
                m_state = State::Unquoted;
            }
            break;
        }
        case State::Unquoted: {
            const char16_t *q = p;
            while (q < end && *q != delimiter && *q != lf && *q != cr)
                ++q;
            row.m_text.append(p, size_t(q - p));
            if (qsizetype(row.m_text.size()) > m_options.maxRowLength)
                return stopAtLongRow(row);
            p = q;
            if (q == end)
                break;
            if (*q != delimiter)
                return completeRow(q);
            endField(row);
            m_state = State::FieldStart;
            ++p;
            break;
        }
        case State::Quoted: {
            const char16_t *q = p;
            while (q < end && *q != quote) {
                if (*q == lf || *q == cr)
                    lineEnd(q);
                ++q;
            }
            row.m_text.append(p, size_t(q - p));
            if (qsizetype(row.m_text.size()) > m_options.maxRowLength)
                return stopAtLongRow(row);
            p = q;
            if (q < end) {
                m_state = State::QuoteInQuoted;
                ++p;
            }
            break;
        }
        case State::QuoteInQuoted: {
            const char16_t c = *p;
            if (c == quote) {
                row.m_text.push_back(quote);
                m_state = State::Quoted;
                ++p;
            } else if (c == delimiter) {
                endField(row);
                m_state = State::FieldStart;
                ++p;
            } else if (c == lf || c == cr) {
                return completeRow(p);
            } else {
                addIssue({CsvIssue::Kind::TextAfterQuote, CsvIssue::Severity::Warning, m_line,
                          column(p),
                          QStringLiteral("text follows the closing quote of a field; a quote "
                                         "inside a quoted field must be doubled")},
                         &row);
                m_state = State::Unquoted;
            }
            break;
        }
        }
    }
    m_pos = end - begin;
    return false;
}

} // namespace Planhat
