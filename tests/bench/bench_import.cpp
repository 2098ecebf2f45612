// SPDX-License-Identifier: MIT
// bench_import: how fast CsvReader reads a large file, how long validating and planning it
// takes, how long an end-to-end import into planhat-sandbox takes, and how much memory
// each needs. Generates a 1,000,000-row, 10-column CSV (UTF-8, then the same rows in
// Windows-1252) in a temporary directory, reads every field of every row and prints MB/s
// (10^6 bytes); then plans the UTF-8 file as a company import against a sandbox (every
// row converted, validated and matched); then imports the first IMPORT_ROWS rows into a
// fresh sandbox. Peak RSS (VmHWM) is reset before each phase through /proc/self/clear_refs.
// Also reads a ROWS-row, 10-column Excel workbook (.xlsx) made by openpyxl (write-only mode,
// tests/common/make_workbooks.py; cached beside this program, as making it takes minutes)
// and prints MB/s of the file, rows/s and peak RSS.
// Asserts nothing. Usage: bench_import [ROWS [IMPORT_ROWS]], or bench_import xlsx [ROWS] for
// the workbook only, or bench_import plan [ROWS [RUNS]] for planning alone the import of
// bench_vs_python.sh (ROWS rows of externalId and name against ROWS companies).
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "csv/csvwriter.h"
#include "importer/importjournal.h"
#include "importer/importplanner.h"
#include "importer/importrunner.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"
#include "xlsx/tablereader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <cstdio>

#include <sys/resource.h>

using namespace Planhat;

namespace {

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/// CPU seconds of the whole process so far (all threads).
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// Starts a new peak: VmHWM is set back to the current RSS (Linux 4.0 and later).
void resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

// Windows-1252 bytes of the few non-Latin-1 characters the generator uses.
QByteArray toWindows1252(const QString &text)
{
    static const QHash<char16_t, char> special {
        {u'€', '\x80'}, {u'–', '\x96'}, {u'“', '\x93'}, {u'”', '\x94'}, {u'…', '\x85'}};
    QByteArray bytes;
    bytes.reserve(text.size());
    for (QChar c : text) {
        if (c.unicode() < 0x80 || (c.unicode() >= 0xA0 && c.unicode() < 0x100))
            bytes.append(char(c.unicode()));
        else
            bytes.append(special.value(c.unicode(), '?'));
    }
    return bytes;
}

/// Writes rows of realistic mixed content to both files, a row at a time.
void generate(const QString &utf8Path, const QString &cp1252Path, int rows)
{
    QFile utf8(utf8Path);
    QFile cp1252(cp1252Path);
    if (!utf8.open(QIODevice::WriteOnly) || !cp1252.open(QIODevice::WriteOnly))
        qFatal("cannot write the benchmark files");
    const QStringList companies {"Acme, Inc.",       "Müller GmbH",     "Société Générale",
                                 "Blue Ocean Ltd",   "Zürich Holdings", "Ørsted A/S",
                                 "The \"Best\" Co.", "São Paulo Tech",  "Café Olé"};
    const QStringList cities {"Zürich", "Malmö", "Kraków", "Reykjavík", "New York", "Lyon"};
    const QStringList notes {"renewal due – call first",  "",
                             "said “yes”, needs a quote", "line one\nline two",
                             "€ discount agreed…",        "ok"};
    QRandomGenerator random(42);
    CsvWriter writer(nullptr);
    const auto writeLine = [&](const QStringList &fields) {
        QString line;
        for (const QString &field : fields) {
            if (!line.isEmpty())
                line += QLatin1Char(',');
            line += writer.encodeField(field);
        }
        line += QLatin1String("\r\n");
        utf8.write(line.toUtf8());
        cp1252.write(toWindows1252(line));
    };
    writeLine(
        {"id", "name", "email", "city", "arr", "renewal", "health", "active", "owner", "notes"});
    for (int i = 0; i < rows; ++i) {
        const quint32 r = random.generate();
        const QString company = companies.at(int(r % companies.size()));
        writeLine({QString::number(100000 + i), company,
                   QStringLiteral("contact%1@example.com").arg(i),
                   cities.at(int((r >> 8) % cities.size())),
                   QString::number(double(r % 10000000) / 100.0, 'f', 2),
                   QStringLiteral("2025-%1-%2")
                       .arg(1 + (r >> 4) % 12, 2, 10, QLatin1Char('0'))
                       .arg(1 + (r >> 12) % 28, 2, 10, QLatin1Char('0')),
                   QString::number((r >> 16) % 11),
                   (r & 1) ? QStringLiteral("true") : QStringLiteral("false"),
                   QStringLiteral("Ann Ström"), notes.at(int((r >> 20) % notes.size()))});
    }
}

void readFile(const char *label, const QString &path, CsvEncoding expected)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QElapsedTimer timer;
    timer.start();
    CsvReader reader(&file);
    CsvRow row;
    qint64 rows = 0;
    qint64 characters = 0;
    quint32 checksum = 0;
    while (reader.readRow(row)) {
        ++rows;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QStringView field = row.field(i);
            characters += field.size();
            if (!field.isEmpty())
                checksum = checksum * 31 + field.front().unicode() + field.back().unicode();
        }
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double megabytes = double(file.size()) / 1e6;
    std::printf("%-13s %8.1f MB  %6.3f s  %7.1f MB/s  %lld rows  %lld chars  %s  issues %lld"
                "  (checksum %u)\n",
                label, megabytes, seconds, megabytes / seconds, qlonglong(rows),
                qlonglong(characters), reader.encoding() == expected ? "encoding ok" : "WRONG",
                qlonglong(reader.issueCount()), checksum);
    std::fflush(stdout);
}

