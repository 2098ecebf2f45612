// SPDX-License-Identifier: MIT
#pragma once

#include "importer/importproblem.h"

#include <QAbstractTableModel>
#include <QList>

namespace Planhat {

/// Problems found in an import file as a read-only table: row, line, column, value, message.
class ImportProblemModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportProblemModel)
public:
    enum Column {
        Row,
        Line,
        ColumnName,
        Value,
        Message,
        ColumnCount,
    };

    explicit ImportProblemModel(QObject *parent = nullptr);

    void setProblems(const QList<ImportProblem> &problems);
    const QList<ImportProblem> &problems() const { return m_problems; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ImportProblem> m_problems;
};

} // namespace Planhat
