// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

namespace Planhat {

/// One field that changes: its value before (what the server has) and after (what is sent).
/// Used for edits staged in a table and for the updates an import plans. Custom fields are
/// named "custom.<Field Name>".
struct FieldChange
{
    QString field;
    QJsonValue before; ///< undefined when the record did not have the field
    QJsonValue after;
};

} // namespace Planhat
