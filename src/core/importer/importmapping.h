// SPDX-License-Identifier: MIT
#pragma once

#include "columnoptions.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Planhat {

class ObjectType;

/// Which field one CSV column fills, and how its text is read.
struct ColumnMapping
{
    QString header; ///< the column's header in the file
    QString field; ///< the field name ("custom.Region"); empty = the column is ignored
    ColumnOptions options;

    bool isIgnored() const { return field.isEmpty(); }
};

/// The columns of a CSV file mapped to the fields of one object type. Built by automatic
/// matching, changed by the user, and saved to / loaded from a JSON mapping file.
class ImportMapping
{
public:
    ImportMapping() = default;
    ImportMapping(const QString &typeName, const QList<ColumnMapping> &columns);

    /// Matches each header to a field of `type` (custom fields included when the type has
    /// them applied): equal after ignoring case, spaces, underscores and punctuation, by API
    /// name first, then by display name; a custom field also by its name alone ("Region" for
    /// custom.Region). Read-only fields are never matched; a field is matched at most once
    /// (the first column wins) and unmatched columns are ignored.
    static ImportMapping autoMatch(const ObjectType &type, const QStringList &headers);

    /// The normal form headers and field names are compared in: "Company ID" -> "companyid".
    static QString normalized(const QString &name);

    const QString &typeName() const { return m_typeName; }
    const QList<ColumnMapping> &columns() const { return m_columns; }
    QList<ColumnMapping> &columns() { return m_columns; }

    /// The column that fills `field`, or -1.
    int columnForField(const QString &field) const;
    /// Maps column `column` to `field` (empty: ignore it); a field mapped by another column
    /// is taken from it, so each field is filled by one column at most.
    void setField(int column, const QString &field);

    /// Checks the mapping against `type`: fields that do not exist or are read-only, and
    /// fields mapped twice. One message per problem.
    QStringList problems(const ObjectType &type) const;

    QByteArray toJson() const;
    /// Parses a mapping file; on failure returns false and sets `error` (with the file's
    /// line and column for JSON syntax errors).
    static bool fromJson(const QByteArray &json, ImportMapping *mapping, QString *error);
    bool save(const QString &path, QString *error) const;
    static bool load(const QString &path, ImportMapping *mapping, QString *error);

    /// Applies the mapping saved for another file to `headers`: columns found by header keep
    /// their field and options, new columns are auto-matched.
    ImportMapping appliedTo(const ObjectType &type, const QStringList &headers) const;

private:
    QString m_typeName;
    QList<ColumnMapping> m_columns;
};

} // namespace Planhat
