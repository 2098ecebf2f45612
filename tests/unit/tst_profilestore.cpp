// SPDX-License-Identifier: MIT
// ProfileStore: profile names and the QSettings round trip, in a private config directory.
#include "auth/profilestore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestProfileStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validNames_data();
    void validNames();
    void saveLoadRemove();

private:
    QTemporaryDir m_config;
};

void TestProfileStore::initTestCase()
{
    QVERIFY(m_config.isValid());
    // QSettings reads XDG_CONFIG_HOME when it first opens a file: set it before that.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
}

void TestProfileStore::validNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("prod") << true;
    QTest::newRow("punctuation") << QStringLiteral("eu-2_test.a@b") << true;
    QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << true;
    QTest::newRow("65 characters") << QString(65, QLatin1Char('a')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("backslash") << QStringLiteral("a\\b") << false;
    QTest::newRow("space") << QStringLiteral("my profile") << false;
}

void TestProfileStore::validNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ProfileStore::isValidName(name), valid);
}

void TestProfileStore::saveLoadRemove()
{
    ProfileStore store;
    QVERIFY(store.profiles().isEmpty());
    QVERIFY(!store.contains(QStringLiteral("b")));
    store.save({QStringLiteral("b"), QUrl(QStringLiteral("https://api-eu2.planhat.com")),
                QStringLiteral("2f5d8a8e-6a0e-4f33-9d35-0a6c52b1f9c1")});
    store.save({QStringLiteral("a"), QUrl(QStringLiteral("http://127.0.0.1:8080")), QString()});
    const QList<Profile> profiles = ProfileStore().profiles();
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(profiles.at(0).name, QStringLiteral("a")); // sorted by name
    QCOMPARE(profiles.at(1).baseUrl, QUrl(QStringLiteral("https://api-eu2.planhat.com")));
    QCOMPARE(profiles.at(1).tenantUuid, QStringLiteral("2f5d8a8e-6a0e-4f33-9d35-0a6c52b1f9c1"));
    QVERIFY(store.contains(QStringLiteral("b")));

    store.save({QStringLiteral("b"), QUrl(QStringLiteral("https://api.planhat.com")), QString()});
    QCOMPARE(store.profile(QStringLiteral("b"))->baseUrl,
             QUrl(QStringLiteral("https://api.planhat.com")));
    QVERIFY(store.profile(QStringLiteral("b"))->tenantUuid.isEmpty());

    store.remove(QStringLiteral("b"));
    QVERIFY(!store.profile(QStringLiteral("b")).has_value());
    QCOMPARE(store.profiles().size(), 1);
    // The file is in the private config directory, under the shared application name.
    QVERIFY(QFile::exists(m_config.filePath(QStringLiteral("PlanhatAdmin/planhat-admin.conf"))));
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
