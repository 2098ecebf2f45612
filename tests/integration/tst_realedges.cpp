// SPDX-License-Identifier: MIT
// planhat-cli against a planhat-sandbox that plays the edges Planhat's docs describe and a
// friendly server hides (planhat-api.md §8): pages capped below the limit asked for, no
// order without `sort`, bulk answers naming updated rows by `_id` only, a minute quota
// answered with 429 and X-Rate-Limit-* headers but no Retry-After, and injected faults.
// Every row must be accounted for, nothing duplicated, and the tenant must end as expected.
#include "importtesthelpers.h"

#include "importer/importmapping.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Planhat;
using namespace Planhat::Test;

namespace {

/// The sandbox options of the real API's edges, all on. The quota is per short window so
/// the tests stay fast; the client does not know the window and must wait it out.
QStringList strictEdges(const QString &quota = QStringLiteral("40"),
                        const QString &window = QStringLiteral("2"))
{
    return {"--page-cap",     "700", "--unordered",    "--lean-update-keys",
            "--minute-quota", quota, "--quota-window", window};
}

QStringList withFaults(QStringList arguments, const QString &seed,
                       const QString &rate = QStringLiteral("0.15"))
{
    arguments << "--fail-rate" << rate << "--fault-seed" << seed;
    return arguments;
}

/// Every object of `type` listed through planhat-cli as JSON (fields `fields`).
QJsonArray listAll(const QUrl &url, const QString &type, const QString &fields,
                   QByteArray *errors = nullptr)
{
    const CliRun run = runCli(url, {"list", type, "--select", fields, "--format", "json"},
                              {"PLANHAT_MAX_RATE=0"});
    if (errors)
        *errors = run.err;
    if (run.exitCode != 0)
        return {};
    return QJsonDocument::fromJson(run.out).array();
}

QSet<QString> idsOf(const QJsonArray &objects)
{
    QSet<QString> ids;
    for (const QJsonValue &object : objects)
        ids.insert(object.toObject().value("_id").toString());
    return ids;
}

/// "created 1, updated 2, ..." from an import's stdout, as a map.
QHash<QString, int> importCounts(const QByteArray &out)
{
    QHash<QString, int> counts;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.startsWith("created "))
            continue;
        for (const QByteArray &part : line.split(',')) {
            const QByteArray item = part.trimmed();
            const qsizetype space = item.lastIndexOf(' ');
            counts.insert(QString::fromUtf8(item.left(space)), item.mid(space + 1).toInt());
        }
    }
    return counts;
}

/// Empty when the CSV `rows` (header first) hold every record of `externalIdOf` (`_id` ->
/// externalId) exactly once, with its externalId; else what is wrong.
QString csvMismatch(const QList<QStringList> &rows, const QHash<QString, QString> &externalIdOf)
{
    if (rows.isEmpty())
        return QStringLiteral("no header");
    const qsizetype idColumn = rows.first().indexOf(QStringLiteral("_id"));
    const qsizetype externalIdColumn = rows.first().indexOf(QStringLiteral("externalId"));
    if (idColumn < 0 || externalIdColumn < 0)
        return QStringLiteral("header without _id or externalId: ") + rows.first().join(',');
    QSet<QString> seen;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QString id = rows.at(i).value(idColumn);
        if (seen.contains(id))
            return QStringLiteral("line %1: %2 a second time").arg(i + 1).arg(id);
        seen.insert(id);
        const auto expected = externalIdOf.constFind(id);
        if (expected == externalIdOf.constEnd())
            return QStringLiteral("line %1: unknown _id %2").arg(i + 1).arg(id);
        if (rows.at(i).value(externalIdColumn) != *expected)
            return QStringLiteral("line %1: %2 has externalId %3, not %4")
                .arg(i + 1)
                .arg(id, rows.at(i).value(externalIdColumn), *expected);
    }
    if (seen.size() != externalIdOf.size())
        return QStringLiteral("%1 records of %2").arg(seen.size()).arg(externalIdOf.size());
    return QString();
}

} // namespace

class TestRealEdges final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listReturnsEveryCompanyOnce();
    void csvListAndExportHoldEveryCompanyOnce();
    void notesReimportedCreateNothing();
    void upsertByExternalIdReportsUpdatesByIdOnly();
    void planPastTheStoredDiffsComparesListedValues();
    void importUnderFaultsAndQuotaLosesNothing();
    void killedImportResumesUnderStrictEdges();
    void minuteQuotaIsWaitedOut();
    void lostAnswersAreReconciledNotResent();
    void changedFileIsNotSent();
    void workbookImportUnderFaultsAndQuotaLosesNothing();

