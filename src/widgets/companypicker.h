// SPDX-License-Identifier: MIT
#pragma once

#include <QComboBox>
#include <QPointer>

namespace Planhat {

class ReferenceResolver;

/// Picks a company by typing part of its name: an editable combo box whose completer
/// searches the tenant's company names (from the shared ReferenceResolver, loaded once)
/// anywhere in the name, ignoring case. A 24-hex id typed or pasted is taken as it is.
class CompanyPicker final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompanyPicker)
public:
    /// `resolver` is not owned; it is asked to load company names if it has none yet.
    explicit CompanyPicker(ReferenceResolver *resolver, QWidget *parent = nullptr);
    ~CompanyPicker() override;

    /// The chosen company's id: the id of the item whose name is the text, or the text
    /// itself when it is an id; empty when nothing (or an unknown name) is entered.
    QString companyId() const;
    /// Whether the text names no company: non-empty, no such name, not an id.
    bool hasUnknownName() const;
    void setCompanyId(const QString &id);

private:
    void reloadNames();

    QPointer<ReferenceResolver> m_resolver;
    QString m_pendingId; ///< set before the names arrived
};

} // namespace Planhat
