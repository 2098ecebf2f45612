// SPDX-License-Identifier: MIT
#pragma once

#include "schema/objecttype.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Planhat {

/// One column of an import template.
struct TemplateColumn
{
    QString header; ///< what ImportMapping::autoMatch() maps back to `field`
    FieldSpec field;
    QString comment; ///< on the header cell: required or not, the field, its type and format
    QStringList allowedValues; ///< the drop-down's values; empty: no drop-down
    bool severalValues = false; ///< a list field: values separated by ";"
};

/// The Excel workbook to fill in for importing one object type: one column per importable
/// field (writable, not a JSON object; custom fields included when `type` has them
/// applied), headers that automatic matching maps back to their fields so the filled-in
/// file imports with no mapping changes, required fields in bold red, every header
/// commented with its field, type and format, and a drop-down of allowed values on every
/// enum and list column. Used by `planhat-cli template` and File > New Import Template.
class ImportTemplate
{
public:
    explicit ImportTemplate(const ObjectType &type);

    const ObjectType &type() const { return m_type; }
    const QList<TemplateColumn> &columns() const { return m_columns; }

    /// Whether an import can fill `field` of `type` from a column.
    static bool isImportable(const ObjectType &type, const FieldSpec &field);
    /// "A number, e.g. 1234.5.": how a cell for `field` is written.
    static QString formatDescription(const FieldSpec &field);

    /// Writes the workbook; false with `error` naming the file otherwise.
    bool write(const QString &path, QString *error) const;

private:
    ObjectType m_type;
    QList<TemplateColumn> m_columns;
};

} // namespace Planhat