private:
    /// A plan of `path` into `typeName` keyed on `matchField`, made through `client`.
    std::shared_ptr<const ImportPlan> plan(PlanhatClient *client, const QString &typeName,
                                           const QString &path, const QString &matchField,
                                           int chunkSize);
    QString writeCompanies(const QString &name, int from, int to, const QString &prefix,
                           const QString &namePrefix);

    QTemporaryDir m_dir;
    ImportDataHome m_dataHome;
};

void TestRealEdges::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_dataHome.isValid());
}

QString TestRealEdges::writeCompanies(const QString &name, int from, int to, const QString &prefix,
                                      const QString &namePrefix)
{
    QList<QStringList> rows {{"externalId", "name"}};
    for (int i = from; i <= to; ++i)
        rows.append({QStringLiteral("%1%2").arg(prefix).arg(i, 4, 10, QLatin1Char('0')),
                     QStringLiteral("%1 %2").arg(namePrefix).arg(i)});
    const QString path = m_dir.filePath(name);
    writeCsv(path, rows);
    return path;
}

void TestRealEdges::listReturnsEveryCompanyOnce()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--seed-companies", "4321"} + strictEdges()),
             qPrintable(sandbox.errorString()));
    QByteArray errors;
    const QJsonArray listed = listAll(sandbox.url(), "companies", "_id,externalId", &errors);
    QVERIFY2(listed.size() == 4321, errors.constData());
    QCOMPARE(idsOf(listed).size(), 4321);

    // export pages the same way.
    const QString exported = m_dir.filePath("companies-export.csv");
    const CliRun run = runCli(sandbox.url(), {"export", "companies", exported, "--select", "_id"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QList<QStringList> rows = readCsv(exported);
    QCOMPARE(rows.size(), 4322);
    QSet<QString> ids;
    for (qsizetype i = 1; i < rows.size(); ++i)
        ids.insert(rows.at(i).at(0));
    QCOMPARE(ids.size(), 4321);
}

void TestRealEdges::csvListAndExportHoldEveryCompanyOnce()
{
    // The CSV paths write cells from the pages' bytes (columns found in the data are
    // spilled and written at the end): capped, unordered pages under a quota must still
    // give every record once, with its own cells. (The quota is on but not reached: a 429
    // without Retry-After costs the client a minute's wait; minuteQuotaIsWaitedOut covers
    // that.)
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--seed-companies", "4321"} + strictEdges()),
             qPrintable(sandbox.errorString()));
    QByteArray errors;
    const QJsonArray listed = listAll(sandbox.url(), "companies", "_id,externalId", &errors);
    QVERIFY2(listed.size() == 4321, errors.constData());
    QHash<QString, QString> externalIdOf;
    for (const QJsonValue &object : listed) {
        externalIdOf.insert(object.toObject().value("_id").toString(),
                            object.toObject().value("externalId").toString());
    }
    QCOMPARE(externalIdOf.size(), 4321);

    const QList<QStringList> lists {
        QStringList {"list", "companies", "--all-fields", "--format", "csv"},
        QStringList {"list", "companies", "--select", "_id,externalId,name", "--format", "csv"}};
    for (const QStringList &arguments : lists) {
        const CliRun run = runCli(sandbox.url(), arguments, {"PLANHAT_MAX_RATE=0"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString path = m_dir.filePath("listed.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(run.out);
        file.close();
        const QString mismatch = csvMismatch(readCsv(path), externalIdOf);
        QVERIFY2(mismatch.isEmpty(), qPrintable(arguments.join(' ') + ": " + mismatch));
    }

    // export to CSV with every field: the same raw path, to a file.
    const QString exported = m_dir.filePath("companies-all-fields.csv");
    const CliRun run = runCli(sandbox.url(), {"export", "companies", exported});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString mismatch = csvMismatch(readCsv(exported), externalIdOf);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestRealEdges::notesReimportedCreateNothing()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--seed-companies", "20"} + strictEdges()),
             qPrintable(sandbox.errorString()));
    // Notes match on `_id` only: keyed on externalId, the server would create them again.
    QList<QStringList> rows {{"externalId", "companyId", "type", "subject"}};
    for (int i = 1; i <= 600; ++i)
        rows.append({QStringLiteral("note-%1").arg(i),
                     QStringLiteral("extid-ext-%1").arg(i % 20 + 1, 2, 10, QLatin1Char('0')),
                     "note", QStringLiteral("Call %1").arg(i)});
    const QString path = m_dir.filePath("notes.csv");
    writeCsv(path, rows);

    const CliRun first
        = runCli(sandbox.url(), {"import", "notes", path, "--key", "externalId", "--yes"},
                 m_dataHome.environment());
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(importCounts(first.out).value("created"), 600);
    QCOMPARE(listAll(sandbox.url(), "notes", "_id").size(), 600);

    // The same file again, with one subject changed: nothing is created.
    rows[7][3] = QStringLiteral("Changed subject");
    writeCsv(path, rows);
    const CliRun second
        = runCli(sandbox.url(), {"import", "notes", path, "--key", "externalId", "--yes"},
                 m_dataHome.environment());
    QVERIFY2(second.exitCode == 0, second.err.constData());
    const QHash<QString, int> counts = importCounts(second.out);
    QCOMPARE(counts.value("created"), 0);
    QCOMPARE(counts.value("updated"), 1);
    QCOMPARE(counts.value("unchanged"), 599);
    QCOMPARE(counts.value("outcome unknown"), 0);
    const QJsonArray notes = listAll(sandbox.url(), "notes", "_id,externalId,subject");
    QCOMPARE(notes.size(), 600);
    int changed = 0;
    for (const QJsonValue &note : notes)
        changed += note.toObject().value("subject").toString() == "Changed subject";
    QCOMPARE(changed, 1);
}

void TestRealEdges::upsertByExternalIdReportsUpdatesByIdOnly()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--seed-companies", "1000"} + strictEdges()),
             qPrintable(sandbox.errorString()));
    // ext-0001 .. ext-1000 exist (seeded); new-0001 .. new-1000 do not.
    QList<QStringList> rows {{"externalId", "name"}};
    for (int i = 1; i <= 1000; ++i)
        rows.append({QStringLiteral("ext-%1").arg(i, 4, 10, QLatin1Char('0')),
                     QStringLiteral("Renamed %1").arg(i)});
    for (int i = 1; i <= 1000; ++i)
        rows.append({QStringLiteral("new-%1").arg(i, 4, 10, QLatin1Char('0')),
                     QStringLiteral("New %1").arg(i)});
    const QString path = m_dir.filePath("upsert.csv");
    writeCsv(path, rows);
    const QString results = m_dir.filePath("upsert-results.csv");
    const CliRun run = runCli(
        sandbox.url(),
        {"import", "companies", path, "--key", "externalId", "--yes", "--results", results},
        m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QHash<QString, int> counts = importCounts(run.out);
    QCOMPARE(counts.value("created"), 1000);
    QCOMPARE(counts.value("updated"), 1000);
    QCOMPARE(counts.value("outcome unknown"), 0);
    QCOMPARE(counts.value("failed"), 0);

    const QJsonArray tenant = listAll(sandbox.url(), "companies", "_id,externalId,name");
    QCOMPARE(tenant.size(), 2000);
    QHash<QString, QString> nameByKey;
    for (const QJsonValue &value : tenant)
        nameByKey.insert(value.toObject().value("externalId").toString(),
                         value.toObject().value("name").toString());
    QCOMPARE(nameByKey.size(), 2000);
    QCOMPARE(nameByKey.value("ext-0421"), QStringLiteral("Renamed 421"));
    QCOMPARE(nameByKey.value("new-0421"), QStringLiteral("New 421"));
    // Every row of the results file names the `_id` it ended as.
    const QList<QStringList> written = readCsv(results);
    QCOMPARE(written.size(), 2001);
    for (qsizetype i = 1; i < written.size(); ++i)
        QVERIFY2(written.at(i).contains(QStringLiteral("updated"))
                     || written.at(i).contains(QStringLiteral("created")),
                 qPrintable(written.at(i).join(',')));
}

// Once ImportPlan::maxStoredDiffs rows have changes, a plan compares each further row with
// the listed object's fields as the listing's text (FlatImageText): under the edges (fields
// in no set order, pages capped, the quota) an unchanged row must still read as unchanged.
void TestRealEdges::planPastTheStoredDiffsComparesListedValues()
{
    const int stored = int(ImportPlan::maxStoredDiffs);
    const int count = stored + 400;
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--seed-companies", QString::number(count)}
                           + strictEdges("400")),
             qPrintable(sandbox.errorString()));
    const QJsonArray tenant = listAll(sandbox.url(), "companies", "_id,externalId,name");
    QCOMPARE(tenant.size(), count);
    // The first rows all rename (their changes are stored); past them every other row keeps
    // the tenant's name, and the last renames to characters JSON escapes.
    const auto unchanged = [stored](int row) {
        return row >= stored && row % 2 == 0;
    };
    QList<QStringList> rows {{"externalId", "name"}};
    for (int i = 0; i < count; ++i) {
        const QJsonObject company = tenant.at(i).toObject();
        const QString name = unchanged(i) ? company.value("name").toString()
            : i == count - 1              ? QStringLiteral("Renamed \"%1\" \\ é").arg(i)
                                          : QStringLiteral("Renamed %1").arg(i);
        rows.append({company.value("externalId").toString(), name});
    }
    const QString path = m_dir.filePath("past-diffs.csv");
    writeCsv(path, rows);
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    const std::shared_ptr<const ImportPlan> planned
        = plan(&client, "companies", path, "externalId", 5000);
    QVERIFY(planned);
    QCOMPARE(planned->rowCount(), qint64(count));
    for (int i = 0; i < count; ++i) {
        const PlannedAction expected
            = unchanged(i) ? PlannedAction::Unchanged : PlannedAction::Update;
        QVERIFY2(planned->row(i).action == expected,
                 qPrintable(QStringLiteral("row %1: %2")
                                .arg(i + 1)
                                .arg(plannedActionName(planned->row(i).action))));
        QCOMPARE(planned->row(i).changedFields, quint8(unchanged(i) ? 0 : 1));
    }
    QCOMPARE(planned->unchangedCount(), qint64(200));
    QCOMPARE(planned->updateCount(), qint64(count - 200));
}

