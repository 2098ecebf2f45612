// SPDX-License-Identifier: MIT
// ImportRunner against a fake tenant behind a fake network (no sockets, no server): what it
// sends, how a resume skips what the journal shows done and settles what was in flight,
// failures, journal writes the disk refuses, and that rows are read and converted (and
// results files written) off the runner's thread. The same rules against a real
// planhat-sandbox, killed mid-run: tst_importresume, tst_faultrun, tst_connectiondrops.
#include "api/listpaging.h"
#include "api/planhatclient.h"
#include "faketenant.h"
#include "importer/importjournal.h"
#include "importer/importplanner.h"
#include "importer/importresultswritejob.h"
#include "importer/importrunner.h"
#include "schema/schema.h"
#include "testfifo.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/resource.h>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

/// Makes the process's writes beyond `bytes` fail (EFBIG) until destroyed: a disk that
/// fills up at a chosen point of a run.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN); // fail the write instead of killing the test
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_old); }
    bool isOk() const { return m_ok; }

private:
    rlimit m_old {};
    bool m_ok = false;
};

} // namespace

class TestImportRunner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void journalsListedImagesWithEveryMappedField();
    void cleanup();
    void sendsCreatesAndUpdatesAndJournalsThem();
    void reportsRowsTheTenantRejects();
    void resumeSkipsRowsTheJournalShowsDone();
    void resumeSettlesRowsThatWereInFlight();
    void readsAndConvertsOffTheRunnersThread();
    void nextChunkIsJournaledWhileOneIsOnTheWire();
    void nextChunkLeavesBeforeTheAnswerIsRecorded();
    void chunkJournaledAheadIsWithdrawnOnCancel();
    void refusedJournalEntryBeforeAChunkSendsNothing();
    void refusedOutcomeEntryIsReported();
    void refusedFinishedEntryIsReported();
    void resultsFileIsWrittenOffTheCallingThread();

private:
    /// Writes the CSV (header externalId,name) and plans it against the tenant as it is.
    std::shared_ptr<const ImportPlan> plan(const QList<QStringList> &rows, int chunkSize = 2,
                                           const QString &path = QString());
    ImportRunSummary run(ImportRunner *runner);
    JournalState readJournal(const QString &path);
    /// Gives `runner` a new journal in the test's directory; its path, empty (with a test
    /// failure) when it cannot be created.
    QString journalTo(ImportRunner *runner, const ImportPlan &plan);
    /// From now on the tenant's answers to bulk writes are held (m_network->held) until the
    /// test releases them: the first one only, or all of them. Returns the handler before.
    std::function<FakeAnswer(const SeenRequest &)> holdBulkAnswers(bool firstOnly);

    std::unique_ptr<QTemporaryDir> m_dir;
    FakeNetwork *m_network = nullptr; // owned by m_client
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<FakeTenant> m_tenant;
};

void TestImportRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto network = std::make_unique<FakeNetwork>();
    m_network = network.get();
    m_client = std::make_unique<PlanhatClient>(QUrl("https://api.example.com"), std::move(network));
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(1);
    options.maxBackoff = std::chrono::milliseconds(5);
    options.maxAttempts = 2;
    options.requestsPerMinute = 0;
    m_client->setOptions(options);
    m_client->setToken("tok");
    m_tenant = std::make_unique<FakeTenant>(m_network);
}

void TestImportRunner::cleanup()
{
    m_tenant.reset();
    m_client.reset();
    m_dir.reset();
}

