// SPDX-License-Identifier: MIT
#include "sandboxapi.h"

#include "bulkupsert.h"
#include "objectlister.h"
#include "objectwriter.h"
#include "randomorder.h"
#include "sandboxstore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

#include <algorithm>

namespace Planhat::Sandbox {

namespace {

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::Create:
        return QStringLiteral("Create");
    case Operation::Get:
        return QStringLiteral("Get");
    case Operation::Update:
        return QStringLiteral("Update");
    case Operation::Delete:
        return QStringLiteral("Delete");
    case Operation::List:
        return QStringLiteral("List");
    case Operation::BulkUpsert:
        return QStringLiteral("Bulk upsert");
    }
    return QString();
}

SandboxResponse unsupported(const ObjectType &type, Operation operation)
{
    return SandboxResponse::error(405,
                                  QStringLiteral("%1 is not supported for %2")
                                      .arg(operationName(operation), type.endpoint()));
}

SandboxResponse methodNotAllowed(const SandboxRequest &request)
{
    return SandboxResponse::error(
        405, QStringLiteral("Method not allowed on /%1").arg(request.path.join(QLatin1Char('/'))));
}

SandboxResponse notFound(const ObjectType &type, const QString &key)
{
    return SandboxResponse::error(
        404, QStringLiteral("No %1 found for '%2'").arg(type.singularName.toLower(), key));
}

} // namespace

SandboxApi::SandboxApi(SandboxStore *store, const ApiOptions &options)
    : m_store(store)
    , m_options(options)
    , m_analytics(store, options.pageCap)
{ }

SandboxResponse SandboxApi::handle(const SandboxRequest &request)
{
    const QStringList &path = request.path;
    if (path.isEmpty())
        return SandboxResponse::error(404, QStringLiteral("No endpoint at /"));
    const QString &head = path.constFirst();

    if (SandboxResponse response; m_analytics.handle(request, &response))
        return response;
    if (head == QLatin1String("leancompanies") && path.size() == 1) {
        if (request.method != HttpMethod::Get)
            return methodNotAllowed(request);
        return SandboxResponse::json(
            200, ObjectLister::leanCompanies(*m_store->companies(), request.query));
    } else if (TypeCollection *collection = m_store->collection(head)) {
        if (path.size() == 1)
            return handleCollection(collection, request);
        if (path.size() == 2)
            return handleObject(collection, path.at(1), request);
    }
    return SandboxResponse::error(
        404, QStringLiteral("No endpoint at /%1").arg(path.join(QLatin1Char('/'))));
}

SandboxResponse SandboxApi::handleCollection(TypeCollection *collection,
                                             const SandboxRequest &request)
{
    const ObjectType &type = collection->type();
    switch (request.method) {
    case HttpMethod::Get:
        return type.supports(Operation::List) ? list(collection, request)
                                              : unsupported(type, Operation::List);
    case HttpMethod::Post:
        return type.supports(Operation::Create) ? create(collection, request)
                                                : unsupported(type, Operation::Create);
    case HttpMethod::Put:
        return type.supports(Operation::BulkUpsert) ? bulkUpsert(collection, request)
                                                    : unsupported(type, Operation::BulkUpsert);
    default:
        return methodNotAllowed(request);
    }
}

SandboxResponse SandboxApi::handleObject(TypeCollection *collection, const QString &key,
                                         const SandboxRequest &request)
{
    const ObjectType &type = collection->type();
    switch (request.method) {
    case HttpMethod::Get: {
        if (!type.supports(Operation::Get))
            return unsupported(type, Operation::Get);
        const StoredObject *object = collection->findByPathKey(key);
        return object ? SandboxResponse::json(200, object->compactJson()) : notFound(type, key);
    }
    case HttpMethod::Put:
        return type.supports(Operation::Update) ? update(collection, key, request)
                                                : unsupported(type, Operation::Update);
    case HttpMethod::Delete:
        return type.supports(Operation::Delete) ? remove(collection, key)
                                                : unsupported(type, Operation::Delete);
    default:
        return methodNotAllowed(request);
    }
}

