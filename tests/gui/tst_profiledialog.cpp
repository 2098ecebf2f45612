// SPDX-License-Identifier: MIT
// Profiles in the desktop app: the profile dialog and ConnectionController driven through
// real widgets on a real X server, tokens in the real gnome-keyring that scripts/test
// starts, connections to a real planhat-sandbox.
#include "connectioncontroller.h"
#include "jobwaiter.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "sandboxprocess.h"
#include "welcomepage.h"

#include "api/planhatclient.h"
#include "auth/keychaincredentialstore.h"
#include "auth/memorycredentialstore.h"
#include "auth/profilestore.h"
#include "models/objecttablemodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Planhat;
using namespace Planhat::Test;
using Status = CredentialResult::Status;

namespace {
const QString serviceName = QStringLiteral("planhat-admin-tst-profiledialog");

// A self-signed certificate made for this test only (openssl req -x509): a TLS server with
// it fails the client's handshake the way a misconfigured proxy or endpoint does.
const char testCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIDGTCCAgGgAwIBAgIUbMgZLvIUPwiHNzQGtEoZEf6w1JUwDQYJKoZIhvcNAQEL
BQAwGzEZMBcGA1UEAwwQcGxhbmhhdC10ZXN0LXRsczAgFw0yNjExMjIxODEyNTRa
GA8yMTI2MTAyOTE4MTI1NFowGzEZMBcGA1UEAwwQcGxhbmhhdC10ZXN0LXRsczCC
ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBANHeN19NgeYnrh9ElaYbl1ZE
jU3iJTFCE61yDpJsiCN46k+cb3n8ols3mmLQzuI2tRGB8bO6KgveefMo7Jw+pIjs
bAgBnKJXdex0ZLmCpCd5j73YTGivsGZzwT+EougbJVSU2/9sI68l8Ws0WAZXUyOj
yHiwG0IS6g32O1qcFYJCVrzWnRHtH0PGoUzIY/PkbWDuNBNyG1b+DA8GtQoHGsKs
NrQGa6oQb1UILEhdWPIY956UPHKhcNwCPyZ57i7d49+4flEQvfISYXjEmdLE6R/R
4zlXrUw77O4vqdRXPUqzwcCzo1zQRsEdxK5BVR5NobsO7xCCGSSFD5JQClqjSkMC
AwEAAaNTMFEwHQYDVR0OBBYEFNAcOQjWTnZs6PDWK6ckixV/BFfNMB8GA1UdIwQY
MBaAFNAcOQjWTnZs6PDWK6ckixV/BFfNMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZI
hvcNAQELBQADggEBAGNyQFSaNx+GzddaSmiZO0PkDWqKxr0uVYC4XpZNmQEd3uZz
yYpJF3t1zUMnIfNk3eJdvJx3XKFRE9g3K/6pGQRFJbrLEnj8SjXC8OP6dBQvXGA9
itgU0BA4SoDfgd1ukeHVFRgYjdTBEAmRGrQyrme8XyGMonPvVhahANzIZ84Bb1dm
8xzVXvebYONJZ/+iws7m1M/XeTeaaLXawj9aCkw7cpv0W1GuR4BOMlB05nlBGs9G
oUaA0VrsAq/45W5BIje0rvn9G0OBRRubawEKWxfT/GOjtoMSbQ0qgKQHA1UE6Zlt
uh3UVXeOJAuUGyy3YhWC/WxoHpzQ2i0lfqvNQrM=
-----END CERTIFICATE-----)";
const char testPrivateKey[] = R"(-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDR3jdfTYHmJ64f
RJWmG5dWRI1N4iUxQhOtcg6SbIgjeOpPnG95/KJbN5pi0M7iNrURgfGzuioL3nnz
KOycPqSI7GwIAZyiV3XsdGS5gqQneY+92Exor7Bmc8E/hKLoGyVUlNv/bCOvJfFr
NFgGV1Mjo8h4sBtCEuoN9jtanBWCQla81p0R7R9DxqFMyGPz5G1g7jQTchtW/gwP
BrUKBxrCrDa0BmuqEG9VCCxIXVjyGPeelDxyoXDcAj8mee4u3ePfuH5REL3yEmF4
xJnSxOkf0eM5V61MO+zuL6nUVz1Ks8HAs6Nc0EbBHcSuQVUeTaG7Du8QghkkhQ+S
UApao0pDAgMBAAECggEAG8MfJRLOO8GFBarfdwVQXD+eR67CR8VbcAbWCaWkzrh4
moZxsrvqSFHPMQI5U/BzvHipniJi3IYWMMX5ouOghWJtGhQIges69Mgi6O1wxK4O
h0kdNn4DQlJOvpXPrQ+mPQ2iGqRWBh3pVUqr2E7l9yF77Acz2+Y/oxAvItnh+ISL
ti6pMfXvoX6+zNN3FgGK+oljdgOHte6S3epTZHnkiux8IE9lzLKeYjszLzdos1j5
3gJ73sJRP9XV6tAwQwrJM2czD2UTLv4yXm3AXFat9EgylNFu06FfokWvNtYbES3E
ZBB2VsRxE5LjT7OHbUUyQfA47jqp+P5g1sJuX1IFwQKBgQDuisqchkftM+WiQqnj
ucp85F69UsrdlzKLB6/1G1x+9mvPYYdd0Gyte0Q0eX9zzLNm9sbuYyVP6EfJbhuU
FkslJMimQUl2gNCO5wlNTDSZqPGWZsI4BDoAq5mnqSjdZ7kS3e+6IZ9p2UFvROOz
ZzwyOu7hTYzBRMNDMZ8GjhHFQQKBgQDhOjNaVsjsNrK7DB6Ic5rZDZhWXMHxgcaq
z+/oFSJRXHRnAOSKl39gFc9TBmhfdirmVW+N9CK64Zhcg1EitTjd78RR0iXXv2ic
2kfGEEUmpFTPXnYb6RTMe5jBSxPcTEEbd9xOAZn15sEgUO90uBkVKvq/e2wLCRJ9
opO35xLagwKBgQCB7EhEjoK4eE63XNXJedUGxx+uwFxL6uEVhl9ZAckUQcUgk781
4qJ+rqfMaOx5NuHzz680Af49koce+AC/XJEbLvi2TNLlX224l6+iUUJI+xJyV4+r
EOpCmTQ8dE8UoDzWQNkkKNH5xeH057GZcj4AIccgIavrTDeJ7ont+Q1GwQKBgQC7
vKu5jcWFQELTL1L0IojcjDyDIGZ5TNew4grzxUoJz6sngNL/wzBlg0iByEGP8Qvp
WyXVib65T/qUgtFKwQxZ0tYt7aGlqOMme7yAGGfLwgb/o5mHwk2X9R5rYI15gAZ1
Qv/b9fHDy0kICu7Ot/YQcvb4TYTN3g4Ps0i2bmKEyQKBgBhKAwXjMXIVXe04gg+D
jk96r/hQsEolAm0lnX1nn8l5mgkCjCAzcvR8LtzattBTN+2Dpkew/ld1yIlT+/ud
J1Y0699dR/eR7v9vifKqZLMOilAnQ4dTwvMt3CWwFkFh7dRVPYXDutR3/nmCTbHu
p/3+L+qqcMj1LKiViGX1sTFj
-----END PRIVATE KEY-----)";
} // namespace

class TestProfileDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void createProfileStoresTokenInKeychainAndTestsIt();
    void testSaysWhatFailed_data();
    void testSaysWhatFailed();
    void invalidInputIsNamedBeforeSaving();
    void maxRateIsSavedWithTheProfile();
    void connectOpensTheMainWindowAndSwitchesProfiles();
    void deleteRemovesTheKeychainEntry();

private:
    CredentialResult run(CredentialJob *job);
    /// Fills the dialog's form for a new profile pointing at the sandbox.
    void fillNewProfile(ProfileDialog &dialog, const QString &name, const QString &baseUrl,
                        const QString &token);
    static void clickYesOnNextMessageBox();

    QTemporaryDir m_settingsDir;
    SandboxProcess m_sandbox;
    KeychainCredentialStore m_keychain {serviceName};
    MemoryCredentialStore m_session;
    QStringList m_profilesMade;
};

void TestProfileDialog::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run under scripts/test (dbus-run-session + gnome-keyring)");
    // Profiles of this test go to a settings file of their own, never the user's.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName("PlanhatAdminTest");
    QCoreApplication::setApplicationName("tst_profiledialog");
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

void TestProfileDialog::cleanup()
{
    for (const QString &name : std::as_const(m_profilesMade)) {
        run(m_keychain.deleteToken(name));
        ProfileStore().remove(name);
    }
    m_profilesMade.clear();
    ProfileStore().setLastUsed(QString());
}

