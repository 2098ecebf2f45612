// SPDX-License-Identifier: MIT
#include "columnselection.h"

#include "../schema/objecttype.h"

#include <QSettings>

namespace Planhat {

namespace {

/// Standard fields worth a column by default when a type has them, after its summary fields.
const char *const informativeFields[]
    = {"owner",       "ownerId", "phase",       "status", "startTime",   "fromDate", "toDate",
       "invoiceDate", "dueDate", "amountTotal", "arr",    "renewalDate", "updatedAt"};
constexpr int defaultCustomColumns = 3;

} // namespace

ColumnSelection::ColumnSelection(QSettings *settings)
    : m_ownSettings(settings ? nullptr : std::make_unique<QSettings>())
    , m_settings(settings ? settings : m_ownSettings.get())
{ }

ColumnSelection::~ColumnSelection() = default;

QStringList ColumnSelection::defaultColumns(const ObjectType &type)
{
    QStringList names = type.summaryFieldNames();
    // People know a record by its name (or title, email...), not by its 24-character id:
    // the summary's identifying fields lead, and `_id` stays visible as the last column.
    const QString idField = QStringLiteral("_id");
    const bool idLast = names.size() > 1 && names.removeAll(idField) > 0;
    for (const char *candidate : informativeFields) {
        const QString name = QLatin1String(candidate);
        if (type.field(name) && !names.contains(name))
            names.append(name);
    }
    int customCount = 0;
    for (const FieldSpec &field : type.fields) {
        if (field.isCustom() && customCount++ < defaultCustomColumns)
            names.append(field.name);
    }
    if (idLast)
        names.append(idField);
    return names;
}

QStringList ColumnSelection::columns(const ObjectType &type) const
{
    if (!hasSavedColumns(type.name))
        return defaultColumns(type);
    QStringList names;
    const QStringList saved = m_settings->value(key(type.name)).toStringList();
    for (const QString &name : saved) {
        if (type.field(name) && !names.contains(name))
            names.append(name);
    }
    return names;
}

bool ColumnSelection::hasSavedColumns(const QString &typeName) const
{
    return m_settings->contains(key(typeName));
}

void ColumnSelection::save(const QString &typeName, const QStringList &fieldNames)
{
    m_settings->setValue(key(typeName), fieldNames);
}

void ColumnSelection::reset(const QString &typeName)
{
    m_settings->remove(key(typeName));
}

QString ColumnSelection::key(const QString &typeName)
{
    return QStringLiteral("tableColumns/") + typeName;
}

} // namespace Planhat
