// SPDX-License-Identifier: MIT
// The journal that makes an import resumable and undoable: what it records, how it reads
// back (a cut-off last line, older journals, a changed file), that a write the disk refuses
// is reported, and reading it on a worker thread (ImportJournalReadJob).
#include "importer/importjournal.h"
#include "importer/importjournalreadjob.h"
#include "importfixtures.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"
#include "testfifo.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestImportJournal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void journalRoundTrip();
    void journalReadsTheKeyOfOlderJournals();
    void journalIgnoresATruncatedLastLine();
    void withdrawnChunkIsForgotten();
    void journalNoticesAChangedFile();
    void fingerprintIsTheFilesSha256();
    void journalRecordsThePlansFingerprint();
    void refusedWritesAreReported();
    void readJobReadsOffTheCallingThread();
    void readJobReportsAJournalItCannotRead();

private:
    static ObjectType companies();
    static ImportSettings settings(const QStringList &headers, ImportMode mode = ImportMode::Upsert,
                                   const QString &matchField = QStringLiteral("externalId"));
};

ObjectType TestImportJournal::companies()
{
    return Test::companiesWithCustomFields();
}

ImportSettings TestImportJournal::settings(const QStringList &headers, ImportMode mode,
                                           const QString &matchField)
{
    return Test::companyImportSettings(headers, mode, matchField);
}

void TestImportJournal::journalRoundTrip()
{
    QTemporaryDir dir;
    const ImportSettings importSettings = settings({"externalId", "name"});
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), importSettings, 3, &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    QVERIFY(path.startsWith(dir.path()));
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "E1"}, {1, PlannedAction::Update, "E2"}},
        {{"bbbbbbbbbbbbbbbbbbbbbbbb", "E2", {{"name", "Before"}}}}));
    QVERIFY(
        journal->recordChunkDone(0, {0, 1},
                                 {{RowOutcome::Status::Created, "cccccccccccccccccccccccc", {}},
                                  {RowOutcome::Status::Updated, "bbbbbbbbbbbbbbbbbbbbbbbb", {}}}));
    QVERIFY(journal->recordChunkSending(1, {{2, PlannedAction::Create, QString()}}, {}));
    QCOMPARE(ImportJournal::findUnfinished(dir.path(), "/tmp/in.csv", "companies"), path);
    QVERIFY(ImportJournal::findUnfinished(dir.path(), "/tmp/other.csv", "companies").isEmpty());

    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QCOMPARE(state.typeName, QStringLiteral("companies"));
    QCOMPARE(state.rowCount, 3);
    QCOMPARE(state.outcomes.size(), 2);
    QCOMPARE(state.inFlight.size(), 1);
    QCOMPARE(state.inFlight.at(0).index, 2);
    QCOMPARE(state.createdIds(), QStringList {"cccccccccccccccccccccccc"});
    QCOMPARE(state.updatedIds(), QStringList {"bbbbbbbbbbbbbbbbbbbbbbbb"});
    QCOMPARE(state.beforeImages.value("bbbbbbbbbbbbbbbbbbbbbbbb"),
             (QJsonObject {{"name", "Before"}}));
    QVERIFY(!state.finished);

    ImportSettings reread;
    QVERIFY2(ImportSettings::fromJson(state.settings, companies(), &reread, &error),
             qPrintable(error));
    QCOMPARE(reread.mapping.columns().size(), 2);
    QCOMPARE(reread.matchField, QStringLiteral("externalId"));

    QVERIFY(journal->recordChunkDone(1, {2}, {{RowOutcome::Status::Failed, {}, "bad"}}));
    QVERIFY(journal->recordFinished());
    QVERIFY(ImportJournal::read(path, &state, &error));
    QVERIFY(state.finished);
    QVERIFY(state.inFlight.isEmpty());
    QCOMPARE(state.outcomes.value(2).message, QStringLiteral("bad"));
    QVERIFY(ImportJournal::findUnfinished(dir.path(), "/tmp/in.csv", "companies").isEmpty());
}

