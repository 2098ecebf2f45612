// SPDX-License-Identifier: MIT
#include "recordprinter.h"

#include "csv/csvwriter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace Planhat {

namespace {

const QLatin1String customPrefix("custom.");
constexpr int maxTableCellWidth = 40;

// CSV joins list values with ';' so a later import can split them again; tables with ', '.
QString listSeparatorFor(OutputFormat format)
{
    return format == OutputFormat::Csv ? QStringLiteral(";") : QStringLiteral(", ");
}

QString numberText(double value)
{
    if (value == static_cast<double>(static_cast<qint64>(value)) && qAbs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
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
    if (m_format == OutputFormat::Csv)
        m_csv = std::make_unique<CsvWriter>(m_device);
    if (m_format == OutputFormat::Json)
        m_device->write("[");
}

RecordPrinter::~RecordPrinter() = default;

bool RecordPrinter::streams() const
{
    return m_format == OutputFormat::Json
        || (m_format == OutputFormat::Csv && !m_columns.isEmpty());
}

void RecordPrinter::addRows(const QList<QJsonObject> &rows)
{
    if (!streams()) {
        m_buffered.append(rows);
        return;
    }
    if (m_format == OutputFormat::Json)
        writeJsonRows(rows);
    else
        writeCsvRows(rows);
}

void RecordPrinter::writeJsonRows(const QList<QJsonObject> &rows)
{
    for (const QJsonObject &row : rows) {
        m_device->write(m_rowsWritten == 0 ? "\n" : ",\n");
        m_device->write(QJsonDocument(row).toJson(QJsonDocument::Compact));
        ++m_rowsWritten;
    }
}

void RecordPrinter::writeCsvRows(const QList<QJsonObject> &rows)
{
    if (!m_headerWritten) {
        m_csv->writeRow(m_columns);
        m_headerWritten = true;
    }
    const QString separator = listSeparatorFor(m_format);
    QStringList cells;
    for (const QJsonObject &row : rows) {
        cells.clear();
        for (const QString &column : qAsConst(m_columns))
            cells.append(cellText(valueAt(row, column), separator));
        m_csv->writeRow(cells);
        ++m_rowsWritten;
    }
}

void RecordPrinter::finish()
{
    switch (m_format) {
    case OutputFormat::Json:
        m_device->write(m_rowsWritten == 0 ? "]\n" : "\n]\n");
        break;
    case OutputFormat::Csv:
        if (m_columns.isEmpty())
            m_columns = columnsOf(m_buffered);
        writeCsvRows(m_buffered);
        m_buffered.clear();
        break;
    case OutputFormat::Table:
        printTable();
        break;
    }
}

void RecordPrinter::printTable()
{
    const QStringList columns = m_columns.isEmpty() ? columnsOf(m_buffered) : m_columns;
    const QString separator = listSeparatorFor(m_format);
    QList<int> widths;
    for (const QString &column : columns)
        widths.append(qMin(int(column.size()), maxTableCellWidth));
    QList<QStringList> cells;
    cells.reserve(m_buffered.size());
    for (const QJsonObject &row : qAsConst(m_buffered)) {
        QStringList rowCells;
        for (int i = 0; i < columns.size(); ++i) {
            rowCells.append(cellText(valueAt(row, columns.at(i)), separator));
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
    for (int width : qAsConst(widths))
        rules.append(QString(width, QLatin1Char('-')));
    writeLine(rules);
    for (const QStringList &row : qAsConst(cells))
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
        RecordPrinter printer(device, format, columnsOf({record}));
        printer.addRows({record});
        printer.finish();
        break;
    }
    case OutputFormat::Table: {
        const QStringList columns = columnsOf({record});
        int width = 0;
        for (const QString &column : columns)
            width = qMax(width, int(column.size()));
        for (const QString &column : columns) {
            device->write(column.leftJustified(width + 2).toUtf8());
            device->write(cellText(valueAt(record, column), QStringLiteral(", ")).toUtf8());
            device->write("\n");
        }
        break;
    }
    }
}

QString RecordPrinter::cellText(const QJsonValue &value, const QString &listSeparator)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        QStringList parts;
        for (const QJsonValue &item : array) {
            if (item.isArray() || item.isObject())
                return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
            parts.append(cellText(item, listSeparator));
        }
        return parts.join(listSeparator);
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

QJsonValue RecordPrinter::valueAt(const QJsonObject &record, const QString &path)
{
    if (path.startsWith(customPrefix)) {
        return record.value(QStringLiteral("custom"))
            .toObject()
            .value(path.mid(customPrefix.size()));
    }
    return record.value(path);
}

QStringList RecordPrinter::columnsOf(const QList<QJsonObject> &rows)
{
    QStringList columns;
    QSet<QString> seen;
    const auto add = [&columns, &seen](const QString &column) {
        if (!seen.contains(column)) {
            seen.insert(column);
            columns.append(column);
        }
    };
    for (const QJsonObject &row : rows) {
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (it.key() == QLatin1String("custom") && it.value().isObject()) {
                const QJsonObject custom = it.value().toObject();
                for (auto field = custom.begin(); field != custom.end(); ++field)
                    add(customPrefix + field.key());
            } else {
                add(it.key());
            }
        }
    }
    // _id first, as every list shows it; the rest in the order found.
    if (columns.removeOne(QStringLiteral("_id")))
        columns.prepend(QStringLiteral("_id"));
    return columns;
}

} // namespace Planhat
