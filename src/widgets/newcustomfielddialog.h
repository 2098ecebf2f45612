// SPDX-License-Identifier: MIT
#pragma once

#include "importer/customfieldproposal.h"
#include "schema/objecttype.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Planhat {

/// Asks for the custom field the mapping page creates for a column no field fills: its
/// name (the header), its type (the guess from the column's values) and, for list types,
/// the allowed values (those seen), and says where it is created. Accepting is the
/// confirmation; the page does the creating.
class NewCustomFieldDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewCustomFieldDialog)
public:
    /// `proposal` fills the editors; the field would be created on `type`.
    NewCustomFieldDialog(const CustomFieldProposal &proposal, const ObjectType &type,
                         QWidget *parent = nullptr);
    ~NewCustomFieldDialog() override;

    /// The proposal as edited (name trimmed, list values one per line).
    CustomFieldProposal proposal() const;

private:
    void typeChanged();
    void check();

    CustomFieldProposal m_proposal;
    ObjectType m_type;
    QLineEdit *m_nameEdit;
    QComboBox *m_typeCombo;
    QLabel *m_listValuesLabel;
    QPlainTextEdit *m_listValuesEdit;
    QLabel *m_problemLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace Planhat
