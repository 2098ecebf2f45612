// SPDX-License-Identifier: MIT
// View > Metrics against a real planhat-sandbox seeded with the demo data: a company's
// metrics as the sandbox holds them, opened from the main window and from the company's
// details; sorting; and the errors a person must be told about (host unreachable, bad days).
#include "mainwindow.h"
#include "metricswindow.h"
#include "recorddetailview.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/metricrowsmodel.h"
#include "models/objectfilterproxymodel.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

/// (metric, ISO day, value) of one value, to compare what the window shows with the sandbox.
using Value = std::tuple<QString, QString, double>;

QList<Value> sorted(QList<Value> values)
{
    std::sort(values.begin(), values.end());
    return values;
}

} // namespace

class TestMetricsWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void showsTheSelectedCompanysMetrics();
    void detailViewOpensTheCompanysMetrics();
    void filtersByExternalIdMetricAndDays();
    void sortsByValue();
    void readsEveryValueUnderAPageCap();
    void saysWhenTheHostCannotBeReached();
    void saysWhenADayIsNotADate();

private:
    /// Every metric `sandbox` keeps (m_sandbox when null).
    QJsonArray sandboxMetrics(const SandboxProcess *sandbox = nullptr);
    QList<Value> sandboxValues(const QString &companyId, const QString &dimensionId = {},
                               const SandboxProcess *sandbox = nullptr);
    static QList<Value> shownValues(const MetricsWindow *window);
    static bool waitUntilLoaded(MainWindow &window);
    static bool selectCompany(MainWindow &window, const QString &companyId);
    /// The main window showing companies, the one with metrics (m_companyId) selected.
    std::unique_ptr<MainWindow> openWithCompanySelected();

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    QString m_companyId; // a seeded company with metrics
    QString m_companyName;
    QString m_companyExternalId;
};

void TestMetricsWindow::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_metricswindow");
    QSettings().clear();
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
    const QJsonArray metrics = sandboxMetrics();
    QVERIFY2(!metrics.isEmpty(), "the demo seed holds no metrics");
    const QJsonObject first = metrics.first().toObject();
    m_companyId = first.value("companyId").toString();
    m_companyName = first.value("companyName").toString();
    m_companyExternalId = first.value("externalId").toString();
    QVERIFY(!m_companyId.isEmpty());
    QVERIFY(!m_companyName.isEmpty());
}

void TestMetricsWindow::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
}

QJsonArray TestMetricsWindow::sandboxMetrics(const SandboxProcess *sandbox)
{
    // The control endpoint lists every metric the sandbox keeps, without paging or filters.
    QNetworkAccessManager network;
    const QUrl base = (sandbox ? sandbox : &m_sandbox)->url();
    QNetworkRequest request(base.resolved(QUrl("/_sandbox/dimensiondata")));
    request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
    QNetworkReply *reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(10000))
        return {};
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).array();
}

QList<Value> TestMetricsWindow::sandboxValues(const QString &companyId, const QString &dimensionId,
                                              const SandboxProcess *sandbox)
{
    QList<Value> values;
    for (const QJsonValue &value : sandboxMetrics(sandbox)) {
        const QJsonObject metric = value.toObject();
        if (!companyId.isEmpty() && metric.value("companyId").toString() != companyId)
            continue;
        if (!dimensionId.isEmpty() && metric.value("dimensionId").toString() != dimensionId)
            continue;
        values.append({metric.value("dimensionId").toString(),
                       metric.value("date").toString().left(10), metric.value("value").toDouble()});
    }
    return sorted(values);
}

QList<Value> TestMetricsWindow::shownValues(const MetricsWindow *window)
{
    // Read through the view's own (sorted) model: what a person sees.
    const QAbstractItemModel *model = window->tableView()->model();
    QList<Value> values;
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto cell = [&](int column) {
            return model->index(row, column).data();
        };
        values.append({cell(MetricRowsModel::MetricColumn).toString(),
                       cell(MetricRowsModel::DateColumn).toDate().toString(Qt::ISODate),
                       cell(MetricRowsModel::ValueColumn).toDouble()});
    }
    return sorted(values);
}

bool TestMetricsWindow::waitUntilLoaded(MainWindow &window)
{
    return QTest::qWaitFor(
        [&window] {
            return window.tableModel() && !window.tableModel()->isLoading()
                && window.tableModel()->rowCount() > 0;
        },
        20000);
}

