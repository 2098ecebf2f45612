// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class ImportTargetPage;
}

namespace Planhat {

struct ImportWizardState;

/// Step 2: the object type the rows become, the key that matches them to existing records
/// (`_id`, `sourceId`, `externalId`, as the type supports) and the mode (upsert, create
/// only, update only).
class ImportTargetPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportTargetPage)
public:
    ImportTargetPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportTargetPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void fillKeys();
    void updateExplanation();

    std::unique_ptr<Ui::ImportTargetPage> m_ui;
    ImportWizardState *m_state; // not owned
};

} // namespace Planhat
