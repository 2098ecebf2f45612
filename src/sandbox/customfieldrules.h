// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Planhat::Sandbox {

class SandboxStore;
class StoredObject;

/// What Planhat checks when a custom-field definition is written (`POST` / `PUT
/// /customfields`): a name, a `type` from the documented list, a `parent` naming a model
/// that has custom fields, list values as text, and no second field of the same name
/// (case ignored) on the same parent.
class CustomFieldRules
{
public:
    explicit CustomFieldRules(const SandboxStore *store);

    /// Empty when `definition` (the whole object as it would be stored) may be stored;
    /// else the message for a 400. `self` is the definition being updated, or nullptr.
    QString check(const QJsonObject &definition, const StoredObject *self) const;

private:
    const SandboxStore *m_store;
};

} // namespace Planhat::Sandbox