CredentialResult TestProfileDialog::run(CredentialJob *job)
{
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    if (!Planhat::Test::waitForSignal(spy, 30000, "credential job"))
        return {};
    return spy.takeFirst().at(0).value<CredentialResult>();
}

void TestProfileDialog::fillNewProfile(ProfileDialog &dialog, const QString &name,
                                       const QString &baseUrl, const QString &token)
{
    QTest::mouseClick(dialog.findChild<QPushButton *>("newButton"), Qt::LeftButton);
    QTest::keyClicks(dialog.findChild<QLineEdit *>("nameEdit"), name);
    auto *region = dialog.findChild<QComboBox *>("regionCombo");
    region->setCurrentIndex(region->findData(QStringLiteral("custom")));
    auto *baseUrlEdit = dialog.findChild<QLineEdit *>("baseUrlEdit");
    QVERIFY(baseUrlEdit->isEnabled());
    baseUrlEdit->clear();
    QTest::keyClicks(baseUrlEdit, baseUrl);
    auto *tokenEdit = dialog.findChild<QLineEdit *>("tokenEdit");
    QCOMPARE(tokenEdit->echoMode(), QLineEdit::Password);
    QTest::keyClicks(tokenEdit, token);
    m_profilesMade.append(name);
}

void TestProfileDialog::clickYesOnNextMessageBox()
{
    QTimer::singleShot(0, [] {
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    });
}

void TestProfileDialog::createProfileStoresTokenInKeychainAndTestsIt()
{
    ProfileDialog dialog(ProfileTokens(&m_session, &m_keychain));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString name = "gui-" + QUuid::createUuid().toString(QUuid::Id128).left(12);
    fillNewProfile(dialog, name, m_sandbox.url().toString(), SandboxProcess::token());

    QSignalSpy tested(&dialog, &ProfileDialog::connectionTested);
    QTest::mouseClick(dialog.findChild<QPushButton *>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(dialog.testResult()));
    QVERIFY2(dialog.testResult().startsWith("Connected"), qPrintable(dialog.testResult()));

    QSignalSpy saved(&dialog, &ProfileDialog::profileSaved);
    auto *buttons = dialog.findChild<QDialogButtonBox *>("buttonBox");
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QVERIFY2(dialog.formError().isEmpty(), qPrintable(dialog.formError()));

    // The token is in the keychain, and nowhere in the profile's settings.
    const CredentialResult stored = run(m_keychain.readToken(name));
    QVERIFY2(stored.isOk(), qPrintable(stored.message()));
    QCOMPARE(stored.token, SandboxProcess::token());
    QCOMPARE(run(m_session.readToken(name)).status, Status::NotFound);
    const std::optional<Profile> profile = ProfileStore().profile(name);
    QVERIFY(profile);
    QCOMPARE(profile->baseUrl, m_sandbox.url());
    QCOMPARE(dialog.findChild<QListWidget *>("profileList")->currentItem()->text(), name);
    QTRY_VERIFY(dialog.tokenState().contains("stored"));
    QVERIFY(dialog.findChild<QLineEdit *>("tokenEdit")->text().isEmpty());

    // Testing again uses the stored token.
    tested.clear();
    QTest::mouseClick(dialog.findChild<QPushButton *>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(dialog.testResult()));
}

void TestProfileDialog::testSaysWhatFailed_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("expected");
    QTest::newRow("wrong token") << QString() << "not-the-token"
                                 << "Wrong token";
    QTest::newRow("wrong address")
        << "/no/api/here" << SandboxProcess::token() << "Wrong region or address";
    QTest::newRow("no network") << "http://127.0.0.1:9" << SandboxProcess::token() << "No network";
    QTest::newRow("tls error") << "tls" << SandboxProcess::token() << "TLS error";
}

void TestProfileDialog::testSaysWhatFailed()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, token);
    QFETCH(QString, expected);
    if (baseUrl.isEmpty())
        baseUrl = m_sandbox.url().toString();
    else if (baseUrl.startsWith('/'))
        baseUrl = m_sandbox.url().toString() + baseUrl;
    QSslServer tlsServer;
    if (baseUrl == "tls") {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(QSslCertificate(QByteArray(testCertificate)));
        configuration.setPrivateKey(QSslKey(QByteArray(testPrivateKey), QSsl::Rsa));
        tlsServer.setSslConfiguration(configuration);
        QVERIFY(tlsServer.listen(QHostAddress::LocalHost));
        baseUrl = QStringLiteral("https://127.0.0.1:%1").arg(tlsServer.serverPort());
    }

    ProfileDialog dialog(ProfileTokens(&m_session, &m_keychain));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString name = "gui-fail-" + QUuid::createUuid().toString(QUuid::Id128).left(8);
    fillNewProfile(dialog, name, baseUrl, token);
    QSignalSpy tested(&dialog, &ProfileDialog::connectionTested);
    QTest::mouseClick(dialog.findChild<QPushButton *>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(30000));
    QVERIFY(!tested.first().at(0).toBool());
    QVERIFY2(dialog.testResult().startsWith(expected), qPrintable(dialog.testResult()));
    QVERIFY(!dialog.testResult().contains(token) || token == SandboxProcess::token());
    // A test stores nothing.
    QCOMPARE(run(m_keychain.readToken(name)).status, Status::NotFound);
    QVERIFY(!ProfileStore().contains(name));
}

