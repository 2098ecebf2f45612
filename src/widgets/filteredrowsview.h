// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QSortFilterProxyModel;
class QTableView;

namespace Planhat {

/// A read-only table of whole rows under a "Show:" drop-down that keeps the rows whose
/// value for a role equals the chosen one (the import wizard's preview and results). The
/// first choice, added by the constructor, shows every row.
class FilteredRowsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilteredRowsView)
public:
    /// `showLabel` is the drop-down's label, with its mnemonic ("&Show:").
    explicit FilteredRowsView(const QString &showLabel, QWidget *parent = nullptr);
    ~FilteredRowsView() override;

    /// Shows `model`, filtered by the value of `role` in column `column`.
    void setSourceModel(QAbstractItemModel *model, int column, int role);
    /// A choice that keeps the rows whose value is `value`.
    void addChoice(const QString &text, const QString &value);
    /// Chooses the first choice: every row.
    void showAllRows();

    QTableView *view() const { return m_view; }
    QComboBox *choices() const { return m_choices; }

private:
    void applyChoice();

    QSortFilterProxyModel *m_filter; // child
    QComboBox *m_choices; // child
    QTableView *m_view; // child
};

} // namespace Planhat
