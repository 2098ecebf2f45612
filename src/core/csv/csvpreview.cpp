// SPDX-License-Identifier: MIT
#include "csvpreview.h"

#include "csvreader.h"
#include "xlsx/sheetreader.h"

#include <QFile>
#include <QFileInfo>

namespace Planhat {

CsvPreview CsvPreview::read(const QString &path, CsvOptions options, int maxRows)
{
    TableOptions table;
    table.csv = options;
    return read(path, table, maxRows);
}

CsvPreview CsvPreview::read(const QString &path, TableOptions options, int maxRows)
{
    CsvPreview preview;
    options.csv.fileName = QFileInfo(path).fileName();
    // A stray quote can make one "row" of the whole file; a preview need not read that far.
    options.csv.maxRowLength = qMin<qsizetype>(options.csv.maxRowLength, 1024 * 1024);
    const std::unique_ptr<TableReader> reader = TableReader::open(path, options, &preview.error);
    if (!reader)
        return preview;
    reader->start();
    if (reader->format() == TableReader::Format::Workbook) {
        const auto *sheetReader = static_cast<const SheetReader *>(reader.get());
        preview.sheets = sheetReader->workbook().sheets();
        preview.sheet = sheetReader->sheetName();
    }
    preview.encoding = reader->encoding();
    preview.delimiter = reader->delimiter();
    preview.headers = reader->headers();

    CsvRow row;
    int widest = int(preview.headers.size());
    while (preview.rows.size() < maxRows && reader->readRow(row)) {
        preview.rows.append(row.toStringList());
        widest = qMax(widest, int(row.size()));
    }
    preview.atEnd = reader->atEnd() || (preview.rows.size() < maxRows);
    const bool noHeader = reader->format() == TableReader::Format::Workbook
        ? options.headerRow == 0 || options.csv.headerRow == CsvOptions::HeaderRow::None
        : options.csv.headerRow == CsvOptions::HeaderRow::None;
    if (noHeader)
        preview.headers = numberedHeaders(widest);
    preview.issues = reader->issues();
    for (const CsvIssue &issue : preview.issues)
        preview.issueTexts.append(reader->issueText(issue));
    return preview;
}

QStringList CsvPreview::numberedHeaders(int count)
{
    QStringList headers;
    headers.reserve(count);
    for (int i = 1; i <= count; ++i)
        headers.append(QStringLiteral("Column %1").arg(i));
    return headers;
}

} // namespace Planhat