void TestProfileDialog::invalidInputIsNamedBeforeSaving()
{
    ProfileDialog dialog(ProfileTokens(&m_session, &m_keychain));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillNewProfile(dialog, "has space", m_sandbox.url().toString(), "x");
    auto *buttons = dialog.findChild<QDialogButtonBox *>("buttonBox");
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QVERIFY2(dialog.formError().contains("profile name"), qPrintable(dialog.formError()));
    QVERIFY(!ProfileStore().contains("has space"));

    auto *nameEdit = dialog.findChild<QLineEdit *>("nameEdit");
    nameEdit->setText("plain-http");
    auto *baseUrlEdit = dialog.findChild<QLineEdit *>("baseUrlEdit");
    baseUrlEdit->setText("http://example.com");
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QVERIFY2(dialog.formError().startsWith("Base URL"), qPrintable(dialog.formError()));
    QVERIFY(!ProfileStore().contains("plain-http"));
}

void TestProfileDialog::maxRateIsSavedWithTheProfile()
{
    ProfileDialog dialog(ProfileTokens(&m_session, &m_keychain));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString name = "gui-rate-" + QUuid::createUuid().toString(QUuid::Id128).left(8);
    fillNewProfile(dialog, name, m_sandbox.url().toString(), SandboxProcess::token());
    auto *spin = dialog.findChild<QSpinBox *>("maxRateSpin");
    QVERIFY(spin);
    QCOMPARE(spin->value(), 200); // a new profile starts at Planhat's soft quota
    QCOMPARE(spin->maximum(), 9000);
    auto *hint = dialog.findChild<QLabel *>("maxRateHintLabel");
    QVERIFY(hint && hint->isVisible());
    QVERIFY2(hint->text().contains("200 calls a minute"), qPrintable(hint->text()));

    // Typed as a person would, then saved.
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, "90");
    QSignalSpy saved(&dialog, &ProfileDialog::profileSaved);
    auto *buttons = dialog.findChild<QDialogButtonBox *>("buttonBox");
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QVERIFY2(dialog.formError().isEmpty(), qPrintable(dialog.formError()));
    QCOMPARE(ProfileStore().profile(name)->requestsPerMinute, 90);

    // 0 reads "No pacing" and is stored as 0.
    spin->setValue(0);
    QCOMPARE(spin->text(), QStringLiteral("No pacing"));
    saved.clear();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1); // no token typed: saved at once, without the keychain
    QCOMPARE(ProfileStore().profile(name)->requestsPerMinute, 0);

    // The form shows each profile's own pace, and a new one the default again.
    ProfileStore().save({name + "-b", m_sandbox.url(), QString(), 45});
    m_profilesMade.append(name + "-b");
    ProfileDialog second(ProfileTokens(&m_session, &m_keychain));
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    second.showProfile(name + "-b");
    auto *secondSpin = second.findChild<QSpinBox *>("maxRateSpin");
    QCOMPARE(secondSpin->value(), 45);
    second.showProfile(name);
    QCOMPARE(secondSpin->value(), 0);
    QTest::mouseClick(second.findChild<QPushButton *>("newButton"), Qt::LeftButton);
    QCOMPARE(secondSpin->value(), 200);
}

