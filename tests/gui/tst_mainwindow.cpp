// SPDX-License-Identifier: MIT
// The main window against a real planhat-sandbox, driven through its widgets.
#include "mainwindow.h"
#include "recorddetailview.h"
#include "requestlogmodel.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/objectfilterproxymodel.h"
#include "models/objecttablemodel.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void loadsTheFirstTypeWithCustomColumns();
    void ctrlFFiltersTheTable();
    void selectingARowShowsItsFields();
    void referencesShowNames();
    void requestLogShowsRequestsButNoToken();
    void remembersTheLastType();
    void failedLoadSaysWhy();
    void everyMenuActionHasItsOwnShortcut();

private:
    static bool waitUntilLoaded(MainWindow &window, int minimumRows = 1);
    std::unique_ptr<PlanhatClient> m_client;
    SandboxProcess m_sandbox;
};

bool TestMainWindow::waitUntilLoaded(MainWindow &window, int minimumRows)
{
    return QTest::qWaitFor(
        [&window, minimumRows] {
            return window.tableModel() && !window.tableModel()->isLoading()
                && window.tableModel()->rowCount() >= minimumRows;
        },
        20000);
}

void TestMainWindow::initTestCase()
{
    // Settings of this test go to their own file, never the user's.
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_mainwindow");
    QSettings().clear();
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestMainWindow::init()
{
    m_client = std::make_unique<PlanhatClient>(m_sandbox.url());
    m_client->setToken(SandboxProcess::token());
}

void TestMainWindow::loadsTheFirstTypeWithCustomColumns()
{
    QSettings().remove("mainWindow/lastType");
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(waitUntilLoaded(window, 50));
    QCOMPARE(window.currentTypeName(), QStringLiteral("companies"));
    QVERIFY(window.tableModel()->columnOf("name") >= 0);
    bool hasCustomColumn = false;
    for (const ObjectColumn &column : window.tableModel()->availableColumns())
        hasCustomColumn = hasCustomColumn || column.field().isCustom();
    QVERIFY2(hasCustomColumn, "the tenant's custom fields are columns");
    QVERIFY(window.statusBar()->findChildren<QLabel *>().size() >= 3);
    QVERIFY(window.windowTitle().contains("Companies"));
}

void TestMainWindow::ctrlFFiltersTheTable()
{
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showType("companies"));
    QVERIFY(waitUntilLoaded(window, 50));
    const int all = window.proxyModel()->rowCount();
    const QString name = window.tableModel()->record(0).value("name").toString();
    const QString word = name.section(' ', 0, 0);

    // Shortcuts reach the active window only, as on a desktop.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+F")));
    auto *filter = window.findChild<QLineEdit *>("quickFilter");
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, word);
    QTRY_VERIFY(window.proxyModel()->rowCount() < all);
    QVERIFY(window.proxyModel()->rowCount() >= 1);
    for (int row = 0; row < window.proxyModel()->rowCount(); ++row) {
        const QModelIndex source
            = window.proxyModel()->mapToSource(window.proxyModel()->index(row, 0));
        const QJsonObject record = window.tableModel()->record(source.row());
        bool matches = false;
        for (auto it = record.begin(); it != record.end() && !matches; ++it)
            matches = QJsonDocument(QJsonArray {it.value()}).toJson().contains(word.toUtf8());
        QVERIFY2(matches, qPrintable(record.value("name").toString()));
    }
    filter->clear();
    QTRY_COMPARE(window.proxyModel()->rowCount(), all);
}

void TestMainWindow::selectingARowShowsItsFields()
{
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(window.showType("companies"));
    QVERIFY(waitUntilLoaded(window, 10));
    auto *table = window.findChild<QTableView *>("tableView");
    auto *details = window.findChild<RecordDetailView *>("detailView");
    table->setFocus();
    table->setCurrentIndex(window.proxyModel()->index(3, 0));
    const QModelIndex source = window.proxyModel()->mapToSource(table->currentIndex());
    const QJsonObject record = window.tableModel()->record(source.row());
    QCOMPARE(details->shownText("name"), record.value("name").toString());
    QCOMPARE(details->shownText("externalId"), record.value("externalId").toString());
    // Keyboard navigation moves the details along.
    QTest::keyClick(table, Qt::Key_Down);
    const QJsonObject next = window.tableModel()->record(
        window.proxyModel()->mapToSource(table->currentIndex()).row());
    QCOMPARE(details->shownText("name"), next.value("name").toString());
}

