// SPDX-License-Identifier: MIT
#pragma once

#include "sandboxmessage.h"
#include "typecollection.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Planhat::Sandbox {

/// The parameters of `GET /<type>`, validated.
struct ListParameters
{
    static constexpr int defaultLimit = 100;

    int limit = defaultLimit; ///< already capped at the type's page limit
    qsizetype offset = 0;
    SortOrder sort;
    QStringList select; ///< empty: every field
    QStringList companyIds; ///< empty: no company filter
    QueryItems filters; ///< top-level field = text

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