void TestRealEdges::importUnderFaultsAndQuotaLosesNothing()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(withFaults(
                 QStringList {"--seed-companies", "200"} + strictEdges("100000", "60"), "2025")),
             qPrintable(sandbox.errorString()));
    const QStringList env = m_dataHome.environment();

    // Fresh: 600 new companies and renames of the 200 seeded ones.
    QList<QStringList> rows {{"externalId", "name"}};
    for (int i = 1; i <= 200; ++i)
        rows.append({QStringLiteral("ext-%1").arg(i, 3, 10, QLatin1Char('0')),
                     QStringLiteral("Faulty rename %1").arg(i)});
    for (int i = 1; i <= 600; ++i)
        rows.append({QStringLiteral("f-%1").arg(i), QStringLiteral("Faulty %1").arg(i)});
    const QString path = m_dir.filePath("faults.csv");
    writeCsv(path, rows);
    const CliRun fresh = runCli(sandbox.url(), {"import", "companies", path, "--yes"}, env);
    QVERIFY2(fresh.exitCode == 0, fresh.err.constData());
    QHash<QString, int> counts = importCounts(fresh.out);
    QCOMPARE(counts.value("created"), 600);
    QCOMPARE(counts.value("updated"), 200);
    QCOMPARE(counts.value("outcome unknown"), 0);
    const QString journal = journalFrom(fresh.out);
    QVERIFY(!journal.isEmpty());

    // Re-run: nothing to do.
    const CliRun again = runCli(sandbox.url(), {"import", "companies", path, "--yes"}, env);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    counts = importCounts(again.out);
    QCOMPARE(counts.value("unchanged"), 800);
    QCOMPARE(counts.value("created") + counts.value("updated"), 0);

    // The tenant: 800 distinct companies with the file's names.
    QJsonArray tenant = listAll(sandbox.url(), "companies", "_id,externalId,name");
    QCOMPARE(tenant.size(), 800);
    QHash<QString, QString> nameByKey;
    for (const QJsonValue &value : tenant)
        nameByKey.insert(value.toObject().value("externalId").toString(),
                         value.toObject().value("name").toString());
    for (qsizetype i = 1; i < rows.size(); ++i)
        QCOMPARE(nameByKey.value(rows.at(i).at(0)), rows.at(i).at(1));

    // missing: every row has its match now.
    const CliRun missing
        = runCli(sandbox.url(), {"missing", "companies", path, "--key", "externalId"}, env);
    QVERIFY2(missing.exitCode == 0, missing.err.constData());
    QCOMPARE(missing.out.count('\n'), 1); // the header only

    // Undo the first import: the 600 created go, the 200 get their names back. An undo
    // deletes one object a request: unpaced here, it still meets the sandbox's quota.
    const CliRun undo = runCli(sandbox.url(), {"undo", journal, "--yes"},
                               env + QStringList {"PLANHAT_MAX_RATE=0"});
    QVERIFY2(undo.exitCode == 0, (undo.out + undo.err).constData());
    tenant = listAll(sandbox.url(), "companies", "_id,externalId,name");
    QCOMPARE(tenant.size(), 200);
    for (const QJsonValue &value : tenant)
        QVERIFY2(!value.toObject().value("name").toString().startsWith("Faulty"),
                 qPrintable(value.toObject().value("name").toString()));
}