/// The cached ROWS x 10 workbook, made by openpyxl on first use.
QString benchWorkbook(int rows)
{
    const QString dir
        = QCoreApplication::applicationDirPath() + QStringLiteral("/xlsx-%1x10").arg(rows);
    const QString path = dir + QStringLiteral("/big.xlsx");
    if (QFile::exists(path))
        return path;
    QDir().mkpath(dir);
    std::printf("making %s with openpyxl (minutes; cached for the next runs)...\n",
                qPrintable(path));
    std::fflush(stdout);
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedChannels);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(PLANHAT_TEST_SOURCE_DIR "/common/make_workbooks.py"), dir,
                  QStringLiteral("big"), QString::number(rows), QStringLiteral("10")});
    if (!python.waitForFinished(-1) || python.exitCode() != 0 || !QFile::exists(path))
        qFatal("/usr/bin/python3 with openpyxl could not make %s", qPrintable(path));
    return path;
}

void readWorkbook(int rows)
{
    const QString path = benchWorkbook(rows);
    resetPeakRss();
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = cpuSeconds();
    QString error;
    const std::unique_ptr<TableReader> reader = TableReader::open(path, TableOptions(), &error);
    if (!reader)
        qFatal("%s", qPrintable(error));
    CsvRow row;
    qint64 read = 0;
    qint64 characters = 0;
    quint32 checksum = 0;
    while (reader->readRow(row)) {
        ++read;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QStringView field = row.field(i);
            characters += field.size();
            if (!field.isEmpty())
                checksum = checksum * 31 + field.front().unicode() + field.back().unicode();
        }
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpuBefore;
    const double megabytes = double(QFileInfo(path).size()) / 1e6;
    // CPU time too: on a shared machine the wall clock measures the neighbours.
    std::printf("xlsx %8.1f MB  %6.3f s  %7.1f MB/s  %lld rows  %.0f rows/s  (CPU %.3f s: %.1f "
                "MB/s, %.0f rows/s)  %lld chars  issues %lld  peak RSS (VmHWM) %.1f MB  "
                "(checksum %u)\n",
                megabytes, seconds, megabytes / seconds, qlonglong(read), double(read) / seconds,
                cpu, megabytes / cpu, double(read) / cpu, qlonglong(characters),
                qlonglong(reader->issues().size()), double(peakRssKiB()) / 1024.0, checksum);
    std::fflush(stdout);
}

/// Companies with custom fields for the generated columns the built-in type lacks.
ObjectType benchCompanies()
{
    const auto field = [](const char *name, const char *type) {
        return QJsonObject {{"name", QString::fromUtf8(name)},
                            {"type", QString::fromUtf8(type)},
                            {"parent", "company"}};
    };
    const QJsonArray definitions {field("Email", "email"),     field("ARR", "number"),
                                  field("Renewal", "date"),    field("Health", "number"),
                                  field("Active", "checkbox"), field("Owner Name", "text")};
    return CustomFieldCatalog::fromJson(definitions).apply(*Schema::builtin().type("companies"));
}

