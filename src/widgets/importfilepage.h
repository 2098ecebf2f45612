// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class ImportFilePage;
}

namespace Planhat {

class CsvPreviewModel;
struct CsvPreview;
struct ImportWizardState;

/// Step 1: the file, its encoding, delimiter and header row (detected unless the user picks
/// them), and its first rows as the reader sees them.
class ImportFilePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportFilePage)
public:
    ImportFilePage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportFilePage() override;

    void setFilePath(const QString &path);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void chooseFile();
    void reloadPreview();
    void showWorkbookControls(bool workbook);
    void fillSheets(const CsvPreview &preview);

    static constexpr int previewRows = 20;
    std::unique_ptr<Ui::ImportFilePage> m_ui;
    ImportWizardState *m_state; // not owned
    CsvPreviewModel *m_previewModel; // child
};

} // namespace Planhat
