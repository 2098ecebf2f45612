// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvformat.h"
#include "csv/csvissue.h"
#include "csv/csvrow.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace Planhat {

/// How to read an import's file, whatever it is: the CSV options for a CSV file, the sheet
/// and header row for a workbook. The parts that do not apply to the file are ignored.
struct TableOptions
{
    CsvOptions csv; ///< for CSV files; csv.fileName names the file in messages for both kinds
    /// Workbooks: the sheet to read, by name. Empty: the first sheet with a non-empty cell.
    QString sheet;
    /// Workbooks: the sheet row (1-based) from which on the first non-empty row names the
    /// columns; 0: no header row, every row is data.
    int headerRow = 1;
};

/// The rows of an import's file, one at a time: a CSV file or a sheet of a workbook (.xlsx)
/// behind one interface, so the preview, the planner, the runner, the results and the CLI
/// read both the same way. Rows arrive as CsvRow; for a workbook a row's line() is its sheet
/// row number and a field's column its sheet column number (1 for A), and issues carry the
/// same positions (issueText() writes them as a cell: "data.xlsx, sheet "S", cell C7: ...").
class TableReader
{
    Q_DISABLE_COPY_MOVE(TableReader)

public:
    enum class Format {
        Csv,
        Workbook,
    };

    TableReader() = default;
    virtual ~TableReader();

    /// Opens `path` as a workbook when its name ends in .xlsx/.xlsm/.xltx/.xltm or its
    /// content is a zip (or an encrypted/legacy OLE2 file, to say so), else as CSV. Null with
    /// `*error` set (one sentence naming the file, and the sheet when it applies) when the
    /// file cannot be read: missing, damaged, encrypted, not a workbook, no such sheet, or
    /// a sheet given for a CSV file.
    static std::unique_ptr<TableReader> open(const QString &path, const TableOptions &options,
                                             QString *error);
    /// Whether open() reads `path` as a workbook (by name and first bytes).
    static bool isWorkbook(const QString &path);

    virtual Format format() const = 0;
    /// Reads up to the header row; readRow() calls it on first use.
    virtual void start() = 0;
    /// Reads the next data row into row (its buffers are reused). False at the end.
    virtual bool readRow(CsvRow &row) = 0;
    virtual QStringList headers() const = 0;
    /// Issues found so far (at most a thousand kept); positions as described above.
    virtual const QList<CsvIssue> &issues() const = 0;
    /// An issue with its position: "file, line 3, column 2: ..." for CSV, "file, sheet "S",
    /// cell B3: ..." for a workbook. `fileName` overrides the name the options gave.
    virtual QString issueText(const CsvIssue &issue, const QString &fileName = QString()) const = 0;
    /// An issue of a row as the row's problem: its message, after the cell for a workbook
    /// ("cell C7: the cell holds the error #DIV/0!").
    virtual QString rowIssueText(const CsvIssue &issue) const { return issue.message; }
    /// Where a row is, for messages: "line 12" for CSV, "row 12" for a workbook.
    virtual QString rowText(qint64 line) const = 0;
    /// Bytes of the file read so far, roughly (for progress against the file's size).
    virtual qint64 bytesRead() const = 0;
    virtual bool atEnd() const = 0;
    /// Reading stopped before the end on an error (see stopReason()).
    virtual bool stoppedEarly() const = 0;
    /// Why reading stopped early, without the file name.
    virtual QString stopReason() const = 0;
    /// CSV: the encoding and delimiter settled on (Detect and null for a workbook).
    virtual CsvEncoding encoding() const { return CsvEncoding::Detect; }
    virtual QChar delimiter() const { return QChar(); }
    /// Workbooks: the sheet being read (the default resolved); empty for CSV.
    virtual QString sheetName() const { return QString(); }
};

} // namespace Planhat
