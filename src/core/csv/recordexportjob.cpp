// SPDX-License-Identifier: MIT
#include "recordexportjob.h"

#include "xlsx/recordfilewriter.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

RecordExportJob::RecordExportJob(const QList<QJsonObject> &records, const QStringList &columns,
                                 const QString &path, QObject *parent)
    : RecordExportJob(records, columns, ObjectType(), path, parent)
{ }

RecordExportJob::RecordExportJob(const QList<QJsonObject> &records, const QStringList &columns,
                                 const ObjectType &type, const QString &path, QObject *parent)
    : QObject(parent)
    , m_records(records)
    , m_columns(columns)
    , m_type(type)
    , m_path(path)
{ }

void RecordExportJob::start()
{
    auto *watcher = new QFutureWatcher<RecordExportResult>(this);
    connect(watcher, &QFutureWatcher<RecordExportResult>::finished, this, [this, watcher] {
        Q_EMIT finished(watcher->result());
        deleteLater();
    });
    watcher->setFuture(
        QtConcurrent::run(&RecordExportJob::write, m_records, m_columns, m_path, m_type));
}

RecordExportResult RecordExportJob::write(const QList<QJsonObject> &records,
                                          const QStringList &columns, const QString &path,
                                          const ObjectType &type)
{
    RecordExportResult result;
    RecordFileWriter writer(path, columns, type);
    if (!writer.open() || !writer.addRows(records) || !writer.commit()) {
        result.error = writer.errorString();
        return result;
    }
    result.rowsWritten = writer.rowsWritten();
    return result;
}

} // namespace Planhat
