// SPDX-License-Identifier: MIT
#pragma once

#include "csvformat.h"
#include "csvissue.h"
#include "xlsx/tablereader.h"
#include "xlsx/workbookreader.h"

#include <QChar>
#include <QList>
#include <QString>
#include <QStringList>

namespace Planhat {

/// The first rows of a CSV file or of a workbook's sheet, and the format the reader settled
/// on: what an import shows before the user commits to a file. Reads only as far as the rows it
/// keeps, so it is quick for files of any size.
struct CsvPreview
{
    CsvEncoding encoding = CsvEncoding::Detect; ///< as detected or as forced
    QChar delimiter;
    /// The column names: the header row's cells, or "Column 1", "Column 2"... when the file
    /// has no header row (then every row is data).
    QStringList headers;
    QList<QStringList> rows; ///< at most the rows asked for
    QList<CsvIssue> issues; ///< issues of the rows read (header included)
    /// The same issues with their positions, as the reader words them ("file, line 3,
    /// column 2: ..." for CSV, "file, sheet "S", cell B3: ..." for a workbook).
    QStringList issueTexts;
    bool atEnd = false; ///< the preview holds every row of the file
    QString error; ///< the file could not be opened (the rest is empty then)
    /// Workbooks: every worksheet (for a sheet chooser) and the one shown (the default
    /// sheet when none was asked for). Empty for CSV files.
    QList<WorkbookSheet> sheets;
    QString sheet;

    bool isWorkbook() const { return !sheets.isEmpty(); }

    bool isValid() const { return error.isEmpty(); }

    /// Reads the header and up to `maxRows` data rows of `path` with `options` (whose
    /// fileName is set to the file's name for messages).
    static CsvPreview read(const QString &path, CsvOptions options, int maxRows);
    /// The same for a CSV file or a workbook (.xlsx), read as TableReader::open() reads it;
    /// `error` is TableReader's (naming the file, and the sheet when it applies).
    static CsvPreview read(const QString &path, TableOptions options, int maxRows);
    /// "Column 1" ... "Column n": names for the columns of a file without a header row.
    static QStringList numberedHeaders(int count);
};

} // namespace Planhat
