// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QWizardPage>

class QComboBox;
class QFormLayout;
class QLabel;

namespace Planhat {

struct ImportWizardState;

/// For user activities and metrics, step 3: which column holds which field of the analytics
/// host (email, action, date... or dimensionId, value, externalId...), guessed from the
/// headers. Complete once the required fields have a column.
class ImportAnalyticsMappingPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportAnalyticsMappingPage)
public:
    ImportAnalyticsMappingPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportAnalyticsMappingPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;

private:
    QHash<QString, int> columns() const;
    void updateProblem();

    ImportWizardState *m_state; // not owned
    QFormLayout *m_form; // child layout
    QLabel *m_problemLabel; // child
    QHash<QString, QComboBox *> m_combos; ///< by field name; children
};

} // namespace Planhat