ImportSettings benchSettings(const QString &path)
{
    ImportSettings settings;
    settings.filePath = path;
    settings.type = benchCompanies();
    const QList<QPair<QString, QString>> columns {
        {"id", "externalId"},           {"name", "name"},
        {"email", "custom.Email"},      {"city", "city"},
        {"arr", "custom.ARR"},          {"renewal", "custom.Renewal"},
        {"health", "custom.Health"},    {"active", "custom.Active"},
        {"owner", "custom.Owner Name"}, {"notes", "description"}};
    QList<ColumnMapping> mapping;
    for (const auto &column : columns)
        mapping.append({column.first, column.second, ColumnOptions()});
    settings.mapping = ImportMapping(settings.type.name, mapping);
    settings.matchField = QStringLiteral("externalId");
    return settings;
}

std::shared_ptr<const ImportPlan> plan(PlanhatClient *client, const ImportSettings &settings)
{
    ImportPlanner planner(client, settings);
    QSignalSpy finished(&planner, &ImportPlanner::finished);
    QElapsedTimer timer;
    timer.start();
    qint64 listedAt = 0;
    QObject::connect(&planner, &ImportPlanner::tenantProgress, [&] { listedAt = timer.elapsed(); });
    planner.start();
    if (!finished.wait(600000))
        qFatal("planning did not finish");
    std::printf("  (tenant listed after %.2f s, file read and planned in %.2f s)\n",
                double(listedAt) / 1000.0, double(timer.elapsed() - listedAt) / 1000.0);
    const ImportPlanResult result = finished.takeFirst().at(0).value<ImportPlanResult>();
    if (!result.isOk())
        qFatal("planning failed: %s %s", qPrintable(result.error.toString()),
               qPrintable(result.fileError));
    return result.plan;
}

