// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

namespace Planhat {

class ObjectType;

/// The columns a person chose to see for each object type, remembered in QSettings under
/// "tableColumns/<type name>". Field names that no longer exist (a deleted custom field) are
/// dropped when read back.
class ColumnSelection
{
public:
    /// Reads and writes `settings` (not owned); with nullptr, the application's QSettings.
    explicit ColumnSelection(QSettings *settings = nullptr);
    ~ColumnSelection();
    ColumnSelection(const ColumnSelection &) = delete;
    ColumnSelection &operator=(const ColumnSelection &) = delete;

    /// The columns shown before anyone chose: the type's summary fields (its name, title or
    /// the like first), a few informative standard fields, its first custom fields, and `_id`
    /// last.
    static QStringList defaultColumns(const ObjectType &type);

    /// The saved columns of `type` that still exist, or defaultColumns() when none are saved.
    QStringList columns(const ObjectType &type) const;
    bool hasSavedColumns(const QString &typeName) const;
    void save(const QString &typeName, const QStringList &fieldNames);
    /// Forgets the choice: columns() returns the defaults again.
    void reset(const QString &typeName);

private:
    static QString key(const QString &typeName);

    std::unique_ptr<QSettings> m_ownSettings;
    QSettings *m_settings;
};

} // namespace Planhat
