// SPDX-License-Identifier: MIT
// The import wizard's User activities and Metrics targets against a real planhat-sandbox,
// driven through the real widgets: mapping, the check page's problems, sending, the plain
// note that the analytics host processes later, and reading metrics back.
#include "importwizard.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "schema/customfieldcatalog.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

const QString tenant = QStringLiteral("5b2a9c1e-8d4f-4e6a-9b3c-7f1d2e3a4b5c");

} // namespace

class TestAnalyticsWizard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sendsMetricsAndReadsThemBack();
    void sendsActivities();
    void saysWhenTheConnectionHasNoTenant();
    void warnsOfMetricIdsPlanhatHasNoValuesOf();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QJsonArray received(const QString &what);
    ImportWizard *openWizard(const QString &path, const QString &targetLabel);
    static void clickNext(ImportWizard *wizard);

    SandboxProcess m_sandbox;
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<ImportWizard> m_wizard;
    QTemporaryDir m_dir;
};

void TestAnalyticsWizard::initTestCase()
{
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_analyticswizard");
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestAnalyticsWizard::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
    // No analytics URL: a loopback base URL is its own analytics host.
    m_client->setAnalytics(QUrl(), tenant);
}

void TestAnalyticsWizard::cleanup()
{
    m_wizard.reset();
    m_client.reset();
}

QString TestAnalyticsWizard::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QJsonArray TestAnalyticsWizard::received(const QString &what)
{
    QNetworkAccessManager network;
    QNetworkRequest request(m_sandbox.url().resolved(QUrl("/_sandbox/" + what)));
    request.setRawHeader("Authorization", "Bearer " + SandboxProcess::token().toUtf8());
    QNetworkReply *reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(30000))
        return {};
    const QJsonArray array = QJsonDocument::fromJson(reply->readAll()).array();
    reply->deleteLater();
    return array;
}

