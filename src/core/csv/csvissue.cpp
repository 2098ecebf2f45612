// SPDX-License-Identifier: MIT
#include "csvissue.h"

namespace Planhat {

QString CsvIssue::toString(const QString &fileName) const
{
    QString text;
    if (!fileName.isEmpty())
        text = fileName + QLatin1String(", ");
    if (line > 0) {
        text += QStringLiteral("line %1").arg(line);
        if (column > 0)
            text += QStringLiteral(", column %1").arg(column);
        text += QLatin1String(": ");
    } else if (!text.isEmpty()) {
        text.chop(2);
        text += QLatin1String(": ");
    }
    return text + message;
}

} // namespace Planhat