void TestImportJournal::journalReadsTheKeyOfOlderJournals()
{
    // Journals written before any field could be the key name a key kind.
    QJsonObject json = settings({"externalId", "name"}).toJson();
    QCOMPARE(json.value("matchField").toString(), QStringLiteral("externalId"));
    json.remove("matchField");
    json.insert("key", "sourceId");
    ImportSettings read;
    QString error;
    QVERIFY2(ImportSettings::fromJson(json, companies(), &read, &error), qPrintable(error));
    QCOMPARE(read.matchField, QStringLiteral("sourceId"));
    // Invoices keep their external id in extId.
    const ObjectType &invoices = *Schema::builtin().type("invoices");
    json.insert("type", "invoices");
    json.insert("key", "externalId");
    QVERIFY2(ImportSettings::fromJson(json, invoices, &read, &error), qPrintable(error));
    QCOMPARE(read.matchField, QStringLiteral("extId"));
    json.insert("key", "nonsense");
    QVERIFY(!ImportSettings::fromJson(json, invoices, &read, &error));
    QVERIFY2(error.contains("nonsense"), qPrintable(error));

    // The new form: any candidate field, custom fields included.
    ImportSettings byRegionless
        = settings({"Seats", "name"}, ImportMode::UpdateOnly, "custom.Seats");
    QVERIFY2(ImportSettings::fromJson(byRegionless.toJson(), companies(), &read, &error),
             qPrintable(error));
    QCOMPARE(read.matchField, QStringLiteral("custom.Seats"));
    QCOMPARE(read.mode, ImportMode::UpdateOnly);
    // A field that cannot be a key (the custom field is gone) is refused, not guessed.
    QVERIFY(!ImportSettings::fromJson(byRegionless.toJson(), *Schema::builtin().type("companies"),
                                      &read, &error));
    QVERIFY2(error.contains("custom.Seats"), qPrintable(error));
}

void TestImportJournal::journalIgnoresATruncatedLastLine()
{
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), settings({"externalId", "name"}), 1, &error);
    QVERIFY(journal);
    QVERIFY(journal->recordChunkSending(0, {{0, PlannedAction::Create, "E1"}}, {}));
    const QString path = journal->path();
    journal.reset();
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"entry\":\"done\",\"chunk\":0,\"rows\":[[0,\"crea");
    file.close();
    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QCOMPARE(state.inFlight.size(), 1);
    QVERIFY(state.outcomes.isEmpty());
}

void TestImportJournal::withdrawnChunkIsForgotten()
{
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), settings({"externalId", "name"}), 4, &error);
    QVERIFY2(journal, qPrintable(error));
    // Chunk 1 is journaled ahead while chunk 0 is on the wire, then withdrawn (the run
    // stopped); later a chunk journaled ahead with row 1 (failed, sent again) is withdrawn too.
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "E1"}, {1, PlannedAction::Create, "E2"}}, {}));
    QVERIFY(journal->recordChunkSending(
        1, {{2, PlannedAction::Update, "E3"}, {3, PlannedAction::Create, "E4"}},
        {{"bbbbbbbbbbbbbbbbbbbbbbbb", "E3", {{"name", "Before"}}}}));
    QVERIFY(journal->recordChunkDone(0, {0, 1},
                                     {{RowOutcome::Status::Created, "cccccccccccccccccccccccc", {}},
                                      {RowOutcome::Status::Failed, {}, "rejected"}}));
    QVERIFY(journal->recordChunkWithdrawn(1));
    // The number is used again by the chunk that does go out.
    QVERIFY(journal->recordChunkSending(1, {{2, PlannedAction::Update, "E3"}}, {}));
    QVERIFY(journal->recordChunkSending(2, {{1, PlannedAction::Create, "E2"}}, {}));
    QVERIFY(journal->recordChunkWithdrawn(2));

    JournalState state;
    QVERIFY2(ImportJournal::read(journal->path(), &state, &error), qPrintable(error));
    // Row 3 never went out: not in flight. Row 2 did (the second chunk 1).
    QCOMPARE(state.inFlight.size(), 1);
    QCOMPARE(state.inFlight.at(0).index, 2);
    // Row 1 keeps the outcome of the chunk that was sent.
    QCOMPARE(state.outcomes.value(1).status, RowOutcome::Status::Failed);
    QCOMPARE(state.unsettled.size(), 1);
    QCOMPARE(state.unsettled.at(0).index, 1);
    QCOMPARE(state.outcomes.size(), 2);
    // A withdrawn chunk's before-images are not the import's: nothing of it was applied.
    QVERIFY(state.beforeImages.isEmpty());
}

void TestImportJournal::journalNoticesAChangedFile()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("in.csv");
    const auto writeCsv = [&csv](const QByteArray &content) {
        QFile file(csv);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(content) == content.size();
    };
    QVERIFY(writeCsv("externalId,name\nE1,One\nE2,Two\n"));
    ImportSettings importSettings = settings({"externalId", "name"});
    importSettings.filePath = csv;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), importSettings, 2, &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    journal.reset();

    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QVERIFY(state.file.isValid());
    QString why;
    QVERIFY2(state.fileUnchanged(&why), qPrintable(why));
    // Same size, one byte different: still a different file.
    QVERIFY(writeCsv("externalId,name\nE1,One\nE3,Two\n"));
    QVERIFY(!state.fileUnchanged(&why));
    QVERIFY2(why.contains("changed since the import started"), qPrintable(why));
    QVERIFY(QFile::remove(csv));
    QVERIFY(!state.fileUnchanged(&why));
    QVERIFY2(why.contains("cannot be read"), qPrintable(why));
}