SandboxResponse SandboxApi::list(TypeCollection *collection, const SandboxRequest &request)
{
    ListParameters parameters;
    QString error;
    if (!ListParameters::parse(*collection, request.query, &parameters, &error))
        return SandboxResponse::error(400, error);
    if (m_options.pageCap > 0)
        parameters.limit = std::min(parameters.limit, m_options.pageCap);
    if (m_options.unordered && parameters.sort.path.isEmpty()) {
        parameters.randomOrderSeed
            = RandomOrder::requestSeed(m_options.orderSeed, m_unorderedLists++);
    }
    return SandboxResponse::json(200, ObjectLister(collection).list(parameters));
}

SandboxResponse SandboxApi::create(TypeCollection *collection, const SandboxRequest &request)
{
    QJsonDocument document;
    SandboxResponse error;
    if (!parseJsonBody(request, &document, &error))
        return error;
    if (!document.isObject()) {
        return SandboxResponse::error(
            400,
            QStringLiteral("Create expects a JSON object; use PUT %1 with an array for "
                           "bulk upsert")
                .arg(collection->type().endpoint()));
    }
    const WriteResult result = ObjectWriter(m_store, collection).create(document.object());
    if (!result.isOk())
        return SandboxResponse::error(400, result.error);
    m_store->markChanged();
    return SandboxResponse::json(200, result.object->compactJson());
}

namespace {

/// Applies a bulk upsert's body through QJsonDocument; an answer when the body is refused.
std::optional<SandboxResponse>
runParsedBulk(const BulkUpsert &upsert, const SandboxRequest &request, BulkUpsert::Result *result)
{
    QJsonDocument document;
    SandboxResponse error;
    if (!parseJsonBody(request, &document, &error))
        return error;
    if (!document.isArray()) {
        return SandboxResponse::error(
            400, QStringLiteral("Bulk upsert expects a JSON array of objects"));
    }
    const QJsonArray items = document.array();
    if (items.size() > BulkUpsert::maxItems) {
        return SandboxResponse::error(400,
                                      QStringLiteral("Bulk upsert accepts at most %1 items, got %2")
                                          .arg(BulkUpsert::maxItems)
                                          .arg(items.size()));
    }
    *result = upsert.run(items);
    return std::nullopt;
}

} // namespace

SandboxResponse SandboxApi::bulkUpsert(TypeCollection *collection, const SandboxRequest &request)
{
    const BulkUpsert::UpdateKeys updateKeys = m_options.leanUpdateKeys
        ? BulkUpsert::UpdateKeys::IdOnly
        : BulkUpsert::UpdateKeys::AllKeys;
    const BulkUpsert upsert(m_store, collection, updateKeys);
    BulkUpsert::Result result;
    // Most bodies are applied as they came; the rest (and every error about the body itself)
    // go through QJsonDocument below.
    if (!upsert.runCompact(request.body, &result)) {
        const std::optional<SandboxResponse> refused = runParsedBulk(upsert, request, &result);
        if (refused)
            return *refused;
    }
    if (result.changed)
        m_store->markChanged();
    return SandboxResponse::json(result.status, result.body);
}

SandboxResponse SandboxApi::update(TypeCollection *collection, const QString &key,
                                   const SandboxRequest &request)
{
    const StoredObject *object = collection->findByPathKey(key);
    if (!object)
        return notFound(collection->type(), key);
    QJsonDocument document;
    SandboxResponse error;
    if (!parseJsonBody(request, &document, &error))
        return error;
    if (!document.isObject())
        return SandboxResponse::error(400, QStringLiteral("Update expects a JSON object"));
    const WriteResult result = ObjectWriter(m_store, collection)
                                   .update(object, document.object(), ObjectWriter::Stamp::Always);
    if (!result.isOk())
        return SandboxResponse::error(400, result.error);
    m_store->markChanged();
    return SandboxResponse::json(200, result.object->compactJson());
}

SandboxResponse SandboxApi::remove(TypeCollection *collection, const QString &key)
{
    const StoredObject *object = collection->findByPathKey(key);
    if (!object)
        return notFound(collection->type(), key);
    ObjectWriter(m_store, collection).remove(object);
    m_store->markChanged();
    return SandboxResponse::json(200,
                                 QJsonObject {{QStringLiteral("n"), 1},
                                              {QStringLiteral("ok"), 1},
                                              {QStringLiteral("deletedCount"), 1}});
}

} // namespace Planhat::Sandbox
