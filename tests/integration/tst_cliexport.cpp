// SPDX-License-Identifier: MIT
// planhat-cli export end to end: the real executable against a real planhat-sandbox.
#include "sandboxprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat::Test;

class TestCliExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void exportsSelectedFieldsWithFormulaGuard();
    void exportsAllFields();
    void usageErrors_data();
    void usageErrors();
    void wrongTokenIsAuthErrorAndWritesNothing();
    void unreachableServerIsNetworkError();

private:
    static QByteArray readFile(const QString &path);
    int companyCount();

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
};

void TestCliExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("demo")}),
             qPrintable(m_sandbox.errorString()));
}

QByteArray TestCliExport::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

int TestCliExport::companyCount()
{
    const CliRun run = runCli(m_sandbox.url(), {"list", "companies", "--format", "json"});
    return int(QJsonDocument::fromJson(run.out).array().size());
}

void TestCliExport::exportsSelectedFieldsWithFormulaGuard()
{
    // Names a spreadsheet would run as formulas, written through the API as anyone could.
    for (const char *name : {"=1+2 Formula Co", "-5 Minus Ltd", "@SUM Inc"}) {
        const CliRun created
            = runCli(m_sandbox.url(),
                     {"create", "companies", "--json",
                      QJsonDocument(QJsonObject {{"name", QString::fromUtf8(name)}})
                          .toJson(QJsonDocument::Compact)});
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }
    const QString path = m_dir.filePath("companies.csv");
    const CliRun run
        = runCli(m_sandbox.url(), {"export", "companies", path, "--select", "_id,name,externalId"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("Exported"), run.err.constData());

    const QByteArray content = readFile(path);
    const QList<QByteArray> lines = content.split('\n');
    QCOMPARE(lines.first(), QByteArray("_id,name,externalId\r"));
    QVERIFY(content.endsWith("\r\n"));
    QCOMPARE(lines.size() - 2, companyCount()); // header, and the empty piece after the last
    QVERIFY2(content.contains(",'=1+2 Formula Co,"), content.left(400).constData());
    QVERIFY(content.contains(",'-5 Minus Ltd,"));
    QVERIFY(content.contains(",'@SUM Inc,"));
    QVERIFY(!content.contains(",=1+2"));
    // UTF-8: the demo data has names with accents; none may come out as Latin-1 bytes.
    QVERIFY(QString::fromUtf8(content).toUtf8() == content);
}

void TestCliExport::exportsAllFields()
{
    const QString path = m_dir.filePath("all.csv");
    const CliRun run = runCli(m_sandbox.url(), {"export", "companies", path, "--all-fields"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QByteArray content = readFile(path);
    const QByteArray header = content.left(content.indexOf('\n'));
    QVERIFY2(header.startsWith("_id,"), header.constData());
    QVERIFY2(header.contains(",name,"), header.constData());
    QVERIFY2(header.contains("custom."), header.constData());
}

void TestCliExport::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no file") << QStringList {"export", "companies"} << QByteArray("usage");
    QTest::newRow("unknown type") << QStringList {"export", "planets", m_dir.filePath("x.csv")}
                                  << QByteArray("planets");
    QTest::newRow("select and all-fields")
        << QStringList {"export",   "companies", m_dir.filePath("x.csv"),
                        "--select", "name",      "--all-fields"}
        << QByteArray("exclude");
    QTest::newRow("unwritable file")
        << QStringList {"export", "companies", m_dir.filePath("no/such/dir/x.csv")}
        << QByteArray("cannot write");
}

void TestCliExport::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliRun run = runCli(m_sandbox.url(), arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath("x.csv")));
}

void TestCliExport::wrongTokenIsAuthErrorAndWritesNothing()
{
    const QString path = m_dir.filePath("refused.csv");
    const CliRun run
        = runCli(m_sandbox.url(), {"export", "companies", path}, {"PLANHAT_API_TOKEN=wrong-token"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("401"), run.err.constData());
    QVERIFY(!run.err.contains("wrong-token"));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    QVERIFY(!QFile::exists(path));
}

void TestCliExport::unreachableServerIsNetworkError()
{
    // A port nothing listens on: the sandbox's, after asking the OS for a free one is racy,
    // so use port 9 (discard), which is closed on test machines.
    const QString path = m_dir.filePath("unreachable.csv");
    const CliRun run = runCli(QUrl("http://127.0.0.1:9"), {"export", "companies", path});
    QCOMPARE(run.exitCode, 4);
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cliexport.moc"
