// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWizardPage>

#include <memory>

class QLabel;
class QTableWidget;

namespace Planhat {

struct AnalyticsFileContent;
class DimensionIdCheck;
struct ImportWizardState;

/// For user activities and metrics, step 4: the whole file read and checked on a worker
/// thread (AnalyticsFileReader): how many rows can be sent and in how many requests, and
/// every row that cannot, with its row, column, value and reason. The analytics host reports
/// nothing per row, so this is the only check there is; for metrics the page lists the
/// metric ids the file holds and warns of those Planhat holds no values of yet
/// (DimensionIdCheck): a typo, or a metric sent for the first time.
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

Q_SIGNALS:
    /// The metric ids of the file were looked up in Planhat (the label says what was found).
    void metricIdsChecked();

private:
    void show(const std::shared_ptr<const AnalyticsFileContent> &content);
    void checkMetricIds(const QStringList &ids);

    ImportWizardState *m_state; // not owned
    QLabel *m_summaryLabel; // child
    QLabel *m_metricsLabel; // child
    QTableWidget *m_problems; // child
    QPointer<DimensionIdCheck> m_idCheck; // child, one per check
    QString m_metricsInFile;
    quint64 m_generation = 0; ///< a newer check replaces an older one still running
};

} // namespace Planhat
