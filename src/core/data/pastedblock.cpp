// SPDX-License-Identifier: MIT
#include "pastedblock.h"

#include "csv/csvreader.h"
#include "schema/fieldspec.h"

#include <QBuffer>
#include <QLocale>

namespace Planhat {

PastedBlock PastedBlock::fromText(const QString &text)
{
    PastedBlock block;
    QByteArray bytes = text.toUtf8();
    // Spreadsheets end the last row with a line break; a lone trailing one is no empty row.
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    if (bytes.isEmpty())
        return block;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvOptions options;
    options.encoding = CsvEncoding::Utf8;
    options.delimiter = QLatin1Char('\t');
    options.headerRow = CsvOptions::HeaderRow::None;
    CsvReader reader(&buffer, options);
    CsvRow row;
    while (reader.readRow(row)) {
        block.m_rows.append(row.toStringList());
        block.m_columns = qMax(block.m_columns, int(row.size()));
    }
    return block;
}

ConvertedValue PastedBlock::convert(const QString &text, const FieldSpec &field,
                                    ColumnOptions::DateFormat localDateFormat)
{
    ColumnOptions options;
    options.emptyCell = ColumnOptions::EmptyCell::Clear;
    ConvertedValue converted = ValueConverter::convert(text, field, options);
    const bool isDate = field.type == FieldType::Date || field.type == FieldType::DayNumber;
    if (converted.kind == ConvertedValue::Kind::Invalid && isDate) {
        // Spreadsheets copy dates as they show them: ISO first, then the local order.
        options.dateFormat = localDateFormat;
        const ConvertedValue local = ValueConverter::convert(text, field, options);
        if (local.kind != ConvertedValue::Kind::Invalid)
            return local;
    }
    return converted;
}

ColumnOptions::DateFormat PastedBlock::systemDateFormat()
{
    const QString format = QLocale::system().dateFormat(QLocale::ShortFormat);
    const qsizetype day = format.indexOf(QLatin1Char('d'));
    const qsizetype month = format.indexOf(QLatin1Char('M'));
    return day >= 0 && month >= 0 && day < month ? ColumnOptions::DateFormat::DayMonthYear
                                                 : ColumnOptions::DateFormat::MonthDayYear;
}

} // namespace Planhat
