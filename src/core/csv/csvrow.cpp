// SPDX-License-Identifier: MIT
#include "csvrow.h"

namespace Planhat {

QStringView CsvRow::field(qsizetype index) const
{
    if (index < 0 || index >= size())
        return {};
    const Field &f = m_fields[size_t(index)];
    return QStringView(m_text.data() + f.offset, f.length);
}

QString CsvRow::value(qsizetype index) const
{
    return field(index).toString();
}

QStringList CsvRow::toStringList() const
{
    QStringList list;
    list.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        list.append(value(i));
    return list;
}

qint64 CsvRow::fieldLine(qsizetype index) const
{
    return index >= 0 && index < size() ? m_fields[size_t(index)].line : 0;
}

qint64 CsvRow::fieldColumn(qsizetype index) const
{
    return index >= 0 && index < size() ? m_fields[size_t(index)].column : 0;
}

void CsvRow::clear()
{
    m_text.clear();
    m_fields.clear();
    if (!m_issues.isEmpty())
        m_issues.clear();
    m_line = 0;
    m_number = 0;
}

} // namespace Planhat
