// SPDX-License-Identifier: MIT
#include "csvwriter.h"

#include <algorithm>
#include <cstring>

#include <QIODevice>

namespace {

/// The first code point of valid UTF-8 text (not empty).
char32_t firstCodePoint(QByteArrayView utf8)
{
    const auto lead = uchar(utf8.front());
    if (lead < 0x80)
        return lead;
    const int length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    return QStringView(QString::fromUtf8(utf8.first(qMin<qsizetype>(length, utf8.size()))))
        .toUcs4()
        .value(0);
}

/// The last code point of valid UTF-8 text (not empty).
char32_t lastCodePoint(QByteArrayView utf8)
{
    qsizetype start = utf8.size() - 1;
    while (start > 0 && (uchar(utf8.at(start)) & 0xc0) == 0x80)
        --start;
    if (uchar(utf8.at(start)) < 0x80)
        return uchar(utf8.at(start));
    return QStringView(QString::fromUtf8(utf8.sliced(start))).toUcs4().value(0);
}

} // namespace

namespace Planhat {

CsvWriter::CsvWriter(QIODevice *device, FormulaGuard guard, QChar delimiter)
    : m_device(device)
    , m_guard(guard)
    , m_delimiter(delimiter)
{ }

bool CsvWriter::looksLikeFormula(const QString &field)
{
    if (field.isEmpty())
        return false;
    switch (field.at(0).unicode()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

QString CsvWriter::encodeField(const QString &field) const
{
    QString value = field;
    if (m_guard == FormulaGuard::On && looksLikeFormula(value))
        value.prepend(QLatin1Char('\''));
    const bool needsQuotes = value.contains(m_delimiter) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))
        || (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()));
    if (!needsQuotes)
        return value;
    value.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

void CsvWriter::appendEncoded(QByteArray *out, QByteArrayView utf8) const
{
    const char16_t delimiter = m_delimiter.unicode();
    if (delimiter >= 0x80) {
        out->append(encodeField(QString::fromUtf8(utf8)).toUtf8());
        return;
    }
    if (utf8.isEmpty())
        return;
    // The rules of encodeField(), on bytes: every character they look at is ASCII, but
    // for the spaces at either end (QChar::isSpace() knows Unicode's).
    const char first = utf8.front();
    const bool guarded = m_guard == FormulaGuard::On
        && (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
            || first == '\r');
    bool needsQuotes = false;
    for (const char c : utf8) {
        if (c == char(delimiter) || c == '"' || c == '\n' || c == '\r') {
            needsQuotes = true;
            break;
        }
    }
    if (!needsQuotes) {
        needsQuotes = (!guarded && QChar::isSpace(firstCodePoint(utf8)))
            || QChar::isSpace(lastCodePoint(utf8));
    }
    if (!needsQuotes) {
        if (guarded)
            out->append('\'');
        out->append(utf8);
        return;
    }
    out->append('"');
    if (guarded)
        out->append('\'');
    qsizetype from = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (utf8.at(i) == '"') {
            out->append(utf8.sliced(from, i + 1 - from));
            out->append('"');
            from = i + 1;
        }
    }
    out->append(utf8.sliced(from));
    out->append('"');
}

bool CsvWriter::isPlain(QStringView text) const
{
    if (text.isEmpty())
        return true;
    const char16_t delimiter = m_delimiter.unicode();
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if (unit < 0x20 || unit >= 0x7f || unit == '"' || unit == delimiter)
            return false;
    }
    const char16_t first = text.front().unicode();
    if (first == ' ' || text.back().unicode() == ' ')
        return false;
    return m_guard == FormulaGuard::Off
        || !(first == '=' || first == '+' || first == '-' || first == '@');
}

void CsvWriter::writeEncodedRow(const QList<QByteArrayView> &fields)
{
    if (m_delimiterUtf8.isEmpty())
        m_delimiterUtf8 = QString(m_delimiter).toUtf8();
    // Grown once per row, then copied into: a QByteArray::append() per field costs more
    // than the copying itself.
    qsizetype size = 2 + (fields.size() - 1) * m_delimiterUtf8.size();
    for (const QByteArrayView field : fields)
        size += field.size();
    const qsizetype start = m_pending.size();
    if (m_pending.capacity() < start + size)
        m_pending.reserve(std::max(2 * m_pending.capacity(), start + size));
    m_pending.resize(start + size);
    char *cursor = m_pending.data() + start;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            memcpy(cursor, m_delimiterUtf8.constData(), size_t(m_delimiterUtf8.size()));
            cursor += m_delimiterUtf8.size();
        }
        const QByteArrayView field = fields.at(i);
        if (!field.isEmpty()) {
            memcpy(cursor, field.data(), size_t(field.size()));
            cursor += field.size();
        }
    }
    *cursor++ = '\r';
    *cursor++ = '\n';
    if (m_pending.size() >= (1 << 18))
        flush();
}

void CsvWriter::flush()
{
    if (m_pending.isEmpty())
        return;
    m_device->write(m_pending);
    m_pending.resize(0); // keeps the buffer, where clear() would free it
}

void CsvWriter::writeRow(const QStringList &fields)
{
    flush();
    QString line;
    for (int i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line.append(m_delimiter);
        line.append(encodeField(fields.at(i)));
    }
    line.append(QLatin1String("\r\n"));
    m_device->write(line.toUtf8());
}

} // namespace Planhat