void TestRealEdges::killedImportResumesUnderStrictEdges()
{
    SandboxProcess sandbox;
    // Latency keeps a chunk on the wire long enough to kill the import during it.
    QVERIFY2(sandbox.start(QStringList {"--latency", "600"} + strictEdges("400", "2")),
             qPrintable(sandbox.errorString()));
    const QString path = writeCompanies("resume.csv", 1, 9000, "r-", "Resumed");
    QDir(m_dataHome.journalDirectory()).removeRecursively();

    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PLANHAT_API_TOKEN", SandboxProcess::token());
    env.insert("XDG_DATA_HOME", m_dataHome.path());
    cli.setProcessEnvironment(env);
    cli.start(PLANHAT_CLI_PATH,
              {"--base-url", sandbox.url().toString(), "import", "companies", path, "--yes"});
    QVERIFY(cli.waitForStarted());
    // Kill it while its second chunk is on the wire.
    bool killed = false;
    (void)QTest::qWaitFor(
        [&] {
            if (cli.state() != QProcess::Running)
                return true;
            const QStringList journals
                = QDir(m_dataHome.journalDirectory()).entryList({"*.journal"}, QDir::Files);
            if (journals.isEmpty())
                return false;
            QFile file(QDir(m_dataHome.journalDirectory()).filePath(journals.first()));
            if (!file.open(QIODevice::ReadOnly))
                return false;
            const QByteArray text = file.readAll();
            const qsizetype sending = text.count("\"entry\":\"sending\"");
            if (sending >= 2 && sending > text.count("\"entry\":\"done\"")) {
                ::kill(pid_t(cli.processId()), SIGKILL);
                killed = true;
            }
            return killed;
        },
        60000);
    QVERIFY2(killed, "the import ended (or took 60 s) before it could be killed");
    cli.waitForFinished(10000);

    const CliRun resumed = runCli(sandbox.url(), {"import", "companies", path, "--resume", "--yes"},
                                  m_dataHome.environment());
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QVERIFY2(resumed.err.contains("resuming"), resumed.err.constData());
    const QJsonArray tenant = listAll(sandbox.url(), "companies", "_id,externalId");
    QCOMPARE(tenant.size(), 9000);
    QSet<QString> keys;
    for (const QJsonValue &value : tenant)
        keys.insert(value.toObject().value("externalId").toString());
    QCOMPARE(keys.size(), 9000);
}

