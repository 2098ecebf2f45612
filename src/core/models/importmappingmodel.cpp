// SPDX-License-Identifier: MIT
#include "importmappingmodel.h"

namespace Planhat {

ImportMappingModel::ImportMappingModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ImportMappingModel::setMapping(const ObjectType &type, const ImportMapping &mapping,
                                    const QStringList &samples)
{
    beginResetModel();
    m_type = type;
    m_mapping = mapping;
    m_samples = samples;
    endResetModel();
    Q_EMIT mappingChanged();
}

void ImportMappingModel::setField(int column, const QString &field)
{
    if (column < 0 || column >= m_mapping.columns().size()
        || m_mapping.columns().at(column).field == field)
        return;
    m_mapping.setField(column, field);
    // Another column may have lost the field: refresh the whole field column.
    Q_EMIT dataChanged(index(0, Field), index(rowCount() - 1, Options));
    Q_EMIT mappingChanged();
}

void ImportMappingModel::setOptions(int column, const ColumnOptions &options)
{
    if (column < 0 || column >= m_mapping.columns().size()
        || m_mapping.columns().at(column).options == options)
        return;
    m_mapping.columns()[column].options = options;
    Q_EMIT dataChanged(index(column, Options), index(column, Options));
    Q_EMIT mappingChanged();
}

QString ImportMappingModel::fieldLabel(const FieldSpec &field)
{
    if (field.displayName.isEmpty() || field.displayName == field.name)
        return field.name;
    return QStringLiteral("%1 (%2)").arg(field.displayName, field.name);
}

QString ImportMappingModel::optionsSummary(const ColumnOptions &options, FieldType type)
{
    const ColumnOptions defaults;
    QStringList parts;
    if (type == FieldType::Date || type == FieldType::DayNumber) {
        switch (options.dateFormat) {
        case ColumnOptions::DateFormat::Iso8601:
            parts.append(tr("ISO 8601"));
            break;
        case ColumnOptions::DateFormat::DayMonthYear:
            parts.append(QStringLiteral("dd/MM/yyyy"));
            break;
        case ColumnOptions::DateFormat::MonthDayYear:
            parts.append(QStringLiteral("MM/dd/yyyy"));
            break;
        case ColumnOptions::DateFormat::YearMonthDay:
            parts.append(QStringLiteral("yyyy-MM-dd"));
            break;
        case ColumnOptions::DateFormat::ExcelSerial:
            parts.append(tr("Excel serial"));
            break;
        }
    }
    if (options.decimalComma && type == FieldType::Number)
        parts.append(tr("decimal comma"));
    if (type == FieldType::List && options.listSeparator != defaults.listSeparator)
        parts.append(tr("separator \"%1\"").arg(options.listSeparator));
    if (!options.trim)
        parts.append(tr("no trimming"));
    if (options.emptyCell == ColumnOptions::EmptyCell::Clear)
        parts.append(tr("empty clears"));
    return parts.join(QStringLiteral(", "));
}

int ImportMappingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_mapping.columns().size());
}

int ImportMappingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportMappingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ColumnMapping &column = m_mapping.columns().at(index.row());
    if (role == FieldNameRole)
        return column.field;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const FieldSpec *field = column.isIgnored() ? nullptr : m_type.field(column.field);
    switch (index.column()) {
    case CsvColumn:
        return column.header;
    case Sample:
        return m_samples.value(index.row());
    case Field:
        if (column.isIgnored())
            return tr("(ignored)");
        return field ? fieldLabel(*field) : tr("%1 (unknown field)").arg(column.field);
    case Options:
        return field ? optionsSummary(column.options, field->type) : QString();
    default:
        return {};
    }
}

QVariant ImportMappingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CsvColumn:
        return tr("CSV column");
    case Sample:
        return tr("Sample");
    case Field:
        return tr("Field");
    case Options:
        return tr("Options");
    default:
        return {};
    }
}

} // namespace Planhat
