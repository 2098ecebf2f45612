// SPDX-License-Identifier: MIT
#pragma once

#include <QWizard>

#include <memory>

namespace Planhat {

class CustomFieldCatalog;
class ImportFilePage;
class ImportRunPage;
class PlanhatClient;
struct ImportWizardState;

/// The CSV import, one page per step: File -> Target and key -> Mapping -> Validation ->
/// Preview -> Run -> Results; for user activities and metrics (the analytics host), File ->
/// Target -> Analytics mapping -> Check -> Send and results. The pages share an ImportWizardState;
/// the file is read and checked on worker threads and the import runs as jobs of the client, so the
/// window stays responsive throughout.
class ImportWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportWizard)
public:
    enum PageId {
        FilePage,
        TargetPage,
        MappingPage,
        ValidationPage,
        PreviewPage,
        RunPage,
        ResultsPage,
        AnalyticsMappingPage, ///< user activities and metrics: instead of MappingPage...
        AnalyticsCheckPage,
        AnalyticsResultsPage,
    };

    /// `client` must outlive the wizard; `typeName` is the type chosen at first ("companies").
    ImportWizard(PlanhatClient *client, const CustomFieldCatalog &customFields,
                 const QString &typeName, QWidget *parent = nullptr);
    ~ImportWizard() override;

    /// Puts `path` on the file page (and goes back there if another page is showing).
    void setFilePath(const QString &path);
    const ImportWizardState &state() const { return *m_state; }

    /// While the import runs, Cancel and Escape stop it after the chunk in flight (and
    /// the results follow) instead of closing the wizard.
    void reject() override;

Q_SIGNALS:
    /// Records of `typeName` were created or changed (an import ran, or an undo).
    void importFinished(const QString &typeName);

private:
    std::unique_ptr<ImportWizardState> m_state;
    ImportFilePage *m_filePage; // owned by the wizard
    ImportRunPage *m_runPage; // owned by the wizard
};

} // namespace Planhat
