// SPDX-License-Identifier: MIT
#include "importtemplate.h"

#include "importer/importmapping.h"
#include "importer/importpolicy.h"
#include "importer/referencelookup.h"
#include "workbookwriter.h"

namespace Planhat {

namespace {

QString referenceDescription(const FieldSpec &field)
{
    const std::optional<ReferenceLookup::Target> target = ReferenceLookup::targetOf(field);
    if (target == ReferenceLookup::Target::Companies) {
        return QStringLiteral("a company: its name, one of its domains, its Planhat _id, or "
                              "extid-<External ID> / srcid-<Source ID>");
    }
    if (target == ReferenceLookup::Target::Users) {
        return QStringLiteral("a team member: email, full name (First Last), nickname, "
                              "Planhat _id, or extid-<External ID>");
    }
    return QStringLiteral("a Planhat _id (24 hexadecimal digits), or extid-<External ID> / "
                          "srcid-<Source ID>");
}

QString headerComment(const FieldSpec &field)
{
    QStringList lines;
    if (field.isRequiredOnCreate())
        lines.append(QStringLiteral("Required when creating a record."));
    lines.append(QStringLiteral("Field: %1 (%2)")
                     .arg(field.name,
                          field.customFieldType.isEmpty() ? fieldTypeName(field.type)
                                                          : field.customFieldType));
    lines.append(ImportTemplate::formatDescription(field));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

bool ImportTemplate::isImportable(const ObjectType &type, const FieldSpec &field)
{
    // JSON object fields ("custom") are offered field by field instead.
    return !field.isReadOnly() && field.type != FieldType::Object
        && !ImportPolicy::isMatchOnlyField(type, field.name);
}

QString ImportTemplate::formatDescription(const FieldSpec &field)
{
    switch (field.type) {
    case FieldType::Text:
        return QStringLiteral("Text.");
    case FieldType::Number:
        return QStringLiteral("A number, e.g. 1234.5.");
    case FieldType::Boolean:
        return QStringLiteral("TRUE or FALSE (yes/no and 1/0 work too).");
    case FieldType::Date:
        return QStringLiteral("A date, e.g. 2024-03-01, or a date and time in UTC, e.g. "
                              "2024-03-01 14:30: an Excel date, or text in that form.");
    case FieldType::DayNumber:
        return QStringLiteral("A date, e.g. 2024-03-01: an Excel date, or text in that form.");
    case FieldType::ObjectId:
        return QStringLiteral("A reference to %1.").arg(referenceDescription(field));
    case FieldType::Enum:
        return field.allowedValues.isEmpty()
            ? QStringLiteral("Text.")
            : QStringLiteral("One of the values in the drop-down.");
    case FieldType::List:
        if (!field.allowedValues.isEmpty()) {
            return QStringLiteral("Values from the drop-down; several separated by ; (e.g. "
                                  "%1).")
                .arg(field.allowedValues.mid(0, 2).join(QStringLiteral(";")));
        }
        if (!field.referenceType.isEmpty()) {
            return QStringLiteral("References separated by ;, each %1.")
                .arg(referenceDescription(field));
        }
        return QStringLiteral("Values separated by ; (e.g. a;b).");
    case FieldType::Object:
        return QStringLiteral("A JSON object, e.g. {\"key\": \"value\"}.");
    }
    return QString();
}

ImportTemplate::ImportTemplate(const ObjectType &type)
    : m_type(type)
{
    for (const FieldSpec &field : type.fields) {
        if (!isImportable(type, field))
            continue;
        TemplateColumn column;
        column.header = field.displayName.isEmpty() ? field.name : field.displayName;
        column.field = field;
        column.comment = headerComment(field);
        if (field.type == FieldType::Enum || field.type == FieldType::List)
            column.allowedValues = field.allowedValues;
        column.severalValues = field.type == FieldType::List;
        m_columns.append(column);
    }
    // People read display names ("External ID"); where one would not map back to its
    // field (two fields of one name, a custom field named like a standard one), the
    // field's own name does, as every API name is matched first.
    for (int pass = 0; pass < 2; ++pass) {
        QStringList headers;
        for (const TemplateColumn &column : std::as_const(m_columns))
            headers.append(column.header);
        const ImportMapping mapping = ImportMapping::autoMatch(type, headers);
        for (int i = 0; i < m_columns.size(); ++i) {
            if (mapping.columns().at(i).field != m_columns.at(i).field.name)
                m_columns[i].header = m_columns.at(i).field.name;
        }
    }
}

bool ImportTemplate::write(const QString &path, QString *error) const
{
    WorkbookWriter workbook(path);
    QList<WorkbookHeaderCell> header;
    for (const TemplateColumn &column : m_columns)
        header.append({column.header, column.comment, column.field.isRequiredOnCreate()});
    bool ok = workbook.addSheet(m_type.pluralName.isEmpty() ? m_type.name : m_type.pluralName)
        && workbook.writeHeader(header);
    for (int i = 0; ok && i < m_columns.size(); ++i) {
        const TemplateColumn &column = m_columns.at(i);
        if (column.allowedValues.isEmpty())
            continue;
        ok = workbook.addDropDown(
            i, column.allowedValues,
            column.severalValues ? WorkbookWriter::DropDownCheck::OfferOnly
                                 : WorkbookWriter::DropDownCheck::Strict,
            column.severalValues ? QStringLiteral("Choose a value, or type several separated by ;")
                                 : QString());
    }
    if (!ok || !workbook.close()) {
        *error = workbook.errorString();
        return false;
    }
    return true;
}

} // namespace Planhat
