// SPDX-License-Identifier: MIT
// What the import tests share: CSV files in and out, and the tenant's companies by key.
#pragma once

#include "jobwaiter.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "csv/csvwriter.h"
#include "importer/importjournal.h"
#include "importer/importmapping.h"
#include "importer/importplanner.h"
#include "importer/importrunner.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace Planhat::Test {

inline const ObjectType &companies()
{
    return *Schema::builtin().type("companies");
}

/// Settings that import `path`, whose first row is `header`, into `type`, matched by
/// externalId.
inline ImportSettings importByExternalId(const QString &path, const ObjectType &type,
                                         const QStringList &header)
{
    ImportSettings settings;
    settings.filePath = path;
    settings.type = type;
    settings.mapping = ImportMapping::autoMatch(type, header);
    settings.matchField = QStringLiteral("externalId");
    return settings;
}

inline void writeCsv(const QString &path, const QList<QStringList> &rows)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    CsvWriter writer(&file, CsvWriter::FormulaGuard::Off);
    for (const QStringList &row : rows)
        writer.writeRow(row);
}

inline QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    CsvReader reader(&file);
    reader.start();
    QList<QStringList> rows {reader.headers()};
    CsvRow row;
    while (reader.readRow(row))
        rows.append(row.toStringList());
    return rows;
}

inline QList<QJsonObject> listCompanies(const QUrl &url)
{
    PlanhatClient client(url);
    client.setToken(SandboxProcess::token());
    ClientOptions options;
    options.initialBackoff = std::chrono::milliseconds(50);
    options.maxAttempts = 12;
    client.setOptions(options);
    ListQuery query;
    query.select = {"_id", "externalId", "name", "custom"};
    ListResult result;
    const QList<QJsonObject> rows = collectRows(client.list(companies(), query), &result, 120000);
    if (result.error.isError())
        return {};
    return rows;
}

inline QHash<QString, QJsonObject> byExternalId(const QList<QJsonObject> &rows, int *duplicates)
{
    QHash<QString, QJsonObject> map;
    *duplicates = 0;
    for (const QJsonObject &row : rows) {
        const QString key = row.value("externalId").toString();
        if (map.contains(key))
            ++*duplicates;
        map.insert(key, row);
    }
    return map;
}

/// A throwaway XDG_DATA_HOME for planhat-cli runs, and where their import journals go.
class ImportDataHome
{
public:
    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }
    /// For runCli(): journals go under this data home.
    QStringList environment() const { return {QStringLiteral("XDG_DATA_HOME=") + m_dir.path()}; }
    QString journalDirectory() const
    {
        return m_dir.filePath(QStringLiteral("PlanhatAdmin/planhat-admin/imports"));
    }

private:
    QTemporaryDir m_dir;
};

inline QString journalFrom(const QByteArray &out)
{
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("journal: "))
            return QString::fromUtf8(line.mid(9).trimmed());
    }
    return QString();
}

} // namespace Planhat::Test
