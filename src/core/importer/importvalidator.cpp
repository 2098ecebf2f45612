// SPDX-License-Identifier: MIT
#include "importvalidator.h"

#include "importmapping.h"
#include "importpolicy.h"

namespace Planhat {

ImportValidator::ImportValidator(const ObjectType &type, const QString &matchField, ImportMode mode)
    : m_type(type)
    , m_mode(mode)
    , m_keyField(matchField)
{ }

QStringList ImportValidator::mappingProblems(const ImportMapping &mapping) const
{
    QStringList problems;
    if (!ImportPolicy::isCandidateMatchField(m_type, m_keyField)) {
        problems.append(
            QStringLiteral("%1 cannot be matched on %2")
                .arg(m_type.pluralName,
                     m_keyField.isEmpty() ? QStringLiteral("an empty field") : m_keyField));
        return problems;
    }
    for (const ColumnMapping &column : mapping.columns()) {
        if (!column.isIgnored() && column.field != m_keyField
            && ImportPolicy::isMatchOnlyField(m_type, column.field)) {
            problems.append(QStringLiteral("column \"%1\": %2 is read-only: it can only be "
                                           "the match key")
                                .arg(column.header, column.field));
        }
    }
    const bool keyMapped = mapping.columnForField(m_keyField) >= 0;
    if (!keyMapped && m_mode != ImportMode::CreateOnly) {
        problems.append(QStringLiteral("no column is mapped to the key %1: rows cannot be "
                                       "matched to existing %2")
                            .arg(m_keyField, m_type.pluralName.toLower()));
    }
    if (m_mode == ImportMode::CreateOnly) {
        for (const QString &required : m_type.requiredFieldNames()) {
            if (mapping.columnForField(required) < 0) {
                problems.append(QStringLiteral("no column is mapped to %1, which a new %2 needs")
                                    .arg(required, m_type.singularName.toLower()));
            }
        }
    }
    return problems;
}

void ImportValidator::check(const QJsonObject &row, qint64 rowNumber, qint64 line,
                            QList<ImportProblem> *problems)
{
    const QString key
        = ImportPolicy::normalizedKey(ImportPolicy::keyValue(row, m_keyField), m_keyField);
    check(key, m_type.missingRequiredFields(row), rowNumber, line, problems);
}

void ImportValidator::check(const QString &key, const QStringList &missingRequired,
                            qint64 rowNumber, qint64 line, QList<ImportProblem> *problems)
{
    if (key.isEmpty()) {
        if (m_mode == ImportMode::UpdateOnly) {
            problems->append({rowNumber, line, QString(), QString(),
                              QStringLiteral("the key %1 is empty: the row cannot be matched "
                                             "to an existing %2")
                                  .arg(m_keyField, m_type.singularName.toLower())});
        }
    } else {
        // One lookup: the hash grows unless the key was seen before.
        const qsizetype keysBefore = m_lineByKey.size();
        qint64 &first = m_lineByKey[key];
        if (m_lineByKey.size() == keysBefore) {
            problems->append({rowNumber, line, QString(), key,
                              QStringLiteral("%1 \"%2\" appears again (first at line %3)")
                                  .arg(m_keyField, key)
                                  .arg(first)});
        } else {
            first = line > 0 ? line : rowNumber;
        }
    }

    const bool willBeCreated
        = m_mode == ImportMode::CreateOnly || (m_mode == ImportMode::Upsert && key.isEmpty());
    if (willBeCreated)
        problems->append(requiredFieldProblems(missingRequired, rowNumber, line));
}

QList<ImportProblem> ImportValidator::requiredFieldProblems(const QJsonObject &row,
                                                            qint64 rowNumber, qint64 line) const
{
    return requiredFieldProblems(m_type.missingRequiredFields(row), rowNumber, line);
}

QList<ImportProblem> ImportValidator::requiredFieldProblems(const QStringList &missingFields,
                                                            qint64 rowNumber, qint64 line) const
{
    QList<ImportProblem> problems;
    for (const QString &missing : missingFields) {
        const FieldSpec *field = m_type.field(missing);
        problems.append({rowNumber, line, QString(), QString(),
                         QStringLiteral("a new %1 needs %2 (%3)")
                             .arg(m_type.singularName.toLower(), missing,
                                  field ? field->displayName : missing)});
    }
    return problems;
}

} // namespace Planhat
