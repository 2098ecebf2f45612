// SPDX-License-Identifier: MIT
#pragma once

#include "data/jsoncell.h"
#include "importmapping.h"
#include "importproblem.h"
#include "schema/objecttype.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Planhat {

/// Turns the cells of one CSV row into the object to send, following an ImportMapping:
/// each mapped cell is converted by its field's type and its column's options, custom
/// fields go inside "custom", and every cell that cannot be converted is reported.
/// References to companies and users stay text (a name, an email, a domain...): the plan
/// resolves them to `_id`s (ImportPlan::resolveReferences()).
class RowConverter
{
public:
    /// `type` should have the tenant's custom fields applied. The mapping's columns are in
    /// file order: cell i belongs to column i.
    RowConverter(const ObjectType &type, const ImportMapping &mapping);

    /// The object for `cells` (data row `row`, starting at file line `line`). Problems are
    /// appended to `problems`; the returned object holds only the cells that converted.
    QJsonObject convert(const QStringList &cells, qint64 row, qint64 line,
                        QList<ImportProblem> *problems) const;

    /// A converted cell as convertValues() gives it: the text of a cell that is sent as it
    /// is (a text field), without making a QJsonValue of it; any other value as JSON.
    using Value = JsonCell;
    /// The same conversion without building an object (a QJsonObject insert costs more than
    /// converting the cell): `values` gets one entry per mapped column, in mappedFields()
    /// order, Undefined where the cell is skipped or invalid.
    void convertValues(const QStringList &cells, qint64 row, qint64 line,
                       QList<ImportProblem> *problems, QList<Value> *values) const;
    /// The fields of the mapped columns, in the order convertValues() fills.
    QList<FieldSpec> mappedFields() const;

private:
    struct MappedColumn
    {
        int index;
        QString header;
        FieldSpec field;
        FieldSpec convertedAs; ///< `field`, or plain text for a reference the plan resolves
        ColumnOptions options;
    };
    QList<MappedColumn> m_columns;
};

} // namespace Planhat