std::shared_ptr<const ImportPlan> TestImportRunner::plan(const QList<QStringList> &rows,
                                                         int chunkSize, const QString &path)
{
    ImportSettings settings;
    settings.filePath = path.isEmpty() ? m_dir->filePath("in.csv") : path;
    settings.type = *Schema::builtin().type("companies");
    const QStringList headers {"externalId", "name"};
    settings.mapping = ImportMapping::autoMatch(settings.type, headers);
    settings.matchField = "externalId";
    settings.chunkSize = chunkSize;
    if (path.isEmpty()) {
        QFile file(settings.filePath);
        if (!file.open(QIODevice::WriteOnly))
            return nullptr;
        file.write("externalId,name\n");
        for (const QStringList &row : rows)
            file.write(row.join(',').toUtf8() + '\n');
    }
    ImportPlanBuilder builder(settings);
    for (const QJsonObject &object : std::as_const(m_tenant->objects))
        builder.addExisting(object);
    qint64 line = 2;
    for (const QStringList &row : rows)
        builder.addRow(row, line++);
    return builder.take();
}

ImportRunSummary TestImportRunner::run(ImportRunner *runner)
{
    QSignalSpy finished(runner, &ImportRunner::finished);
    runner->start();
    if (!finished.wait(20000)) {
        QTest::qFail("the run did not finish in 20 s", __FILE__, __LINE__);
        return {};
    }
    return finished.first().at(0).value<ImportRunSummary>();
}

JournalState TestImportRunner::readJournal(const QString &path)
{
    JournalState state;
    QString error;
    if (!ImportJournal::read(path, &state, &error))
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    return state;
}

QString TestImportRunner::journalTo(ImportRunner *runner, const ImportPlan &plan)
{
    QString error;
    auto journal = ImportJournal::create(m_dir->filePath("journals"), plan.settings(),
                                         plan.rowCount(), &error);
    if (!journal) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return QString();
    }
    const QString path = journal->path();
    runner->setJournal(std::move(journal));
    return path;
}

std::function<FakeAnswer(const SeenRequest &)> TestImportRunner::holdBulkAnswers(bool firstOnly)
{
    const auto tenant = m_network->handler;
    auto holdNext = std::make_shared<bool>(true);
    m_network->handler = [tenant, holdNext, firstOnly](const SeenRequest &request) {
        FakeAnswer answer = tenant(request);
        if (request.verb == "PUT" && *holdNext) {
            answer.held = true;
            *holdNext = !firstOnly;
        }
        return answer;
    };
    return tenant;
}

void TestImportRunner::sendsCreatesAndUpdatesAndJournalsThem()
{
    const QString e2 = m_tenant->add({{"externalId", "E2"}, {"name", "Old"}});
    m_tenant->add({{"externalId", "E3"}, {"name", "Same"}});
    const auto importPlan = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Same"}, {"E4", "Four"}}, 2);
    QVERIFY(importPlan);
    ImportRunner runner(m_client.get(), importPlan);
    QString error;
    runner.setJournal(ImportJournal::create(m_dir->filePath("journals"), importPlan->settings(),
                                            importPlan->rowCount(), &error));
    QVERIFY2(!runner.journalPath().isEmpty(), qPrintable(error));
    const ImportRunSummary summary = run(&runner);
    QCOMPARE(summary.created, 2);
    QCOMPARE(summary.updated, 1);
    QCOMPARE(summary.unchanged, 1);
    QVERIFY(summary.allSucceeded());
    QVERIFY(summary.journalError.isEmpty());
    // The unchanged row is not sent; the update goes by the `_id` the plan matched.
    QCOMPARE(m_tenant->bulkBodies.size(), 2);
    QCOMPARE(m_tenant->bulkBodies.at(0).at(1).toObject().value("_id").toString(), e2);
    QCOMPARE(m_tenant->objects.value(e2).value("name").toString(), QStringLiteral("Two"));
    QVERIFY(!m_tenant->idOf("E4").isEmpty());

    const JournalState journal = readJournal(runner.journalPath());
    QVERIFY(journal.finished);
    QVERIFY(journal.inFlight.isEmpty());
    QCOMPARE(journal.createdIds().size(), 2);
    QCOMPARE(journal.updatedIds(), QStringList {e2});
    QCOMPARE(journal.beforeImages.value(e2).value("name").toString(), QStringLiteral("Old"));
}

