// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>

namespace Planhat::Sandbox {

class SandboxStore;
class StoredObject;
class TypeCollection;

/// `PUT /<type>` with an array: matches each item by `_id`, else `sourceId`, else the
/// external id (the first key the item carries decides), merges matches, creates the rest,
/// and reports in Planhat's documented response shape.
class BulkUpsert
{
public:
    static constexpr int maxItems = 5000;

    struct Result
    {
        int status = 200; ///< 200 all fine, 206 some items failed, 400 all failed
        QJsonObject body;
        bool changed = false;
    };

    BulkUpsert(SandboxStore *store, TypeCollection *collection);

    /// Applies `items` in order. The caller has checked the item limit.
    Result run(const QJsonArray &items) const;

private:
    QJsonObject carriedKeys(const QJsonObject &item) const;
    QJsonObject keysOf(const StoredObject *object) const;

    SandboxStore *m_store;
    TypeCollection *m_collection;
};

} // namespace Planhat::Sandbox
