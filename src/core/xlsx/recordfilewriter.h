// SPDX-License-Identifier: MIT
#pragma once

#include "api/rawrows.h"
#include "schema/objecttype.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QSaveFile;

namespace Planhat {

class RecordCsvWriter;
class RecordWorkbookWriter;
class WorkbookWriter;

/// The file formats records are exported to.
enum class RecordFileFormat {
    Csv,
    Workbook, ///< Excel .xlsx
};

/// Writes records to a file whose name picks the format: `.xlsx` (any case) an Excel
/// workbook (RecordWorkbookWriter), anything else CSV (RecordCsvWriter). Same columns and
/// header names either way. The file appears only on commit(): a writer destroyed before,
/// or one that failed, leaves any earlier file as it was. Used by `planhat-cli export` and
/// RecordExportJob.
class RecordFileWriter
{
public:
    static RecordFileFormat formatFor(const QString &path);

    /// `columns` are field names or custom paths (empty = every field found); `type` (with
    /// custom fields applied) types the workbook's cells.
    RecordFileWriter(const QString &path, const QStringList &columns, const ObjectType &type);
    ~RecordFileWriter();
    RecordFileWriter(const RecordFileWriter &) = delete;
    RecordFileWriter &operator=(const RecordFileWriter &) = delete;

    /// Creates the file's temporary copy, so a bad path fails before any work.
    bool open();
    /// The type that types a workbook's cells, when its custom fields became known after
    /// open(): before the first rows.
    void setType(const ObjectType &type) { m_type = type; }
    /// False once writing failed; errorString() says why.
    bool addRows(const QList<QJsonObject> &rows);
    /// The same for rows as a list page's bytes (ListJob::RowFormat::Raw): CSV only.
    bool addRawRows(const RawRows &rows);
    /// Finishes the file and puts it in place.
    bool commit();

    RecordFileFormat format() const { return m_format; }
    QString fileName() const { return m_path; }
    qint64 rowsWritten() const;
    /// "cannot write FILE: reason"
    QString errorString() const;

private:
    RecordWorkbookWriter *records();

    QString m_path;
    QStringList m_columns;
    ObjectType m_type;
    RecordFileFormat m_format;
    QString m_error;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<RecordCsvWriter> m_csv;
    std::unique_ptr<WorkbookWriter> m_workbook;
    std::unique_ptr<RecordWorkbookWriter> m_records;
};

} // namespace Planhat
