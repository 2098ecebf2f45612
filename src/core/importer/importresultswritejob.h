// SPDX-License-Identifier: MIT
#pragma once

#include "importresults.h"
#include "importsettings.h"

#include <QObject>
#include <QString>

namespace Planhat {

/// Writes an import's results file (ImportResults::writeCsv(), which reads the whole input
/// file again) on a worker thread, so saving the results of a big import never freezes a
/// window. start() once; finished() comes on the thread that owns the job, after which the
/// job deletes itself. The results and settings are copied: the caller may go on changing
/// its own (a retry, for instance).
class ImportResultsWriteJob : public QObject
{
    Q_OBJECT
public:
    ImportResultsWriteJob(const ImportResults &results, const ImportSettings &settings,
                          const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    void start();

Q_SIGNALS:
    /// `error` is empty when `ok`: "cannot write FILE: reason" or "cannot read FILE: ...".
    void finished(bool ok, const QString &error);

private:
    ImportResults m_results;
    ImportSettings m_settings;
    QString m_path;
};

} // namespace Planhat
