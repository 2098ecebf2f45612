// SPDX-License-Identifier: MIT
#include "recordfilewriter.h"

#include "csv/recordcsvwriter.h"
#include "recordworkbookwriter.h"
#include "workbookwriter.h"

#include <QSaveFile>

namespace Planhat {

RecordFileFormat RecordFileWriter::formatFor(const QString &path)
{
    return path.endsWith(QLatin1String(".xlsx"), Qt::CaseInsensitive) ? RecordFileFormat::Workbook
                                                                      : RecordFileFormat::Csv;
}

RecordFileWriter::RecordFileWriter(const QString &path, const QStringList &columns,
                                   const ObjectType &type)
    : m_path(path)
    , m_columns(columns)
    , m_type(type)
    , m_format(formatFor(path))
{ }

RecordFileWriter::~RecordFileWriter() = default;

bool RecordFileWriter::open()
{
    if (m_format == RecordFileFormat::Workbook) {
        m_workbook = std::make_unique<WorkbookWriter>(m_path);
        return m_workbook->open();
    }
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file->errorString());
        return false;
    }
    m_csv = std::make_unique<RecordCsvWriter>(m_file.get(), m_columns);
    return true;
}

RecordWorkbookWriter *RecordFileWriter::records()
{
    // Made with the first rows, so setType() may come after open().
    if (m_workbook && !m_records)
        m_records = std::make_unique<RecordWorkbookWriter>(m_workbook.get(), m_columns, m_type);
    return m_records.get();
}

bool RecordFileWriter::addRows(const QList<QJsonObject> &rows)
{
    if (RecordWorkbookWriter *records = this->records())
        return records->addRows(rows);
    if (!m_csv)
        return false;
    m_csv->addRows(rows);
    return true;
}

bool RecordFileWriter::addRawRows(const RawRows &rows)
{
    if (!m_csv)
        return false;
    m_csv->addRawRows(rows);
    return true;
}

bool RecordFileWriter::commit()
{
    if (RecordWorkbookWriter *records = this->records())
        return records->finish() && m_workbook->close();
    if (!m_csv)
        return false;
    m_csv->finish();
    if (!m_file->commit()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file->errorString());
        return false;
    }
    return true;
}

qint64 RecordFileWriter::rowsWritten() const
{
    if (m_records)
        return m_records->rowsWritten();
    return m_csv ? m_csv->rowsWritten() : 0;
}

QString RecordFileWriter::errorString() const
{
    return m_workbook ? m_workbook->errorString() : m_error;
}

} // namespace Planhat
