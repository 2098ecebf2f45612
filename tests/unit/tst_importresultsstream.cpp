// SPDX-License-Identifier: MIT
// ImportResultsStream: the results file grows as outcomes arrive, rows in file order, and
// ends byte for byte as ImportResults::writeCsv() writes it.
#include "importer/importresults.h"
#include "importer/importresultsstream.h"
#include "importer/importsettings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestImportResultsStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void growsAsOutcomesArrive();
    void refusesToStreamOverTheInput();
    void unwritablePathIsAnError();

private:
    static QByteArray readAll(const QString &path);
    QTemporaryDir m_dir;
    ImportSettings m_settings;
};

QByteArray TestImportResultsStream::readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray("<cannot read ") + path.toUtf8() + '>';
    return file.readAll();
}

void TestImportResultsStream::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings.filePath = m_dir.filePath("input.csv");
    QFile input(m_settings.filePath);
    QVERIFY(input.open(QIODevice::WriteOnly));
    // A row shorter than the header, one with a quoted comma and one not in ASCII: kept as
    // read.
    input.write("externalId,name\r\next-1,One\r\next-2\r\next-3,\"Three, Inc\"\r\n"
                "ext-4,Caf\xc3\xa9 Four\r\n");
}

void TestImportResultsStream::growsAsOutcomesArrive()
{
    const QString path = m_dir.filePath("results.csv");
    ImportResults results(4);
    ImportResultsStream stream(m_settings, path);
    QVERIFY(ImportResultsStream::canStream(m_settings, path));
    QVERIFY2(stream.open(), qPrintable(stream.errorString()));
    QCOMPARE(readAll(path), QByteArray("externalId,name,status,_id,message\r\n"));

    // Row 2 came back first: nothing can be written before row 1 has its outcome.
    results.set(1, {RowOutcome::Status::Failed, {}, QStringLiteral("bad, really")});
    QVERIFY(stream.writeSettled(results));
    QCOMPARE(readAll(path), QByteArray("externalId,name,status,_id,message\r\n"));

    // Row 1 updated; row 3 created without its _id yet (a lookup may still find it).
    results.set(0, {RowOutcome::Status::Updated, QStringLiteral("id-1"), {}});
    results.set(2, {RowOutcome::Status::Created, {}, {}});
    QVERIFY(stream.writeSettled(results));
    QCOMPARE(readAll(path),
             QByteArray("externalId,name,status,_id,message\r\n"
                        "ext-1,One,updated,id-1,\r\n"
                        "ext-2,,failed,,\"bad, really\"\r\n"));

    // The run ends with row 3 given its _id and row 4 never sent.
    results.set(2, {RowOutcome::Status::Created, QStringLiteral("id-3"), {}});
    QVERIFY(stream.finish(results));
    const QByteArray streamed = readAll(path);
    QVERIFY(streamed.endsWith("ext-3,\"Three, Inc\",created,id-3,\r\n"
                              "ext-4,Caf\xc3\xa9 Four,pending,,\r\n"));

    const QString whole = m_dir.filePath("whole.csv");
    QString error;
    QVERIFY2(results.writeCsv(m_settings, whole, &error), qPrintable(error));
    QCOMPARE(streamed, readAll(whole));
}

void TestImportResultsStream::refusesToStreamOverTheInput()
{
    // Truncating the input before it is read would lose it: written at the end instead.
    QVERIFY(!ImportResultsStream::canStream(m_settings, m_settings.filePath));
    QVERIFY(!ImportResultsStream::canStream(m_settings, m_dir.filePath("results.xlsx")));
}

void TestImportResultsStream::unwritablePathIsAnError()
{
    const QString path = m_dir.filePath("no-such-dir/results.csv");
    ImportResultsStream stream(m_settings, path);
    QVERIFY(!stream.open());
    QVERIFY2(stream.errorString().startsWith(QStringLiteral("cannot write ") + path),
             qPrintable(stream.errorString()));
}

QTEST_GUILESS_MAIN(TestImportResultsStream)
#include "tst_importresultsstream.moc"