void TestProfileDialog::connectOpensTheMainWindowAndSwitchesProfiles()
{
    // A first run: no profiles, so the controller opens the welcome page, and "Connect to
    // Planhat" there the dialog.
    for (const Profile &profile : ProfileStore().profiles())
        ProfileStore().remove(profile.name);
    ConnectionController controller(std::make_unique<KeychainCredentialStore>(serviceName));
    QSignalSpy opened(&controller, &ConnectionController::windowOpened);
    controller.start();
    QTRY_VERIFY(controller.welcomePage() && controller.welcomePage()->isVisible());
    QVERIFY(!controller.profileDialog());
    QTest::mouseClick(controller.welcomePage()->findChild<QPushButton *>("connectButton"),
                      Qt::LeftButton);
    QTRY_VERIFY(controller.profileDialog() && controller.profileDialog()->isVisible());
    QVERIFY(!controller.window());
    ProfileDialog *dialog = controller.profileDialog();
    QVERIFY(dialog->formError().contains("Welcome"));

    const QString first = "gui-first-" + QUuid::createUuid().toString(QUuid::Id128).left(8);
    fillNewProfile(*dialog, first, m_sandbox.url().toString(), SandboxProcess::token());
    dialog->findChild<QSpinBox *>("maxRateSpin")->setValue(1500);
    QTest::mouseClick(dialog->findChild<QPushButton *>("connectButton"), Qt::LeftButton);
    QVERIFY(opened.wait(20000));
    MainWindow *window = controller.window();
    QVERIFY(window);
    // The window's client runs at the profile's pace.
    QCOMPARE(window->client()->options().requestsPerMinute, 1500);
    QTRY_VERIFY_WITH_TIMEOUT(window->tableModel() && window->tableModel()->rowCount() > 0, 20000);
    QVERIFY(window->windowTitle().contains(first));
    QCOMPARE(ProfileStore().lastUsed(), first);
    QCOMPARE(run(m_keychain.readToken(first)).token, SandboxProcess::token());

    // A second profile (stored directly, as `planhat-cli login` would), then switch to it
    // from the Profile menu.
    const QString second = "gui-second-" + QUuid::createUuid().toString(QUuid::Id128).left(8);
    m_profilesMade.append(second);
    ProfileStore().save({second, m_sandbox.url(), QString()});
    QVERIFY(run(m_keychain.writeToken(second, SandboxProcess::token())).isOk());
    auto *menu = window->findChild<QMenu *>("menuProfile");
    QVERIFY(menu);
    menu->popup(window->mapToGlobal(QPoint(40, 40))); // lists the profiles as they are now
    QTRY_VERIFY(menu->isVisible());
    QAction *switchAction = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == first)
            QVERIFY(action->isChecked());
        if (action->text() == second)
            switchAction = action;
    }
    QVERIFY2(switchAction, "every profile is in the Profile menu");
    opened.clear();
    menu->hide();
    switchAction->trigger();
    QVERIFY(opened.wait(20000));
    QCOMPARE(controller.currentProfile(), second);
    QCOMPARE(controller.window()->client()->options().requestsPerMinute, 200); // saved without
    QTRY_VERIFY_WITH_TIMEOUT(controller.window()->tableModel()
                                 && controller.window()->tableModel()->rowCount() > 0,
                             20000);
    QTRY_VERIFY(controller.window()->windowTitle().contains(second));
    QCOMPARE(ProfileStore().lastUsed(), second);

    // The next start opens the last profile straight away.
    ConnectionController restarted(std::make_unique<KeychainCredentialStore>(serviceName));
    QSignalSpy reopened(&restarted, &ConnectionController::windowOpened);
    restarted.start();
    QVERIFY(reopened.wait(20000));
    QCOMPARE(restarted.currentProfile(), second);
    QVERIFY(!restarted.profileDialog());
}

void TestProfileDialog::deleteRemovesTheKeychainEntry()
{
    const QString name = "gui-delete-" + QUuid::createUuid().toString(QUuid::Id128).left(8);
    m_profilesMade.append(name);
    ProfileStore().save({name, m_sandbox.url(), QString()});
    QVERIFY(run(m_keychain.writeToken(name, SandboxProcess::token())).isOk());

    ProfileDialog dialog(ProfileTokens(&m_session, &m_keychain));
    dialog.showProfile(name);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.findChild<QListWidget *>("profileList")->currentItem()->text(), name);
    QSignalSpy deleted(&dialog, &ProfileDialog::profileDeleted);
    clickYesOnNextMessageBox();
    QTest::mouseClick(dialog.findChild<QPushButton *>("deleteButton"), Qt::LeftButton);
    QVERIFY(deleted.wait(20000));
    QVERIFY(!ProfileStore().contains(name));
    const CredentialResult gone = run(m_keychain.readToken(name));
    QVERIFY2(gone.status == Status::NotFound, qPrintable(gone.message()));
}

QTEST_MAIN(TestProfileDialog)
#include "tst_profiledialog.moc"
