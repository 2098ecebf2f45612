// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace Planhat {

class ImportPreviewModel;
struct ImportWizardState;

/// Step 5: what the import will do, before it does it: the counts at the top, and every row
/// marked create, update, unchanged or invalid, updates with their changed fields as
/// before -> after. The last page that can go back: Next ("Import") starts the run.
class ImportPreviewPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportPreviewPage)
public:
    ImportPreviewPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportPreviewPage() override;

    void initializePage() override;
    bool isComplete() const override;

private:
    void applyFilter();

    ImportWizardState *m_state; // not owned
    ImportPreviewModel *m_model; // child
    QSortFilterProxyModel *m_filter; // child
    QLabel *m_countsLabel;
    QComboBox *m_showCombo;
    QTableView *m_view;
};

} // namespace Planhat
