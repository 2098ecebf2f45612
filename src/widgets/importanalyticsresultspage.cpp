// SPDX-License-Identifier: MIT
#include "importanalyticsresultspage.h"

#include "importwizardstate.h"

#include "analytics/analyticsfilereader.h"
#include "analytics/analyticsrowconverter.h"
#include "analytics/metricsquery.h"
#include "api/planhatclient.h"
#include "schema/schema.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Planhat {

ImportAnalyticsResultsPage::ImportAnalyticsResultsPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_summaryLabel(new QLabel(this))
    , m_noteLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_readBackButton(new QPushButton(tr("&Read back a sample of companies"), this))
    , m_readBackLabel(new QLabel(this))
    , m_readBackTable(new QTableWidget(0, 4, this))
{
    setObjectName(QStringLiteral("analyticsResultsPage"));
    setTitle(tr("Results"));
    setFinalPage(true);
    m_summaryLabel->setObjectName(QStringLiteral("sendSummaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_noteLabel->setObjectName(QStringLiteral("processingNoteLabel"));
    m_noteLabel->setWordWrap(true);
    m_progress->setObjectName(QStringLiteral("sendProgress"));
    m_readBackButton->setObjectName(QStringLiteral("readBackButton"));
    m_readBackButton->setToolTip(
        tr("Reads the metrics of up to %1 companies of the file back from Planhat and compares "
           "them with what was sent.")
            .arg(sampleSize));
    m_readBackLabel->setObjectName(QStringLiteral("readBackLabel"));
    m_readBackLabel->setWordWrap(true);
    m_readBackTable->setObjectName(QStringLiteral("readBackTable"));
    m_readBackTable->setHorizontalHeaderLabels(
        {tr("Company external id"), tr("Metric"), tr("Values sent"), tr("Values found")});
    m_readBackTable->horizontalHeader()->setStretchLastSection(true);
    m_readBackTable->verticalHeader()->hide();
    m_readBackTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_progress);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_noteLabel);
    layout->addWidget(m_readBackButton, 0, Qt::AlignLeft);
    layout->addWidget(m_readBackLabel);
    layout->addWidget(m_readBackTable, 1);
    connect(m_readBackButton, &QPushButton::clicked, this, &ImportAnalyticsResultsPage::readBack);
}

ImportAnalyticsResultsPage::~ImportAnalyticsResultsPage() = default;

void ImportAnalyticsResultsPage::initializePage()
{
    m_sent = false;
    m_samples.clear();
    m_readBackButton->hide();
    m_readBackLabel->clear();
    m_readBackTable->hide();
    m_noteLabel->clear();
    const auto content = m_state->analyticsContent;
    if (!content || !m_state->client)
        return;
    const AnalyticsTarget target = m_state->analyticsTarget.value_or(AnalyticsTarget::Activities);
    m_progress->setRange(0, int(qMin<qsizetype>(content->rows.size(), INT_MAX)));
    m_progress->setValue(0);
    m_progress->show();
    m_summaryLabel->setText(tr("Sending %n row(s)…", nullptr, int(content->rows.size())));
    m_sender = new AnalyticsSender(m_state->client, target, content->rows, this);
    connect(m_sender, &AnalyticsSender::progressed, this,
            [this](qint64 sent) { m_progress->setValue(int(sent)); });
    connect(m_sender, &AnalyticsSender::finished, this, &ImportAnalyticsResultsPage::showResult);
    m_sender->start();
    Q_EMIT completeChanged();
}

void ImportAnalyticsResultsPage::showResult(const AnalyticsSendResult &result)
{
    m_sent = true;
    m_progress->hide();
    const qint64 rejected = m_state->analyticsContent ? m_state->analyticsContent->rowsRejected : 0;
    QString summary = tr("Sent %1 row(s) in %2 request(s); %3 row(s) were rejected before "
                         "sending.")
                          .arg(result.rowsSent)
                          .arg(result.requests)
                          .arg(rejected);
    if (result.error.isError()) {
        summary += QLatin1Char(' ') + tr("Sending stopped: %1.").arg(result.error.toString());
        if (result.rowsNotSent > 0)
            summary += QLatin1Char(' ') + tr("%1 row(s) were not sent.").arg(result.rowsNotSent);
        if (result.rowsInDoubt > 0)
            summary += QLatin1Char(' ')
                + tr("%1 row(s) may or may not have arrived: check before sending them again.")
                      .arg(result.rowsInDoubt);
    }
    m_summaryLabel->setText(summary);
    m_noteLabel->setText(
        tr("The analytics host accepts everything it is sent and processes it later: it "
           "reports no errors per row, so a row it cannot use (an unknown user, company or "
           "metric) is dropped without a word. Only reading the data back shows what arrived."));
    const bool metrics = m_state->analyticsTarget == AnalyticsTarget::Metrics;
    m_readBackButton->setVisible(metrics && result.rowsSent > 0);
    Q_EMIT completeChanged();
    Q_EMIT sendingFinished(result);
}

bool ImportAnalyticsResultsPage::isComplete() const
{
    return m_sent;
}

