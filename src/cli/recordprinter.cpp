// SPDX-License-Identifier: MIT
#include "recordprinter.h"

#include "csv/recordcsvwriter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace Planhat {

namespace {

constexpr int maxTableCellWidth = 40;

// CSV joins list values with ';' so a later import can split them again; tables with ', '.
QString listSeparatorFor(OutputFormat format)
{
    return format == OutputFormat::Csv ? QStringLiteral(";") : QStringLiteral(", ");
}

QString fitToWidth(const QString &text, int width)
{
    QString oneLine = text;
    oneLine.replace(QLatin1Char('\n'), QLatin1Char(' '))
        .replace(QLatin1Char('\r'), QLatin1Char(' '));
    if (oneLine.size() <= width)
        return oneLine.leftJustified(width);
    return oneLine.left(width - 1) + QChar(0x2026);
}

} // namespace

bool outputFormatFromName(const QString &name, OutputFormat *format)
{
    const std::pair<const char *, OutputFormat> formats[] = {
        {"json", OutputFormat::Json}, {"csv", OutputFormat::Csv}, {"table", OutputFormat::Table}};
    for (const auto &[formatName, value] : formats) {
        if (name == QLatin1String(formatName)) {
            *format = value;
            return true;
        }
    }
    return false;
}

RecordPrinter::RecordPrinter(QIODevice *device, OutputFormat format, const QStringList &columns)
    : m_device(device)
    , m_format(format)
    , m_columns(columns)
{
    // RecordCsvWriter writes its header with the first row or at finish(), not before.
    if (m_format == OutputFormat::Csv)
        m_csv = std::make_unique<RecordCsvWriter>(m_device, m_columns);
}

RecordPrinter::~RecordPrinter() = default;

bool RecordPrinter::streams() const
{
    // RecordCsvWriter buffers by itself when the columns come from the data.
    return m_format == OutputFormat::Json || m_format == OutputFormat::Csv;
}

void RecordPrinter::open()
{
    if (m_opened)
        return;
    m_opened = true;
    if (m_format == OutputFormat::Json)
        m_device->write("[");
}

void RecordPrinter::addRows(const QList<QJsonObject> &rows)
{
    if (rows.isEmpty())
        return;
    m_rowsAdded += rows.size();
    open();
    if (!streams()) {
        m_buffered.append(rows);
        return;
    }
    if (m_format == OutputFormat::Json)
        writeJsonRows(rows);
    else
        m_csv->addRows(rows);
}

bool RecordPrinter::takesRawRows() const
{
    return m_format == OutputFormat::Json || m_format == OutputFormat::Csv;
}

void RecordPrinter::addRawRows(const RawRows &rows)
{
    Q_ASSERT(takesRawRows());
    if (rows.isEmpty())
        return;
    m_rowsAdded += rows.size();
    open();
    if (m_format == OutputFormat::Csv) {
        m_csv->addRawRows(rows);
        return;
    }
    // One write per page: a write per row costs more than the copy. The page buffer is
    // kept from page to page: a fresh one is page-faulted in again each time.
    QByteArray &out = m_page;
    out.resize(0); // keeps the capacity (a buffer still shared with the device detaches)
    qsizetype size = 0;
    for (qsizetype i = 0; i < rows.size(); ++i)
        size += rows.spans.at(i).second + 2;
    if (out.capacity() < size)
        out.reserve(size + size / 4); // pages differ a little in size: room for the next
    for (qsizetype i = 0; i < rows.size(); ++i) {
        out += m_rowsWritten == 0 ? "\n" : ",\n";
        out += rows.row(i);
        ++m_rowsWritten;
    }
    m_device->write(out);
}

void RecordPrinter::writeJsonRows(const QList<QJsonObject> &rows)
{
    for (const QJsonObject &row : rows) {
        m_device->write(m_rowsWritten == 0 ? "\n" : ",\n");
        m_device->write(QJsonDocument(row).toJson(QJsonDocument::Compact));
        ++m_rowsWritten;
    }
}

void RecordPrinter::finish()
{
    open();
    switch (m_format) {
    case OutputFormat::Json:
        m_device->write(m_rowsWritten == 0 ? "]\n" : "\n]\n");
        break;
    case OutputFormat::Csv:
        m_csv->finish();
        break;
    case OutputFormat::Table:
        printTable();
        break;
    }
}

void RecordPrinter::printTable()
{
    const QStringList columns
        = m_columns.isEmpty() ? RecordCsvWriter::columnsOf(m_buffered) : m_columns;
    const QString separator = listSeparatorFor(m_format);
    QList<int> widths;
    for (const QString &column : columns)
        widths.append(qMin(int(column.size()), maxTableCellWidth));
    QList<QStringList> cells;
    cells.reserve(m_buffered.size());
    for (const QJsonObject &row : std::as_const(m_buffered)) {
        QStringList rowCells;
        for (int i = 0; i < columns.size(); ++i) {
            rowCells.append(
                RecordCsvWriter::cellText(RecordCsvWriter::valueAt(row, columns.at(i)), separator));
            widths[i] = qMin(maxTableCellWidth, qMax(widths.at(i), int(rowCells.last().size())));
        }
        cells.append(rowCells);
    }
    const auto writeLine = [this, &widths](const QStringList &values) {
        QStringList padded;
        for (int i = 0; i < values.size(); ++i)
            padded.append(fitToWidth(values.at(i), widths.at(i)));
        m_device->write(padded.join(QLatin1String("  ")).trimmed().toUtf8() + '\n');
    };
    writeLine(columns);
    QStringList rules;
    for (int width : std::as_const(widths))
        rules.append(QString(width, QLatin1Char('-')));
    writeLine(rules);
    for (const QStringList &row : std::as_const(cells))
        writeLine(row);
    m_device->write(QStringLiteral("(%1 %2)\n")
                        .arg(cells.size())
                        .arg(cells.size() == 1 ? QStringLiteral("row") : QStringLiteral("rows"))
                        .toUtf8());
}

void RecordPrinter::printRecord(QIODevice *device, OutputFormat format, const QJsonObject &record)
{
    switch (format) {
    case OutputFormat::Json:
        device->write(QJsonDocument(record).toJson(QJsonDocument::Indented));
        break;
    case OutputFormat::Csv: {
        RecordPrinter printer(device, format, RecordCsvWriter::columnsOf({record}));
        printer.addRows({record});
        printer.finish();
        break;
    }
    case OutputFormat::Table: {
        const QStringList columns = RecordCsvWriter::columnsOf({record});
        int width = 0;
        for (const QString &column : columns)
            width = qMax(width, int(column.size()));
        for (const QString &column : columns) {
            device->write(column.leftJustified(width + 2).toUtf8());
            device->write(RecordCsvWriter::cellText(RecordCsvWriter::valueAt(record, column),
                                                    QStringLiteral(", "))
                              .toUtf8());
            device->write("\n");
        }
        break;
    }
    }
}

} // namespace Planhat
