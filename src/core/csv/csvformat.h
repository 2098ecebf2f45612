// SPDX-License-Identifier: MIT
#pragma once

#include <QChar>
#include <QString>

namespace Planhat {

/// Text encodings the CSV reader understands. Detect means: a byte order mark decides,
/// else UTF-8 when the first bytes are valid UTF-8, else Windows-1252.
enum class CsvEncoding {
    Detect,
    Utf8,
    Utf16LE,
    Utf16BE,
    Windows1252,
};

/// A readable name for an encoding, as shown to the user ("UTF-8", "Windows-1252"...).
QString csvEncodingName(CsvEncoding encoding);
/// The encoding's key as stored in journals and typed on the command line ("utf-8",
/// "utf-16le", "utf-16be", "windows-1252", "detect").
QString csvEncodingKey(CsvEncoding encoding);
/// Reads a key or one of its common spellings ("UTF8", "utf_16le", "cp1252", "latin1",
/// "iso-8859-1"), case-insensitively. False (and `encoding` untouched) for anything else.
bool csvEncodingFromKey(const QString &text, CsvEncoding *encoding);

/// How to read a CSV file. Anything set explicitly wins over detection.
struct CsvOptions
{
    enum class HeaderRow {
        FirstRow, ///< the first non-blank row names the columns
        None, ///< every row is data
    };

    CsvEncoding encoding = CsvEncoding::Detect;
    QChar delimiter; ///< null: detect among , ; tab |
    HeaderRow headerRow = HeaderRow::FirstRow;
    QString fileName; ///< only used to name the file in messages
    qsizetype blockSize = 256 * 1024; ///< bytes decoded at a time (tests use tiny blocks)
    qsizetype maxStoredIssues = 1000; ///< issues kept in CsvReader::issues(); all are counted
    /// Characters a row may have. A longer row (typically a stray quote that swallows the
    /// rest of the file) is cut there, reported, and ends the reading: memory stays bounded.
    qsizetype maxRowLength = 16 * 1024 * 1024;
};

} // namespace Planhat
