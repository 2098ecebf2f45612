// SPDX-License-Identifier: MIT
#pragma once

#include "importer/importmapping.h"
#include "schema/objecttype.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace Planhat {

/// An ImportMapping as a table, one row per CSV column: its header, a sample value from the
/// file, the field it fills (or that it is ignored) and its reading options when they differ
/// from the defaults. Read-only through the view; changed with setField() and setOptions(),
/// which keep the mapping's rule that a field is filled by one column at most.
class ImportMappingModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportMappingModel)
public:
    enum Column {
        CsvColumn,
        Sample,
        Field,
        Options,
        ColumnCount,
    };
    enum Roles {
        FieldNameRole = Qt::UserRole + 1, ///< the mapped field's API name; empty = ignored
    };

    explicit ImportMappingModel(QObject *parent = nullptr);

    /// `samples` holds a value from the file per column (may be shorter).
    void setMapping(const ObjectType &type, const ImportMapping &mapping,
                    const QStringList &samples);
    const ImportMapping &mapping() const { return m_mapping; }
    const ObjectType &type() const { return m_type; }

    void setField(int column, const QString &field);
    void setOptions(int column, const ColumnOptions &options);

    /// "Display name (apiName)", or the name alone when both are the same.
    static QString fieldLabel(const FieldSpec &field);
    /// The options that differ from the defaults, for a field of `type`: "dd/MM/yyyy,
    /// decimal comma, empty clears".
    static QString optionsSummary(const ColumnOptions &options, FieldType type);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A field or an option of any column changed.
    void mappingChanged();

private:
    ObjectType m_type;
    ImportMapping m_mapping;
    QStringList m_samples;
};

} // namespace Planhat
