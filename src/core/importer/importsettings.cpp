// SPDX-License-Identifier: MIT
#include "importsettings.h"

#include "importpolicy.h"

#include <QJsonDocument>

namespace Planhat {

QString ImportSettings::keyField() const
{
    return matchField.isEmpty() ? ImportPolicy::defaultMatchField(type, mapping) : matchField;
}

TableOptions ImportSettings::tableOptions() const
{
    TableOptions options;
    options.csv = csvOptions;
    options.csv.fileName = filePath;
    options.sheet = sheet;
    options.headerRow = headerRow;
    return options;
}

QJsonObject ImportSettings::toJson() const
{
    QJsonObject json {
        {QStringLiteral("file"), filePath},
        {QStringLiteral("type"), type.name},
        {QStringLiteral("matchField"), keyField()},
        {QStringLiteral("mode"), importModeName(mode)},
        {QStringLiteral("skipInvalid"), skipInvalidRows},
        {QStringLiteral("chunkSize"), chunkSize},
        {QStringLiteral("encoding"), csvEncodingKey(csvOptions.encoding)},
        {QStringLiteral("delimiter"),
         csvOptions.delimiter.isNull() ? QString() : QString(csvOptions.delimiter)},
        {QStringLiteral("mapping"), QJsonDocument::fromJson(mapping.toJson()).object()},
    };
    // Only for workbooks, so journals of CSV imports read as before.
    if (!sheet.isEmpty()) {
        json.insert(QStringLiteral("sheet"), sheet);
        json.insert(QStringLiteral("headerRow"), headerRow);
    }
    return json;
}

bool ImportSettings::fromJson(const QJsonObject &json, const ObjectType &type,
                              ImportSettings *settings, QString *error)
{
    ImportSettings result;
    result.filePath = json.value(QStringLiteral("file")).toString();
    result.type = type;
    if (json.contains(QStringLiteral("matchField"))) {
        result.matchField = json.value(QStringLiteral("matchField")).toString();
    } else {
        // Journals written before any field could be the key name a key kind.
        const QString keyName = json.value(QStringLiteral("key")).toString();
        KeyKind kind = KeyKind::Id;
        if (keyKindFromName(keyName, &kind))
            result.matchField = type.keyField(kind);
        if (result.matchField.isEmpty()) {
            *error = QStringLiteral("unknown key \"%1\"").arg(keyName);
            return false;
        }
    }
    if (!ImportPolicy::isCandidateMatchField(type, result.matchField)) {
        *error = QStringLiteral("%1 cannot be matched on \"%2\"")
                     .arg(type.pluralName.toLower(), result.matchField);
        return false;
    }
    if (!importModeFromName(json.value(QStringLiteral("mode")).toString(), &result.mode)) {
        *error = QStringLiteral("unknown mode \"%1\"")
                     .arg(json.value(QStringLiteral("mode")).toString());
        return false;
    }
    result.skipInvalidRows = json.value(QStringLiteral("skipInvalid")).toBool();
    result.chunkSize = json.value(QStringLiteral("chunkSize")).toInt(5000);
    // An encoding this version does not know falls back to detection.
    csvEncodingFromKey(json.value(QStringLiteral("encoding")).toString(),
                       &result.csvOptions.encoding);
    const QString delimiter = json.value(QStringLiteral("delimiter")).toString();
    if (!delimiter.isEmpty())
        result.csvOptions.delimiter = delimiter.at(0);
    result.csvOptions.fileName = result.filePath;
    // Journals written before workbooks were read have neither: a CSV file.
    result.sheet = json.value(QStringLiteral("sheet")).toString();
    result.headerRow = json.value(QStringLiteral("headerRow")).toInt(1);
    QString mappingError;
    if (!ImportMapping::fromJson(
            QJsonDocument(json.value(QStringLiteral("mapping")).toObject()).toJson(),
            &result.mapping, &mappingError)) {
        *error = QStringLiteral("mapping: %1").arg(mappingError);
        return false;
    }
    *settings = result;
    return true;
}

} // namespace Planhat