void TestAnalyticsWizard::clickNext(ImportWizard *wizard)
{
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

ImportWizard *TestAnalyticsWizard::openWizard(const QString &path, const QString &targetLabel)
{
    m_wizard = std::make_unique<ImportWizard>(m_client.get(), CustomFieldCatalog(),
                                              QStringLiteral("companies"));
    m_wizard->show();
    if (!QTest::qWaitForWindowExposed(m_wizard.get()))
        return nullptr;
    m_wizard->setFilePath(path);
    if (!QTest::qWaitFor([this] { return m_wizard->button(QWizard::NextButton)->isEnabled(); }))
        return nullptr;
    QTest::mouseClick(m_wizard->button(QWizard::NextButton), Qt::LeftButton);
    if (m_wizard->currentId() != ImportWizard::TargetPage)
        return nullptr;
    auto *typeCombo = m_wizard->findChild<QComboBox *>("typeCombo");
    const int index = typeCombo->findText(targetLabel);
    if (index < 0)
        return nullptr;
    typeCombo->setCurrentIndex(index);
    return m_wizard.get();
}

void TestAnalyticsWizard::sendsMetricsAndReadsThemBack()
{
    const QString path = writeFile("metrics.csv",
                                   "Metric,Value,Company External Id,Date\n"
                                   "wizard_logins,3,CUST-0010,2024-05-01\n"
                                   "wizard_logins,4,CUST-0010,2024-05-02\n"
                                   "wizard_logins,lots,CUST-0011,2024-05-01\n"
                                   "wizard_logins,5,CUST-0011,2024-05-02\n"
                                   "wizard_seats,9,CUST-0011,2024-05-02\n");
    ImportWizard *wizard = openWizard(path, "Metrics");
    QVERIFY(wizard);
    // No key or mode for the analytics host; it is said that it processes later.
    QVERIFY(!wizard->findChild<QComboBox *>("keyCombo")->isVisible());
    QVERIFY(wizard->findChild<QLabel *>("explanationLabel")->text().contains("processes it later"));
    clickNext(wizard);

    // Columns: guessed from the headers.
    QCOMPARE(wizard->currentId(), int(ImportWizard::AnalyticsMappingPage));
    QCOMPARE(wizard->findChild<QComboBox *>("field_dimensionId")->currentText(), QString("Metric"));
    QCOMPARE(wizard->findChild<QComboBox *>("field_value")->currentText(), QString("Value"));
    auto *externalId = wizard->findChild<QComboBox *>("field_externalId");
    QCOMPARE(externalId->currentText(), QString("Company External Id"));
    QCOMPARE(wizard->findChild<QComboBox *>("field_date")->currentText(), QString("Date"));
    // Without an external id column nothing can be sent.
    externalId->setCurrentIndex(0);
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(wizard->findChild<QLabel *>("mappingProblemLabel")->text().contains("externalId"));
    externalId->setCurrentIndex(externalId->findText("Company External Id"));
    clickNext(wizard);

    // Check: one bad row, with its row, line, column, value and reason.
    QCOMPARE(wizard->currentId(), int(ImportWizard::AnalyticsCheckPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 20000);
    const QString summary = wizard->findChild<QLabel *>("checkSummaryLabel")->text();
    QVERIFY2(summary.contains("4 row(s) can be sent in 1 request(s)."), qPrintable(summary));
    QVERIFY2(summary.contains("1 row(s) have problems and will not be sent."), qPrintable(summary));
    auto *problems = wizard->findChild<QTableWidget *>("problemsTable");
    QCOMPARE(problems->rowCount(), 1);
    QCOMPARE(problems->item(0, 0)->text(), QString("3"));
    QCOMPARE(problems->item(0, 1)->text(), QString("4"));
    QCOMPARE(problems->item(0, 2)->text(), QString("Value"));
    QCOMPARE(problems->item(0, 3)->text(), QString("lots"));
    QCOMPARE(problems->item(0, 4)->text(), QString("not a number"));
    const QString metricIds = wizard->findChild<QLabel *>("metricIdsLabel")->text();
    QVERIFY2(metricIds.contains("wizard_logins (3 value(s))") && metricIds.contains("wizard_seats"),
             qPrintable(metricIds));
    // Planhat is asked which of these metrics it holds values of: neither, so both are named.
    auto *metricIdsLabel = wizard->findChild<QLabel *>("metricIdsLabel");
    QTRY_VERIFY_WITH_TIMEOUT(metricIdsLabel->text().contains(
                                 "Planhat holds no values of wizard_logins, wizard_seats yet"),
                             20000);
    clickNext(wizard);

    // Results: sent, with the plain word that the host processes later.
    QCOMPARE(wizard->currentId(), int(ImportWizard::AnalyticsResultsPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::FinishButton)->isEnabled(), 20000);
    const QString sent = wizard->findChild<QLabel *>("sendSummaryLabel")->text();
    QVERIFY2(sent.contains("Sent 4 row(s) in 1 request(s); 1 row(s) were rejected"),
             qPrintable(sent));
    QVERIFY(
        wizard->findChild<QLabel *>("processingNoteLabel")->text().contains("processes it later"));
    QList<double> values;
    for (const QJsonValue &row : received("dimensiondata")) {
        if (row.toObject().value("dimensionId").toString().startsWith("wizard_"))
            values.append(row.toObject().value("value").toDouble());
    }
    QCOMPARE(values, (QList<double> {3, 4, 5, 9}));

    // Read back for the companies of the file: everything sent is there.
    auto *readBack = wizard->findChild<QPushButton *>("readBackButton");
    QVERIFY(readBack->isVisible());
    QTest::mouseClick(readBack, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        wizard->findChild<QLabel *>("readBackLabel")->text().contains("Every value sent"), 20000);
    auto *table = wizard->findChild<QTableWidget *>("readBackTable");
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(0, 0)->text(), QString("CUST-0010"));
    QCOMPARE(table->item(0, 1)->text(), QString("wizard_logins"));
    QCOMPARE(table->item(0, 2)->text(), QString("2"));
    QCOMPARE(table->item(0, 3)->text(), QString("2"));
    QCOMPARE(table->item(2, 1)->text(), QString("wizard_seats"));
    QCOMPARE(table->item(2, 3)->text(), QString("1"));
}

void TestAnalyticsWizard::sendsActivities()
{
    const QString path = writeFile("activities.csv",
                                   "email,action,date,count\n"
                                   "wiz@example.com,Opened wizard,2024-05-03,2\n"
                                   "not-an-email,Opened wizard,,\n");
    const qsizetype before = received("analytics").size();
    ImportWizard *wizard = openWizard(path, "User activities");
    QVERIFY(wizard);
    clickNext(wizard);
    QCOMPARE(wizard->currentId(), int(ImportWizard::AnalyticsMappingPage));
    QCOMPARE(wizard->findChild<QComboBox *>("field_email")->currentText(), QString("email"));
    clickNext(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 20000);
    auto *problems = wizard->findChild<QTableWidget *>("problemsTable");
    QCOMPARE(problems->rowCount(), 1);
    QCOMPARE(problems->item(0, 4)->text(), QString("not an email address"));
    clickNext(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::FinishButton)->isEnabled(), 20000);
    QVERIFY(!wizard->findChild<QPushButton *>("readBackButton")->isVisible()); // metrics only
    const QJsonArray events = received("analytics");
    QCOMPARE(events.size(), before + 1);
    QCOMPARE(events.last().toObject(),
             (QJsonObject {{"email", "wiz@example.com"},
                           {"action", "Opened wizard"},
                           {"date", "2024-05-03T00:00:00.000Z"},
                           {"count", 2}}));
}

