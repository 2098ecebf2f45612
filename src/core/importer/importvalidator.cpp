// SPDX-License-Identifier: MIT
#include "importvalidator.h"

#include "importmapping.h"

namespace Planhat {

ImportValidator::ImportValidator(const ObjectType &type, KeyKind key, ImportMode mode)
    : m_type(type)
    , m_key(key)
    , m_mode(mode)
    , m_keyField(type.keyField(key))
{ }

QStringList ImportValidator::mappingProblems(const ImportMapping &mapping) const
{
    QStringList problems;
    if (m_keyField.isEmpty()) {
        problems.append(QStringLiteral("%1 cannot be matched on %2")
                            .arg(m_type.pluralName, keyKindName(m_key)));
        return problems;
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
    const QJsonValue keyValue = row.value(m_keyField);
    const QString key
        = keyValue.isString() ? keyValue.toString().trimmed() : keyValue.toVariant().toString();
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
        const auto first = m_lineByKey.constFind(key);
        if (first != m_lineByKey.constEnd()) {
            problems->append({rowNumber, line, QString(), key,
                              QStringLiteral("%1 \"%2\" appears again (first at line %3)")
                                  .arg(m_keyField, key)
                                  .arg(first.value())});
        } else {
            m_lineByKey.insert(key, line > 0 ? line : rowNumber);
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
