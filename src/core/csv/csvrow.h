// SPDX-License-Identifier: MIT
#pragma once

#include "csvissue.h"

#include <QList>
#include <QStringList>
#include <QStringView>

#include <string>
#include <vector>

namespace Planhat {

/// One record read by CsvReader: its fields (unquoted and unescaped) with their
/// positions. The reader reuses a row's buffers, so field() views stay valid only until
/// the next CsvReader::readRow() into the same row; copy with value() to keep a field.
class CsvRow
{
public:
    qsizetype size() const { return qsizetype(m_fields.size()); }
    bool isEmpty() const { return m_fields.empty(); }

    /// The field's text; an empty view when index is out of range.
    QStringView field(qsizetype index) const;
    /// A copy of the field's text; empty when index is out of range.
    QString value(qsizetype index) const;
    QStringList toStringList() const;

    /// Physical line (1-based) where the row starts.
    qint64 line() const { return m_line; }
    /// Data rows delivered so far, this one included (the header row is not counted).
    qint64 number() const { return m_number; }
    /// Line and column (1-based) where a field starts: its opening quote if quoted.
    qint64 fieldLine(qsizetype index) const;
    qint64 fieldColumn(qsizetype index) const;

    /// The issues found in this row (ragged, unterminated quote...).
    const QList<CsvIssue> &issues() const { return m_issues; }

    void clear();

private:
    friend class CsvReader;
    friend class SheetReader; // workbooks fill rows the same way

    struct Field
    {
        qsizetype offset;
        qsizetype length;
        qint64 line;
        qint64 column;
    };

    std::u16string m_text; // all fields back to back
    std::vector<Field> m_fields;
    QList<CsvIssue> m_issues;
    qint64 m_line = 0;
    qint64 m_number = 0;
};

} // namespace Planhat
