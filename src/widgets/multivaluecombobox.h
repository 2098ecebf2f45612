// SPDX-License-Identifier: MIT
#pragma once

#include <QComboBox>
#include <QStringList>

class QStandardItemModel;

namespace Planhat {

/// A combo box for fields that hold several of a fixed set of values (multi-pick list
/// custom fields): every allowed value has a check box, the popup stays open while values
/// are ticked, and the box shows the ticked values joined with "; ".
class MultiValueComboBox final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultiValueComboBox)
public:
    explicit MultiValueComboBox(QWidget *parent = nullptr);
    ~MultiValueComboBox() override;

    void setAllowedValues(const QStringList &values);
    /// The ticked values, in the order of the allowed values.
    QStringList checkedValues() const;
    /// Ticks `values` (matched ignoring case) and unticks the others.
    void setCheckedValues(const QStringList &values);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateText();

    QStandardItemModel *m_items; // child
};

} // namespace Planhat
