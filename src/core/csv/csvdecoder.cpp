// SPDX-License-Identifier: MIT
#include "csvdecoder.h"

#include <algorithm>
#include <cstring>

namespace Planhat {

namespace {

QStringConverter::Encoding qtEncoding(CsvEncoding encoding)
{
    switch (encoding) {
    case CsvEncoding::Utf16LE:
        return QStringConverter::Utf16LE;
    case CsvEncoding::Utf16BE:
        return QStringConverter::Utf16BE;
    default:
        return QStringConverter::Utf8;
    }
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F. The five bytes Windows leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls, as Windows does.
constexpr char16_t windows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, //
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, //
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, //
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct Windows1252Table
{
    char16_t map[256];
    constexpr Windows1252Table()
        : map()
    {
        for (int i = 0; i < 256; ++i)
            map[i] = (i >= 0x80 && i < 0xA0) ? windows1252High[i - 0x80] : char16_t(i);
    }
};

constexpr Windows1252Table windows1252Table;

} // namespace

CsvDecoder::CsvDecoder(CsvEncoding encoding)
    : m_encoding(encoding)
    , m_decoder(qtEncoding(encoding), QStringConverter::Flag::ConvertInitialBom)
{
    Q_ASSERT(encoding != CsvEncoding::Detect);
}

qsizetype CsvDecoder::requiredSpace(qsizetype byteCount) const
{
    switch (m_encoding) {
    case CsvEncoding::Windows1252:
        return byteCount;
    case CsvEncoding::Utf8:
        return byteCount + 1; // a U+FFFD for a broken sequence carried from the last block
    default:
        return m_decoder.requiredSpace(byteCount);
    }
}

void CsvDecoder::replaceInvalid(char16_t *&dst)
{
    if (!m_firstInvalid)
        m_firstInvalid = reinterpret_cast<const QChar *>(dst);
    m_invalid = true;
    *dst++ = QChar::ReplacementCharacter;
}

QChar *CsvDecoder::decode(QByteArrayView bytes, QChar *out)
{
    m_byteCount += bytes.size();
    m_firstInvalid = nullptr;
    if (m_encoding == CsvEncoding::Utf8)
        return decodeUtf8(bytes, out);
    if (m_encoding != CsvEncoding::Windows1252) {
        const bool hadError = m_decoder.hasError();
        QChar *end = m_decoder.appendToBuffer(out, bytes);
        if (m_decoder.hasError() && !hadError) {
            // QStringDecoder does not say where: the first U+FFFD is the best guess.
            m_firstInvalid = std::find(out, end, QChar(QChar::ReplacementCharacter));
        }
        return end;
    }
    const auto *in = reinterpret_cast<const uchar *>(bytes.data());
    const auto *end = in + bytes.size();
    auto *dst = reinterpret_cast<char16_t *>(out);
    while (in != end)
        *dst++ = windows1252Table.map[*in++];
    return reinterpret_cast<QChar *>(dst);
}

QChar *CsvDecoder::decodeUtf8(QByteArrayView bytes, QChar *out)
{
    const auto *in = reinterpret_cast<const uchar *>(bytes.data());
    const auto *end = in + bytes.size();
    auto *dst = reinterpret_cast<char16_t *>(out);
    while (in != end) {
        if (m_needed == 0) {
            // Most CSV text is ASCII: copy it eight bytes at a time while it lasts.
            while (end - in >= 8) {
                quint64 word;
                std::memcpy(&word, in, 8);
                if (word & 0x8080808080808080ULL)
                    break;
                for (int i = 0; i < 8; ++i)
                    dst[i] = in[i];
                in += 8;
                dst += 8;
            }
            if (in == end)
                break;
            const uchar byte = *in++;
            if (byte < 0x80) {
                *dst++ = byte;
            } else if (byte >= 0xC2 && byte <= 0xDF) {
                m_needed = 1;
                m_codePoint = byte & 0x1F;
            } else if (byte >= 0xE0 && byte <= 0xEF) {
                m_needed = 2;
                m_codePoint = byte & 0x0F;
                m_lower = byte == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                m_upper = byte == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (byte >= 0xF0 && byte <= 0xF4) {
                m_needed = 3;
                m_codePoint = byte & 0x07;
                m_lower = byte == 0xF0 ? 0x90 : 0x80;
                m_upper = byte == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                replaceInvalid(dst);
            }
            continue;
        }
        const uchar byte = *in;
        if (byte < m_lower || byte > m_upper) {
            // The sequence so far is one error; the byte starts afresh.
            replaceInvalid(dst);
            m_needed = 0;
            m_lower = 0x80;
            m_upper = 0xBF;
            continue;
        }
        ++in;
        m_lower = 0x80;
        m_upper = 0xBF;
        m_codePoint = (m_codePoint << 6) | (byte & 0x3F);
        if (--m_needed == 0) {
            if (QChar::requiresSurrogates(m_codePoint)) {
                *dst++ = QChar::highSurrogate(m_codePoint);
                *dst++ = QChar::lowSurrogate(m_codePoint);
            } else {
                *dst++ = char16_t(m_codePoint);
            }
        }
    }
    return reinterpret_cast<QChar *>(dst);
}

QChar *CsvDecoder::finish(QChar *out)
{
    const bool cutShort = m_encoding == CsvEncoding::Utf8
        ? m_needed > 0
        : (m_encoding != CsvEncoding::Windows1252 && m_byteCount % 2 != 0);
    m_firstInvalid = nullptr;
    if (!cutShort)
        return out;
    m_needed = 0;
    m_byteCount = 0;
    auto *dst = reinterpret_cast<char16_t *>(out);
    replaceInvalid(dst);
    return reinterpret_cast<QChar *>(dst);
}

bool CsvDecoder::hasError() const
{
    switch (m_encoding) {
    case CsvEncoding::Utf16LE:
    case CsvEncoding::Utf16BE:
        return m_invalid || m_decoder.hasError();
    default:
        return m_invalid;
    }
}

} // namespace Planhat