void TestRealEdges::minuteQuotaIsWaitedOut()
{
    // 12,000 rows at 3 requests per quota window (5 s here; 60 s in the by-hand run the
    // issue asks for): the import waits the 429s out and creates every row once.
    const QString data = m_dir.filePath("quota-store.json");
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(QStringList {"--data", data} + strictEdges("3", "5")),
             qPrintable(sandbox.errorString()));
    const QString path = writeCompanies("quota.csv", 1, 12000, "q-", "Quota");
    const CliRun run
        = runCli(sandbox.url(), {"import", "companies", path, "--yes"}, m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("rate limited, waiting"), run.err.constData());
    const QHash<QString, int> counts = importCounts(run.out);
    QCOMPARE(counts.value("created"), 12000);
    QCOMPARE(counts.value("outcome unknown"), 0);

    // Count the tenant without the quota: the same store, served again.
    sandbox.stop();
    SandboxProcess unlimited;
    QVERIFY2(unlimited.start({"--data", data}), qPrintable(unlimited.errorString()));
    const QJsonArray tenant = listAll(unlimited.url(), "companies", "_id,externalId");
    QCOMPARE(tenant.size(), 12000);
    QSet<QString> keys;
    for (const QJsonValue &value : tenant)
        keys.insert(value.toObject().value("externalId").toString());
    QCOMPARE(keys.size(), 12000);
}

