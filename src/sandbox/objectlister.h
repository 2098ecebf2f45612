// SPDX-License-Identifier: MIT
#pragma once

#include "sandboxmessage.h"
#include "typecollection.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Planhat::Sandbox {

/// The parameters of `GET /<type>`, validated.
struct ListParameters
{
    /// Planhat's list pages document `limit` as "Default as 100, max. 2000", for every
    /// type: the sandbox follows that table, not the client's schema.
    static constexpr int defaultLimit = 100;
    static constexpr int maxLimit = 2000;

    int limit = defaultLimit; ///< capped at maxLimit (SandboxApi may cap it lower)
    qsizetype offset = 0;
    SortOrder sort;
    QStringList select; ///< empty: every field
    QStringList companyIds; ///< empty: no company filter
    QueryItems filters; ///< top-level field = text
    /// When set, the rows come in a random order drawn from this seed instead of `sort`'s
    /// (the sandbox sets it for lists without `sort` under `--unordered`).
    std::optional<quint64> randomOrderSeed;

    /// Reads `query`; on invalid input returns false with a readable `error`.
    static bool parse(const TypeCollection &collection, const QueryItems &query,
                      ListParameters *parameters, QString *error);
};

/// Answers list requests with a JSON array. Without `select` a page is the concatenation
/// of the objects' cached JSON, so a page costs O(rows in page) once orders are cached.
class ObjectLister
{
public:
    explicit ObjectLister(TypeCollection *collection);

    QByteArray list(const ListParameters &parameters) const;

    /// `GET /leancompanies`: every company with `_id`, name, externalId, sourceId and slug;
    /// filters externalId, sourceId and status (comma-separated alternatives).
    static QByteArray leanCompanies(const TypeCollection &companies, const QueryItems &query);

private:
    TypeCollection::ObjectList candidates(const ListParameters &parameters,
                                          const TypeCollection::ObjectList **source) const;

    TypeCollection *m_collection;
};

} // namespace Planhat::Sandbox
