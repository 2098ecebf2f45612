// SPDX-License-Identifier: MIT
// AppPaths: the product's directories, the same for every program and every thread, computed
// without touching QCoreApplication's names.
#include "importer/importjournal.h"
#include "platform/apppaths.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace Planhat;

class TestAppPaths : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void answersWhatTheDesktopAppsStandardPathsAnswer();
    void journalDirectoryLeavesTheApplicationNamesAlone();
    void journalDirectoryIsTheSameOnAWorkerThread();

private:
    static void nameTheProgramSomethingElse();
};

void TestAppPaths::nameTheProgramSomethingElse()
{
    QCoreApplication::setOrganizationName(QStringLiteral("SomeOtherOrganisation"));
    QCoreApplication::setApplicationName(QStringLiteral("planhat-cli"));
}

void TestAppPaths::init()
{
    nameTheProgramSomethingElse();
}

void TestAppPaths::answersWhatTheDesktopAppsStandardPathsAnswer()
{
    // Computed while the program is called something else...
    const QString data = AppPaths::dataDirectory();
    const QString journals = AppPaths::journalDirectory();
    const QString cache = AppPaths::cacheDirectory();
    QVERIFY(!data.contains("SomeOtherOrganisation"));
    QVERIFY(!data.contains("planhat-cli"));

    // ... they are where the desktop app (these names, set by src/app/main.cpp) looks.
    QCoreApplication::setOrganizationName(AppPaths::organizationName());
    QCoreApplication::setApplicationName(AppPaths::applicationName());
    QCOMPARE(AppPaths::organizationName(), QStringLiteral("PlanhatAdmin"));
    QCOMPARE(AppPaths::applicationName(), QStringLiteral("planhat-admin"));
    QCOMPARE(data, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QCOMPARE(journals, data + "/imports");
    QCOMPARE(cache, QStandardPaths::writableLocation(QStandardPaths::CacheLocation));
    QCOMPARE(ImportJournal::defaultDirectory(), journals);
}

void TestAppPaths::journalDirectoryLeavesTheApplicationNamesAlone()
{
    QSignalSpy organizationChanges(qApp, &QCoreApplication::organizationNameChanged);
    QSignalSpy applicationChanges(qApp, &QCoreApplication::applicationNameChanged);
    const QString journals = ImportJournal::defaultDirectory();
    QCOMPARE(journals, AppPaths::journalDirectory());
    AppPaths::dataDirectory();
    AppPaths::cacheDirectory();
    // Not even set and put back: another thread could read the names in between.
    QCOMPARE(organizationChanges.count(), 0);
    QCOMPARE(applicationChanges.count(), 0);
    QCOMPARE(QCoreApplication::organizationName(), QStringLiteral("SomeOtherOrganisation"));
    QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("planhat-cli"));
}

void TestAppPaths::journalDirectoryIsTheSameOnAWorkerThread()
{
    const QString expected = AppPaths::journalDirectory();
    QSignalSpy organizationChanges(qApp, &QCoreApplication::organizationNameChanged);
    QStringList answers;
    std::unique_ptr<QThread> worker(QThread::create([&answers] {
        for (int i = 0; i < 100; ++i)
            answers.append(ImportJournal::defaultDirectory());
    }));
    worker->start();
    QVERIFY(worker->wait(30000));
    QCOMPARE(answers.size(), 100);
    for (const QString &answer : std::as_const(answers))
        QCOMPARE(answer, expected);
    QCOMPARE(organizationChanges.count(), 0);
    QCOMPARE(QCoreApplication::organizationName(), QStringLiteral("SomeOtherOrganisation"));
}

QTEST_GUILESS_MAIN(TestAppPaths)
#include "tst_apppaths.moc"