std::shared_ptr<const ImportPlan> TestRealEdges::plan(PlanhatClient *client,
                                                      const QString &typeName, const QString &path,
                                                      const QString &matchField, int chunkSize)
{
    ImportSettings settings;
    settings.filePath = path;
    settings.type = *Schema::builtin().type(typeName);
    settings.mapping = ImportMapping::autoMatch(settings.type, readCsv(path).value(0));
    settings.matchField = matchField;
    settings.chunkSize = chunkSize;
    ImportPlanner planner(client, settings);
    QSignalSpy planned(&planner, &ImportPlanner::finished);
    planner.start();
    if (!planned.wait(120000))
        return nullptr;
    const ImportPlanResult result = planned.takeFirst().at(0).value<ImportPlanResult>();
    if (!result.isOk())
        qWarning() << result.error.toString() << result.fileError;
    return result.plan;
}

void TestRealEdges::lostAnswersAreReconciledNotResent()
{
    // Notes match on `_id` only, so a create whose answer was lost cannot simply be sent
    // again: the runner must ask the tenant. Many small chunks under heavy faults make lost
    // answers (dropped after the change was applied) certain.
    SandboxProcess sandbox;
    QVERIFY2(
        sandbox.start(withFaults(
            QStringList {"--seed-companies", "10"} + strictEdges("100000", "60"), "77", "0.5")),
        qPrintable(sandbox.errorString()));
    QList<QStringList> rows {{"externalId", "companyId", "type", "subject"}};
    for (int i = 1; i <= 800; ++i)
        rows.append({QStringLiteral("lost-%1").arg(i),
                     QStringLiteral("extid-ext-%1").arg(i % 10 + 1, 2, 10, QLatin1Char('0')),
                     "note", QStringLiteral("Lost %1").arg(i)});
    const QString path = m_dir.filePath("lost-notes.csv");
    writeCsv(path, rows);

    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(20);
    options.maxBackoff = std::chrono::milliseconds(200);
    options.maxAttempts = 12;
    options.requestsPerMinute = 0;
    client.setOptions(options);
    const std::shared_ptr<const ImportPlan> notesPlan
        = plan(&client, "notes", path, "externalId", 20);
    QVERIFY(notesPlan);
    QCOMPARE(notesPlan->createCount(), 800);

    ImportRunner runner(&client, notesPlan);
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    QVERIFY(finished.wait(300000));
    const ImportRunSummary summary = finished.takeFirst().at(0).value<ImportRunSummary>();
    QVERIFY2(summary.allSucceeded(),
             qPrintable(QStringLiteral("%1 unknown, %2 failed, %3 pending: %4")
                            .arg(summary.unknown)
                            .arg(summary.failed)
                            .arg(summary.pending)
                            .arg(summary.lastError.toString())));
    QCOMPARE(summary.created, 800);
    qint64 reconciled = 0;
    for (qint64 i = 0; i < runner.results().rowCount(); ++i)
        reconciled += runner.results().row(i).message.contains("the tenant shows it was created");
    QVERIFY2(reconciled > 0, "no answer was lost: the faults did not exercise reconciliation");

    ListResult listed;
    ListQuery query;
    query.select = {"_id", "externalId"};
    const QList<QJsonObject> notes
        = collectRows(client.list(*Schema::builtin().type("notes"), query), &listed, 120000);
    QVERIFY2(!listed.error.isError(), qPrintable(listed.error.toString()));
    QSet<QString> keys;
    for (const QJsonObject &note : notes)
        keys.insert(note.value("externalId").toString());
    QCOMPARE(notes.size(), 800); // nothing created twice
    QCOMPARE(keys.size(), 800);
}

