// SPDX-License-Identifier: MIT
#include "importsettings.h"

#include "importpolicy.h"

#include <QJsonDocument>

namespace Planhat {

namespace {

QString encodingKey(CsvEncoding encoding)
{
    switch (encoding) {
    case CsvEncoding::Detect:
        return QStringLiteral("detect");
    case CsvEncoding::Utf8:
        return QStringLiteral("utf-8");
    case CsvEncoding::Utf16LE:
        return QStringLiteral("utf-16le");
    case CsvEncoding::Utf16BE:
        return QStringLiteral("utf-16be");
    case CsvEncoding::Windows1252:
        return QStringLiteral("windows-1252");
    }
    return QStringLiteral("detect");
}

} // namespace

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
        {QStringLiteral("encoding"), encodingKey(csvOptions.encoding)},
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
        for (KeyKind kind : {KeyKind::Id, KeyKind::SourceId, KeyKind::ExternalId}) {
            if (keyKindName(kind) == keyName)
                result.matchField = type.keyField(kind);
        }
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
    const QString encoding = json.value(QStringLiteral("encoding")).toString();
    for (CsvEncoding candidate : {CsvEncoding::Detect, CsvEncoding::Utf8, CsvEncoding::Utf16LE,
                                  CsvEncoding::Utf16BE, CsvEncoding::Windows1252}) {
        if (encodingKey(candidate) == encoding)
            result.csvOptions.encoding = candidate;
    }
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
