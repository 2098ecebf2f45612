// SPDX-License-Identifier: MIT
#pragma once

#include "analytics/analyticssender.h"

#include <QDate>
#include <QHash>
#include <QPointer>
#include <QWizardPage>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Planhat {

struct ImportWizardState;

/// For user activities and metrics, the last step: sends the checked rows (AnalyticsSender)
/// and shows rows sent, rows rejected before sending and requests made, and says plainly
/// that the analytics host accepts everything and processes it later. For metrics it offers
/// to read the values back for a sample of the companies (GET /dimensiondata) and compares
/// what arrived with what was sent.
class ImportAnalyticsResultsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportAnalyticsResultsPage)
public:
    /// Companies read back at most.
    static constexpr int sampleSize = 5;

    ImportAnalyticsResultsPage(ImportWizardState *state, QWidget *parent = nullptr);
    ~ImportAnalyticsResultsPage() override;

    void initializePage() override;
    bool isComplete() const override;
    /// Reads the metrics of up to sampleSize companies back (after sending).
    void readBack();

Q_SIGNALS:
    void sendingFinished(const Planhat::AnalyticsSendResult &result);
    void readBackFinished();

private:
    /// One company of the read-back sample and one of its metrics.
    struct Sample
    {
        QString externalId;
        QString dimensionId;
        qint64 sent = 0;
        std::optional<QDate> from; ///< the earliest date sent; none when a row had no date
        std::optional<QDate> to;
        bool undated = false; ///< a value without a date: the host dated it
        qint64 found = -1; ///< -1: not read (yet)
        QString error;
    };

    void showResult(const AnalyticsSendResult &result);
    void readNextSample(int index, QHash<QString, QString> companyIds);
    void showSamples();

    ImportWizardState *m_state; // not owned
    QLabel *m_summaryLabel; // child
    QLabel *m_noteLabel; // child
    QProgressBar *m_progress; // child
    QPushButton *m_readBackButton; // child
    QLabel *m_readBackLabel; // child
    QTableWidget *m_readBackTable; // child
    QPointer<AnalyticsSender> m_sender;
    bool m_sent = false;
    QList<Sample> m_samples;
};

} // namespace Planhat
