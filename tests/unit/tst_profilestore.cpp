// SPDX-License-Identifier: MIT
// ProfileStore: profile names and the QSettings round trip, in a private config directory.
#include "auth/profilestore.h"

#include <QSettings>
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
    void paceRoundTrip();

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

void TestProfileStore::paceRoundTrip()
{
    ProfileStore store;
    // A new profile, and one saved before profiles had a pace, get Planhat's soft quota.
    QCOMPARE(Profile().requestsPerMinute, 200);
    store.save(
        {QStringLiteral("fresh"), QUrl(QStringLiteral("https://api.planhat.com")), QString()});
    QCOMPARE(store.profile(QStringLiteral("fresh"))->requestsPerMinute, 200);
    QSettings settings(QSettings::NativeFormat, QSettings::UserScope,
                       QStringLiteral("PlanhatAdmin"), QStringLiteral("planhat-admin"));
    settings.setValue(QStringLiteral("profiles/old/baseUrl"),
                      QUrl(QStringLiteral("https://api.planhat.com")));
    settings.sync();
    QCOMPARE(store.profile(QStringLiteral("old"))->requestsPerMinute, 200);

    store.save(
        {QStringLiteral("slow"), QUrl(QStringLiteral("https://api.planhat.com")), QString(), 60});
    store.save(
        {QStringLiteral("unpaced"), QUrl(QStringLiteral("https://api.planhat.com")), QString(), 0});
    QCOMPARE(ProfileStore().profile(QStringLiteral("slow"))->requestsPerMinute, 60);
    QCOMPARE(ProfileStore().profile(QStringLiteral("unpaced"))->requestsPerMinute, 0);

    // A hand-edited value that is no pace reads as the default, not as "no pacing".
    for (const QVariant &bad : {QVariant(QStringLiteral("fast")), QVariant(-5), QVariant(9001)}) {
        settings.setValue(QStringLiteral("profiles/slow/requestsPerMinute"), bad);
        settings.sync();
        QCOMPARE(ProfileStore().profile(QStringLiteral("slow"))->requestsPerMinute, 200);
    }
    for (const QString &name : {QStringLiteral("fresh"), QStringLiteral("old"),
                                QStringLiteral("slow"), QStringLiteral("unpaced")})
        store.remove(name);
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
