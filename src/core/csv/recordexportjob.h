// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

#include "schema/objecttype.h"

namespace Planhat {

/// What an export came to.
struct RecordExportResult
{
    qint64 rowsWritten = 0;
    QString error; ///< empty on success: "cannot write FILE: reason"
    bool isOk() const { return error.isEmpty(); }
};

/// Writes records to a CSV file, or an Excel workbook when the name ends in `.xlsx`
/// (RecordFileWriter), on a worker thread, so exporting
/// 100,000 rows never freezes a window. The file is replaced only when complete (QSaveFile).
/// start() once; finished() comes on the thread that owns the job, after which the job
/// deletes itself. The records are implicitly shared copies: the caller may go on changing
/// its own.
class RecordExportJob : public QObject
{
    Q_OBJECT
public:
    /// `columns` are field names or custom paths; empty = every field found.
    RecordExportJob(const QList<QJsonObject> &records, const QStringList &columns,
                    const QString &path, QObject *parent = nullptr);
    /// `type` (custom fields applied) types a workbook's cells: dates as dates, and so on.
    RecordExportJob(const QList<QJsonObject> &records, const QStringList &columns,
                    const ObjectType &type, const QString &path, QObject *parent = nullptr);

    void start();

    /// Writes synchronously on the calling thread (the worker's body; also for tests).
    static RecordExportResult write(const QList<QJsonObject> &records, const QStringList &columns,
                                    const QString &path, const ObjectType &type = ObjectType());

Q_SIGNALS:
    void finished(const Planhat::RecordExportResult &result);

private:
    QList<QJsonObject> m_records;
    QStringList m_columns;
    ObjectType m_type;
    QString m_path;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::RecordExportResult)
