// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QSaveFile;

namespace Planhat {

class CsvWriter;
class WorkbookWriter;

/// Rows of text written to a file whose name picks the format: an Excel workbook when it
/// ends in `.xlsx` (any case; bold frozen header, every cell text exactly as given, columns
/// sized), CSV otherwise (UTF-8, no formula guard: the text as given). Nothing appears at
/// the path before commit(). Used for an import's results file.
class TableFileWriter
{
public:
    explicit TableFileWriter(const QString &path);
    ~TableFileWriter();
    TableFileWriter(const TableFileWriter &) = delete;
    TableFileWriter &operator=(const TableFileWriter &) = delete;

    bool open();
    bool writeHeader(const QStringList &cells);
    bool writeRow(const QStringList &cells);
    bool commit();
    /// "cannot write FILE: reason"
    QString errorString() const;

private:
    QString m_path;
    QString m_error;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<CsvWriter> m_csv;
    std::unique_ptr<WorkbookWriter> m_workbook;
};

} // namespace Planhat
