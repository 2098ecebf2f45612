// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QWizardPage>

#include <memory>

namespace Ui {
class ImportTargetPage;
}

namespace Planhat {

struct ImportWizardState;
struct JournalState;

/// Step 2: the object type the rows become, the field that matches them to existing records
/// (`_id`, `sourceId`, `externalId`, or another field whose values are unique: an end
/// user's email, a company's name or domains, a custom field...; ImportPolicy decides which
/// and which is the default) and the mode (upsert, create only, update only).
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
    /// Resuming skips the mapping: the journal's mapping is the import's.
    int nextId() const override;

private:
    void fillKeys();
    void updateExplanation();
    void lookForUnfinishedImport();
    void updateResumable();

    std::unique_ptr<Ui::ImportTargetPage> m_ui;
    ImportWizardState *m_state; // not owned
    /// The user picked a key: it stays while the type offers it, instead of the default.
    bool m_keyChosen = false;
    /// Unfinished journals of the file by type name, found on a worker thread.
    std::shared_ptr<QHash<QString, JournalState>> m_unfinished;
    /// Types whose unfinished import of this file cannot resume, and why (the file changed).
    std::shared_ptr<QHash<QString, QString>> m_unresumable;
};

} // namespace Planhat
