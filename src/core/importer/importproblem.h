// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Planhat {

/// One problem found in an import file, as the user sees it: where, what, and why.
struct ImportProblem
{
    qint64 row = 0; ///< data row, 1-based (the header is not counted)
    qint64 line = 0; ///< line in the file where the row starts, 1-based; 0 when unknown
    QString column; ///< the column's header; empty for problems of the whole row
    QString value; ///< the cell's text
    QString message;

    /// "line 12, column \"Seats\": \"12 apples\" is not a number"
    QString toString() const;
};

} // namespace Planhat
