// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Planhat {

class ApiError;
class MetricRowsModel;
class MetricsReader;
class PlanhatClient;

/// View > Metrics: the metrics (dimension data) Planhat holds, read-only, read from the API
/// host (GET /dimensiondata, every page) for the company, metric and days the filters name.
/// Reads in the background with a busy bar and a running count; a failed read says what
/// failed and what to check instead of leaving an empty table. The table sorts by any column.
class MetricsWindow final : public QDialog
{
    Q_OBJECT
public:
    /// `client` must outlive the window.
    explicit MetricsWindow(PlanhatClient *client, QWidget *parent = nullptr);
    ~MetricsWindow() override;

    /// Fills the company filter with `companyKey` (an _id, extid-X or srcid-X); `companyName`,
    /// when given, is shown in the title.
    void setCompany(const QString &companyKey, const QString &companyName = QString());
    /// Reads the metrics the filters select (again); invalid filters are reported instead.
    void load();

    bool isLoading() const;
    MetricRowsModel *metricsModel() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    /// The line under the filters: progress, the count read, or what went wrong.
    QString statusText() const;
    /// True when the status line reports an error.
    bool showsError() const { return m_showsError; }

Q_SIGNALS:
    /// A read ended: every page arrived (`ok`), or it failed or the filters were invalid.
    void loadFinished(bool ok);

private:
    void handleFinished(const ApiError &error);
    void showStatus(const QString &text, bool isError);
    void setBusy(bool busy);
    QString hintFor(const ApiError &error) const;

    PlanhatClient *m_client; // not owned
    MetricsReader *m_reader; // child
    MetricRowsModel *m_model; // child
    QSortFilterProxyModel *m_proxy; // child
    QLineEdit *m_companyEdit;
    QLineEdit *m_dimensionEdit;
    QLineEdit *m_fromEdit;
    QLineEdit *m_toEdit;
    QPushButton *m_loadButton;
    QProgressBar *m_busyBar;
    QLabel *m_statusLabel;
    QTableView *m_table;
    bool m_showsError = false;
};

} // namespace Planhat