void TestRealEdges::changedFileIsNotSent()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(strictEdges("100000", "60")), qPrintable(sandbox.errorString()));
    const QString path = writeCompanies("changed.csv", 1, 50, "c-", "Changed");
    PlanhatClient client(sandbox.url());
    client.setToken(SandboxProcess::token());
    const std::shared_ptr<const ImportPlan> companiesPlan
        = plan(&client, "companies", path, "externalId", 5000);
    QVERIFY(companiesPlan);
    QCOMPARE(companiesPlan->createCount(), 50);

    // Edited after it was checked (as while the wizard shows its preview).
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("c-9999,Added later\n");
    file.close();

    ImportRunner runner(&client, companiesPlan);
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60000));
    const ImportRunSummary summary = finished.takeFirst().at(0).value<ImportRunSummary>();
    QVERIFY(summary.fileChanged);
    QVERIFY2(summary.lastError.message().contains("changed since it was checked"),
             qPrintable(summary.lastError.message()));
    QCOMPARE(summary.created, 0);
    ListResult listed;
    const QList<QJsonObject> tenant = collectRows(client.list(companies()), &listed, 60000);
    QVERIFY(!listed.error.isError());
    QCOMPARE(tenant.size(), 0);
}

void TestRealEdges::workbookImportUnderFaultsAndQuotaLosesNothing()
{
    // A workbook made by openpyxl (never by our writer): a first sheet of notes, then the
    // data with typed cells: renames of the 200 seeded companies and 900 new ones, external
    // IDs with leading zeros as text, scores as numbers.
    const QString path = m_dir.filePath("edges.xlsx");
    const char script[] = R"PY(
import sys
import openpyxl
wb = openpyxl.Workbook()
wb.active.title = "Read me"
wb.active["A1"] = "The data is on the next sheet"
sheet = wb.create_sheet("Companies")
sheet.append(["externalId", "name", "csmScore"])
for i in range(1, 201):
    sheet.append(["ext-%03d" % i, "Sheet rename %d" % i, i % 10 + 0.5])
for i in range(1, 901):
    sheet.append(["%05d" % i, "Sheet new %d" % i, i % 7])
wb.save(sys.argv[1])
)PY";
    QVERIFY2(QFile::exists("/usr/bin/python3"),
             "/usr/bin/python3 is missing: scripts/deps installs python3-openpyxl");
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start("/usr/bin/python3", {"-c", QString::fromUtf8(script), path});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAll().constData());
    QHash<QString, QPair<QString, double>> expected;
    for (int i = 1; i <= 200; ++i)
        expected.insert(QStringLiteral("ext-%1").arg(i, 3, 10, QLatin1Char('0')),
                        {QStringLiteral("Sheet rename %1").arg(i), i % 10 + 0.5});
    for (int i = 1; i <= 900; ++i)
        expected.insert(QStringLiteral("%1").arg(i, 5, 10, QLatin1Char('0')),
                        {QStringLiteral("Sheet new %1").arg(i), double(i % 7)});

    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(withFaults(
                 QStringList {"--seed-companies", "200"} + strictEdges("100000", "60"), "1104")),
             qPrintable(sandbox.errorString()));
    const CliRun run = runCli(
        sandbox.url(),
        {"import", "companies", path, "--sheet", "Companies", "--key", "externalId", "--yes"},
        m_dataHome.environment());
    QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
    const QHash<QString, int> counts = importCounts(run.out);
    QCOMPARE(counts.value("created"), 900);
    QCOMPARE(counts.value("updated"), 200);
    QCOMPARE(counts.value("failed"), 0);
    QCOMPARE(counts.value("outcome unknown"), 0);

    // Every row arrived once, with its values.
    const QJsonArray tenant = listAll(sandbox.url(), "companies", "_id,externalId,name,csmScore");
    QCOMPARE(tenant.size(), 1100);
    QCOMPARE(idsOf(tenant).size(), 1100);
    int matched = 0;
    for (const QJsonValue &value : tenant) {
        const QJsonObject company = value.toObject();
        const QString key = company.value("externalId").toString();
        QVERIFY2(expected.contains(key), qPrintable(key));
        QCOMPARE(company.value("name").toString(), expected.value(key).first);
        QCOMPARE(company.value("csmScore").toDouble(), expected.value(key).second);
        ++matched;
    }
    QCOMPARE(matched, expected.size());
}

QTEST_GUILESS_MAIN(TestRealEdges)
#include "tst_realedges.moc"
