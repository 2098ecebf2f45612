// SPDX-License-Identifier: MIT
#include "fieldeditor.h"

#include "referencepicker.h"

#include "csv/recordcsvwriter.h"
#include "models/referenceresolver.h"
#include "models/valueformatter.h"

#include <QComboBox>
#include <QDate>
#include <QDateEdit>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>

namespace Planhat {

namespace {

// The date picker's lowest date stands for "not set": QDateEdit always holds some date.
const QDate notSetDate(1900, 1, 1);
const QString pickerDateFormat = QStringLiteral("yyyy-MM-dd");

QString placeholderFor(const FieldSpec &field)
{
    switch (field.type) {
    case FieldType::Number:
        return QObject::tr("a number, e.g. 1234.5");
    case FieldType::Date:
    case FieldType::DayNumber:
        return QObject::tr("a date, e.g. 2024-03-31");
    case FieldType::ObjectId:
        return QObject::tr("an id (24 hex digits) or extid-… / srcid-…");
    case FieldType::List:
        return field.allowedValues.isEmpty()
            ? QObject::tr("values separated by ;")
            : QObject::tr("any of %1, separated by ;")
                  .arg(field.allowedValues.join(QLatin1String(", ")));
    case FieldType::Object:
        return QObject::tr("a JSON object, e.g. {\"key\": \"value\"}");
    default:
        return QString();
    }
}

} // namespace

FieldEditor::FieldEditor(const FieldSpec &field, ReferenceResolver *resolver, QWidget *parent)
    : m_field(field)
{
    if (field.type == FieldType::ObjectId && ReferenceResolver::canResolve(field.referenceType)) {
        m_referencePicker = new ReferencePicker(field.referenceType, resolver, parent);
    } else if (field.type == FieldType::Boolean
               || (field.type == FieldType::Enum && !field.allowedValues.isEmpty())) {
        m_comboBox = new QComboBox(parent);
        m_comboBox->addItem(QObject::tr("(not set)"), QVariant());
        if (field.type == FieldType::Boolean) {
            m_comboBox->addItem(QObject::tr("Yes"), true);
            m_comboBox->addItem(QObject::tr("No"), false);
        } else {
            for (const QString &allowed : field.allowedValues)
                m_comboBox->addItem(allowed, allowed);
        }
    } else if (field.type == FieldType::Date || field.type == FieldType::DayNumber) {
        m_dateEdit = new QDateEdit(parent);
        m_dateEdit->setCalendarPopup(true);
        m_dateEdit->setDisplayFormat(pickerDateFormat);
        m_dateEdit->setMinimumDate(notSetDate);
        m_dateEdit->setSpecialValueText(QObject::tr("(not set)"));
        m_dateEdit->setDate(notSetDate);
    } else {
        m_lineEdit = new QLineEdit(parent);
        m_lineEdit->setPlaceholderText(placeholderFor(field));
        m_lineEdit->setClearButtonEnabled(true);
    }
    m_initialState = inputState();
    widget()->setObjectName(QStringLiteral("field:") + field.name);
    widget()->setToolTip(QStringLiteral("%1 (%2)").arg(field.name, fieldTypeName(field.type)));
}

QWidget *FieldEditor::widget() const
{
    if (m_referencePicker)
        return m_referencePicker;
    if (m_comboBox)
        return m_comboBox;
    if (m_dateEdit)
        return m_dateEdit;
    return m_lineEdit;
}

QString FieldEditor::inputState() const
{
    if (m_comboBox)
        return QString::number(m_comboBox->currentIndex());
    if (m_referencePicker)
        return m_referencePicker->currentText();
    if (m_dateEdit)
        return m_dateEdit->date().toString(Qt::ISODate);
    return m_lineEdit->text();
}

QString FieldEditor::textOf(const QJsonValue &value) const
{
    if (m_field.type == FieldType::Object && value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return RecordCsvWriter::cellText(value, RecordCsvWriter::listSeparator());
}

void FieldEditor::setValue(const QJsonValue &value)
{
    if (m_referencePicker) {
        m_referencePicker->setReferenceId(value.toString());
    } else if (m_comboBox) {
        int index = 0;
        if (!value.isNull() && !value.isUndefined()) {
            index = m_comboBox->findData(value.toVariant());
            if (index < 0) {
                // A value the definition does not list: keep it selectable as it is.
                m_comboBox->addItem(textOf(value), value.toVariant());
                index = m_comboBox->count() - 1;
            }
        }
        m_comboBox->setCurrentIndex(index);
    } else if (m_dateEdit) {
        // The day the table shows for the same value.
        const QDate date = ValueFormatter::calendarDay(m_field.type, value);
        m_dateEdit->setDate(date.isValid() ? date : notSetDate);
    } else {
        m_lineEdit->setText(textOf(value));
    }
    m_initialState = inputState();
}

ConvertedValue FieldEditor::value() const
{
    if (m_referencePicker) {
        if (m_referencePicker->hasUnknownName()) {
            return ConvertedValue::invalid(
                QObject::tr("nothing is called \"%1\"").arg(m_referencePicker->currentText()));
        }
        const QString id = m_referencePicker->referenceId();
        return id.isEmpty() ? ConvertedValue::skip() : ConvertedValue::of(id);
    }
    if (m_comboBox) {
        const QVariant data = m_comboBox->currentData();
        return data.isValid() ? ConvertedValue::of(QJsonValue::fromVariant(data))
                              : ConvertedValue::skip();
    }
    if (m_dateEdit) {
        if (m_dateEdit->date() == notSetDate)
            return ConvertedValue::skip();
        // Midnight UTC of the picked day, or its day number (what a CSV cell with the same
        // ISO date gives, too).
        return ConvertedValue::of(ValueFormatter::valueOfDay(m_field.type, m_dateEdit->date()));
    }
    return ValueConverter::convert(m_lineEdit->text(), m_field, ColumnOptions());
}

} // namespace Planhat
