// SPDX-License-Identifier: MIT
// First run and look of the desktop app, on a real X server: the welcome page when there is
// no profile, "Try the demo" starting a real planhat-sandbox child and showing its
// companies, "Connect to Planhat" opening the profile dialog, the About dialog, action icons
// from the resources and colours that follow a dark palette.
#include "aboutdialog.h"
#include "celleditordelegate.h"
#include "connectioncontroller.h"
#include "demosandbox.h"
#include "mainwindow.h"
#include "palettecolors.h"
#include "profiledialog.h"
#include "sandboxprocess.h"
#include "themedicon.h"
#include "version.h"
#include "welcomepage.h"

#include "auth/memorycredentialstore.h"
#include "auth/profilestore.h"
#include "models/objecttablemodel.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <memory>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

std::unique_ptr<ConnectionController> makeController()
{
    auto controller
        = std::make_unique<ConnectionController>(std::make_unique<MemoryCredentialStore>());
    controller->setSandboxProgram(QStringLiteral(PLANHAT_SANDBOX_PATH));
    return controller;
}

QPushButton *welcomeButton(ConnectionController &controller, const char *name)
{
    return controller.welcomePage()->findChild<QPushButton *>(QString::fromLatin1(name));
}

/// WCAG contrast ratio of two colours (1 = none, 21 = black on white).
double contrast(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &color) {
        auto channel = [](double value) {
            return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TestWelcome final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void firstRunShowsTheWelcomePage();
    void connectToPlanhatOpensTheProfileDialog();
    void tryTheDemoShowsTheDemoCompaniesAndSavesNothing();
    void demoThatCannotStartSaysWhy();
    void sandboxIsFoundOnPathWhenNotNextToTheApp();
    void aboutDialogShowsVersionQtAndLicence();
    void ourColoursStayReadableOnDarkAndLightPalettes();

private:
    QTemporaryDir m_settingsDir;
};

void TestWelcome::initTestCase()
{
    // Profiles of this test go to a settings file of their own, never the user's.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_welcome");
    QApplication::setWindowIcon(applicationIcon());
}

void TestWelcome::init()
{
    for (const Profile &profile : ProfileStore().profiles())
        ProfileStore().remove(profile.name);
    ProfileStore().setLastUsed(QString());
}

void TestWelcome::firstRunShowsTheWelcomePage()
{
    auto controller = makeController();
    controller->start();
    QTRY_VERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QVERIFY(!controller->profileDialog());
    QVERIFY(!controller->window());
    QCOMPARE(welcomeButton(*controller, "connectButton")->text().remove('&'),
             "Connect to Planhat…");
    QCOMPARE(welcomeButton(*controller, "demoButton")->text().remove('&'), "Try the demo");
    QVERIFY2(!QApplication::windowIcon().isNull(), "the application icon is in the resources");

    // With a profile, the next start goes past the welcome page.
    ProfileStore().save({"saved", QUrl("http://127.0.0.1:9"), QString()});
    auto second = makeController();
    second->start();
    QTRY_VERIFY(second->profileDialog() && second->profileDialog()->isVisible());
    QVERIFY(!second->welcomePage());
    second->profileDialog()->reject();
}

void TestWelcome::connectToPlanhatOpensTheProfileDialog()
{
    auto controller = makeController();
    controller->start();
    QTRY_VERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QTest::mouseClick(welcomeButton(*controller, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY(controller->profileDialog() && controller->profileDialog()->isVisible());
    QVERIFY(controller->profileDialog()->formError().contains("Create a profile"));

    // Cancelling the dialog leads back to the welcome page, still there.
    controller->profileDialog()->reject();
    QTRY_VERIFY(!controller->profileDialog());
    QVERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QVERIFY(!controller->window());
}

void TestWelcome::tryTheDemoShowsTheDemoCompaniesAndSavesNothing()
{
    auto controller = makeController();
    QSignalSpy opened(controller.get(), &ConnectionController::windowOpened);
    controller->start();
    QTRY_VERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QTest::mouseClick(welcomeButton(*controller, "demoButton"), Qt::LeftButton);
    QVERIFY2(opened.wait(30000),
             qPrintable(controller->welcomePage() ? controller->welcomePage()->statusText()
                                                  : QString("no welcome page")));

    MainWindow *window = controller->window();
    QVERIFY(window);
    QTRY_VERIFY(window->windowTitle().contains("Demo"));
    QTRY_VERIFY_WITH_TIMEOUT(window->tableModel() && !window->tableModel()->isLoading()
                                 && window->tableModel()->rowCount() > 0,
                             20000);
    QCOMPARE(window->tableModel()->type().name, "companies");
    QTRY_VERIFY2(!controller->welcomePage(), "the welcome page closes once connected");

    // The demo is a child of the app on loopback with a token of this session; it leaves no
    // profile and no last-used entry behind.
    DemoSandbox *demo = controller->demoSandbox();
    QVERIFY(demo && demo->isRunning());
    QCOMPARE(demo->url().host(), "127.0.0.1");
    QVERIFY(demo->token().startsWith("demo-") && demo->token().size() > 20);
    QVERIFY(ProfileStore().profiles().isEmpty());
    QVERIFY(ProfileStore().lastUsed().isEmpty());
    QVERIFY(controller->currentProfile().isEmpty());

    // Action icons come from the resources when the desktop theme has none.
    for (const char *name : {"actionSaveChanges", "actionUndo", "actionImport", "actionAbout"}) {
        auto *action = window->findChild<QAction *>(QString::fromLatin1(name));
        QVERIFY2(action && !action->icon().isNull(), name);
    }

    // The app quitting stops the sandbox it started.
    const qint64 pid = demo->processId();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(static_cast<pid_t>(pid), 0), 0);
    controller.reset();
    QCOMPARE(::kill(static_cast<pid_t>(pid), 0), -1);
}

void TestWelcome::demoThatCannotStartSaysWhy()
{
    auto controller = makeController();
    controller->setSandboxProgram(m_settingsDir.filePath("no-such-planhat-sandbox"));
    controller->start();
    QTRY_VERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QTest::mouseClick(welcomeButton(*controller, "demoButton"), Qt::LeftButton);
    QTRY_VERIFY(controller->welcomePage()->statusText().contains("could not start"));
    QVERIFY(controller->welcomePage()->statusText().contains("no-such-planhat-sandbox"));
    QVERIFY(welcomeButton(*controller, "demoButton")->isEnabled());
    QVERIFY(!controller->window());
}

void TestWelcome::sandboxIsFoundOnPathWhenNotNextToTheApp()
{
    // This test's own directory has no planhat-sandbox, so PATH decides.
    QVERIFY(!QFileInfo::exists(QCoreApplication::applicationDirPath() + "/planhat-sandbox"));
    const QByteArray path = qgetenv("PATH");
    const QFileInfo sandbox(PLANHAT_SANDBOX_PATH);
    qputenv("PATH", "/nonexistent-dir:" + sandbox.absolutePath().toLocal8Bit());
    QCOMPARE(QFileInfo(DemoSandbox::locateProgram()).canonicalFilePath(),
             sandbox.canonicalFilePath());
    qputenv("PATH", "/nonexistent-dir");
    const QString missing = DemoSandbox::locateProgram();
    qputenv("PATH", path);
    QCOMPARE(missing, QString());

    // Not found anywhere: the welcome page says where it looked.
    auto controller = makeController();
    controller->setSandboxProgram(missing);
    controller->start();
    QTRY_VERIFY(controller->welcomePage() && controller->welcomePage()->isVisible());
    QTest::mouseClick(welcomeButton(*controller, "demoButton"), Qt::LeftButton);
    QTRY_VERIFY2(controller->welcomePage()->statusText().contains("not found next to"),
                 qPrintable(controller->welcomePage()->statusText()));
}

void TestWelcome::aboutDialogShowsVersionQtAndLicence()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--seed", "demo"}), qPrintable(sandbox.errorString()));
    auto controller = makeController();
    QSignalSpy opened(controller.get(), &ConnectionController::windowOpened);
    controller->openDirect(sandbox.url(), SandboxProcess::token());
    QVERIFY(opened.count() == 1 || opened.wait(20000));
    MainWindow *window = controller->window();

    // Help is the last menu, after the Profile menu the controller adds.
    const QList<QAction *> menus = window->menuBar()->actions();
    QVERIFY(!menus.isEmpty());
    QCOMPARE(menus.last()->menu()->objectName(), "menuHelp");
    auto *about = window->findChild<QAction *>("actionAbout");
    QVERIFY(about);
    QCOMPARE(about->text().remove('&'), "About Planhat Admin");
    about->trigger();
    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<AboutDialog *>()) && dialog->isVisible());
    QVERIFY2(dialog->versionText().contains(PLANHAT_ADMIN_VERSION),
             qPrintable(dialog->versionText()));
    QVERIFY2(dialog->qtVersionText().contains(qVersion()), qPrintable(dialog->qtVersionText()));
    QVERIFY(dialog->licenceText().contains("MIT"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close),
                      Qt::LeftButton);
    QTRY_VERIFY(!window->findChild<AboutDialog *>());
}

