// SPDX-License-Identifier: MIT
#pragma once

#include <QPalette>
#include <QStyledItemDelegate>

namespace Planhat {

class ObjectColumn;

/// Edits the cells of an ObjectTableModel (directly or through proxies) with an editor that
/// fits the field: a date picker for dates and day numbers, a spin box for numbers, a combo
/// box with the allowed values for enums and list fields that have them (ticking several for
/// multi-pick lists), and a line edit for the rest, read by the field's type. Booleans are
/// the model's check boxes. Also paints edited cells and rows whose save failed.
class CellEditorDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CellEditorDelegate)
public:
    explicit CellEditorDelegate(QObject *parent = nullptr);
    ~CellEditorDelegate() override;

    /// Background of cells with an edit not saved yet, and of rows whose save failed, for
    /// the view's palette (light or dark; the application's by default).
    static QColor changedColor(const QPalette &palette = QPalette());
    static QColor failedColor(const QPalette &palette = QPalette());

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;

Q_SIGNALS:
    /// Text typed into a cell could not be read as the field's type; `message` says why.
    void editRejected(const QString &message) const;
    /// An editor opened on a cell (closeEditor() says when it goes).
    void editorOpened() const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    QWidget *createTypedEditor(QWidget *parent, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const;
    /// The column behind `index`, looked up through any proxies; nullptr when the model is
    /// no ObjectTableModel.
    static const ObjectColumn *columnAt(const QModelIndex &index);
};

} // namespace Planhat