// A planner that lists raw keeps flat before-images as text: the journal holds each with
// every mapped field (null where the object had none), as for an image kept as an object.
void TestImportRunner::journalsListedImagesWithEveryMappedField()
{
    const QString full = m_tenant->add(
        {{"externalId", "E1"}, {"name", "Old \"1\""}, {"phase", "P"}, {"csmScore", 3}});
    const QString lacking = m_tenant->add({{"externalId", "E2"}, {"name", "Old 2"}});
    ImportSettings settings;
    settings.filePath = m_dir->filePath("listed.csv");
    settings.type = *Schema::builtin().type("companies");
    // Out of key order; a number is not kept as text (the image is an object then).
    for (const QStringList &headers : {QStringList {"phase", "name", "externalId"},
                                       QStringList {"name", "externalId", "csmScore"}}) {
        settings.mapping = ImportMapping::autoMatch(settings.type, headers);
        settings.matchField = "externalId";
        QFile file(settings.filePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(headers.join(',').toUtf8() + '\n');
        for (const QString key : {"E1", "E2"}) {
            QStringList cells;
            for (const QString &header : headers)
                cells.append(header == "externalId" ? key : header == "name" ? "New" : "");
            file.write(cells.join(',').toUtf8() + '\n');
        }
        file.close();
        QJsonArray listed;
        for (const QJsonObject &object : std::as_const(m_tenant->objects))
            listed.append(object);
        ImportPlanBuilder planning(settings);
        planning.addExisting(ListPaging::parsePageRaw(QJsonDocument(listed).toJson()).raw);
        qint64 line = 2;
        for (const QString key : {"E1", "E2"}) {
            QStringList cells;
            for (const QString &header : headers)
                cells.append(header == "externalId" ? key : header == "name" ? "New" : "");
            planning.addRow(cells, line++);
        }
        const std::shared_ptr<const ImportPlan> importPlan = planning.take();
        QCOMPARE(importPlan->updateCount(), 2);
        QCOMPARE(importPlan->existingFor(0)->imageText.isEmpty(),
                 headers.constLast() == "csmScore");
        QVERIFY(!importPlan->existingFor(1)->imageText.isEmpty());
        ImportRunner runner(m_client.get(), importPlan);
        const QString path = journalTo(&runner, *importPlan);
        QVERIFY(run(&runner).allSucceeded());

        const JournalState journal = readJournal(path);
        const QString third = headers.constLast() == "csmScore" ? "csmScore" : "phase";
        QCOMPARE(journal.beforeImages.value(full),
                 (QJsonObject {{"externalId", "E1"},
                               {"name", "Old \"1\""},
                               {third, third == "phase" ? QJsonValue("P") : QJsonValue(3)}}));
        QCOMPARE(journal.beforeImages.value(lacking),
                 (QJsonObject {{"externalId", "E2"}, {"name", "Old 2"}, {third, QJsonValue()}}));
        // Back to the old names for the next mapping.
        m_tenant->objects[full].insert("name", "Old \"1\"");
        m_tenant->objects[lacking].insert("name", "Old 2");
    }
}

void TestImportRunner::reportsRowsTheTenantRejects()
{
    m_tenant->rejectedKeys = {"E2"};
    const auto importPlan = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}, 5);
    ImportRunner runner(m_client.get(), importPlan);
    const ImportRunSummary summary = run(&runner);
    QCOMPARE(summary.created, 2);
    QCOMPARE(summary.failed, 1);
    QVERIFY(!summary.allSucceeded());
    QCOMPARE(runner.results().row(1).status, RowOutcome::Status::Failed);
    QVERIFY2(runner.results().row(1).message.contains("rejected"),
             qPrintable(runner.results().row(1).message));
    QCOMPARE(runner.results().failedRows(), QList<qint64> {1});
}