void TestWelcome::ourColoursStayReadableOnDarkAndLightPalettes()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create("Fusion"));
    QVERIFY(fusion);
    for (const QPalette &palette :
         {PaletteColors::darkFusionPalette(), fusion->standardPalette()}) {
        const QColor text = palette.color(QPalette::Text);
        const QColor windowBackground = palette.color(QPalette::Window);
        const bool dark = PaletteColors::isDark(palette);
        QVERIFY2(contrast(text, CellEditorDelegate::changedColor(palette)) >= 4.5,
                 dark ? "changed cell on dark" : "changed cell on light");
        QVERIFY2(contrast(text, CellEditorDelegate::failedColor(palette)) >= 4.5,
                 dark ? "failed cell on dark" : "failed cell on light");
        QVERIFY2(contrast(PaletteColors::errorText(palette), windowBackground) >= 4.5,
                 dark ? "error text on dark" : "error text on light");
        QVERIFY2(contrast(PaletteColors::successText(palette), windowBackground) >= 4.5,
                 dark ? "success text on dark" : "success text on light");
    }
    QVERIFY(PaletteColors::isDark(PaletteColors::darkFusionPalette()));
    // The light colours are not reused on a dark palette.
    QVERIFY(CellEditorDelegate::changedColor(PaletteColors::darkFusionPalette())
            != CellEditorDelegate::changedColor(fusion->standardPalette()));
}

QTEST_MAIN(TestWelcome)
#include "tst_welcome.moc"