bool TestMetricsWindow::selectCompany(MainWindow &window, const QString &companyId)
{
    for (int row = 0; row < window.proxyModel()->rowCount(); ++row) {
        const QModelIndex index = window.proxyModel()->index(row, 0);
        const QJsonObject record
            = window.tableModel()->record(window.proxyModel()->mapToSource(index).row());
        if (record.value("_id").toString() == companyId) {
            window.tableView()->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

std::unique_ptr<MainWindow> TestMetricsWindow::openWithCompanySelected()
{
    auto window = std::make_unique<MainWindow>(m_client.get(), "gui-test");
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()) || !window->showType("companies")
        || !waitUntilLoaded(*window) || !selectCompany(*window, m_companyId))
        return nullptr;
    return window;
}

void TestMetricsWindow::showsTheSelectedCompanysMetrics()
{
    const auto window = openWithCompanySelected();
    QVERIFY(window);
    auto *action = window->findChild<QAction *>("actionShowMetrics");
    QVERIFY(action);
    QVERIFY(!action->shortcut().isEmpty()); // reachable from the keyboard
    action->trigger();
    auto *metrics = window->findChild<MetricsWindow *>("metricsWindow");
    QVERIFY(metrics);
    QVERIFY(metrics->isVisible());
    QCOMPARE(metrics->findChild<QLineEdit *>("companyFilter")->text(), m_companyId);
    QVERIFY(metrics->windowTitle().contains(m_companyName));
    // It reads in the background (no answer can have come before the event loop runs), and
    // a busy bar says so meanwhile.
    QVERIFY(metrics->isLoading());
    QVERIFY(metrics->findChild<QProgressBar *>("metricsBusy")->isVisible());
    QSignalSpy finished(metrics, &MetricsWindow::loadFinished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!metrics->findChild<QProgressBar *>("metricsBusy")->isVisible());
    QVERIFY(!metrics->showsError());

    const QList<Value> expected = sandboxValues(m_companyId);
    QVERIFY(expected.size() >= 2);
    QCOMPARE(shownValues(metrics), expected);
    QCOMPARE(metrics->statusText(), QString("%1 value(s).").arg(expected.size()));
    // Every row is the chosen company's, by name.
    const QAbstractItemModel *model = metrics->tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, MetricRowsModel::CompanyColumn).data().toString(),
                 m_companyName);

    // Triggered again, the one window comes back to the front instead of a second one.
    action->trigger();
    QCOMPARE(window->findChildren<MetricsWindow *>().size(), 1);
}