void planFile(const QString &path, qint64 rows)
{
    Test::SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--seed-companies"), QStringLiteral("20000")}))
        qFatal("%s", qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(Test::SandboxProcess::token());
    resetPeakRss();
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = cpuSeconds();
    const std::shared_ptr<const ImportPlan> planned = plan(&client, benchSettings(path));
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("  (planning used %.2f s of CPU in this process)\n", cpuSeconds() - cpuBefore);
    std::printf("validate+plan %lld rows against a 20,000-company tenant: %.2f s  (%lld create, "
                "%lld update, %lld invalid, %lld problems)  peak RSS %.1f MB\n",
                qlonglong(rows), seconds, qlonglong(planned->createCount()),
                qlonglong(planned->updateCount()), qlonglong(planned->invalidCount()),
                qlonglong(planned->problemCount()), double(peakRssKiB()) / 1024.0);
    std::fflush(stdout);
}

void importFile(const QString &path, qint64 rows)
{
    Test::SandboxProcess sandbox;
    if (!sandbox.start())
        qFatal("%s", qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(Test::SandboxProcess::token());
    QTemporaryDir journals;
    resetPeakRss();
    QElapsedTimer timer;
    timer.start();
    const ImportSettings settings = benchSettings(path);
    const std::shared_ptr<const ImportPlan> planned = plan(&client, settings);
    const double planSeconds = double(timer.nsecsElapsed()) / 1e9;
    QString error;
    std::unique_ptr<ImportJournal> journal
        = ImportJournal::create(journals.path(), settings, planned->rowCount(), &error);
    if (!journal)
        qFatal("%s", qPrintable(error));
    ImportRunner runner(&client, planned);
    runner.setJournal(std::move(journal));
    QSignalSpy finished(&runner, &ImportRunner::finished);
    runner.start();
    if (!finished.wait(600000))
        qFatal("the import did not finish");
    const ImportRunSummary summary = finished.takeFirst().at(0).value<ImportRunSummary>();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("import %lld rows end to end (plan %.2f s, then %lld chunks): %.2f s  (%.0f "
                "rows/s; created %lld, failed %lld)  peak RSS %.1f MB, sandbox %.1f MB\n",
                qlonglong(rows), planSeconds, qlonglong((planned->sendCount() + 4999) / 5000),
                seconds, double(rows) / seconds, qlonglong(summary.created),
                qlonglong(summary.failed + summary.unknown + summary.pending),
                double(peakRssKiB()) / 1024.0, sandbox.peakRssMiB());
    std::fflush(stdout);
}

/// Planning alone for the import of tests/bench/bench_vs_python.sh: a ROWS-row CSV of
/// externalId and name, every row renaming one of ROWS seeded companies. Plans it `runs`
/// times against one sandbox and prints each run's CPU time in this process (listing,
/// reading, matching), which the sandbox's share of the machine does not change.
void planLikeVsPython(int rows, int runs)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("import.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const int width = int(QByteArray::number(rows).size());
    file.write("externalId,name\n");
    for (int n = 1; n <= rows; ++n) {
        file.write(QStringLiteral("ext-%1,Renamed company %2\n")
                       .arg(n, width, 10, QLatin1Char('0'))
                       .arg(n)
                       .toUtf8());
    }
    file.close();
    Test::SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--seed-companies"), QString::number(rows)}))
        qFatal("%s", qPrintable(sandbox.errorString()));
    PlanhatClient client(sandbox.url());
    client.setToken(Test::SandboxProcess::token());
    ClientOptions options = client.options();
    options.requestsPerMinute = 0;
    client.setOptions(options);
    ImportSettings settings;
    settings.filePath = path;
    settings.type = *Schema::builtin().type(QStringLiteral("companies"));
    settings.mapping = ImportMapping(
        settings.type.name,
        {{QStringLiteral("externalId"), QStringLiteral("externalId"), ColumnOptions()},
         {QStringLiteral("name"), QStringLiteral("name"), ColumnOptions()}});
    settings.matchField = QStringLiteral("externalId");
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = cpuSeconds();
        const std::shared_ptr<const ImportPlan> planned = plan(&client, settings);
        std::printf("plan %d rows (2 columns) against %d companies: %.2f s, CPU %.2f s  (%lld "
                    "update, %lld unchanged, %lld invalid)\n",
                    rows, rows, double(timer.nsecsElapsed()) / 1e9, cpuSeconds() - cpuBefore,
                    qlonglong(planned->updateCount()), qlonglong(planned->unchangedCount()),
                    qlonglong(planned->invalidCount()));
        std::fflush(stdout);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && QByteArray(argv[1]) == "xlsx") {
        readWorkbook(argc > 2 ? QByteArray(argv[2]).toInt() : 1000000);
        return 0;
    }
    if (argc > 1 && QByteArray(argv[1]) == "plan") {
        planLikeVsPython(argc > 2 ? QByteArray(argv[2]).toInt() : 100000,
                         argc > 3 ? QByteArray(argv[3]).toInt() : 3);
        return 0;
    }
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    const int importRows = argc > 2 ? QByteArray(argv[2]).toInt() : 100000;
    QTemporaryDir dir;
    if (!dir.isValid())
        qFatal("no temporary directory");
    const QString utf8Path = dir.filePath(QStringLiteral("utf8.csv"));
    const QString cp1252Path = dir.filePath(QStringLiteral("cp1252.csv"));

    QElapsedTimer timer;
    timer.start();
    generate(utf8Path, cp1252Path, rows);
    std::printf("generated %d rows x 10 columns in %.1f s; peak RSS so far %lld KiB\n", rows,
                double(timer.elapsed()) / 1000.0, qlonglong(peakRssKiB()));

    resetPeakRss();
    readFile("UTF-8", utf8Path, CsvEncoding::Utf8);
    readFile("Windows-1252", cp1252Path, CsvEncoding::Windows1252);
    std::printf("reading: peak RSS (VmHWM) %.1f MB\n", double(peakRssKiB()) / 1024.0);
    std::fflush(stdout);
    readWorkbook(rows);

    planFile(utf8Path, rows);

    const QString importPath = dir.filePath(QStringLiteral("import.csv"));
    generate(importPath, dir.filePath(QStringLiteral("import-cp1252.csv")), importRows);
    importFile(importPath, importRows);
    return 0;
}
