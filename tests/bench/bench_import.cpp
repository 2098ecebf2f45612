// SPDX-License-Identifier: MIT
// bench_import: how fast CsvReader reads a large file, and how much memory it needs.
// Generates a 1,000,000-row, 10-column CSV (UTF-8, then the same rows in Windows-1252)
// in a temporary directory, reads every field of every row, and prints MB/s (10^6 bytes)
// and the process's peak RSS (VmHWM). Asserts nothing. Usage: bench_import [ROWS].
#include "csv/csvreader.h"
#include "csv/csvwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>

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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
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

    readFile("UTF-8", utf8Path, CsvEncoding::Utf8);
    readFile("Windows-1252", cp1252Path, CsvEncoding::Windows1252);
    std::printf("peak RSS (VmHWM) %.1f MB\n", double(peakRssKiB()) / 1024.0);
    return 0;
}