void ImportAnalyticsResultsPage::readBack()
{
    const auto content = m_state->analyticsContent;
    if (!content || !m_state->client)
        return;
    // The first companies of the file (metrics of model Company), with what was sent for each.
    QStringList companies;
    QHash<QPair<QString, QString>, int> sampleIndex;
    m_samples.clear();
    for (const QByteArray &row : content->rows) {
        const QJsonObject metric = QJsonDocument::fromJson(row).object();
        const QString model = metric.value(QStringLiteral("model")).toString();
        if (!model.isEmpty() && model != QLatin1String("Company"))
            continue;
        const QString externalId = metric.value(QStringLiteral("externalId")).toString();
        if (!companies.contains(externalId)) {
            if (companies.size() >= sampleSize)
                continue;
            companies.append(externalId);
        }
        const QString dimensionId = metric.value(QStringLiteral("dimensionId")).toString();
        const auto key = qMakePair(externalId, dimensionId);
        if (!sampleIndex.contains(key)) {
            sampleIndex.insert(key, int(m_samples.size()));
            Sample sample;
            sample.externalId = externalId;
            sample.dimensionId = dimensionId;
            m_samples.append(sample);
        }
        Sample &sample = m_samples[sampleIndex.value(key)];
        ++sample.sent;
        const auto date
            = AnalyticsRowConverter::parseDate(metric.value(QStringLiteral("date")).toString());
        if (!date || sample.undated) {
            // Stamped by the host with its own day: read every value of the metric.
            sample.undated = true;
            sample.from.reset();
            sample.to.reset();
            continue;
        }
        const QDate day = date->date();
        if (!sample.from || day < *sample.from)
            sample.from = day;
        if (!sample.to || day > *sample.to)
            sample.to = day;
    }
    m_readBackButton->setEnabled(false);
    m_readBackLabel->setText(
        tr("Reading back the metrics of %n compan(y/ies)…", nullptr, int(companies.size())));
    showSamples();
    readNextSample(0, {});
}

void ImportAnalyticsResultsPage::readNextSample(int index, QHash<QString, QString> companyIds)
{
    if (index >= m_samples.size()) {
        bool allArrived = true;
        for (const Sample &sample : std::as_const(m_samples))
            allArrived = allArrived && sample.error.isEmpty() && sample.found >= sample.sent;
        m_readBackLabel->setText(
            allArrived ? tr("Every value sent for these companies is there.")
                       : tr("Not every value sent is there (yet): the analytics host processes "
                            "what it receives later, and drops values of companies or metrics "
                            "it does not know. Read back again in a few minutes."));
        m_readBackButton->setEnabled(true);
        showSamples();
        Q_EMIT readBackFinished();
        return;
    }
    Sample &sample = m_samples[index];
    PlanhatClient *client = m_state->client;
    if (!companyIds.contains(sample.externalId)) {
        // The API filters on the company's _id: look the external id up first.
        ObjectJob *job = client->get(*Schema::builtin().type(QStringLiteral("companies")),
                                     sample.externalId, KeyKind::ExternalId);
        connect(job, &ObjectJob::finished, this,
                [this, index, companyIds](const ObjectResult &result) mutable {
                    const QString id = result.object.value(QStringLiteral("_id")).toString();
                    if (result.error.isError() || id.isEmpty()) {
                        m_samples[index].error = result.error.isError()
                            ? result.error.toString()
                            : tr("no company with this external id");
                        companyIds.insert(m_samples.at(index).externalId, QString());
                    } else {
                        companyIds.insert(m_samples.at(index).externalId, id);
                    }
                    readNextSample(index, companyIds);
                });
        job->start();
        return;
    }
    const QString companyId = companyIds.value(sample.externalId);
    if (companyId.isEmpty()) {
        if (sample.error.isEmpty())
            sample.error = tr("no company with this external id");
        readNextSample(index + 1, companyIds);
        return;
    }
    MetricsQuery query;
    query.companyId = companyId;
    query.dimensionId = sample.dimensionId;
    query.from = sample.from;
    query.to = sample.to;
    ListJob *job = client->dimensionData(query.toListQuery());
    auto found = std::make_shared<qint64>(0);
    connect(job, &ListJob::rowsReceived, this,
            [found](const QList<QJsonObject> &rows) { *found += rows.size(); });
    connect(job, &ListJob::finished, this,
            [this, index, companyIds, found](const ListResult &result) {
                if (result.error.isError())
                    m_samples[index].error = result.error.toString();
                else
                    m_samples[index].found = *found;
                showSamples();
                readNextSample(index + 1, companyIds);
            });
    job->start();
}

void ImportAnalyticsResultsPage::showSamples()
{
    m_readBackTable->setRowCount(int(m_samples.size()));
    for (int row = 0; row < m_samples.size(); ++row) {
        const Sample &sample = m_samples.at(row);
        const QString found = !sample.error.isEmpty() ? sample.error
            : sample.found < 0                        ? tr("…")
                                                      : QString::number(sample.found);
        const QStringList cells {sample.externalId, sample.dimensionId,
                                 QString::number(sample.sent), found};
        for (int column = 0; column < cells.size(); ++column)
            m_readBackTable->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_readBackTable->setVisible(!m_samples.isEmpty());
}

} // namespace Planhat
