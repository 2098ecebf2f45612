// SPDX-License-Identifier: MIT
#include "filteredrowsview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

FilteredRowsView::FilteredRowsView(const QString &showLabel, QWidget *parent)
    : QWidget(parent)
    , m_filter(new QSortFilterProxyModel(this))
    , m_choices(new QComboBox(this))
    , m_view(new QTableView(this))
{
    m_choices->addItem(tr("All rows"), QString());
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *label = new QLabel(showLabel, this);
    label->setBuddy(m_choices);
    auto *choiceRow = new QHBoxLayout;
    choiceRow->addWidget(label);
    choiceRow->addWidget(m_choices);
    choiceRow->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(choiceRow);
    layout->addWidget(m_view, 1);

    connect(m_choices, &QComboBox::currentIndexChanged, this, &FilteredRowsView::applyChoice);
}

FilteredRowsView::~FilteredRowsView() = default;

void FilteredRowsView::setSourceModel(QAbstractItemModel *model, int column, int role)
{
    m_filter->setSourceModel(model);
    m_filter->setFilterKeyColumn(column);
    m_filter->setFilterRole(role);
}

void FilteredRowsView::addChoice(const QString &text, const QString &value)
{
    m_choices->addItem(text, value);
}

void FilteredRowsView::showAllRows()
{
    m_choices->setCurrentIndex(0);
    applyChoice();
}

void FilteredRowsView::applyChoice()
{
    // The whole value, not a part of it.
    const QString value = m_choices->currentData().toString();
    m_filter->setFilterRegularExpression(
        value.isEmpty() ? QRegularExpression()
                        : QRegularExpression(QLatin1Char('^') + value + QLatin1Char('$')));
}

} // namespace Planhat
