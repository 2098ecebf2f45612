// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"
#include "bulkrows.h"
#include "bulkupsertjob.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace Planhat {

/// One bulk request's share of the input: rows [first, first + count).
struct BulkChunk
{
    int first = 0;
    int count = 0;
    bool operator==(const BulkChunk &other) const
    {
        return first == other.first && count == other.count;
    }
};

/// Splits `rowCount` rows into consecutive chunks of at most `chunkSize` rows
/// (no chunk at all for 0 rows).
QList<BulkChunk> bulkChunks(int rowCount, int chunkSize);

/// Maps one bulk-upsert answer back to the rows of the request it answers.
///
/// Errors (`createdErrors`, `updatedErrors`, `permissionErrors`, `validationErrors`) are
/// matched by their `index` (position in the request array) when present, else by the keys
/// they carry (`_id` first, then `sourceId`, `externalId`; also under `item` or `data`).
/// `insertsKeys` and `updatesKeys` entries are matched the same way, duplicate keys in
/// request order; an entry holding only the `_id` of a row sent with that `_id` names that
/// row. Entries that name no row are handed out in request order where the counts are
/// unambiguous: inserts to the rows sent without `_id` when there are exactly as many, else to
/// the rows without any key the type matches on when there are exactly as many of those (and
/// no error went unmatched); updates to the rows sent without `_id` but with a key, when there
/// are exactly as many. Rows left over are Unchanged when `nonupdates` accounts for them,
/// otherwise OutcomeUnknown.
class BulkResponseMapper
{
public:
    explicit BulkResponseMapper(const ObjectType &type);

    /// Whether `body` looks like a bulk-upsert answer (has any of its documented members).
    static bool isBulkResponse(const QJsonObject &body);

    /// One outcome per row of `sentRows` (the request array), never Pending.
    QList<RowOutcome> map(const QList<QJsonObject> &sentRows, const QJsonObject &response) const;
    /// The same for a request made of the rows `sent` (indexes into `rows`, in request order):
    /// one outcome per entry of `sent`.
    QList<RowOutcome> map(const BulkRows &rows, const QList<int> &sent,
                          const QJsonObject &response) const;
    /// The same for the answer's bytes, read without a QJsonDocument where they allow;
    /// nullopt when `body` is not a JSON object.
    std::optional<QList<RowOutcome>> map(const BulkRows &rows, const QList<int> &sent,
                                         const QByteArray &body) const;

    /// Whether `row` carries a key the server matches this type on (so repeating it is an
    /// upsert): only the type's keyables count (notes match on `_id` alone).
    bool hasKey(const QJsonObject &row) const;

private:
    ObjectType m_type;
};

} // namespace Planhat
