// SPDX-License-Identifier: MIT
#pragma once

#include "data/jsoncell.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace Planhat {

class ImportMapping;
class ObjectType;

/// The rules an import follows to match rows to the tenant's records, in one place for the
/// planner, the runner, `planhat-cli import` and `missing`, and the wizard: which fields
/// rows can be matched on, which one is the default, how a `--key` text names one, and how
/// key values compare. Stateless (KeyNormalizer only keeps what it reads off a field name).
class ImportPolicy
{
public:
    /// The fields rows of `type` (with its custom fields applied) can be matched on, best
    /// first: `_id`, the type's other keyables (`sourceId`, `externalId` / `extId`), then
    /// fields whose values can be unique: `email`, `name`, `domains` (each entry a key),
    /// other writable text fields, and text or number custom fields ("custom.Region").
    static QStringList candidateMatchFields(const ObjectType &type);
    static bool isCandidateMatchField(const ObjectType &type, const QString &field);
    /// A candidate field the server maintains (company `domains`): rows are matched on it
    /// but it is never sent, so it cannot be given to a new record.
    static bool isMatchOnlyField(const ObjectType &type, const QString &field);
    /// Whether the field holds several keys (a list): each entry matches on its own.
    static bool isMultiValued(const ObjectType &type, const QString &field);
    /// "External ID (externalId)": how the wizard names a candidate.
    static QString matchFieldLabel(const ObjectType &type, const QString &field);

    /// The match field when none is chosen: the first of the type's keyables (`_id`, then
    /// `sourceId`, then `externalId`) that a column of `mapping` fills; when none is
    /// mapped, the type's last keyable (`externalId`, `extId` for invoices, `_id` for notes).
    static QString defaultMatchField(const ObjectType &type, const ImportMapping &mapping);

    /// Reads a `--key` text as a candidate field of `type`: its exact name, a name differing
    /// in case only, or a keyable's generic name (`externalId` is `extId` on invoices).
    /// False with `error` naming the valid choices otherwise.
    static bool parseMatchField(const QString &text, const ObjectType &type, QString *field,
                                QString *error);

    /// When no column of `mapping` fills `field`, maps the first ignored column whose header
    /// names it (as ImportMapping::autoMatch compares names), and returns whether one is
    /// now mapped. This lets a match-only field (which automatic matching never takes) be
    /// the key of a file whose header names it.
    static bool mapMatchColumn(const ObjectType &type, const QString &field,
                               ImportMapping *mapping);

    /// The one form key values are compared in, on both sides (file and tenant): text
    /// trimmed, whole numbers without a fraction ("12", not "12.0"), other numbers in
    /// their shortest exact form, `email` and `domains` fields (custom fields named email
    /// too) folded to lower case as addresses compare. A list gives its entries' keys
    /// joined by ", " (to show, or to find the same list twice); use normalizedKeys() to
    /// match entry by entry. Empty when the value holds no key.
    static QString normalizedKey(const QJsonValue &value, const QString &field);
    /// Every key a value holds: one for a single value, one per non-empty entry of a list.
    static QStringList normalizedKeys(const QJsonValue &value, const QString &field);
    /// normalizedKey() and normalizedKeys() for one field, which looks at the field's name
    /// once: for callers that normalize a key per row. A text cell (JsonCell::isText) is
    /// normalized as the JSON string it stands for.
    class KeyNormalizer
    {
    public:
        explicit KeyNormalizer(const QString &field = QString());
        QString key(const JsonCell &value) const; ///< normalizedKey()
        QStringList keys(const JsonCell &value) const; ///< normalizedKeys()

    private:
        QString m_field;
        bool m_ignoreCase = false;
    };
    /// The value of `field` in `record` ("custom.Region" is inside "custom").
    static QJsonValue keyValue(const QJsonObject &record, const QString &field);
    /// The top-level field to ask a list for to get `field` ("custom" for custom fields).
    static QString listedField(const QString &field);
};

} // namespace Planhat
