// SPDX-License-Identifier: MIT
#pragma once

#include "importmode.h"
#include "importproblem.h"
#include "schema/objecttype.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace Planhat {

class ImportMapping;

/// The checks of an import that need no answer from the tenant: the match key is mapped and
/// filled where the mode needs it, no key appears twice in the file, rows that will be
/// created carry the required fields, and company references are well-formed. Rows are
/// checked one at a time as the file is read; memory grows with the number of keys only.
class ImportValidator
{
public:
    ImportValidator(const ObjectType &type, KeyKind key, ImportMode mode);

    /// Problems of the mapping as a whole (reported once, before any row): the key's field
    /// is not mapped though the mode needs it, required fields are not mapped in create mode.
    QStringList mappingProblems(const ImportMapping &mapping) const;

    /// Checks one converted row. `willBeCreated` says whether the row is known to create an
    /// object (create mode, or no key); in upsert mode the plan checks again the rows it
    /// finds missing from the tenant, with requiredFieldProblems().
    void check(const QJsonObject &row, qint64 rowNumber, qint64 line,
               QList<ImportProblem> *problems);

    /// check() for a row already reduced to its key (trimmed text, empty when none) and the
    /// required fields it lacks: the planner's path, which builds no object per row.
    void check(const QString &key, const QStringList &missingRequired, qint64 rowNumber,
               qint64 line, QList<ImportProblem> *problems);

    /// The required-field problems of a row that will be created.
    QList<ImportProblem> requiredFieldProblems(const QJsonObject &row, qint64 rowNumber,
                                               qint64 line) const;
    /// The same for the names of the required fields the row lacks.
    QList<ImportProblem> requiredFieldProblems(const QStringList &missing, qint64 rowNumber,
                                               qint64 line) const;

    /// The key field's name ("externalId", or "extId" for invoices).
    QString keyField() const { return m_keyField; }

private:
    const ObjectType &m_type;
    KeyKind m_key;
    ImportMode m_mode;
    QString m_keyField;
    QHash<QString, qint64> m_lineByKey; ///< keys seen so far -> the line that had them first
};

} // namespace Planhat
