// SPDX-License-Identifier: MIT
#include "typescommand.h"

#include "clicontext.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Planhat {

namespace {

QStringList operationNames(const ObjectType &type)
{
    const std::pair<Operation, const char *> names[]
        = {{Operation::Create, "create"}, {Operation::Get, "get"},
           {Operation::Update, "update"}, {Operation::Delete, "delete"},
           {Operation::List, "list"},     {Operation::BulkUpsert, "bulk-upsert"}};
    QStringList result;
    for (const auto &[operation, name] : names) {
        if (type.supports(operation))
            result.append(QLatin1String(name));
    }
    return result;
}

QJsonObject fieldJson(const FieldSpec &field)
{
    QJsonObject json {{QStringLiteral("name"), field.name},
                      {QStringLiteral("displayName"), field.displayName},
                      {QStringLiteral("type"), fieldTypeName(field.type)},
                      {QStringLiteral("readOnly"), field.isReadOnly()},
                      {QStringLiteral("requiredOnCreate"), field.isRequiredOnCreate()}};
    if (!field.referenceType.isEmpty())
        json.insert(QStringLiteral("references"), field.referenceType);
    if (!field.allowedValues.isEmpty())
        json.insert(QStringLiteral("values"), QJsonArray::fromStringList(field.allowedValues));
    return json;
}

QJsonObject typeJson(const ObjectType &type)
{
    QJsonArray keys;
    for (const MatchKey &key : type.keys)
        keys.append(key.field);
    QJsonArray fields;
    for (const FieldSpec &field : type.fields)
        fields.append(fieldJson(field));
    return {{QStringLiteral("name"), type.name},
            {QStringLiteral("singularName"), type.singularName},
            {QStringLiteral("pluralName"), type.pluralName},
            {QStringLiteral("endpoint"), type.endpoint()},
            {QStringLiteral("operations"), QJsonArray::fromStringList(operationNames(type))},
            {QStringLiteral("keys"), keys},
            {QStringLiteral("companyField"), type.companyField},
            {QStringLiteral("pageLimit"), type.pageLimit},
            {QStringLiteral("fields"), fields}};
}

} // namespace

CommandSpec TypesCommand::spec()
{
    return {QStringLiteral("types"),
            QStringLiteral("types [TYPE]"),
            QStringLiteral("List the object types, or the fields of one type"),
            {formatOption()},
            0,
            1};
}

void TypesCommand::run()
{
    QList<QJsonObject> rows;
    const QStringList arguments = m_context.arguments();
    const OutputFormat format = m_context.outputFormat();
    if (arguments.isEmpty()) {
        for (const ObjectType &type : Schema::builtin().types()) {
            QJsonObject row = typeJson(type);
            if (format != OutputFormat::Json) {
                row.remove(QStringLiteral("fields"));
                row.remove(QStringLiteral("endpoint"));
                row.remove(QStringLiteral("singularName"));
            }
            rows.append(row);
        }
        RecordPrinter printer(
            &m_context.out(), format,
            format == OutputFormat::Json
                ? QStringList()
                : QStringList {QStringLiteral("name"), QStringLiteral("pluralName"),
                               QStringLiteral("operations"), QStringLiteral("keys"),
                               QStringLiteral("companyField"), QStringLiteral("pageLimit")});
        printer.addRows(rows);
        printer.finish();
        finish(ExitCode::Ok);
        return;
    }

    const ObjectType *type = m_context.resolveType(arguments.first());
    if (!type) {
        finish(ExitCode::Usage);
        return;
    }
    if (format == OutputFormat::Json) {
        m_context.out().write(QJsonDocument(typeJson(*type)).toJson(QJsonDocument::Indented));
        finish(ExitCode::Ok);
        return;
    }
    for (const FieldSpec &field : type->fields)
        rows.append(fieldJson(field));
    RecordPrinter printer(&m_context.out(), format,
                          {QStringLiteral("name"), QStringLiteral("displayName"),
                           QStringLiteral("type"), QStringLiteral("references"),
                           QStringLiteral("requiredOnCreate"), QStringLiteral("readOnly"),
                           QStringLiteral("values")});
    printer.addRows(rows);
    printer.finish();
    finish(ExitCode::Ok);
}

} // namespace Planhat
