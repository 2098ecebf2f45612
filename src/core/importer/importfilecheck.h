// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvformat.h"
#include "importmapping.h"
#include "importmode.h"
#include "importproblem.h"
#include "schema/objecttype.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace Planhat {

/// What to check: a file, how to read it, and what it is to become.
struct ImportCheckRequest
{
    QString path;
    CsvOptions csvOptions;
    ObjectType type; ///< with the tenant's custom fields applied
    ImportMapping mapping;
    KeyKind key = KeyKind::ExternalId;
    ImportMode mode = ImportMode::Upsert;
};

/// Everything wrong with a file before anything is sent.
struct ImportCheckResult
{
    qint64 rowCount = 0; ///< data rows read
    qint64 invalidRowCount = 0; ///< rows with at least one problem
    QList<qint64> invalidRows; ///< their numbers (1-based data rows), ascending
    QList<ImportProblem> problems; ///< at most maxStoredProblems, in file order
    qint64 problemCount = 0; ///< all problems, also those not stored
    QStringList mappingProblems; ///< problems of the mapping as a whole
    QString error; ///< the file could not be read at all
    bool canceled = false;

    static constexpr int maxStoredProblems = 10000;
    bool hasProblems() const
    {
        return problemCount > 0 || !mappingProblems.isEmpty() || !error.isEmpty();
    }
};

/// Reads a whole import file on a worker thread and checks every row the way the import
/// will read it: CSV issues (ragged rows, broken quotes), cells that do not convert to their
/// field's type, keys missing or repeated, required fields of rows that create objects.
/// Nothing is sent to the tenant. Progress is reported as the file is read; cancel() stops
/// at the next row. Deleting the object cancels the check.
class ImportFileCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportFileCheck)
public:
    explicit ImportFileCheck(QObject *parent = nullptr);
    ~ImportFileCheck() override;

    /// Starts checking; a check still running is canceled first (its result is dropped).
    void start(const ImportCheckRequest &request);
    void cancel();
    bool isRunning() const;

    /// The same check, on the calling thread (for the CLI and tests).
    static ImportCheckResult run(const ImportCheckRequest &request);

Q_SIGNALS:
    /// `rows` read so far, `bytesRead` of `totalBytes`.
    void progressed(qint64 rows, qint64 bytesRead, qint64 totalBytes);
    void finished(const Planhat::ImportCheckResult &result);

private:
    struct Progress;
    void handleProgress();

    QFutureWatcher<ImportCheckResult> *m_watcher = nullptr; // child, replaced per check
    std::shared_ptr<Progress> m_progress;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ImportCheckResult)
