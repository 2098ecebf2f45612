// SPDX-License-Identifier: MIT
#pragma once

#include "importer/valueconverter.h"
#include "schema/fieldspec.h"

#include <QJsonValue>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QWidget;

namespace Planhat {

class ReferencePicker;
class ReferenceResolver;

/// The editor of one field in the record form, chosen by the field's type: a picker of
/// names for references to companies, users and end users, a drop-down for enums and booleans (with
/// "not set"), a date picker with a calendar for dates (with "not set"), a line edit for everything
/// else with a placeholder saying what it takes. Text is read with the importer's ValueConverter,
/// so a form accepts what a CSV cell accepts.
class FieldEditor
{
public:
    /// The widget is created as a child of `parent` (which owns it).
    FieldEditor(const FieldSpec &field, ReferenceResolver *resolver, QWidget *parent);

    const FieldSpec &field() const { return m_field; }
    QWidget *widget() const;

    void setValue(const QJsonValue &value);
    /// The value to send (Value), nothing entered (Skip), or why the input is wrong.
    ConvertedValue value() const;
    /// Whether the input differs from what setValue() (or construction) put there.
    bool isModified() const { return inputState() != m_initialState; }

private:
    QString textOf(const QJsonValue &value) const;
    QString inputState() const;

    FieldSpec m_field;
    QLineEdit *m_lineEdit = nullptr;
    QComboBox *m_comboBox = nullptr;
    QDateEdit *m_dateEdit = nullptr;
    ReferencePicker *m_referencePicker = nullptr;
    QString m_initialState;
};

} // namespace Planhat
