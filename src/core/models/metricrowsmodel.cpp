// SPDX-License-Identifier: MIT
#include "metricrowsmodel.h"

#include "analytics/analyticsrowconverter.h"

namespace Planhat {

MetricRowsModel::Row MetricRowsModel::Row::fromJson(const QJsonObject &metric)
{
    Row row;
    row.companyId = metric.value(QStringLiteral("companyId")).toString();
    row.company = metric.value(QStringLiteral("companyName")).toString();
    if (row.company.isEmpty())
        row.company = row.companyId;
    row.dimensionId = metric.value(QStringLiteral("dimensionId")).toString();
    const QJsonValue date = metric.value(QStringLiteral("date"));
    row.dateText = date.toString();
    if (const auto parsed = AnalyticsRowConverter::parseDate(row.dateText)) {
        row.date = parsed->date();
    } else if (date.isDouble()) {
        // Dimension data counts days since 1970-01-01 where it does not write a date.
        row.date = QDate(1970, 1, 1).addDays(date.toInteger());
        row.dateText = row.date.toString(Qt::ISODate);
    }
    const QJsonValue value = metric.value(QStringLiteral("value"));
    if (value.isDouble()) {
        row.value = value.toDouble();
    } else {
        bool ok = false;
        const double number = value.toString().toDouble(&ok);
        row.value = ok ? QVariant(number) : QVariant(value.toString());
    }
    return row;
}

MetricRowsModel::MetricRowsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

MetricRowsModel::~MetricRowsModel() = default;

void MetricRowsModel::appendRows(const QList<QJsonObject> &metrics)
{
    if (metrics.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(metrics.size()) - 1);
    m_rows.reserve(m_rows.size() + metrics.size());
    for (const QJsonObject &metric : metrics)
        m_rows.append(Row::fromJson(metric));
    endInsertRows();
}

void MetricRowsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int MetricRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MetricRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case CompanyColumn:
            return row.company;
        case MetricColumn:
            return row.dimensionId;
        case DateColumn:
            return row.date.isValid() ? QVariant(row.date) : QVariant(row.dateText);
        case ValueColumn:
            return row.value;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == CompanyColumn)
            return row.companyId;
        if (index.column() == DateColumn)
            return row.dateText;
    }
    if (role == Qt::TextAlignmentRole && index.column() == ValueColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant MetricRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CompanyColumn:
        return tr("Company");
    case MetricColumn:
        return tr("Metric");
    case DateColumn:
        return tr("Date");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

} // namespace Planhat
