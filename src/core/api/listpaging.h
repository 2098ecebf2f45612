// SPDX-License-Identifier: MIT
#pragma once

#include "listquery.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Planhat {

using QueryItems = QList<QPair<QString, QString>>;

/// The pure parts of listing: company-id groups, page queries, page parsing.
namespace ListPaging {

/// Longest comma-joined (and URL-encoded) companyId value put in one URL.
constexpr int maxJoinedIdLength = 1800;

/// Splits `ids` into groups whose comma-joined, URL-encoded text is at most `maxLength`
/// characters (an id longer than that travels alone). Empty ids and repeats are dropped;
/// the order is kept.
QList<QStringList> splitIdGroups(const QStringList &ids, int maxLength = maxJoinedIdLength);

/// The query of one page: limit, offset, select, sort, companyId (the group), filters.
QueryItems pageQuery(const ListQuery &query, const QStringList &companyIdGroup, int limit,
                     qint64 offset);

/// One page's body parsed into objects. Meant to run on a worker thread.
struct ParsedPage
{
    QList<QJsonObject> rows;
    QString error; ///< why the body is not a JSON array of objects; empty when it is
};
ParsedPage parsePage(const QByteArray &body);

} // namespace ListPaging

} // namespace Planhat