void TestImportRunner::resumeSkipsRowsTheJournalShowsDone()
{
    // A journal that recorded the first chunk as done, and nothing after it.
    const auto first = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}, {"E4", "Four"}}, 2);
    QString error;
    std::unique_ptr<ImportJournal> journal = ImportJournal::create(
        m_dir->filePath("journals"), first->settings(), first->rowCount(), &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "E1"}, {1, PlannedAction::Create, "E2"}}, {}));
    const QString id1 = m_tenant->add({{"externalId", "E1"}, {"name", "One"}});
    const QString id2 = m_tenant->add({{"externalId", "E2"}, {"name", "Two"}});
    QVERIFY(journal->recordChunkDone(
        0, {0, 1},
        {{RowOutcome::Status::Created, id1, {}}, {RowOutcome::Status::Created, id2, {}}}));
    journal.reset();

    // Planned again against the tenant as it is now (E1 and E2 exist, unchanged).
    const auto again = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}, {"E4", "Four"}}, 2);
    ImportRunner runner(m_client.get(), again);
    runner.setResumeState(readJournal(path));
    runner.setJournal(ImportJournal::openForAppend(path, &error));
    const ImportRunSummary summary = run(&runner);
    QVERIFY(summary.allSucceeded());
    // Only the rows the journal did not show done went out.
    QCOMPARE(m_tenant->bulkBodies.size(), 1);
    QCOMPARE(m_tenant->bulkBodies.at(0).size(), 2);
    QCOMPARE(m_tenant->bulkBodies.at(0).at(0).toObject().value("externalId").toString(),
             QStringLiteral("E3"));
    // The rows done before keep the outcome the journal recorded.
    QCOMPARE(runner.results().row(0).status, RowOutcome::Status::Created);
    QCOMPARE(runner.results().row(0).id, id1);
    QCOMPARE(summary.created, 4);
    QCOMPARE(m_tenant->objects.size(), 4);
    QVERIFY(readJournal(path).finished);
}

void TestImportRunner::resumeSettlesRowsThatWereInFlight()
{
    // The run stopped with rows 0 and 1 on the wire: row 0 (E1) arrived, row 1 (E2) did not.
    const auto first = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}, 2);
    QString error;
    std::unique_ptr<ImportJournal> journal = ImportJournal::create(
        m_dir->filePath("journals"), first->settings(), first->rowCount(), &error);
    QVERIFY2(journal, qPrintable(error));
    const QString path = journal->path();
    QVERIFY(journal->recordChunkSending(
        0, {{0, PlannedAction::Create, "E1"}, {1, PlannedAction::Create, "E2"}}, {}));
    journal.reset();
    const QString id1 = m_tenant->add({{"externalId", "E1"}, {"name", "One"}});

    const auto again = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}, 2);
    QCOMPARE(again->row(0).action, PlannedAction::Unchanged);
    const JournalState state = readJournal(path);
    QCOMPARE(state.inFlight.size(), 2);
    ImportRunner runner(m_client.get(), again);
    runner.setResumeState(state);
    runner.setJournal(ImportJournal::openForAppend(path, &error));
    const ImportRunSummary summary = run(&runner);
    QVERIFY(summary.allSucceeded());
    // E1 is the one this import created before it stopped: not sent, not created twice.
    QCOMPARE(runner.results().row(0).status, RowOutcome::Status::Created);
    QCOMPARE(runner.results().row(0).id, id1);
    QVERIFY2(runner.results().row(0).message.contains("interrupted"),
             qPrintable(runner.results().row(0).message));
    QCOMPARE(m_tenant->bulkBodies.size(), 1);
    QStringList sent;
    for (const QJsonValue &row : m_tenant->bulkBodies.at(0))
        sent.append(row.toObject().value("externalId").toString());
    QCOMPARE(sent, (QStringList {"E2", "E3"}));
    QCOMPARE(m_tenant->objects.size(), 3);
    // The journal now names all three as created, so an undo deletes them all.
    QCOMPARE(readJournal(path).createdIds().size(), 3);
}

