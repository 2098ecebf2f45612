// SPDX-License-Identifier: MIT
// Reading the first rows of a CSV file for a preview, and checking a whole import file on a
// worker thread before anything is sent.
#include "csv/csvpreview.h"
#include "importer/importfilecheck.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

class TestImportFileCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewDetectsFormatAndStopsEarly();
    void previewWithoutHeaderRowNumbersColumns();
    void previewOfMissingFileSaysWhy();
    void findsEveryProblemWithItsPlace();
    void cleanFileHasNoProblems();
    void runsOnAWorkerThreadWithProgress();
    void cancelStopsTheCheck();

private:
    QString write(const QString &name, const QByteArray &content);
    static ImportCheckRequest request(const QString &path);
    QTemporaryDir m_dir;
};

QString TestImportFileCheck::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

ImportCheckRequest TestImportFileCheck::request(const QString &path)
{
    const QJsonArray definitions {
        QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}};
    ImportCheckRequest request;
    request.path = path;
    request.type
        = CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
    request.mapping = ImportMapping::autoMatch(request.type, {"externalId", "Name", "Seats"});
    request.key = KeyKind::ExternalId;
    request.mode = ImportMode::Upsert;
    return request;
}

void TestImportFileCheck::previewDetectsFormatAndStopsEarly()
{
    QByteArray content = "\xEF\xBB\xBFid;name\r\n";
    for (int i = 0; i < 100; ++i)
        content += QByteArray::number(i) + ";Caf\xC3\xA9 " + QByteArray::number(i) + "\r\n";
    const CsvPreview preview = CsvPreview::read(write("semi.csv", content), {}, 5);
    QVERIFY2(preview.isValid(), qPrintable(preview.error));
    QCOMPARE(preview.encoding, CsvEncoding::Utf8);
    QCOMPARE(preview.delimiter, QChar(';'));
    QCOMPARE(preview.headers, QStringList({"id", "name"}));
    QCOMPARE(preview.rows.size(), 5);
    QCOMPARE(preview.rows.at(4), QStringList({"4", QStringLiteral("Café 4")}));
    QVERIFY(!preview.atEnd);
}

void TestImportFileCheck::previewWithoutHeaderRowNumbersColumns()
{
    CsvOptions options;
    options.headerRow = CsvOptions::HeaderRow::None;
    options.encoding = CsvEncoding::Windows1252;
    const CsvPreview preview
        = CsvPreview::read(write("plain.csv", "a\tb\tc\nM\xFCller\t2\t3\n"), options, 10);
    QCOMPARE(preview.delimiter, QChar('\t'));
    QCOMPARE(preview.headers, QStringList({"Column 1", "Column 2", "Column 3"}));
    QCOMPARE(preview.rows.size(), 2);
    QCOMPARE(preview.rows.at(1).at(0), QStringLiteral("Müller"));
    QVERIFY(preview.atEnd);
}

void TestImportFileCheck::previewOfMissingFileSaysWhy()
{
    const QString path = m_dir.filePath("nothing-here.csv");
    const CsvPreview preview = CsvPreview::read(path, {}, 10);
    QVERIFY(!preview.isValid());
    QVERIFY2(preview.error.contains(path), qPrintable(preview.error));
}

void TestImportFileCheck::findsEveryProblemWithItsPlace()
{
    const QString path = write("bad.csv",
                               "externalId,Name,Seats\n"
                               "c-1,One,10\n"
                               ",,12 apples\n" // no key: a new company, without a name; bad number
                               "c-1,Again,3\n" // key repeated
                               "c-4,Four\n" // too few fields
                               "c-5,Five,5\n");
    const ImportCheckResult result = ImportFileCheck::run(request(path));
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QVERIFY(result.mappingProblems.isEmpty());
    QCOMPARE(result.rowCount, 5);
    QCOMPARE(result.invalidRows, QList<qint64>({2, 3, 4}));
    QCOMPARE(result.invalidRowCount, 3);
    QCOMPARE(result.problemCount, qint64(result.problems.size()));

    const auto find = [&result](qint64 row, const QString &column) -> const ImportProblem * {
        for (const ImportProblem &problem : result.problems) {
            if (problem.row == row && problem.column == column)
                return &problem;
        }
        return nullptr;
    };
    const ImportProblem *seats = find(2, "Seats");
    QVERIFY(seats);
    QCOMPARE(seats->value, QStringLiteral("12 apples"));
    QCOMPARE(seats->line, 3);
    QVERIFY(find(2, QString())); // the missing name
    const ImportProblem *repeated = find(3, QString());
    QVERIFY(repeated);
    QVERIFY2(repeated->message.contains("line 2"), qPrintable(repeated->message));
    const ImportProblem *ragged = find(4, QString());
    QVERIFY(ragged);
    QCOMPARE(ragged->line, 5);
}

void TestImportFileCheck::cleanFileHasNoProblems()
{
    const ImportCheckResult result
        = ImportFileCheck::run(request(write("good.csv", "externalId,Name,Seats\nx,X,1\n")));
    QVERIFY(!result.hasProblems());
    QCOMPARE(result.rowCount, 1);

    ImportCheckRequest unkeyed = request(write("good2.csv", "Name\nX\n"));
    unkeyed.mapping = ImportMapping::autoMatch(unkeyed.type, {"Name"});
    unkeyed.mode = ImportMode::UpdateOnly;
    const ImportCheckResult withoutKey = ImportFileCheck::run(unkeyed);
    QCOMPARE(withoutKey.mappingProblems.size(), 1);
    QVERIFY(withoutKey.hasProblems());
}

void TestImportFileCheck::runsOnAWorkerThreadWithProgress()
{
    QByteArray content = "externalId,Name,Seats\n";
    for (int i = 0; i < 20000; ++i)
        content += "k-" + QByteArray::number(i) + ",Company " + QByteArray::number(i) + ","
            + (i % 1000 == 7 ? "many" : QByteArray::number(i)) + "\n";
    ImportFileCheck check;
    QSignalSpy progressed(&check, &ImportFileCheck::progressed);
    QSignalSpy finished(&check, &ImportFileCheck::finished);
    check.start(request(write("big.csv", content)));
    QVERIFY(check.isRunning() || !finished.isEmpty());
    QVERIFY(finished.wait(30000));
    const auto result = finished.takeFirst().at(0).value<ImportCheckResult>();
    QCOMPARE(result.rowCount, 20000);
    QCOMPARE(result.invalidRowCount, 20);
    QVERIFY(!result.canceled);
    QVERIFY(!progressed.isEmpty());
}

void TestImportFileCheck::cancelStopsTheCheck()
{
    QByteArray content = "externalId,Name,Seats\n";
    for (int i = 0; i < 200000; ++i)
        content += "k-" + QByteArray::number(i) + ",C,1\n";
    const QString path = write("huge.csv", content);
    {
        ImportFileCheck check;
        QSignalSpy finished(&check, &ImportFileCheck::finished);
        check.start(request(path));
        check.cancel();
        // A canceled check reports nothing.
        QVERIFY(!finished.wait(300));
        // A new check after a cancel runs to the end.
        check.start(request(write("small.csv", "externalId,Name,Seats\nx,X,1\n")));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.takeFirst().at(0).value<ImportCheckResult>().rowCount, 1);
    }
    // Deleting a running check neither blocks for long nor crashes.
    auto check = std::make_unique<ImportFileCheck>();
    check->start(request(path));
    check.reset();
}

QTEST_GUILESS_MAIN(TestImportFileCheck)
#include "tst_importfilecheck.moc"
