// SPDX-License-Identifier: MIT
#include "rowconverter.h"

#include "importpolicy.h"
#include "referencelookup.h"
#include "valueconverter.h"

namespace Planhat {

namespace {

/// How a cell of `field` is read: references the plan resolves client side are text (or a
/// list of texts), checked against the tenant rather than for the form of an id.
FieldSpec conversionOf(const FieldSpec &field)
{
    if (!ReferenceLookup::targetOf(field))
        return field;
    FieldSpec text = field;
    if (text.type == FieldType::ObjectId)
        text.type = FieldType::Text;
    text.referenceType.clear();
    return text;
}

} // namespace

RowConverter::RowConverter(const ObjectType &type, const ImportMapping &mapping)
{
    const QList<ColumnMapping> &columns = mapping.columns();
    for (int i = 0; i < columns.size(); ++i) {
        const ColumnMapping &column = columns.at(i);
        if (column.isIgnored())
            continue;
        // Unknown and read-only fields are ImportMapping::problems(); never send them. `_id`
        // is the exception: it is what bulk upsert matches on first. A match-only field
        // (domains) is converted to match on; the client strips it from what it sends.
        const FieldSpec *field = type.field(column.field);
        if (field
            && (!field->isReadOnly() || field->name == QLatin1String("_id")
                || ImportPolicy::isMatchOnlyField(type, field->name)))
            m_columns.append({i, column.header, *field, conversionOf(*field), column.options});
    }
}

QJsonObject RowConverter::convert(const QStringList &cells, qint64 row, qint64 line,
                                  QList<ImportProblem> *problems) const
{
    QJsonObject object;
    QJsonObject custom;
    for (const MappedColumn &column : m_columns) {
        const QString text = cells.value(column.index);
        const ConvertedValue converted
            = ValueConverter::convert(text, column.convertedAs, column.options);
        switch (converted.kind) {
        case ConvertedValue::Kind::Skip:
            break;
        case ConvertedValue::Kind::Invalid:
            problems->append({row, line, column.header, text, converted.message});
            break;
        case ConvertedValue::Kind::Value:
            if (column.field.isCustom())
                custom.insert(column.field.customKey(), converted.value);
            else
                object.insert(column.field.name, converted.value);
            break;
        }
    }
    if (!custom.isEmpty())
        object.insert(QStringLiteral("custom"), custom);
    return object;
}

void RowConverter::convertValues(const QStringList &cells, qint64 row, qint64 line,
                                 QList<ImportProblem> *problems, QList<Value> *values) const
{
    values->resize(m_columns.size());
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        const MappedColumn &column = m_columns.at(i);
        const QString text = cells.value(column.index);
        Value &value = (*values)[i];
        if (column.convertedAs.type == FieldType::Text) {
            // What ValueConverter::convert() makes of a text cell that is not empty: the
            // (trimmed) text itself.
            QString sent = column.options.trim ? text.trimmed() : text;
            if (!sent.isEmpty()) {
                value.json = QJsonValue();
                value.text = std::move(sent);
                value.isText = true;
                continue;
            }
        }
        const ConvertedValue converted
            = ValueConverter::convert(text, column.convertedAs, column.options);
        if (converted.kind == ConvertedValue::Kind::Invalid)
            problems->append({row, line, column.header, text, converted.message});
        value.json = converted.kind == ConvertedValue::Kind::Value
            ? converted.value
            : QJsonValue(QJsonValue::Undefined);
        value.text.clear();
        value.isText = false;
    }
}

QList<FieldSpec> RowConverter::mappedFields() const
{
    QList<FieldSpec> fields;
    for (const MappedColumn &column : m_columns)
        fields.append(column.field);
    return fields;
}

} // namespace Planhat
