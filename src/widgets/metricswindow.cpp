// SPDX-License-Identifier: MIT
#include "metricswindow.h"

#include "palettecolors.h"

#include "analytics/analyticsrowconverter.h"
#include "analytics/metricsreader.h"
#include "api/planhatclient.h"
#include "models/metricrowsmodel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Planhat {

namespace {

/// The day `edit` names, nullopt when it is empty; false when it holds no date.
bool readDay(const QLineEdit *edit, std::optional<QDate> *day)
{
    const QString text = edit->text().trimmed();
    day->reset();
    if (text.isEmpty())
        return true;
    const auto parsed = AnalyticsRowConverter::parseDate(text);
    if (!parsed)
        return false;
    *day = parsed->date();
    return true;
}

} // namespace

MetricsWindow::MetricsWindow(PlanhatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_reader(new MetricsReader(client, this))
    , m_model(new MetricRowsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_companyEdit(new QLineEdit(this))
    , m_dimensionEdit(new QLineEdit(this))
    , m_fromEdit(new QLineEdit(this))
    , m_toEdit(new QLineEdit(this))
    , m_loadButton(new QPushButton(tr("&Show"), this))
    , m_busyBar(new QProgressBar(this))
    , m_statusLabel(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("metricsWindow"));
    setWindowTitle(tr("Metrics"));
    // A window of its own (minimise, maximise) beside the main one, not a modal question.
    setWindowFlag(Qt::Window);
    setSizeGripEnabled(true);

    m_companyEdit->setObjectName(QStringLiteral("companyFilter"));
    m_companyEdit->setPlaceholderText(tr("All companies; or an id, extid-… or srcid-…"));
    m_companyEdit->setClearButtonEnabled(true);
    m_dimensionEdit->setObjectName(QStringLiteral("metricFilter"));
    m_dimensionEdit->setPlaceholderText(tr("All metrics; or a dimension id"));
    m_dimensionEdit->setClearButtonEnabled(true);
    for (QLineEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setPlaceholderText(tr("YYYY-MM-DD"));
        edit->setClearButtonEnabled(true);
    }
    m_fromEdit->setObjectName(QStringLiteral("fromFilter"));
    m_toEdit->setObjectName(QStringLiteral("toFilter"));
    m_loadButton->setObjectName(QStringLiteral("showMetricsButton"));
    m_loadButton->setDefault(true); // Return in any filter reads
    m_loadButton->setToolTip(tr("Read the metrics these filters select from Planhat"));

    auto *filters = new QFormLayout();
    filters->addRow(tr("&Company:"), m_companyEdit);
    filters->addRow(tr("&Metric:"), m_dimensionEdit);
    auto *days = new QHBoxLayout();
    days->addWidget(m_fromEdit);
    auto *toLabel = new QLabel(tr("&to"), this);
    toLabel->setBuddy(m_toEdit);
    days->addWidget(toLabel);
    days->addWidget(m_toEdit);
    days->addWidget(m_loadButton);
    filters->addRow(tr("&From:"), days);

    m_busyBar->setObjectName(QStringLiteral("metricsBusy"));
    m_busyBar->setRange(0, 0); // pages come until one is empty: no total to show
    m_busyBar->setMaximumHeight(m_busyBar->sizeHint().height() / 2);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    m_statusLabel->setObjectName(QStringLiteral("metricsStatus"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MetricRowsModel::DateColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Metric values"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_busyBar);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(640, 480);
    showStatus(tr("Name a company, a metric or days, then press Show; with no filters it reads "
                  "the metrics of every company."),
               false);

    connect(m_loadButton, &QPushButton::clicked, this, &MetricsWindow::load);
    connect(m_reader, &MetricsReader::rowsReceived, this, [this](const QList<QJsonObject> &rows) {
        m_model->appendRows(rows);
        showStatus(tr("Reading metrics… %n value(s) so far", nullptr, m_model->rowCount()), false);
    });
    connect(m_reader, &MetricsReader::finished, this, &MetricsWindow::handleFinished);
}

MetricsWindow::~MetricsWindow() = default;

void MetricsWindow::setCompany(const QString &companyKey, const QString &companyName)
{
    m_companyEdit->setText(companyKey);
    setWindowTitle(companyName.isEmpty() ? tr("Metrics") : tr("Metrics of %1").arg(companyName));
}

bool MetricsWindow::isLoading() const
{
    return m_reader->isRunning();
}

QString MetricsWindow::statusText() const
{
    return m_statusLabel->text();
}

void MetricsWindow::load()
{
    m_reader->abort();
    m_model->clear();
    MetricsQuery query;
    if (!readDay(m_fromEdit, &query.from) || !readDay(m_toEdit, &query.to)) {
        const QLineEdit *bad = readDay(m_fromEdit, &query.from) ? m_toEdit : m_fromEdit;
        showStatus(tr("'%1' is not a date: write it as 2024-05-01.").arg(bad->text().trimmed()),
                   true);
        Q_EMIT loadFinished(false);
        return;
    }
    if (query.from && query.to && *query.from > *query.to) {
        showStatus(tr("The From day is after the To day."), true);
        Q_EMIT loadFinished(false);
        return;
    }
    query.dimensionId = m_dimensionEdit->text().trimmed();
    setBusy(true);
    showStatus(tr("Reading metrics…"), false);
    m_reader->start(m_companyEdit->text(), query);
}

void MetricsWindow::handleFinished(const ApiError &error)
{
    setBusy(false);
    if (error.isError()) {
        showStatus(
            tr("Could not read the metrics: %1. %2").arg(m_reader->errorMessage(), hintFor(error)),
            true);
        Q_EMIT loadFinished(false);
        return;
    }
    const int count = m_model->rowCount();
    showStatus(count == 0 ? tr("No metrics match these filters.")
                          : tr("%n value(s).", nullptr, count),
               false);
    m_table->resizeColumnsToContents();
    Q_EMIT loadFinished(true);
}

QString MetricsWindow::hintFor(const ApiError &error) const
{
    switch (error.kind()) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return tr("Check that %1 can be reached, then press Show again.")
            .arg(m_client->baseUrl().toDisplayString());
    case ApiError::Kind::Auth:
        return tr("The API token was refused: check the profile's token.");
    case ApiError::Kind::NotFound:
        return tr("Check the company filter: use the company's id, extid-… or srcid-….");
    default:
        return tr("Check the filters, then press Show again.");
    }
}

void MetricsWindow::showStatus(const QString &text, bool isError)
{
    m_showsError = isError;
    m_statusLabel->setText(text);
    m_statusLabel->setStyleSheet(
        isError ? PaletteColors::labelStyle(PaletteColors::errorText(palette())) : QString());
    // Screen readers hear what changed, not just a colour.
    m_statusLabel->setAccessibleName(isError ? tr("Error") : tr("Status"));
}

void MetricsWindow::setBusy(bool busy)
{
    m_busyBar->setVisible(busy);
}

} // namespace Planhat
