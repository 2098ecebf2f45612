// SPDX-License-Identifier: MIT
#pragma once

#include <QComboBox>
#include <QPointer>

namespace Planhat {

class ReferenceResolver;

/// Picks a referenced object (a company, a user, an end user) by typing part of its name:
/// an editable combo box whose completer searches the tenant's names of that type (from the
/// shared ReferenceResolver, loaded once)
/// anywhere in the name, ignoring case. A 24-hex id typed or pasted is taken as it is.
class ReferencePicker final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferencePicker)
public:
    /// Picks objects of `typeName` ("companies"; see ReferenceResolver::canResolve()).
    /// `resolver` is not owned; it is asked to load the names if it has none yet.
    ReferencePicker(const QString &typeName, ReferenceResolver *resolver,
                    QWidget *parent = nullptr);
    ~ReferencePicker() override;

    /// The chosen object's id: the id of the item whose name is the text, or the text
    /// itself when it is an id; empty when nothing (or an unknown name) is entered.
    QString referenceId() const;
    /// Whether the text names no object: non-empty, no such name, not an id.
    bool hasUnknownName() const;
    void setReferenceId(const QString &id);

private:
    void reloadNames();

    QString m_typeName;
    QPointer<ReferenceResolver> m_resolver;
    QString m_pendingId; ///< set before the names arrived
};

} // namespace Planhat
