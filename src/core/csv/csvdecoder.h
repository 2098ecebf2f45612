// SPDX-License-Identifier: MIT
#pragma once

#include "csvformat.h"

#include <QByteArrayView>
#include <QStringDecoder>

namespace Planhat {

/// Turns bytes into UTF-16 a block at a time. Stateful: a multi-byte sequence split
/// between two blocks decodes correctly, and the result never depends on where blocks
/// end. Invalid bytes become U+FFFD (one per maximal invalid subpart, as the WHATWG
/// decoder does) and set hasError(). UTF-8 and Windows-1252 are decoded here: Qt 6.4 has
/// no Windows-1252, and its stateful UTF-8 decoder loses characters after an invalid
/// sequence split between blocks. UTF-16 uses QStringDecoder.
class CsvDecoder
{
public:
    /// encoding must not be CsvEncoding::Detect.
    explicit CsvDecoder(CsvEncoding encoding);

    /// Upper bound of the characters decode() writes for that many bytes.
    qsizetype requiredSpace(qsizetype byteCount) const;
    /// Decodes bytes to out (which has requiredSpace() room); returns the end of the output.
    QChar *decode(QByteArrayView bytes, QChar *out);
    /// At the end of the input: writes U+FFFD for a sequence cut short (needs room for
    /// one character) and returns the end of the output.
    QChar *finish(QChar *out);
    bool hasError() const;
    /// Where the last decode() or finish() call wrote its first U+FFFD for invalid input,
    /// nullptr when that call met none.
    const QChar *firstInvalid() const { return m_firstInvalid; }

private:
    void replaceInvalid(char16_t *&dst);

    QChar *decodeUtf8(QByteArrayView bytes, QChar *out);

    CsvEncoding m_encoding;
    QStringDecoder m_decoder; // UTF-16 only
    qint64 m_byteCount = 0;
    bool m_invalid = false;
    const QChar *m_firstInvalid = nullptr;
    // UTF-8 sequence in progress: continuation bytes still needed, the bits so far, and
    // the range the next byte must fall in.
    int m_needed = 0;
    char32_t m_codePoint = 0;
    uchar m_lower = 0x80;
    uchar m_upper = 0xBF;
};

} // namespace Planhat
