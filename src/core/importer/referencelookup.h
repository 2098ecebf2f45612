// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace Planhat {

struct FieldSpec;

/// The tenant's companies and team members (users) as the reference columns of an import
/// may name them, so each cell can be turned into one `_id` before anything is sent: a
/// company by its `_id`, `extid-X` / `srcid-X` key, name or one of its domains; a user by
/// `_id`, `extid-X`, email, full name ("First Last") or nickname. A text naming no record,
/// or several, is a problem: nothing is guessed. Filled from lean lists (fieldsToList()),
/// then only read.
class ReferenceLookup
{
public:
    enum class Target {
        Companies,
        Users,
    };

    /// The target of a field an import resolves client side: references (single or lists)
    /// to companies or to users, other than a record's own `_id`. None for other fields.
    static std::optional<Target> targetOf(const FieldSpec &field);
    /// The fields to list the target's records with.
    static QStringList fieldsToList(Target target);
    /// "companies", "users".
    static QString typeName(Target target);

    /// One record of `target`, listed with fieldsToList(target). A record listed twice
    /// (same `_id`) counts once.
    void add(Target target, const QJsonObject &record);
    /// Every record of `target` was added: texts naming none of them are problems. Before
    /// that, resolve() answers nothing for the target.
    void setListed(Target target);
    bool isListed(Target target) const;

    struct Result
    {
        QString id; ///< the one record named; empty on a problem
        QString problem; ///< "no company has name \"Acme\"", "2 companies have ..."
    };
    /// The record of `target` that `text` names. Only for a listed target.
    Result resolve(Target target, const QString &text) const;

private:
    /// How a text can name a record of a target; each an index of key -> `_id`s.
    enum Way {
        ById,
        ByExternalId,
        BySourceId,
        ByName, ///< company name; user full name or nickname
        ByDomainOrEmail, ///< company domain; user email
        WayCount,
    };
    struct Index
    {
        bool listed = false;
        QSet<QString> ids;
        std::array<QHash<QString, QStringList>, WayCount> keys;
    };
    static void insert(Index *index, Way way, const QString &key, const QString &id);

    std::array<Index, 2> m_indexes;
};

} // namespace Planhat
