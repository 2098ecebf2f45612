// SPDX-License-Identifier: MIT
#include "importproblem.h"

namespace Planhat {

QString ImportProblem::toString() const
{
    QString where
        = line > 0 ? QStringLiteral("line %1").arg(line) : QStringLiteral("row %1").arg(row);
    if (!column.isEmpty())
        where += QStringLiteral(", column \"%1\"").arg(column);
    return where + QStringLiteral(": ") + message;
}

} // namespace Planhat
