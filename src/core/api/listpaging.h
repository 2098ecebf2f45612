// SPDX-License-Identifier: MIT
#pragma once

#include "listquery.h"
#include "rawrows.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

namespace Planhat {

using QueryItems = QList<QPair<QString, QString>>;

/// The pure parts of listing: company-id groups, page queries, page parsing, row ids seen.
namespace ListPaging {

/// Longest comma-joined (and URL-encoded) companyId value put in one URL.
constexpr int maxJoinedIdLength = 1800;

/// Splits `ids` into groups whose comma-joined, URL-encoded text is at most `maxLength`
/// characters (an id longer than that travels alone). Empty ids and repeats are dropped;
/// the order is kept.
QList<QStringList> splitIdGroups(const QStringList &ids, int maxLength = maxJoinedIdLength);

/// The query of one page: limit, offset, select, sort, companyId (the group), filters.
/// Offset pages only line up in a stable order, so the sort is `_id` unless the query names
/// one; and rows are told apart by `_id`, so a `select` without it asks for it too (Planhat,
/// like a MongoDB projection, returns `_id` anyway; asking does not rely on that).
QueryItems pageQuery(const ListQuery &query, const QStringList &companyIdGroup, int limit,
                     qint64 offset);

/// The `_id`s of the rows a listing delivered, to drop a row a later page repeats. Compact:
/// a 24-hex ObjectId is kept as its 12 bytes, any other id as text. Lists come sorted by
/// `_id` unless asked otherwise, so ObjectIds that arrive in ascending order are appended to
/// a sorted array (no hashing) and only the others go to a hash set.
class RowIdSet
{
public:
    /// Adds `id` (a row's `_id` value); false when it was there already. Rows without an id
    /// (missing, null, empty) cannot be told apart: always true.
    bool insert(const QJsonValue &id);
    /// The same for an id already in text form (a number written with 17 digits).
    bool insertText(const QString &text);
    qsizetype size() const
    {
        return qsizetype(m_ascending.size()) + m_objectIds.size() + m_otherIds.size();
    }

private:
    struct ObjectId
    {
        quint64 high = 0;
        quint32 low = 0;
        bool operator==(const ObjectId &other) const
        {
            return high == other.high && low == other.low;
        }
        bool operator<(const ObjectId &other) const
        {
            return high < other.high || (high == other.high && low < other.low);
        }
    };
    friend size_t qHash(const ObjectId &id, size_t seed) noexcept
    {
        return qHashMulti(seed, id.high, id.low);
    }
    static bool parseObjectId(const QString &text, ObjectId *id);

    /// Ids that came in ascending order, sorted. A deque: it grows without copying what it
    /// holds, where a vector of a million ids, doubling, copied 8 MB into fresh memory at once
    /// and held the window up for 30 ms.
    std::deque<ObjectId> m_ascending;
    QSet<ObjectId> m_objectIds; ///< the other ObjectIds
    QSet<QString> m_otherIds;
};

/// One page's body parsed into objects. Meant to run on a worker thread.
struct ParsedPage
{
    QList<QJsonObject> rows;
    QString error; ///< why the body is not a JSON array of objects; empty when it is
    /// parsePageRaw(): the rows as bytes, and each row's `_id` as text (empty when none).
    RawRows raw;
    QStringList ids;

    qsizetype rowCount() const { return raw.spans.isEmpty() ? rows.size() : raw.size(); }
};
ParsedPage parsePage(const QByteArray &body);
/// Checks the body with simdjson and finds each row's bytes and `_id` without building a
/// QJsonObject (`rows` stays empty). Errors read as parsePage()'s.
ParsedPage parsePageRaw(const QByteArray &body);

} // namespace ListPaging

} // namespace Planhat
