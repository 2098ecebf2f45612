// SPDX-License-Identifier: MIT
#include "csvwriter.h"

#include <QIODevice>

namespace Planhat {

CsvWriter::CsvWriter(QIODevice *device, FormulaGuard guard, QChar delimiter)
    : m_device(device)
    , m_guard(guard)
    , m_delimiter(delimiter)
{}

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
                             || value.contains(QLatin1Char('\n'))
                             || value.contains(QLatin1Char('\r'))
                             || (!value.isEmpty()
                                 && (value.front().isSpace() || value.back().isSpace()));
    if (!needsQuotes)
        return value;
    value.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

void CsvWriter::writeRow(const QStringList &fields)
{
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
