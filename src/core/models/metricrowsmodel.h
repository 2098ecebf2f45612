// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QJsonObject>
#include <QList>

namespace Planhat {

/// Metric values (dimension data rows, as GET /dimensiondata answers) as a read-only table:
/// Company, Metric, Date, Value. The display role holds typed values (a QDate, a double) so a
/// sort proxy orders dates and numbers as such; Qt::ToolTipRole has the row's raw date and
/// the company's id.
class MetricRowsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CompanyColumn, MetricColumn, DateColumn, ValueColumn, ColumnCount };

    /// One value as the table shows it.
    struct Row
    {
        QString company; ///< the company's name when the row has it, else its id
        QString companyId;
        QString dimensionId;
        QDate date; ///< invalid when the row's date does not parse
        QString dateText; ///< the date as the API sent it
        QVariant value; ///< a double, or the text the API sent when it is not a number

        static Row fromJson(const QJsonObject &metric);
    };

    explicit MetricRowsModel(QObject *parent = nullptr);
    ~MetricRowsModel() override;

    void appendRows(const QList<QJsonObject> &metrics);
    void clear();
    const Row &row(int index) const { return m_rows.at(index); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace Planhat
