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

/// The checks of an import that need no answer from the tenant: the match field can be a
/// key and is mapped and filled where the mode needs it, no key appears twice in the file,
/// and rows that will be created carry the required fields. Rows are checked one at a time
/// as the file is read; memory grows with the number of keys only.
class ImportValidator
{
public:
    /// `matchField` as ImportSettings::keyField() gives it ("externalId", "email"...).
    ImportValidator(const ObjectType &type, const QString &matchField, ImportMode mode);

    /// Problems of the mapping as a whole (reported once, before any row): the match field
    /// cannot be a key of the type, or is not mapped though the mode needs it, a match-only
    /// field (domains) is mapped without being the key, required fields are not mapped in
    /// create mode.
    QStringList mappingProblems(const ImportMapping &mapping) const;

    /// Checks one converted row. `willBeCreated` says whether the row is known to create an
    /// object (create mode, or no key); in upsert mode the plan checks again the rows it
    /// finds missing from the tenant, with requiredFieldProblems().
    void check(const QJsonObject &row, qint64 rowNumber, qint64 line,
               QList<ImportProblem> *problems);

    /// check() for a row already reduced to its key (ImportPolicy::normalizedKey(), empty
    /// when none) and the required fields it lacks: the planner's path, which builds no
    /// object per row.
    void check(const QString &key, const QStringList &missingRequired, qint64 rowNumber,
               qint64 line, QList<ImportProblem> *problems);

    /// The required-field problems of a row that will be created.
    QList<ImportProblem> requiredFieldProblems(const QJsonObject &row, qint64 rowNumber,
                                               qint64 line) const;
    /// The same for the names of the required fields the row lacks.
    QList<ImportProblem> requiredFieldProblems(const QStringList &missing, qint64 rowNumber,
                                               qint64 line) const;

    /// The match field's name ("externalId", "extId" for invoices, "email"...).
    QString keyField() const { return m_keyField; }

private:
    const ObjectType &m_type;
    ImportMode m_mode;
    QString m_keyField;
    QHash<QString, qint64> m_lineByKey; ///< keys seen so far -> the line that had them first
};

} // namespace Planhat
