// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace Planhat {

class PlanhatClient;

/// Names of the objects that references point to: companies by name, team members (users)
/// and end users by first and last name. Each type's names are listed once per resolver,
/// on first require(), with only the fields that make up a name; share one resolver per
/// client between models.
class ReferenceResolver : public QObject
{
    Q_OBJECT
public:
    /// `client` is not owned and must outlive loads it starts.
    explicit ReferenceResolver(PlanhatClient *client, QObject *parent = nullptr);
    ~ReferenceResolver() override;

    /// Whether names of `typeName` can be resolved ("companies", "users", "endusers").
    static bool canResolve(const QString &typeName);

    /// Starts loading the names of `typeName` unless they are loaded, loading, or the type
    /// cannot be resolved. namesChanged() follows when they arrive.
    void require(const QString &typeName);
    bool isLoaded(const QString &typeName) const;
    bool isLoading() const { return !m_loading.isEmpty(); }

    /// The name of object `id` of `typeName`, or an empty string when unknown.
    QString name(const QString &typeName, const QString &id) const;
    /// All names of `typeName` (id -> name): a cheap, implicitly shared copy that code on
    /// other threads may read.
    QHash<QString, QString> names(const QString &typeName) const { return m_names.value(typeName); }
    /// Records or replaces one name (a renamed or newly created object).
    void insert(const QString &typeName, const QString &id, const QString &name);

Q_SIGNALS:
    /// Names of `typeName` were loaded or changed.
    void namesChanged(const QString &typeName);
    /// Loading the names of `typeName` failed; names that arrived before stay usable.
    void loadFailed(const QString &typeName, const Planhat::ApiError &error);

private:
    QPointer<PlanhatClient> m_client;
    QHash<QString, QHash<QString, QString>> m_names; ///< type name -> id -> name
    QSet<QString> m_loading;
    QSet<QString> m_loaded;
};

} // namespace Planhat
