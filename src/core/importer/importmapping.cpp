// SPDX-License-Identifier: MIT
#include "importmapping.h"

#include "importpolicy.h"
#include "schema/objecttype.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

namespace Planhat {

namespace {

constexpr int mappingFileVersion = 1;

/// Candidate fields by normal form, in the order matching prefers them.
QHash<QString, QString> matchTable(const ObjectType &type)
{
    QHash<QString, QString> table;
    const auto offer = [&table](const QString &name, const QString &field) {
        const QString key = ImportMapping::normalized(name);
        if (!key.isEmpty() && !table.contains(key))
            table.insert(key, field);
    };
    for (const FieldSpec &field : type.fields) {
        if (!field.isReadOnly())
            offer(field.name, field.name);
    }
    for (const FieldSpec &field : type.fields) {
        if (!field.isReadOnly())
            offer(field.displayName, field.name);
    }
    for (const FieldSpec &field : type.fields) {
        if (!field.isReadOnly() && field.isCustom())
            offer(field.customKey(), field.name);
    }
    return table;
}

} // namespace

ImportMapping::ImportMapping(const QString &typeName, const QList<ColumnMapping> &columns)
    : m_typeName(typeName)
    , m_columns(columns)
{ }

QString ImportMapping::normalized(const QString &name)
{
    QString result;
    result.reserve(name.size());
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            result.append(c);
    }
    // Qt folds case one letter to one letter; "ß" folds to "ss" in full folding, and an
    // upper-case header ("GRÖSSE") must match a field named "Größe".
    return result.toCaseFolded().replace(QChar(0x00DF), QLatin1String("ss"));
}

ImportMapping ImportMapping::autoMatch(const ObjectType &type, const QStringList &headers)
{
    const QHash<QString, QString> table = matchTable(type);
    QSet<QString> taken;
    QList<ColumnMapping> columns;
    for (const QString &header : headers) {
        ColumnMapping column;
        column.header = header;
        // `_id` is read-only but is the first match key: taken only when named exactly, so a
        // foreign system's "ID" column is not mistaken for Planhat ids.
        const QString field
            = header.trimmed().compare(QLatin1String("_id"), Qt::CaseInsensitive) == 0
            ? QStringLiteral("_id")
            : table.value(normalized(header));
        if (!field.isEmpty() && !taken.contains(field)) {
            column.field = field;
            taken.insert(field);
        }
        columns.append(column);
    }
    return ImportMapping(type.name, columns);
}

int ImportMapping::columnForField(const QString &field) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (!field.isEmpty() && m_columns.at(i).field == field)
            return i;
    }
    return -1;
}

void ImportMapping::setField(int column, const QString &field)
{
    const int previous = columnForField(field);
    if (previous >= 0 && previous != column)
        m_columns[previous].field.clear();
    m_columns[column].field = field;
}

QStringList ImportMapping::problems(const ObjectType &type) const
{
    QStringList messages;
    QHash<QString, QString> headerByField;
    for (const ColumnMapping &column : m_columns) {
        if (column.isIgnored())
            continue;
        const FieldSpec *field = type.field(column.field);
        if (!field) {
            messages.append(QStringLiteral("column \"%1\": %2 have no field %3")
                                .arg(column.header, type.pluralName, column.field));
        } else if (field->isReadOnly() && field->name != QLatin1String("_id")
                   && !ImportPolicy::isMatchOnlyField(type, field->name)) {
            // A match-only field (domains) is checked against the match key by the validator.
            messages.append(QStringLiteral("column \"%1\": %2 is read-only and cannot be "
                                           "imported")
                                .arg(column.header, column.field));
        }
        if (headerByField.contains(column.field)) {
            messages.append(
                QStringLiteral("columns \"%1\" and \"%2\" both fill %3")
                    .arg(headerByField.value(column.field), column.header, column.field));
        }
        headerByField.insert(column.field, column.header);
    }
    return messages;
}

QByteArray ImportMapping::toJson() const
{
    QJsonArray columns;
    for (const ColumnMapping &column : m_columns) {
        QJsonObject json {
            {QStringLiteral("header"), column.header},
            {QStringLiteral("field"),
             column.isIgnored() ? QJsonValue(QJsonValue::Null) : QJsonValue(column.field)}};
        json.insert(QStringLiteral("options"), column.options.toJson());
        columns.append(json);
    }
    const QJsonObject root {{QStringLiteral("version"), mappingFileVersion},
                            {QStringLiteral("type"), m_typeName},
                            {QStringLiteral("columns"), columns}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool ImportMapping::fromJson(const QByteArray &json, ImportMapping *mapping, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = json.left(parseError.offset);
        *error = QStringLiteral("line %1, column %2: %3")
                     .arg(before.count('\n') + 1)
                     .arg(parseError.offset - (before.lastIndexOf('\n') + 1) + 1)
                     .arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || !root.value(QStringLiteral("columns")).isArray()) {
        *error = QStringLiteral("not a mapping file: expected an object with \"columns\"");
        return false;
    }
    const int version = root.value(QStringLiteral("version")).toInt(mappingFileVersion);
    if (version > mappingFileVersion) {
        *error = QStringLiteral("mapping file version %1 is newer than this program (%2)")
                     .arg(version)
                     .arg(mappingFileVersion);
        return false;
    }
    QList<ColumnMapping> columns;
    const QJsonArray array = root.value(QStringLiteral("columns")).toArray();
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject json = array.at(i).toObject();
        ColumnMapping column;
        column.header = json.value(QStringLiteral("header")).toString();
        column.field = json.value(QStringLiteral("field")).toString();
        QString optionsError;
        if (!ColumnOptions::fromJson(json.value(QStringLiteral("options")).toObject(),
                                     &column.options, &optionsError)) {
            *error = QStringLiteral("column %1 (\"%2\"): %3")
                         .arg(i + 1)
                         .arg(column.header, optionsError);
            return false;
        }
        columns.append(column);
    }
    *mapping = ImportMapping(root.value(QStringLiteral("type")).toString(), columns);
    return true;
}

bool ImportMapping::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ImportMapping::load(const QString &path, ImportMapping *mapping, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QString parseError;
    if (!fromJson(file.readAll(), mapping, &parseError)) {
        *error = path + QStringLiteral(": ") + parseError;
        return false;
    }
    return true;
}

ImportMapping ImportMapping::appliedTo(const ObjectType &type, const QStringList &headers) const
{
    ImportMapping result = autoMatch(type, headers);
    for (int i = 0; i < result.m_columns.size(); ++i) {
        for (const ColumnMapping &saved : m_columns) {
            if (saved.header != result.m_columns.at(i).header)
                continue;
            // The saved choice wins over automatic matching, "ignore" included.
            result.m_columns[i].field.clear();
            result.m_columns[i].options = saved.options;
            if (!saved.field.isEmpty())
                result.setField(i, saved.field);
            break;
        }
    }
    return result;
}

} // namespace Planhat
