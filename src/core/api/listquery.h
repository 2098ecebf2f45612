// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Planhat {

/// What a list call asks for. Empty members mean "not sent".
struct ListQuery
{
    QStringList select; ///< fields to return; empty = all fields
    QString sort; ///< field name, "-" prefix for descending
    QStringList companyIds; ///< only objects of these companies (split so every URL stays short)
    qint64 maxRows = -1; ///< stop after this many rows; -1 = all
    int pageSize = 0; ///< 0 = the type's page limit
    QList<QPair<QString, QString>> filters; ///< further query parameters, e.g. {"type", "note"}
};

} // namespace Planhat