void TestImportJournal::fingerprintIsTheFilesSha256()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("in.csv");
    const auto fingerprintOf = [&path](const QByteArray &content) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(content) != content.size())
            return FileFingerprint();
        file.close();
        return FileFingerprint::of(path);
    };
    // FIPS 180-2's example, then an empty file, then one that spans several read blocks
    // (checked against Qt's own SHA-256, an independent implementation).
    FileFingerprint fingerprint = fingerprintOf("abc");
    QCOMPARE(fingerprint.size, 3);
    QCOMPARE(fingerprint.sha256,
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    fingerprint = fingerprintOf(QByteArray());
    QCOMPARE(fingerprint.size, 0);
    QCOMPARE(fingerprint.sha256,
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QByteArray large;
    for (int i = 0; large.size() < 3 * 1024 * 1024 + 17; ++i)
        large += "ext-" + QByteArray::number(i) + ",Company " + QByteArray::number(i * 7) + '\n';
    fingerprint = fingerprintOf(large);
    QCOMPARE(fingerprint.size, large.size());
    QCOMPARE(fingerprint.sha256,
             QCryptographicHash::hash(large, QCryptographicHash::Sha256).toHex());
    QVERIFY(!FileFingerprint::of(dir.filePath("missing.csv")).isValid());
}

void TestImportJournal::journalRecordsThePlansFingerprint()
{
    // The journal takes the fingerprint of the file the plan was made from, not the file's
    // bytes now: a file changed after planning is refused by the runner and by a resume.
    QTemporaryDir dir;
    const QString csv = dir.filePath("in.csv");
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write("externalId,name\nE1,One\n") > 0);
    file.close();
    ImportSettings importSettings = settings({"externalId", "name"});
    importSettings.filePath = csv;
    FileFingerprint planned;
    planned.size = 99;
    planned.sha256 = QByteArray(64, 'a');
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), importSettings, 1, &error, planned);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    journal.reset();
    JournalState state;
    QVERIFY2(ImportJournal::read(path, &state, &error), qPrintable(error));
    QVERIFY(state.file == planned);
    QString why;
    QVERIFY(!state.fileUnchanged(&why));
}

void TestImportJournal::refusedWritesAreReported()
{
    // /dev/full takes the open (but cannot seek to its end) and refuses every write
    // (ENOSPC), as a full disk does.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("Cannot call seek"));
    QString error;
    std::unique_ptr<ImportJournal> journal = ImportJournal::openForAppend("/dev/full", &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(!journal->recordChunkSending(0, {{0, PlannedAction::Create, "E1"}}, {}));
    QVERIFY2(journal->errorString().contains("cannot write the journal /dev/full"),
             qPrintable(journal->errorString()));
    QVERIFY(!journal->recordChunkDone(0, {0}, {{RowOutcome::Status::Created, "id", {}}}));
    QVERIFY(!journal->recordFinished());
    QVERIFY(!journal->recordUndone(1, 1));
}

void TestImportJournal::readJobReadsOffTheCallingThread()
{
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(dir.path(), settings({"externalId", "name"}), 2, &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(journal->recordChunkSending(0, {{0, PlannedAction::Create, "E1"}}, {}));
    QVERIFY(journal->recordChunkDone(0, {0}, {{RowOutcome::Status::Created, "c1", {}}}));
    QFile written(journal->path());
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();

    // The job reads a pipe: only a reader on another thread lets this thread feed it.
    TestFifo fifo(dir.filePath("pipe.journal"));
    QVERIFY(fifo.isValid());
    fifo.armRescue(10000);
    auto *job = new ImportJournalReadJob(fifo.path());
    QSignalSpy finished(job, &ImportJournalReadJob::finished);
    job->start();
    QTRY_VERIFY_WITH_TIMEOUT(fifo.openWriter(), 8000);
    QVERIFY(finished.isEmpty());
    QVERIFY(fifo.writeAndClose(bytes));
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    const JournalState state = finished.first().at(1).value<JournalState>();
    QCOMPARE(state.rowCount, 2);
    QCOMPARE(state.createdIds(), QStringList {"c1"});
}

void TestImportJournal::readJobReportsAJournalItCannotRead()
{
    QTemporaryDir dir;
    QFile notAJournal(dir.filePath("x.journal"));
    QVERIFY(notAJournal.open(QIODevice::WriteOnly));
    notAJournal.write("{\"entry\":\"something else\"}\n");
    notAJournal.close();
    auto *job = new ImportJournalReadJob(notAJournal.fileName());
    QSignalSpy finished(job, &ImportJournalReadJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY2(finished.first().at(2).toString().contains("is not an import journal"),
             qPrintable(finished.first().at(2).toString()));
}

QTEST_GUILESS_MAIN(TestImportJournal)
#include "tst_importjournal.moc"
