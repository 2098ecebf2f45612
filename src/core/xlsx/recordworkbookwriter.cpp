// SPDX-License-Identifier: MIT
#include "recordworkbookwriter.h"

#include "csv/recordcsvwriter.h"
#include "workbookwriter.h"

#include <QDate>
#include <QDateTime>

namespace Planhat {

namespace {

const QDate unixEpoch(1970, 1, 1);

/// A Planhat date: "2021-05-12T03:00:00.000Z", or a bare "2021-05-12". Midnight UTC is
/// a date (most Planhat dates are days); anything else keeps its time.
QVariant dateCell(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() == 10) {
        const QDate date = QDate::fromString(trimmed, Qt::ISODate);
        if (date.isValid())
            return date;
    }
    const QDateTime dateTime = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!dateTime.isValid())
        return text; // not a date after all: kept as the text it is
    const QDateTime utc = dateTime.toUTC();
    if (utc.time() == QTime(0, 0))
        return utc.date();
    return utc;
}

} // namespace

RecordWorkbookWriter::RecordWorkbookWriter(WorkbookWriter *workbook, const QStringList &columns,
                                           const ObjectType &type)
    : m_workbook(workbook)
    , m_columns(columns)
    , m_type(type)
    , m_buffering(columns.isEmpty())
{ }

QVariant RecordWorkbookWriter::cellValue(const QJsonValue &value, const FieldSpec *field)
{
    const FieldType type = field ? field->type : FieldType::Text;
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QVariant();
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        if (type == FieldType::DayNumber) {
            const double days = value.toDouble();
            if (days == double(qint64(days)))
                return unixEpoch.addDays(qint64(days));
        }
        return value.toDouble();
    case QJsonValue::String:
        if (type == FieldType::Date || type == FieldType::DayNumber)
            return dateCell(value.toString());
        return value.toString();
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    // Lists and objects read as in CSV, so an import splits them the same way.
    return RecordCsvWriter::cellText(value, RecordCsvWriter::listSeparator());
}

bool RecordWorkbookWriter::addRows(const QList<QJsonObject> &rows)
{
    if (m_buffering) {
        m_buffered.append(rows);
        return true;
    }
    return writeRows(rows);
}

bool RecordWorkbookWriter::finish()
{
    if (m_buffering) {
        m_columns = RecordCsvWriter::columnsOf(m_buffered);
        m_buffering = false;
        const bool written = writeRows(m_buffered);
        m_buffered.clear();
        if (!written)
            return false;
    }
    return m_headerWritten || writeRows({});
}

bool RecordWorkbookWriter::writeRows(const QList<QJsonObject> &rows)
{
    if (!m_headerWritten) {
        if (!m_workbook->addSheet(m_type.pluralName.isEmpty() ? QStringLiteral("Records")
                                                              : m_type.pluralName)
            || !m_workbook->writeHeader(m_columns))
            return false;
        m_fields.clear();
        for (const QString &column : std::as_const(m_columns))
            m_fields.append(m_type.field(column));
        m_headerWritten = true;
    }
    QVariantList cells;
    for (const QJsonObject &row : rows) {
        cells.clear();
        for (int column = 0; column < m_columns.size(); ++column) {
            cells.append(cellValue(RecordCsvWriter::valueAt(row, m_columns.at(column)),
                                   m_fields.at(column)));
        }
        if (!m_workbook->writeRow(cells))
            return false;
        ++m_rowsWritten;
    }
    return true;
}

} // namespace Planhat
