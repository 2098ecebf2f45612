// SPDX-License-Identifier: MIT
// The profile dialog where no keychain exists: CTest runs this with a D-Bus address that
// leads nowhere, so the real QtKeychain reports "no keychain", as on a desktop without a
// Secret Service. The dialog must say so plainly and offer a session-only token.
#include "jobwaiter.h"
#include "profiledialog.h"
#include "sandboxprocess.h"

#include "auth/keychaincredentialstore.h"
#include "auth/memorycredentialstore.h"
#include "auth/profilestore.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Planhat;
using namespace Planhat::Test;

class TestProfileNoKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void offersTheTokenForThisSessionOnly();

private:
    CredentialResult run(CredentialJob *job);

    QTemporaryDir m_settingsDir;
    SandboxProcess m_sandbox;
};

void TestProfileNoKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains("nonexistent"),
             "CTest runs this with DBUS_SESSION_BUS_ADDRESS pointing nowhere");
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY2(m_sandbox.start({"--seed", "demo"}), qPrintable(m_sandbox.errorString()));
}

CredentialResult TestProfileNoKeychain::run(CredentialJob *job)
{
    QSignalSpy spy(job, &CredentialJob::finished);
    job->start();
    if (!Planhat::Test::waitForSignal(spy, 30000, "credential job"))
        return {};
    return spy.takeFirst().at(0).value<CredentialResult>();
}

void TestProfileNoKeychain::offersTheTokenForThisSessionOnly()
{
    KeychainCredentialStore keychain(QStringLiteral("planhat-admin-tst-nokeychain"));
    MemoryCredentialStore session;
    ProfileDialog dialog(ProfileTokens(&session, &keychain));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QTest::keyClicks(dialog.findChild<QLineEdit *>("nameEdit"), "no-keychain");
    auto *region = dialog.findChild<QComboBox *>("regionCombo");
    region->setCurrentIndex(region->findData(QStringLiteral("custom")));
    dialog.findChild<QLineEdit *>("baseUrlEdit")->setText(m_sandbox.url().toString());
    QTest::keyClicks(dialog.findChild<QLineEdit *>("tokenEdit"), SandboxProcess::token());

    // The question comes from inside the keychain's answer, in a nested event loop: poll
    // for it rather than wait in a loop of our own that the dialog would block.
    QString question;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&question, &poll] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        poll.stop();
        question = box->text();
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    });
    poll.start(50);
    QSignalSpy saved(&dialog, &ProfileDialog::profileSaved);
    auto *buttons = dialog.findChild<QDialogButtonBox *>("buttonBox");
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
    QVERIFY(saved.wait(30000));
    QVERIFY2(question.startsWith("No keychain (Secret Service) is available"),
             qPrintable(question));
    QVERIFY(question.contains("this session only"));

    // The token is in memory only; the profile itself is saved.
    const CredentialResult inMemory = run(session.readToken("no-keychain"));
    QVERIFY(inMemory.isOk());
    QCOMPARE(inMemory.token, SandboxProcess::token());
    QVERIFY(ProfileStore().contains("no-keychain"));
    QTRY_VERIFY(dialog.tokenState().contains("this session only"));
    QVERIFY(
        !QSettings(QSettings::NativeFormat, QSettings::UserScope, "PlanhatAdmin", "planhat-admin")
             .allKeys()
             .join(' ')
             .contains(SandboxProcess::token()));

    // Test connection and Connect use the session token.
    QSignalSpy tested(&dialog, &ProfileDialog::connectionTested);
    QTest::mouseClick(dialog.findChild<QPushButton *>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(dialog.testResult()));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(dialog.findChild<QPushButton *>("connectButton"), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(dialog.connectionToken(), SandboxProcess::token());
    QCOMPARE(dialog.connectionProfile().baseUrl, m_sandbox.url());
}

QTEST_MAIN(TestProfileNoKeychain)
#include "tst_profilenokeychain.moc"
