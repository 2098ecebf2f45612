// SPDX-License-Identifier: MIT
#pragma once

#include "fakenetwork.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <functional>

namespace Planhat::Test {

/// A minimal tenant of one object type behind a FakeNetwork (its handler): bulk upserts
/// (PUT /<type>: by `_id`, else by externalId, else created), lean listings (GET /<type>
/// with offset and limit) and deletes (DELETE /<type>/<id>), answered the way Planhat
/// answers them. Just enough for the import runner and the undo; tests can make it refuse
/// rows, fail requests, or lose an answer after applying it.
class FakeTenant
{
public:
    FakeTenant(FakeNetwork *network, const QString &typePath = QStringLiteral("/companies"));

    /// Objects by `_id`.
    QHash<QString, QJsonObject> objects;
    /// The `_id` of the object with this externalId, or empty.
    QString idOf(const QString &externalId) const;
    /// Adds an object with a fresh `_id` (returned).
    QString add(QJsonObject object);

    /// Rows (by externalId or `_id`) a bulk upsert rejects with a validation error.
    QSet<QString> rejectedKeys;
    /// `_id`s whose delete answers this HTTP status (e.g. 500) instead of deleting.
    QHash<QString, int> deleteStatus;
    /// The next this-many bulk upserts are applied, then their answer is lost (the
    /// connection drops): the client sees a network error.
    int loseBulkAnswers = 0;
    /// Called for every request before it is answered (e.g. to stop a test at a point).
    std::function<void(const SeenRequest &)> onRequest;

    /// Every bulk upsert's rows, in order.
    QList<QJsonArray> bulkBodies;
    QStringList deleted;

private:
    FakeAnswer answer(const SeenRequest &request);
    FakeAnswer bulkUpsert(const SeenRequest &request);
    FakeAnswer list(const SeenRequest &request) const;
    FakeAnswer remove(const QString &id);

    QString m_typePath;
    int m_nextId = 1;
};

} // namespace Planhat::Test