void TestImportRunner::readsAndConvertsOffTheRunnersThread()
{
    // The file is a pipe: the runner's thread (this one) can feed it only if the rows are
    // read elsewhere. Were they read here, the rescue would end the pipe empty after 10 s
    // and no reader would be seen.
    TestFifo fifo(m_dir->filePath("pipe.csv"));
    QVERIFY(fifo.isValid());
    const auto importPlan = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}, 2, fifo.path());
    ImportRunner runner(m_client.get(), importPlan);
    QSignalSpy finished(&runner, &ImportRunner::finished);
    fifo.armRescue(10000);
    runner.start();
    QTRY_VERIFY_WITH_TIMEOUT(fifo.openWriter(), 8000);
    QVERIFY(fifo.writeAndClose("externalId,name\nE1,One\nE2,Two\nE3,Three\n"));
    QVERIFY(finished.wait(20000));
    const auto summary = finished.first().at(0).value<ImportRunSummary>();
    QCOMPARE(summary.created, 3);
    QCOMPARE(m_tenant->objects.size(), 3);
    QCOMPARE(m_tenant->bulkBodies.size(), 2);
}

void TestImportRunner::nextChunkIsJournaledWhileOneIsOnTheWire()
{
    const QString e3 = m_tenant->add({{"externalId", "E3"}, {"name", "Old"}});
    const auto importPlan
        = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}, {"E4", "Four"}, {"E5", "Five"}}, 2);
    QVERIFY(importPlan);
    ImportRunner runner(m_client.get(), importPlan);
    const QString journalPath = journalTo(&runner, *importPlan);
    QVERIFY(!journalPath.isEmpty());
    // The answer to the first chunk is held until the test lets it go.
    holdBulkAnswers(true);
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    QTRY_COMPARE(m_network->held.size(), 1);
    // While it is out, the second chunk is read, converted and journaled (synced) — not sent.
    QTRY_COMPARE(readJournal(journalPath).inFlight.size(), 4);
    const JournalState ahead = readJournal(journalPath);
    QCOMPARE(ahead.inFlight.at(2).index, 2);
    QCOMPARE(ahead.inFlight.at(2).action, PlannedAction::Update);
    QVERIFY(ahead.beforeImages.contains(e3));
    QCOMPARE(m_tenant->bulkBodies.size(), 1);
    QCOMPARE(m_network->inFlight, 1);

    m_network->releaseHeld();
    QVERIFY(finished.wait(20000));
    const auto summary = finished.first().at(0).value<ImportRunSummary>();
    QCOMPARE(summary.created, 4);
    QCOMPARE(summary.updated, 1);
    QVERIFY(summary.allSucceeded());
    QCOMPARE(m_tenant->bulkBodies.size(), 3);
    // Never two chunks on the wire at once: one bulk write at a time.
    QCOMPARE(m_network->maxInFlight, 1);
    const JournalState state = readJournal(journalPath);
    QVERIFY(state.inFlight.isEmpty());
    QCOMPARE(state.outcomes.size(), 5);
    QVERIFY(state.finished);
}

void TestImportRunner::nextChunkLeavesBeforeTheAnswerIsRecorded()
{
    const auto importPlan
        = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}, {"E4", "Four"}, {"E5", "Five"}}, 2);
    QVERIFY(importPlan);
    ImportRunner runner(m_client.get(), importPlan);
    const QString journalPath = journalTo(&runner, *importPlan);
    QVERIFY(!journalPath.isEmpty());
    holdBulkAnswers(true);
    // What the journal shows done when each bulk request goes out.
    const auto tenant = m_network->handler;
    QList<qsizetype> doneWhenSent;
    m_network->handler = [this, tenant, journalPath, &doneWhenSent](const SeenRequest &request) {
        if (request.verb == "PUT")
            doneWhenSent.append(readJournal(journalPath).outcomes.size());
        return tenant(request);
    };
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    QTRY_COMPARE(m_network->held.size(), 1);
    // The second chunk is ready (journaled) before the first one's answer comes.
    QTRY_COMPARE(readJournal(journalPath).inFlight.size(), 4);
    m_network->releaseHeld();
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.first().at(0).value<ImportRunSummary>().allSucceeded());
    // The second request left as the first answer arrived, before its outcomes were
    // worked through and recorded: the server does not wait for that.
    QCOMPARE(doneWhenSent.size(), 3);
    QCOMPARE(doneWhenSent.at(0), 0);
    QCOMPARE(doneWhenSent.at(1), 0);
    QCOMPARE(m_network->maxInFlight, 1);
    const JournalState state = readJournal(journalPath);
    QVERIFY(state.inFlight.isEmpty());
    QCOMPARE(state.outcomes.size(), 5);
    QVERIFY(state.finished);
}

