// SPDX-License-Identifier: MIT
#pragma once

#include "api/requestlogentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace Planhat {

/// The last requests the client made, newest last, for the request-log dock: method, path,
/// status, milliseconds, rows. Entries never hold headers, so never the token.
class RequestLogModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Method, Path, Status, Milliseconds, Rows, ColumnCount };

    explicit RequestLogModel(QObject *parent = nullptr);

    void append(const RequestLogEntry &entry);
    /// Older entries are dropped beyond this many.
    static constexpr int capacity = 2000;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<RequestLogEntry> m_entries;
};

} // namespace Planhat
