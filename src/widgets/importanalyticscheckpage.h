// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

class QLabel;
class QTableWidget;

namespace Planhat {

struct AnalyticsFileContent;
struct ImportWizardState;

/// For user activities and metrics, step 4: the whole file read and checked on a worker
/// thread (AnalyticsFileReader): how many rows can be sent and in how many requests, and
/// every row that cannot, with its row, column, value and reason. The analytics host reports
/// nothing per row, so this is the only check there is; for metrics the page lists the
/// metric ids the file holds, for the user to confirm they are the tenant's.
class ImportAnalyticsCheckPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportAnalyticsCheckPage)
public:
    ImportAnalyticsCheckPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportAnalyticsCheckPage() override;

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

private:
    void show(const std::shared_ptr<const AnalyticsFileContent> &content);

    ImportWizardState *m_state; // not owned
    QLabel *m_summaryLabel; // child
    QLabel *m_metricsLabel; // child
    QTableWidget *m_problems; // child
    quint64 m_generation = 0; ///< a newer check replaces an older one still running
};

} // namespace Planhat
