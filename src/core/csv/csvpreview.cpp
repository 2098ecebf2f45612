// SPDX-License-Identifier: MIT
#include "csvpreview.h"

#include "csvreader.h"

#include <QFile>
#include <QFileInfo>

namespace Planhat {

CsvPreview CsvPreview::read(const QString &path, CsvOptions options, int maxRows)
{
    CsvPreview preview;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        preview.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return preview;
    }
    options.fileName = QFileInfo(path).fileName();
    // A stray quote can make one "row" of the whole file; a preview need not read that far.
    options.maxRowLength = qMin<qsizetype>(options.maxRowLength, 1024 * 1024);
    CsvReader reader(&file, options);
    reader.start();
    preview.encoding = reader.encoding();
    preview.delimiter = reader.delimiter();
    preview.headers = reader.headers();

    CsvRow row;
    int widest = int(preview.headers.size());
    while (preview.rows.size() < maxRows && reader.readRow(row)) {
        preview.rows.append(row.toStringList());
        widest = qMax(widest, int(row.size()));
    }
    preview.atEnd = reader.atEnd() || (preview.rows.size() < maxRows);
    if (options.headerRow == CsvOptions::HeaderRow::None)
        preview.headers = numberedHeaders(widest);
    preview.issues = reader.issues();
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
