// SPDX-License-Identifier: MIT
#include "importanalyticscheckpage.h"

#include "importwizard.h"
#include "importwizardstate.h"
#include "palettecolors.h"

#include "analytics/analyticsbatcher.h"
#include "analytics/analyticsfilereader.h"
#include "analytics/dimensionidcheck.h"
#include "api/planhatclient.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMap>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace Planhat {

ImportAnalyticsCheckPage::ImportAnalyticsCheckPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_summaryLabel(new QLabel(this))
    , m_metricsLabel(new QLabel(this))
    , m_problems(new QTableWidget(0, 5, this))
{
    setObjectName(QStringLiteral("analyticsCheckPage"));
    setTitle(tr("Check"));
    setSubTitle(tr("Every row is checked before anything is sent: the analytics host accepts "
                   "everything and reports no errors per row."));
    setButtonText(QWizard::NextButton, tr("&Send"));
    m_summaryLabel->setObjectName(QStringLiteral("checkSummaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_metricsLabel->setObjectName(QStringLiteral("metricIdsLabel"));
    m_metricsLabel->setWordWrap(true);
    m_problems->setObjectName(QStringLiteral("problemsTable"));
    m_problems->setHorizontalHeaderLabels(
        {tr("Row"), tr("Line"), tr("Column"), tr("Value"), tr("Problem")});
    m_problems->horizontalHeader()->setStretchLastSection(true);
    m_problems->verticalHeader()->hide();
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_metricsLabel);
    layout->addWidget(m_problems, 1);
}

ImportAnalyticsCheckPage::~ImportAnalyticsCheckPage() = default;

void ImportAnalyticsCheckPage::initializePage()
{
    m_state->analyticsContent.reset();
    m_problems->setRowCount(0);
    m_metricsLabel->clear();
    m_metricsLabel->setStyleSheet(QString());
    m_summaryLabel->setText(tr("Reading and checking %1…").arg(m_state->filePath));
    Q_EMIT completeChanged();

    TableOptions options;
    options.csv = m_state->csvOptions;
    options.csv.fileName = m_state->filePath;
    options.sheet = m_state->sheet;
    options.headerRow = m_state->headerRow;
    const QString path = m_state->filePath;
    const AnalyticsTarget target = m_state->analyticsTarget.value_or(AnalyticsTarget::Activities);
    const QHash<QString, int> columns = m_state->analyticsColumns;
    const quint64 generation = ++m_generation;
    auto result = std::make_shared<std::shared_ptr<const AnalyticsFileContent>>();
    // A file of a million rows takes seconds to read: not on the GUI thread. The thread
    // outlives the page if need be (it only writes `result`).
    QThread *thread = QThread::create([result, path, options, target, columns] {
        *result = std::make_shared<const AnalyticsFileContent>(
            AnalyticsFileReader::read(path, options, target, columns));
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, result, generation] {
        if (generation == m_generation && *result)
            show(*result);
    });
    thread->start();
}

void ImportAnalyticsCheckPage::show(const std::shared_ptr<const AnalyticsFileContent> &content)
{
    m_state->analyticsContent = content;
    if (!content->error.isEmpty()) {
        m_summaryLabel->setText(content->error);
        Q_EMIT completeChanged();
        return;
    }
    const QList<AnalyticsBatcher::Batch> batches
        = AnalyticsBatcher::split(content->rows, AnalyticsTargets::maxBodyBytes);
    QString summary
        = tr("%n row(s) can be sent in %1 request(s).", nullptr, int(content->rows.size()))
              .arg(batches.size());
    if (content->rowsRejected > 0)
        summary += QLatin1Char(' ')
            + tr("%n row(s) have problems and will not be sent.", nullptr,
                 int(content->rowsRejected));
    if (!m_state->client || m_state->client->tenantUuid().isEmpty())
        summary += QLatin1Char(' ')
            + tr("This connection has no tenant UUID, which the analytics host needs: set it in "
                 "the profile (Settings, Developer in Planhat shows it).");
    m_summaryLabel->setText(summary);

    m_problems->setRowCount(int(content->problems.size()));
    for (int row = 0; row < content->problems.size(); ++row) {
        const AnalyticsRowProblem &problem = content->problems.at(row);
        const QStringList cells {QString::number(problem.row), QString::number(problem.line),
                                 problem.column, problem.value, problem.message};
        for (int column = 0; column < cells.size(); ++column)
            m_problems->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_problems->setVisible(!content->problems.isEmpty());

    if (m_state->analyticsTarget == AnalyticsTarget::Metrics) {
        QMap<QString, int> counts;
        for (const QByteArray &row : content->rows)
            ++counts[QJsonDocument::fromJson(row)
                         .object()
                         .value(QStringLiteral("dimensionId"))
                         .toString()];
        QStringList parts;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            parts.append(tr("%1 (%n value(s))", nullptr, it.value()).arg(it.key()));
        m_metricsInFile = tr("Metrics in the file: %1.").arg(parts.join(QLatin1String(", ")));
        counts.remove(QString()); // rows without an id are problems already
        checkMetricIds(counts.keys());
    }
    Q_EMIT completeChanged();
}

void ImportAnalyticsCheckPage::checkMetricIds(const QStringList &ids)
{
    const QString confirm = tr("Check that these are the metric ids of the tenant: the analytics "
                               "host does not say when one is unknown, it drops its values.");
    if (!m_state->client || ids.isEmpty()) {
        m_metricsLabel->setText(m_metricsInFile + QLatin1Char(' ') + confirm);
        return;
    }
    m_metricsLabel->setStyleSheet(QString());
    m_metricsLabel->setText(m_metricsInFile + QLatin1Char(' ')
                            + tr("Asking Planhat which of these metrics it knows…"));
    // A new check each time: the connection may have changed since the last one.
    delete m_idCheck;
    m_idCheck = new DimensionIdCheck(m_state->client, this);
    {
        connect(m_idCheck, &DimensionIdCheck::finished, this,
                [this, confirm](const QStringList &unknown, const QStringList &unchecked,
                                const ApiError &error) {
                    QString text = m_metricsInFile + QLatin1Char(' ');
                    if (error.isError()) {
                        text += tr("Planhat could not be asked which metrics it knows (%1). ")
                                    .arg(error.toString())
                            + confirm;
                    } else if (!unknown.isEmpty()) {
                        text += tr("Planhat holds no values of %1 yet: check the spelling against "
                                   "the tenant's metrics. Values of a metric the tenant does not "
                                   "know are dropped by the analytics host without a word; a "
                                   "metric sent for the first time is listed here too.")
                                    .arg(unknown.join(QLatin1String(", ")));
                    } else {
                        text += tr("Planhat already holds values of each of them.");
                    }
                    if (!unchecked.isEmpty())
                        text += QLatin1Char(' ')
                            + tr("%n more metric(s) were not checked.", nullptr,
                                 int(unchecked.size()));
                    m_metricsLabel->setStyleSheet(
                        unknown.isEmpty() && !error.isError()
                            ? QString()
                            : PaletteColors::labelStyle(PaletteColors::errorText(palette())));
                    m_metricsLabel->setText(text);
                    Q_EMIT metricIdsChecked();
                });
    }
    m_idCheck->start(ids);
}

bool ImportAnalyticsCheckPage::isComplete() const
{
    const auto &content = m_state->analyticsContent;
    return content && content->error.isEmpty() && !content->rows.isEmpty() && m_state->client
        && !m_state->client->tenantUuid().isEmpty();
}

int ImportAnalyticsCheckPage::nextId() const
{
    return ImportWizard::AnalyticsResultsPage;
}

} // namespace Planhat