void TestImportRunner::chunkJournaledAheadIsWithdrawnOnCancel()
{
    const auto importPlan
        = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}, {"E4", "Four"}}, 2);
    QVERIFY(importPlan);
    ImportRunner runner(m_client.get(), importPlan);
    const QString journalPath = journalTo(&runner, *importPlan);
    QVERIFY(!journalPath.isEmpty());
    const auto tenant = holdBulkAnswers(false);
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    QTRY_COMPARE(m_network->held.size(), 1);
    QTRY_COMPARE(readJournal(journalPath).inFlight.size(), 4);
    runner.cancel();
    m_network->releaseHeld();
    QVERIFY(finished.wait(20000));
    const auto summary = finished.first().at(0).value<ImportRunSummary>();
    QVERIFY(summary.cancelled);
    QCOMPARE(summary.created, 2);
    QCOMPARE(summary.pending, 2);
    QCOMPARE(m_tenant->bulkBodies.size(), 1);
    // The second chunk never went out: a resume must not take its rows for rows in flight.
    const JournalState state = readJournal(journalPath);
    QVERIFY(state.inFlight.isEmpty());
    QCOMPARE(state.outcomes.size(), 2);
    QVERIFY(!state.finished);

    // Resumed, the rows are simply sent.
    QString error;
    ImportRunner resumed(m_client.get(), importPlan);
    resumed.setResumeState(state);
    resumed.setJournal(ImportJournal::openForAppend(journalPath, &error));
    m_network->handler = tenant;
    const ImportRunSummary second = run(&resumed);
    QCOMPARE(second.created, 4);
    QVERIFY(second.allSucceeded());
    QCOMPARE(m_tenant->bulkBodies.size(), 2);
}

void TestImportRunner::refusedJournalEntryBeforeAChunkSendsNothing()
{
    const auto importPlan = plan({{"E1", "One"}, {"E2", "Two"}}, 5);
    ImportRunner runner(m_client.get(), importPlan);
    QString error;
    // /dev/full refuses every write, as a full disk does (and cannot seek to its end).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("Cannot call seek"));
    runner.setJournal(ImportJournal::openForAppend("/dev/full", &error));
    QVERIFY2(!runner.journalPath().isEmpty(), qPrintable(error));
    const ImportRunSummary summary = run(&runner);
    QVERIFY(m_tenant->bulkBodies.isEmpty());
    QCOMPARE(summary.failed, 2);
    QVERIFY2(summary.journalError.contains("cannot write the journal /dev/full"),
             qPrintable(summary.journalError));
    QVERIFY2(runner.results().row(0).message.startsWith("not sent: cannot write the journal"),
             qPrintable(runner.results().row(0).message));
}

