// SPDX-License-Identifier: MIT
#include "celleditordelegate.h"

#include "multivaluecombobox.h"
#include "palettecolors.h"

#include "data/pastedblock.h"
#include "models/objecttablemodel.h"
#include "models/valueformatter.h"

#include <QAbstractProxyModel>
#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>

#include <limits>

namespace Planhat {

namespace {

// Set on a date or number editor opened on an empty cell until the user changes its value:
// the editor has to show some date or number, and that default is not something to save.
const char *const untouchedProperty = "planhatUntouched";
// The date such a date editor started with.
const char *const defaultDateProperty = "planhatDefaultDate";

void markTouchedOnChange(QDateEdit *editor)
{
    // Picking the day it already shows (today) is a choice too. (dateChanged is no help:
    // QDateEdit emits it on its own after setDate(), with the date unchanged.)
    QObject::connect(editor->calendarWidget(), &QCalendarWidget::clicked, editor,
                     [editor] { editor->setProperty(untouchedProperty, false); });
}

void markTouchedOnChange(QDoubleSpinBox *editor)
{
    // The text, not the value: typing 0 into the empty editor is a choice too.
    QObject::connect(editor, &QDoubleSpinBox::textChanged, editor,
                     [editor] { editor->setProperty(untouchedProperty, false); });
}

/// A spin box that shows numbers as they are (12, 0.25) rather than with a fixed number of
/// decimals, and accepts as many as the API stores.
class NumberSpinBox final : public QDoubleSpinBox
{
public:
    explicit NumberSpinBox(QWidget *parent)
        : QDoubleSpinBox(parent)
    {
        setDecimals(8);
        setRange(-1e15, 1e15);
        setGroupSeparatorShown(false);
        QLocale plain = locale();
        plain.setNumberOptions(QLocale::OmitGroupSeparator);
        setLocale(plain);
    }

    QString textFromValue(double value) const override
    {
        return locale().toString(value, 'g', QLocale::FloatingPointShortest);
    }
};

/// What a line edit shows for a value: lists joined with "; " (the separator pasting and
/// imports read), objects as JSON, everything else as its text.
QString editText(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(item.toVariant().toString());
        return items.join(QLatin1String("; "));
    }
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return value.toVariant().toString();
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    for (const QJsonValue &item : value.toArray())
        strings.append(item.toString());
    return strings;
}

} // namespace

CellEditorDelegate::CellEditorDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

CellEditorDelegate::~CellEditorDelegate() = default;

QColor CellEditorDelegate::changedColor(const QPalette &palette)
{
    return PaletteColors::changedCell(palette);
}

QColor CellEditorDelegate::failedColor(const QPalette &palette)
{
    return PaletteColors::failedCell(palette);
}

const ObjectColumn *CellEditorDelegate::columnAt(const QModelIndex &index)
{
    QModelIndex source = index;
    while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(source.model()))
        source = proxy->mapToSource(source);
    const auto *model = qobject_cast<const ObjectTableModel *>(source.model());
    if (!model || !source.isValid())
        return nullptr;
    return &model->column(source.column());
}

QWidget *CellEditorDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    QWidget *editor = createTypedEditor(parent, option, index);
    Q_EMIT editorOpened();
    return editor;
}

QWidget *CellEditorDelegate::createTypedEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                               const QModelIndex &index) const
{
    const ObjectColumn *column = columnAt(index);
    if (!column)
        return QStyledItemDelegate::createEditor(parent, option, index);
    const FieldSpec &field = column->field();
    switch (field.type) {
    case FieldType::Date:
    case FieldType::DayNumber: {
        auto *editor = new QDateEdit(parent);
        editor->setCalendarPopup(true);
        editor->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        markTouchedOnChange(editor);
        return editor;
    }
    case FieldType::Number: {
        auto *editor = new NumberSpinBox(parent);
        markTouchedOnChange(editor);
        return editor;
    }
    case FieldType::Enum:
        if (!field.allowedValues.isEmpty()) {
            auto *editor = new QComboBox(parent);
            editor->addItem(QString()); // clears the field
            editor->addItems(field.allowedValues);
            return editor;
        }
        break;
    case FieldType::List:
        if (!field.allowedValues.isEmpty()) {
            auto *editor = new MultiValueComboBox(parent);
            editor->setAllowedValues(field.allowedValues);
            return editor;
        }
        break;
    case FieldType::Text:
    case FieldType::Boolean:
    case FieldType::ObjectId:
    case FieldType::Object:
        break;
    }
    auto *editor = new QLineEdit(parent);
    editor->setFrame(false);
    return editor;
}

void CellEditorDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QJsonValue value = QJsonValue::fromVariant(index.data(Qt::EditRole));
    if (auto *dateEdit = qobject_cast<QDateEdit *>(editor)) {
        const ObjectColumn *column = columnAt(index);
        // The day the cell shows, so the picker starts on it.
        const QDate date
            = ValueFormatter::calendarDay(column ? column->type() : FieldType::Date, value);
        dateEdit->setDate(date.isValid() ? date : QDate::currentDate());
        dateEdit->setProperty(untouchedProperty, !date.isValid());
        dateEdit->setProperty(defaultDateProperty, dateEdit->date());
    } else if (auto *spinBox = qobject_cast<QDoubleSpinBox *>(editor)) {
        bool ok = false;
        const double number = ValueFormatter::toNumber(value, &ok);
        spinBox->setValue(ok ? number : 0);
        if (!ok)
            spinBox->clear(); // an empty cell shows an empty editor
        spinBox->setProperty(untouchedProperty, !ok);
    } else if (auto *multi = qobject_cast<MultiValueComboBox *>(editor)) {
        multi->setCheckedValues(stringsOf(value));
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const int found = combo->findText(value.toString(), Qt::MatchFixedString);
        combo->setCurrentIndex(qMax(0, found));
    } else if (auto *lineEdit = qobject_cast<QLineEdit *>(editor)) {
        lineEdit->setText(editText(value));
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void CellEditorDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                      const QModelIndex &index) const
{
    const ObjectColumn *column = columnAt(index);
    if (!column) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    if (editor->property(untouchedProperty).toBool()) {
        // An empty cell opened and closed: the editor's default is not a value.
        const auto *dateEdit = qobject_cast<QDateEdit *>(editor);
        if (!dateEdit || dateEdit->date() == dateEdit->property(defaultDateProperty).toDate())
            return;
    }
    const QJsonValue current = QJsonValue::fromVariant(index.data(Qt::EditRole));
    QJsonValue value;
    if (auto *dateEdit = qobject_cast<QDateEdit *>(editor)) {
        const QDate date = dateEdit->date();
        if (ValueFormatter::calendarDay(column->type(), current) == date)
            return; // the same day: keep the value (and a timestamp's time of day) as it was
        value = ValueFormatter::valueOfDay(column->type(), date);
    } else if (auto *spinBox = qobject_cast<QDoubleSpinBox *>(editor)) {
        spinBox->interpretText();
        value = spinBox->value();
    } else if (auto *multi = qobject_cast<MultiValueComboBox *>(editor)) {
        value = QJsonArray::fromStringList(multi->checkedValues());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        value = combo->currentText().isEmpty() ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(combo->currentText());
    } else if (auto *lineEdit = qobject_cast<QLineEdit *>(editor)) {
        if (lineEdit->text() == editText(current))
            return; // opened and closed without a change
        const ConvertedValue converted = PastedBlock::convert(lineEdit->text(), column->field(),
                                                              PastedBlock::systemDateFormat());
        if (converted.kind == ConvertedValue::Kind::Invalid) {
            Q_EMIT editRejected(tr("%1: %2").arg(column->field().displayName, converted.message));
            return;
        }
        value = converted.kind == ConvertedValue::Kind::Skip ? QJsonValue(QJsonValue::Null)
                                                             : converted.value;
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    model->setData(index, QVariant::fromValue(value), Qt::EditRole);
}

void CellEditorDelegate::initStyleOption(QStyleOptionViewItem *option,
                                         const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.data(ObjectTableModel::SaveErrorRole).toString().isEmpty())
        option->backgroundBrush = failedColor(option->palette);
    else if (index.data(ObjectTableModel::ChangedRole).toBool())
        option->backgroundBrush = changedColor(option->palette);
}

} // namespace Planhat
