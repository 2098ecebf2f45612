// SPDX-License-Identifier: MIT
#pragma once

#include "importer/valueconverter.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Planhat {

struct FieldSpec;

/// A block of cells copied from a spreadsheet: tab-separated columns, one line per row,
/// cells with tabs, quotes or line breaks quoted as spreadsheets write them.
class PastedBlock
{
public:
    static PastedBlock fromText(const QString &text);

    int rowCount() const { return int(m_rows.size()); }
    /// The widest row's cell count.
    int columnCount() const { return m_columns; }
    /// The cell's text; empty outside a ragged row.
    QString cell(int row, int column) const { return m_rows.value(row).value(column); }

    /// The value a pasted cell gives `field`, converted by the field's type as an import
    /// would (ValueConverter), with dates also accepted as `localDateFormat` (the order of the
    /// locale's short format). An empty cell clears the field.
    static ConvertedValue convert(const QString &text, const FieldSpec &field,
                                  ColumnOptions::DateFormat localDateFormat
                                  = ColumnOptions::DateFormat::MonthDayYear);
    /// DayMonthYear or MonthDayYear, as the system locale writes short dates.
    static ColumnOptions::DateFormat systemDateFormat();

private:
    QList<QStringList> m_rows;
    int m_columns = 0;
};

} // namespace Planhat