void TestImportRunner::refusedOutcomeEntryIsReported()
{
    const auto importPlan = plan({{"E1", "One"}, {"E2", "Two"}, {"E3", "Three"}}, 2);
    ImportRunner runner(m_client.get(), importPlan);
    QString error;
    runner.setJournal(ImportJournal::create(m_dir->filePath("journals"), importPlan->settings(),
                                            importPlan->rowCount(), &error));
    QVERIFY2(!runner.journalPath().isEmpty(), qPrintable(error));
    // The disk fills up once the first chunk is on the wire: its outcomes cannot be written.
    std::unique_ptr<FileSizeLimit> full;
    const QString journalPath = runner.journalPath();
    m_tenant->onRequest = [&full, &journalPath](const SeenRequest &) {
        if (!full)
            full = std::make_unique<FileSizeLimit>(QFileInfo(journalPath).size());
    };
    const ImportRunSummary summary = run(&runner);
    full.reset();
    QVERIFY2(summary.journalError.contains("cannot write the journal"),
             qPrintable(summary.journalError));
    // Nothing more is sent once outcomes cannot be kept: the second chunk stays pending.
    QVERIFY(summary.stoppedByError);
    QCOMPARE(m_tenant->bulkBodies.size(), 1);
    QCOMPARE(summary.pending, 1);
    QVERIFY(!readJournal(journalPath).finished);
}

void TestImportRunner::refusedFinishedEntryIsReported()
{
    const auto importPlan = plan({{"E1", "One"}}, 2);
    ImportRunner runner(m_client.get(), importPlan);
    QString error;
    runner.setJournal(ImportJournal::create(m_dir->filePath("journals"), importPlan->settings(),
                                            importPlan->rowCount(), &error));
    QVERIFY2(!runner.journalPath().isEmpty(), qPrintable(error));
    // The disk fills up right after the last chunk's outcomes are written.
    std::unique_ptr<FileSizeLimit> full;
    const QString journalPath = runner.journalPath();
    connect(&runner, &ImportRunner::chunkFinished, this, [&full, &journalPath] {
        full = std::make_unique<FileSizeLimit>(QFileInfo(journalPath).size());
    });
    const ImportRunSummary summary = run(&runner);
    full.reset();
    QCOMPARE(summary.created, 1);
    QVERIFY2(summary.journalError.contains("cannot write the journal"),
             qPrintable(summary.journalError));
    const JournalState journal = readJournal(journalPath);
    QCOMPARE(journal.createdIds().size(), 1);
    QVERIFY(!journal.finished);
}

void TestImportRunner::resultsFileIsWrittenOffTheCallingThread()
{
    ImportResults results(2);
    results.set(0, {RowOutcome::Status::Created, "c1", {}});
    results.set(1, {RowOutcome::Status::Failed, {}, "bad name"});
    ImportSettings settings;
    settings.type = *Schema::builtin().type("companies");
    // The input is a pipe: this thread can feed it only while the job reads elsewhere.
    TestFifo fifo(m_dir->filePath("pipe.csv"));
    QVERIFY(fifo.isValid());
    settings.filePath = fifo.path();
    const QString output = m_dir->filePath("results.csv");
    fifo.armRescue(10000);
    auto *job = new ImportResultsWriteJob(results, settings, output);
    QSignalSpy finished(job, &ImportResultsWriteJob::finished);
    job->start();
    QTRY_VERIFY_WITH_TIMEOUT(fifo.openWriter(), 8000);
    QVERIFY(finished.isEmpty());
    QVERIFY(fifo.writeAndClose("externalId,name\nE1,One\nE2,\n"));
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
             QByteArray("externalId,name,status,_id,message\r\nE1,One,created,c1,\r\n"
                        "E2,,failed,,bad name\r\n"));

    // A results file that cannot be written is reported.
    QFile input(m_dir->filePath("in.csv"));
    QVERIFY(input.open(QIODevice::WriteOnly));
    input.write("externalId,name\nE1,One\nE2,\n");
    input.close();
    settings.filePath = input.fileName();
    auto *failing = new ImportResultsWriteJob(results, settings, m_dir->filePath("no/dir.csv"));
    QSignalSpy failed(failing, &ImportResultsWriteJob::finished);
    failing->start();
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.first().at(0).toBool());
    QVERIFY2(!failed.first().at(1).toString().isEmpty(), "an error message");
}

QTEST_GUILESS_MAIN(TestImportRunner)
#include "tst_importrunner.moc"
