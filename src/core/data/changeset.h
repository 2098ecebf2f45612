// SPDX-License-Identifier: MIT
#pragma once

#include "fieldchange.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Planhat {

/// Edits staged in a table before they are sent: per record (by `_id`) and field, the
/// original value and the new one, plus the server's message for records whose save failed.
/// Staging the original value again drops the edit, so undoing back to where one started
/// leaves nothing to save. Records and fields keep the order of their first edit.
class ChangeSet
{
public:
    /// Stages `value` for `field` of record `id`. `original` counts only for the first edit of
    /// that field; later edits keep the first original. Returns false when nothing changed.
    bool stage(const QString &id, const QString &field, const QJsonValue &original,
               const QJsonValue &value);

    bool isEmpty() const { return m_order.isEmpty(); }
    /// Records with at least one staged edit.
    int recordCount() const { return int(m_order.size()); }
    /// Staged edits over all records.
    int fieldCount() const;
    bool isChanged(const QString &id) const { return m_records.contains(id); }
    bool isChanged(const QString &id, const QString &field) const;
    /// The records with edits, in the order of their first edit.
    const QStringList &changedRecords() const { return m_order; }
    /// The staged edits of record `id`, in the order of their first edit.
    QList<FieldChange> changes(const QString &id) const;
    /// The original value of a changed field; undefined when the field has no edit.
    QJsonValue originalValue(const QString &id, const QString &field) const;

    /// What a save sends for record `id`: `_id` and only the changed fields (custom fields
    /// nested under "custom"; a removed value is sent as null).
    QJsonObject payload(const QString &id) const;

    /// The server's message for a record whose save failed; empty otherwise.
    QString saveError(const QString &id) const { return m_errors.value(id); }
    void setSaveError(const QString &id, const QString &message);
    bool hasSaveErrors() const { return !m_errors.isEmpty(); }

    /// Drops the edits of record `id` (saved, or reverted) and its save error.
    void discard(const QString &id);
    /// The same for many records at once (after a save of thousands of rows).
    void discard(const QSet<QString> &ids);
    void clear();

private:
    struct RecordChanges
    {
        QList<FieldChange> fields;
    };

    QHash<QString, RecordChanges> m_records;
    QStringList m_order;
    QHash<QString, QString> m_errors;
};

} // namespace Planhat
