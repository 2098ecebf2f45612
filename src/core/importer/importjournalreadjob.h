// SPDX-License-Identifier: MIT
#pragma once

#include "importjournal.h"

#include <QObject>
#include <QString>

namespace Planhat {

/// Reads a journal (ImportJournal::read()) on a worker thread: the journal of a big import
/// holds a line per chunk with every row and before-image, too much to read on the GUI
/// thread. start() once; finished() comes on the thread that owns the job, after which the
/// job deletes itself.
class ImportJournalReadJob : public QObject
{
    Q_OBJECT
public:
    explicit ImportJournalReadJob(const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    void start();

Q_SIGNALS:
    /// `state` is what the journal says when `ok`; otherwise `error` says why it could not
    /// be read.
    void finished(bool ok, const Planhat::JournalState &state, const QString &error);

private:
    QString m_path;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::JournalState)
