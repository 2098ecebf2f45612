// SPDX-License-Identifier: MIT
#include "recordexportjob.h"

#include "recordcsvwriter.h"

#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace Planhat {

RecordExportJob::RecordExportJob(const QList<QJsonObject> &records, const QStringList &columns,
                                 const QString &path, QObject *parent)
    : QObject(parent)
    , m_records(records)
    , m_columns(columns)
    , m_path(path)
{ }

void RecordExportJob::start()
{
    auto *watcher = new QFutureWatcher<RecordExportResult>(this);
    connect(watcher, &QFutureWatcher<RecordExportResult>::finished, this, [this, watcher] {
        Q_EMIT finished(watcher->result());
        deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&RecordExportJob::write, m_records, m_columns, m_path));
}

RecordExportResult RecordExportJob::write(const QList<QJsonObject> &records,
                                          const QStringList &columns, const QString &path)
{
    RecordExportResult result;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return result;
    }
    RecordCsvWriter writer(&file, columns);
    writer.addRows(records);
    writer.finish();
    if (!file.commit()) {
        result.error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return result;
    }
    result.rowsWritten = writer.rowsWritten();
    return result;
}

} // namespace Planhat
