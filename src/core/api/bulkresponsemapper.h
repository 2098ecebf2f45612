// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"
#include "bulkupsertjob.h"

#include <QJsonObject>
#include <QList>

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
/// Errors (`createdErrors`, `updatedErrors`, `permissionErrors`) are matched by their
/// `index` (position in the request array) when present, else by the keys they carry
/// (`_id`, `sourceId`, `externalId`, also under `item` or `data`). `insertsKeys` and
/// `updatesKeys` entries are matched by `index` when they carry one, else by key, duplicate
/// keys in request order; keyless rows take the
/// `insertsKeys` entries no keyed row claimed, in order. Rows left over are Unchanged when
/// `nonupdates` accounts for them, otherwise OutcomeUnknown.
class BulkResponseMapper
{
public:
    explicit BulkResponseMapper(const ObjectType &type);

    /// Whether `body` looks like a bulk-upsert answer (has any of its documented members).
    static bool isBulkResponse(const QJsonObject &body);

    /// One outcome per row of `sentRows` (the request array), never Pending.
    QList<RowOutcome> map(const QList<QJsonObject> &sentRows, const QJsonObject &response) const;

    /// Whether `row` carries a key the server matches on (so repeating it is an upsert).
    bool hasKey(const QJsonObject &row) const;

private:
    ObjectType m_type;
};

} // namespace Planhat
