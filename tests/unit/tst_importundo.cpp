// SPDX-License-Identifier: MIT
// ImportUndo against a fake tenant behind a fake network (no sockets, no server): it deletes
// what the import created, gives what it updated the recorded values back, reports what it
// could not undo, and records the undo in the journal (or says it could not). Against a real
// planhat-sandbox: tst_import and tst_importwizard.
#include "api/planhatclient.h"
#include "faketenant.h"
#include "importer/importjournal.h"
#include "importer/importundo.h"
#include "schema/schema.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;
using namespace Planhat::Test;

class TestImportUndo final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void deletesTheCreatedAndRestoresTheUpdated();
    void onlyRowsThatChangedSomethingAreUndone();
    void failuresAreReported();
    void alreadyDeletedCountsAsDeleted();
    void unrecordedUndoIsReported();

private:
    /// A journal of an import that created `created` and updated `updated` (with its
    /// before-image `before`), read back.
    JournalState journalOf(const QStringList &created, const QString &updated,
                           const QJsonObject &before);
    ImportUndoResult undo(const JournalState &state, ImportUndo **job = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PlanhatClient> m_client;
    std::unique_ptr<FakeTenant> m_tenant;
};

void TestImportUndo::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto network = std::make_unique<FakeNetwork>();
    FakeNetwork *fake = network.get();
    m_client = std::make_unique<PlanhatClient>(QUrl("https://api.example.com"), std::move(network));
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(1);
    options.maxBackoff = std::chrono::milliseconds(5);
    options.maxAttempts = 2;
    options.requestsPerMinute = 0;
    m_client->setOptions(options);
    m_client->setToken("tok");
    m_tenant = std::make_unique<FakeTenant>(fake);
}

void TestImportUndo::cleanup()
{
    m_tenant.reset();
    m_client.reset();
    m_dir.reset();
}

JournalState TestImportUndo::journalOf(const QStringList &created, const QString &updated,
                                       const QJsonObject &before)
{
    ImportSettings settings;
    settings.filePath = m_dir->filePath("in.csv");
    settings.type = *Schema::builtin().type("companies");
    settings.mapping = ImportMapping::autoMatch(settings.type, {"externalId", "name"});
    settings.matchField = "externalId";
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(m_dir->filePath("journals"), settings, created.size() + 1, &error);
    JournalState state;
    if (!journal) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return state;
    }
    QList<JournalRow> rows;
    QList<qint64> indexes;
    QList<RowOutcome> outcomes;
    for (qsizetype i = 0; i < created.size(); ++i) {
        rows.append({i, PlannedAction::Create, QStringLiteral("C%1").arg(i)});
        indexes.append(i);
        outcomes.append({RowOutcome::Status::Created, created.at(i), {}});
    }
    const qint64 updateRow = created.size();
    rows.append({updateRow, PlannedAction::Update, "U"});
    indexes.append(updateRow);
    outcomes.append({RowOutcome::Status::Updated, updated, {}});
    const bool written = journal->recordChunkSending(0, rows, {{updated, "U", before}})
        && journal->recordChunkDone(0, indexes, outcomes) && journal->recordFinished();
    if (!written || !ImportJournal::read(journal->path(), &state, &error))
        QTest::qFail(qPrintable(error + journal->errorString()), __FILE__, __LINE__);
    return state;
}

ImportUndoResult TestImportUndo::undo(const JournalState &state, ImportUndo **job)
{
    auto *undo = new ImportUndo(m_client.get(), *Schema::builtin().type("companies"), state, this);
    if (job)
        *job = undo;
    QSignalSpy finished(undo, &ImportUndo::finished);
    undo->start();
    if (!finished.wait(20000)) {
        QTest::qFail("the undo did not finish in 20 s", __FILE__, __LINE__);
        return {};
    }
    return finished.first().at(0).value<ImportUndoResult>();
}

void TestImportUndo::deletesTheCreatedAndRestoresTheUpdated()
{
    const QString c1 = m_tenant->add({{"externalId", "C0"}, {"name", "New one"}});
    const QString c2 = m_tenant->add({{"externalId", "C1"}, {"name", "New two"}});
    const QString kept = m_tenant->add({{"externalId", "K"}, {"name", "Not imported"}});
    // The import renamed U and gave it a phase it did not have.
    const QString u = m_tenant->add({{"externalId", "U"}, {"name", "After"}, {"phase", "Won"}});
    const JournalState state
        = journalOf({c1, c2}, u, {{"name", "Before"}, {"phase", QJsonValue::Null}});
    ImportUndo *job = nullptr;
    const ImportUndoResult result = undo(state, &job);
    QVERIFY2(result.allSucceeded(), qPrintable(result.messages.join('\n')));
    QCOMPARE(result.deleted, 2);
    QCOMPARE(result.restored, 1);
    QVERIFY(result.journalError.isEmpty());
    QCOMPARE(m_tenant->objects.keys().size(), 2);
    QVERIFY(m_tenant->objects.contains(kept));
    QCOMPARE(m_tenant->objects.value(u).value("name").toString(), QStringLiteral("Before"));
    QVERIFY(!m_tenant->objects.value(u).contains("phase")); // cleared, as before the import
    JournalState after;
    QString error;
    QVERIFY2(ImportJournal::read(state.path, &after, &error), qPrintable(error));
    QVERIFY(after.undone);
}

