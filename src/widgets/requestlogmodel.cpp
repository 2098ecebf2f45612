// SPDX-License-Identifier: MIT
#include "requestlogmodel.h"

namespace Planhat {

RequestLogModel::RequestLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RequestLogModel::append(const RequestLogEntry &entry)
{
    if (m_entries.size() >= capacity) {
        beginRemoveRows(QModelIndex(), 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    beginInsertRows(QModelIndex(), int(m_entries.size()), int(m_entries.size()));
    m_entries.append(entry);
    endInsertRows();
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const RequestLogEntry &entry = m_entries.at(index.row());
    if (role == Qt::ToolTipRole && !entry.error.isEmpty())
        return entry.error;
    if (role == Qt::TextAlignmentRole && index.column() >= Status)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Method:
        return entry.method;
    case Path:
        return entry.attempt > 1 ? tr("%1 (attempt %2)").arg(entry.path).arg(entry.attempt)
                                 : entry.path;
    case Status:
        return entry.httpStatus > 0 ? QVariant(entry.httpStatus) : QVariant(tr("no answer"));
    case Milliseconds:
        return entry.milliseconds;
    case Rows:
        return entry.rows >= 0 ? QVariant(entry.rows) : QVariant();
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case Milliseconds:
        return tr("ms");
    case Rows:
        return tr("Rows");
    }
    return {};
}

} // namespace Planhat
