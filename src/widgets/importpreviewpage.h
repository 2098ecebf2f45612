// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QLabel;

namespace Planhat {

class FilteredRowsView;
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
    ImportWizardState *m_state; // not owned
    ImportPreviewModel *m_model; // child
    QLabel *m_countsLabel;
    FilteredRowsView *m_rows;
};

} // namespace Planhat