void TestMetricsWindow::detailViewOpensTheCompanysMetrics()
{
    const auto window = openWithCompanySelected();
    QVERIFY(window);
    auto *details = window->findChild<RecordDetailView *>("detailView");
    QPushButton *button = nullptr;
    QTRY_VERIFY((button = details->findChild<QPushButton *>("showMetricsButton")));
    QVERIFY(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *metrics = window->findChild<MetricsWindow *>("metricsWindow");
    QVERIFY(metrics);
    QTRY_VERIFY_WITH_TIMEOUT(!metrics->isLoading() && metrics->metricsModel()->rowCount() > 0,
                             20000);
    QCOMPARE(shownValues(metrics), sandboxValues(m_companyId));

    // Another type's records have no metrics button.
    QVERIFY(window->showType("endusers"));
    QVERIFY(waitUntilLoaded(*window));
    window->tableView()->setCurrentIndex(window->proxyModel()->index(0, 0));
    QTRY_VERIFY(!details->findChild<QPushButton *>("showMetricsButton"));
}

void TestMetricsWindow::filtersByExternalIdMetricAndDays()
{
    MetricsWindow window(m_client.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<Value> logins = sandboxValues(m_companyId, "logins");
    QVERIFY(logins.size() >= 3);
    // The middle days only, by the company's external id, typed as a person would.
    const QString from = std::get<1>(logins.at(1));
    const QString to = std::get<1>(logins.at(logins.size() - 2));
    QTest::keyClicks(window.findChild<QLineEdit *>("companyFilter"),
                     "extid-" + m_companyExternalId);
    QTest::keyClicks(window.findChild<QLineEdit *>("metricFilter"), "logins");
    QTest::keyClicks(window.findChild<QLineEdit *>("fromFilter"), from);
    auto *toEdit = window.findChild<QLineEdit *>("toFilter");
    QTest::keyClicks(toEdit, to);
    QSignalSpy finished(&window, &MetricsWindow::loadFinished);
    QTest::keyClick(toEdit, Qt::Key_Return); // the Show button is the default
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(shownValues(&window), logins.mid(1, logins.size() - 2));
}

void TestMetricsWindow::sortsByValue()
{
    MetricsWindow window(m_client.get());
    window.setCompany(m_companyId);
    window.show();
    QSignalSpy finished(&window, &MetricsWindow::loadFinished);
    window.load();
    QVERIFY(finished.wait(20000));
    QTableView *table = window.tableView();
    QVERIFY(table->model()->rowCount() >= 2);
    // Values sort as numbers (9 before 10), both ways, from a click on the header.
    const auto valuesInOrder = [table] {
        QList<double> values;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            values.append(
                table->model()->index(row, MetricRowsModel::ValueColumn).data().toDouble());
        return values;
    };
    table->sortByColumn(MetricRowsModel::ValueColumn, Qt::AscendingOrder);
    QList<double> values = valuesInOrder();
    QVERIFY(std::is_sorted(values.begin(), values.end()));
    QVERIFY(values.first() < values.last());
    table->sortByColumn(MetricRowsModel::ValueColumn, Qt::DescendingOrder);
    values = valuesInOrder();
    QVERIFY(std::is_sorted(values.rbegin(), values.rend()));
}

void TestMetricsWindow::readsEveryValueUnderAPageCap()
{
    // The real API may answer fewer rows than `limit` asks for; a short page is not the end.
    // Every value of the tenant must still show, each once, over many capped pages.
    SandboxProcess capped;
    QVERIFY2(capped.start({"--seed", "demo", "--page-cap", "10"}),
             qPrintable(capped.errorString()));
    PlanhatClient client(capped.url());
    client.setToken(SandboxProcess::token());
    const QList<Value> expected = sandboxValues({}, {}, &capped);
    QVERIFY(expected.size() > 10 * 5); // many pages
    MetricsWindow window(&client);
    window.show();
    QSignalSpy finished(&window, &MetricsWindow::loadFinished);
    window.load(); // no company: the whole tenant
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY2(!window.showsError(), qPrintable(window.statusText()));
    QCOMPARE(shownValues(&window), expected);
    QCOMPARE(window.statusText(), QString("%1 value(s).").arg(expected.size()));
}

void TestMetricsWindow::saysWhenTheHostCannotBeReached()
{
    // A loopback port nobody listens on: taken, then given back.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QUrl deadUrl(QString("http://127.0.0.1:%1").arg(probe.serverPort()));
    probe.close();
    PlanhatClient client(deadUrl);
    client.setToken(SandboxProcess::token());
    MetricsWindow window(&client);
    window.setCompany(m_companyId);
    window.show();
    QSignalSpy finished(&window, &MetricsWindow::loadFinished);
    window.load();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(window.showsError());
    QVERIFY(!window.findChild<QProgressBar *>("metricsBusy")->isVisible());
    QVERIFY2(window.statusText().startsWith("Could not read the metrics"),
             qPrintable(window.statusText()));
    // It names the host to check, not only that something failed.
    QVERIFY2(window.statusText().contains(deadUrl.toDisplayString()),
             qPrintable(window.statusText()));
    QCOMPARE(window.metricsModel()->rowCount(), 0);
}

void TestMetricsWindow::saysWhenADayIsNotADate()
{
    MetricsWindow window(m_client.get());
    window.show();
    QTest::keyClicks(window.findChild<QLineEdit *>("fromFilter"), "last tuesday");
    QSignalSpy finished(&window, &MetricsWindow::loadFinished);
    QTest::mouseClick(window.findChild<QPushButton *>("showMetricsButton"), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(window.showsError());
    QVERIFY2(window.statusText().contains("'last tuesday' is not a date"),
             qPrintable(window.statusText()));
    QVERIFY(!window.isLoading());

    window.findChild<QLineEdit *>("fromFilter")->setText("2024-05-02");
    window.findChild<QLineEdit *>("toFilter")->setText("2024-05-01");
    window.load();
    QVERIFY(window.showsError());
    QCOMPARE(window.statusText(), QString("The From day is after the To day."));
}

QTEST_MAIN(TestMetricsWindow)
#include "tst_metricswindow.moc"