void TestMainWindow::referencesShowNames()
{
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(window.showType("endusers"));
    QVERIFY(waitUntilLoaded(window, 10));
    const int companyColumn = window.tableModel()->columnOf("companyId");
    QVERIFY(companyColumn >= 0);
    const QModelIndex cell = window.tableModel()->index(0, companyColumn);
    const QString id = window.tableModel()->record(0).value("companyId").toString();
    // Names arrive with a separate lean list; the cell shows the id until then.
    QTRY_VERIFY_WITH_TIMEOUT(cell.data().toString() != id && !cell.data().toString().isEmpty(),
                             10000);
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(id));

    auto *table = window.findChild<QTableView *>("tableView");
    table->setCurrentIndex(window.proxyModel()->mapFromSource(window.tableModel()->index(0, 0)));
    auto *details = window.findChild<RecordDetailView *>("detailView");
    QCOMPARE(details->shownText("companyId"), cell.data().toString());
}

void TestMainWindow::requestLogShowsRequestsButNoToken()
{
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(window.showType("licenses"));
    QVERIFY(waitUntilLoaded(window, 1));
    RequestLogModel *log = window.requestLog();
    QVERIFY(log->rowCount() >= 1);
    bool sawLicenses = false;
    for (int row = 0; row < log->rowCount(); ++row) {
        for (int column = 0; column < log->columnCount(); ++column) {
            const QString text = log->index(row, column).data().toString();
            QVERIFY(!text.contains(SandboxProcess::token()));
            sawLicenses = sawLicenses || text.startsWith("/licenses");
        }
    }
    QVERIFY(sawLicenses);
    QCOMPARE(log->index(log->rowCount() - 1, RequestLogModel::Status).data().toInt(), 200);
}

void TestMainWindow::remembersTheLastType()
{
    {
        MainWindow window(m_client.get(), "gui-test");
        window.show();
        QVERIFY(window.showType("projects"));
        QVERIFY(waitUntilLoaded(window, 1));
        window.resize(1111, 777);
        window.close();
    }
    MainWindow again(m_client.get(), "gui-test");
    again.show();
    QVERIFY(waitUntilLoaded(again, 1));
    QCOMPARE(again.currentTypeName(), QStringLiteral("projects"));
    QCOMPARE(again.size(), QSize(1111, 777));
}

void TestMainWindow::failedLoadSaysWhy()
{
    m_client->setToken("not-the-right-token");
    MainWindow window(m_client.get(), "gui-test");
    window.show();
    QVERIFY(window.showType("companies"));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains("401"), 10000);
    QVERIFY(!window.statusBar()->currentMessage().contains("not-the-right-token"));
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::everyMenuActionHasItsOwnShortcut()
{
    MainWindow window(m_client.get(), "shortcut-test");
    QHash<QString, QString> actionByShortcut;
    QStringList missing;
    const QList<QMenu *> menus = window.findChildren<QMenu *>();
    QVERIFY(menus.size() >= 4); // File, Edit, Records, View at least
    for (QMenu *menu : menus) {
        for (QAction *action : menu->actions()) {
            if (action->isSeparator() || action->menu() || action->text().isEmpty())
                continue;
            const QString text = action->text().remove('&');
            if (action->shortcut().isEmpty()) {
                missing.append(text);
                continue;
            }
            const QString keys = action->shortcut().toString();
            const QString other = actionByShortcut.value(keys);
            QVERIFY2(other.isEmpty() || other == text,
                     qPrintable(QString("%1 and %2 share %3").arg(other, text, keys)));
            actionByShortcut.insert(keys, text);
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable("no shortcut: " + missing.join(", ")));
    QVERIFY2(actionByShortcut.size() >= 15, "the menus' actions were all seen");
}

#include "tst_mainwindow.moc"
