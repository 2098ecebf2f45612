// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

namespace Planhat {

/// One finished HTTP attempt, for request logs. Holds no header and so never the token.
struct RequestLogEntry
{
    QString method; ///< "GET"
    QString path; ///< path and query, e.g. "/companies?limit=5000&offset=0"
    int httpStatus = 0; ///< 0 when no answer arrived
    qint64 milliseconds = 0;
    int rows = -1; ///< rows in the response body when it is a list or bulk result; -1 otherwise
    int attempt = 1;
    QString error; ///< empty on success
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::RequestLogEntry)