void TestAnalyticsWizard::saysWhenTheConnectionHasNoTenant()
{
    m_client->setAnalytics(QUrl(), QString());
    const QString path = writeFile("none.csv", "email,action\na@b.c,x\n");
    ImportWizard *wizard = openWizard(path, "User activities");
    QVERIFY(wizard);
    QVERIFY(wizard->findChild<QLabel *>("explanationLabel")->text().contains("no tenant UUID"));
    clickNext(wizard);
    clickNext(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(
        wizard->findChild<QLabel *>("checkSummaryLabel")->text().contains("no tenant UUID"), 20000);
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // nothing can be sent
}

void TestAnalyticsWizard::warnsOfMetricIdsPlanhatHasNoValuesOf()
{
    // The demo tenant holds values of "logins"; "loginz" is a typo of it.
    const QString path = writeFile("typo.csv",
                                   "Metric,Value,Company External Id,Date\n"
                                   "logins,3,CUST-0001,2024-05-01\n"
                                   "loginz,4,CUST-0001,2024-05-02\n");
    ImportWizard *wizard = openWizard(path, "Metrics");
    QVERIFY(wizard);
    clickNext(wizard);
    clickNext(wizard);
    QCOMPARE(wizard->currentId(), int(ImportWizard::AnalyticsCheckPage));
    auto *page = wizard->findChild<QWidget *>("analyticsCheckPage");
    QVERIFY(page);
    QSignalSpy checked(page, SIGNAL(metricIdsChecked()));
    QVERIFY(checked.wait(20000));
    const QString text = wizard->findChild<QLabel *>("metricIdsLabel")->text();
    QVERIFY2(text.contains("Planhat holds no values of loginz yet: check the spelling"),
             qPrintable(text));
    QVERIFY2(!text.contains("values of logins"), qPrintable(text));
    // A warning, not a refusal: a metric sent for the first time is legitimate.
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());

    // Only known metrics: said plainly.
    const QString known = writeFile("known.csv",
                                    "Metric,Value,Company External Id,Date\n"
                                    "logins,3,CUST-0001,2024-05-01\n"
                                    "active_users,2,CUST-0001,2024-05-01\n");
    wizard = openWizard(known, "Metrics");
    QVERIFY(wizard);
    clickNext(wizard);
    clickNext(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->findChild<QLabel *>("metricIdsLabel")
                                 ->text()
                                 .contains("Planhat already holds values of each of them."),
                             20000);
}

QTEST_MAIN(TestAnalyticsWizard)
#include "tst_analyticswizard.moc"
