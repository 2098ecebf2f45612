// SPDX-License-Identifier: MIT
#include "tablefilewriter.h"

#include "csv/csvwriter.h"
#include "recordfilewriter.h"
#include "workbookwriter.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QVariantList>

namespace Planhat {

TableFileWriter::TableFileWriter(const QString &path)
    : m_path(path)
{ }

TableFileWriter::~TableFileWriter() = default;

bool TableFileWriter::open()
{
    if (RecordFileWriter::formatFor(m_path) == RecordFileFormat::Workbook) {
        m_workbook = std::make_unique<WorkbookWriter>(m_path);
        return m_workbook->open() && m_workbook->addSheet(QFileInfo(m_path).completeBaseName());
    }
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file->errorString());
        return false;
    }
    m_csv = std::make_unique<CsvWriter>(m_file.get(), CsvWriter::FormulaGuard::Off);
    return true;
}

bool TableFileWriter::writeHeader(const QStringList &cells)
{
    if (m_workbook)
        return m_workbook->writeHeader(cells);
    return writeRow(cells);
}

bool TableFileWriter::writeRow(const QStringList &cells)
{
    if (m_workbook) {
        // QString cells: text stays text, "00123" and "1e5" included.
        QVariantList values;
        values.reserve(cells.size());
        for (const QString &cell : cells)
            values.append(cell);
        return m_workbook->writeRow(values);
    }
    if (!m_csv)
        return false;
    m_csv->writeRow(cells);
    return true;
}

bool TableFileWriter::commit()
{
    if (m_workbook)
        return m_workbook->close();
    if (!m_file)
        return false;
    if (!m_file->commit()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file->errorString());
        return false;
    }
    return true;
}

QString TableFileWriter::errorString() const
{
    return m_workbook ? m_workbook->errorString() : m_error;
}

} // namespace Planhat
