// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Planhat {

/// One problem found while reading a CSV file. Lines are physical lines of the file
/// (1-based, newlines inside quoted fields count); columns are 1-based character positions
/// within that line (UTF-16 code units).
struct CsvIssue
{
    enum class Kind {
        UnterminatedQuote, ///< error: the file ends inside a quoted field
        TooManyFields, ///< the row has more fields than the header
        TooFewFields, ///< the row has fewer fields than the header
        EmptyHeader, ///< a header cell is empty
        DuplicateHeader, ///< two header cells have the same name
        TextAfterQuote, ///< characters follow a closing quote ("a"b): kept, but suspicious
        InvalidEncoding, ///< bytes that are not valid in the chosen encoding (replaced)
        RowTooLong, ///< error: a row exceeds CsvOptions::maxRowLength; reading stops
        ReadError, ///< the device failed
    };
    enum class Severity {
        Warning,
        Error,
    };

    Kind kind = Kind::ReadError;
    Severity severity = Severity::Error;
    qint64 line = 0;
    qint64 column = 0;
    QString message; ///< what is wrong, without the position

    /// "file.csv, line 12, column 7: message" (the file name part only when given).
    QString toString(const QString &fileName = QString()) const;
};

} // namespace Planhat
