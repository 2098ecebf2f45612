// SPDX-License-Identifier: MIT
#include "multivaluecombobox.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QMouseEvent>
#include <QStandardItemModel>

namespace Planhat {

MultiValueComboBox::MultiValueComboBox(QWidget *parent)
    : QComboBox(parent)
    , m_items(new QStandardItemModel(this))
{
    setModel(m_items);
    // A read-only line edit shows the ticked values; the current index means nothing here.
    setEditable(true);
    lineEdit()->setReadOnly(true);
    view()->viewport()->installEventFilter(this);
    connect(m_items, &QStandardItemModel::itemChanged, this, &MultiValueComboBox::updateText);
}

MultiValueComboBox::~MultiValueComboBox() = default;

void MultiValueComboBox::setAllowedValues(const QStringList &values)
{
    m_items->clear();
    for (const QString &value : values) {
        auto *item = new QStandardItem(value);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        m_items->appendRow(item);
    }
    updateText();
}

QStringList MultiValueComboBox::checkedValues() const
{
    QStringList values;
    for (int row = 0; row < m_items->rowCount(); ++row) {
        const QStandardItem *item = m_items->item(row);
        if (item->checkState() == Qt::Checked)
            values.append(item->text());
    }
    return values;
}

void MultiValueComboBox::setCheckedValues(const QStringList &values)
{
    for (int row = 0; row < m_items->rowCount(); ++row) {
        QStandardItem *item = m_items->item(row);
        const bool checked = values.contains(item->text(), Qt::CaseInsensitive);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
    updateText();
}

bool MultiValueComboBox::eventFilter(QObject *watched, QEvent *event)
{
    // A click ticks or unticks the value under the mouse instead of choosing it and
    // closing the popup, so several values can be ticked in one go.
    if (watched == view()->viewport() && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QModelIndex index = view()->indexAt(mouse->position().toPoint());
        if (QStandardItem *item = m_items->itemFromIndex(index)) {
            item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
            return true;
        }
    }
    return QComboBox::eventFilter(watched, event);
}

void MultiValueComboBox::updateText()
{
    lineEdit()->setText(checkedValues().join(QLatin1String("; ")));
}

} // namespace Planhat
