// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Planhat {

class ImportMappingModel;
struct CustomFieldCreation;
struct CustomFieldProposal;
struct ImportWizardState;

/// Step 3: which field each CSV column fills. Columns are matched to fields automatically
/// (API or display name, custom fields included); the user changes any match, ignores a
/// column, sets how the column's text is read (date format, decimal comma, list separator,
/// trimming, what an empty cell means) and saves or loads the mapping as a JSON file.
/// Next stays disabled while the mapping cannot work (a key the mode needs is not mapped,
/// for instance). A column no field fills can get a new custom field ("New custom field…"):
/// its type is guessed from the column's values (read off the GUI thread), the user
/// confirms or changes it in NewCustomFieldDialog, the field is created in the tenant, the
/// wizard's catalog is read again, and the column maps to it.
class ImportMappingPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportMappingPage)
public:
    ImportMappingPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportMappingPage() override;

    /// Saves or loads the mapping (what the buttons do after asking for a path); on failure
    /// the reason is shown on the page and returned in `error`.
    bool saveMapping(const QString &path, QString *error = nullptr);
    bool loadMapping(const QString &path, QString *error = nullptr);

    ImportMappingModel *mappingModel() const { return m_model; }

    /// Starts "New custom field…" for `column` (what the button does for the current one):
    /// false when that column fills a field or its header names one.
    bool offerCustomField(int column);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void buildFieldChoices();
    void showColumn();
    void applyField();
    void applyOptions();
    void updateProblems();
    int currentColumn() const;
    bool canCreateField(int column) const;
    void askForField(const CustomFieldProposal &proposal);
    void createField(const CustomFieldProposal &proposal);
    void fieldCreated(const CustomFieldProposal &proposal, const CustomFieldCreation &result);
    void setBusy(bool busy);
    QStringList samples() const;

    ImportWizardState *m_state; // not owned
    ImportMappingModel *m_model; // child
    QTableView *m_view;
    QGroupBox *m_columnBox;
    QComboBox *m_fieldCombo;
    QComboBox *m_dateFormatCombo;
    QCheckBox *m_decimalCommaCheck;
    QLineEdit *m_listSeparatorEdit;
    QCheckBox *m_trimCheck;
    QComboBox *m_emptyCellCombo;
    QPushButton *m_createFieldButton;
    QLabel *m_fieldStatusLabel; ///< progress and errors of creating a custom field
    QPushButton *m_saveButton;
    QPushButton *m_loadButton;
    QLabel *m_problemsLabel;
    QStringList m_problems;
    bool m_busy = false; ///< a custom field is being guessed or created
    bool m_showingColumn = false; // filling the editors: their signals are not user edits
};

} // namespace Planhat
