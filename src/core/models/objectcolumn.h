// SPDX-License-Identifier: MIT
#pragma once

#include "../schema/objecttype.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

namespace Planhat {

/// One column of an ObjectTableModel: a field of the object type and where its value lives
/// inside a record ("custom.Region" is record["custom"]["Region"]).
class ObjectColumn
{
public:
    explicit ObjectColumn(const FieldSpec &field);

    const FieldSpec &field() const { return m_field; }
    QString name() const { return m_field.name; }
    FieldType type() const { return m_field.type; }

    /// The field's value in `record`; undefined when the record does not have it.
    QJsonValue valueIn(const QJsonObject &record) const;

    /// Whether values are ids shown by the name of the object they point to (an ObjectId or
    /// a list of ids with a reference type). The record's own `_id` is shown as it is.
    bool isReference() const;
    /// Numbers are right-aligned and sorted numerically.
    bool isNumeric() const { return m_field.type == FieldType::Number; }

    /// A column for every field of `type`, in the type's order (custom fields last).
    static QList<ObjectColumn> columnsFor(const ObjectType &type);

private:
    FieldSpec m_field;
    QStringList m_path; ///< keys from the record down to the value
};

} // namespace Planhat