void TestImportUndo::onlyRowsThatChangedSomethingAreUndone()
{
    // A before-image whose row then failed restores nothing; nothing created, nothing deleted.
    const QString u = m_tenant->add({{"externalId", "U"}, {"name", "Untouched"}});
    QString error;
    ImportSettings settings;
    settings.filePath = m_dir->filePath("in.csv");
    settings.type = *Schema::builtin().type("companies");
    settings.mapping = ImportMapping::autoMatch(settings.type, {"externalId", "name"});
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(m_dir->filePath("journals"), settings, 1, &error);
    QVERIFY2(journal, qPrintable(error));
    QVERIFY(journal->recordChunkSending(0, {{0, PlannedAction::Update, "U"}},
                                        {{u, "U", {{"name", "Old"}}}}));
    QVERIFY(journal->recordChunkDone(0, {0}, {{RowOutcome::Status::Failed, {}, "rejected"}}));
    JournalState state;
    QVERIFY2(ImportJournal::read(journal->path(), &state, &error), qPrintable(error));
    ImportUndo *job = nullptr;
    const ImportUndoResult result = undo(state, &job);
    QVERIFY(result.allSucceeded());
    QCOMPARE(result.restored + result.deleted, 0);
    QVERIFY(m_tenant->bulkBodies.isEmpty());
    QCOMPARE(m_tenant->objects.value(u).value("name").toString(), QStringLiteral("Untouched"));
}

void TestImportUndo::failuresAreReported()
{
    const QString c1 = m_tenant->add({{"externalId", "C0"}, {"name", "New"}});
    const QString u = m_tenant->add({{"externalId", "U"}, {"name", "After"}});
    const JournalState state = journalOf({c1}, u, {{"name", "Before"}});
    m_tenant->deleteStatus.insert(c1, 403);
    m_tenant->rejectedKeys = {u};
    const ImportUndoResult result = undo(state);
    QVERIFY(!result.allSucceeded());
    QCOMPARE(result.failed, 2);
    QCOMPARE(result.deleted, 0);
    QCOMPARE(result.restored, 0);
    QCOMPARE(result.messages.size(), 2);
    QVERIFY2(result.messages.at(0).startsWith("restore " + u), qPrintable(result.messages.at(0)));
    QVERIFY2(result.messages.at(1).startsWith("delete " + c1), qPrintable(result.messages.at(1)));
    QVERIFY(result.lastError.isError());
    QVERIFY(m_tenant->objects.contains(c1));
    // Not all undone: the journal does not say it was, so it can be undone again.
    JournalState after;
    QString error;
    QVERIFY2(ImportJournal::read(state.path, &after, &error), qPrintable(error));
    QVERIFY(!after.undone);
}

void TestImportUndo::alreadyDeletedCountsAsDeleted()
{
    const QString c1 = m_tenant->add({{"externalId", "C0"}, {"name", "New"}});
    const QString u = m_tenant->add({{"externalId", "U"}, {"name", "After"}});
    const JournalState state = journalOf({c1}, u, {{"name", "Before"}});
    m_tenant->objects.remove(c1); // deleted by hand since
    const ImportUndoResult result = undo(state);
    QVERIFY2(result.allSucceeded(), qPrintable(result.messages.join('\n')));
    QCOMPARE(result.deleted, 1);
}

void TestImportUndo::unrecordedUndoIsReported()
{
    const QString c1 = m_tenant->add({{"externalId", "C0"}, {"name", "New"}});
    const QString u = m_tenant->add({{"externalId", "U"}, {"name", "After"}});
    JournalState state = journalOf({c1}, u, {{"name", "Before"}});
    state.path = m_dir->filePath("gone/import.journal"); // the journal cannot be opened now
    const ImportUndoResult result = undo(state);
    QCOMPARE(result.deleted, 1);
    QVERIFY2(result.journalError.contains("gone/import.journal"), qPrintable(result.journalError));
}

QTEST_GUILESS_MAIN(TestImportUndo)
#include "tst_importundo.moc"
