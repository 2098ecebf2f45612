// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvrow.h"
#include "sheetchunks.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Planhat {

/// A cell of a parsed run: where its text is in the run's row.
struct SheetRunCell
{
    qsizetype offset; // from the start of the row's text
    qsizetype length;
    qint64 column;
};

/// A row of a parsed run (one that holds a value or an issue): ranges of the run's blocks.
struct SheetRunRow
{
    size_t text;
    size_t textLength;
    size_t cells;
    size_t cellCount;
    size_t issues;
    size_t issueCount;
    qint64 line; // see SheetRun::lastRow
};

/// One run of whole rows of a sheet and what parsing it gave. The rows are kept as a few
/// blocks, not as a CsvRow each: the thread that reads them copies each row out of memory
/// it reads in order, instead of chasing a few heap blocks per row that another core
/// wrote.
struct SheetRun
{
    std::string xml; // the run as cut, kept unchanged (expat reads it again if it fails)
    std::vector<SheetRunRow> rows;
    std::u16string text; // the text of every cell of every row, back to back
    std::vector<SheetRunCell> cells;
    std::vector<CsvIssue> issues;
    qint64 lastRow = 0; // the row number the last <row> of the run had (see SheetReader)
    qint64 lastColumn = 0; // and the column of its last cell
    bool parsed = false; // false: the run is not well-formed XML
    bool done = false; // set by the worker, under the pipeline's mutex
};

/// Parses the runs SheetChunks cuts on a few worker threads while the caller's thread
/// inflates and cuts the next ones, and hands them back in sheet order. At most a few runs
/// are in flight, so memory stays flat for a sheet of any length. The first run that does
/// not parse ends the pipeline: next() says Unexpected, later runs already parsed are
/// dropped, and restOfSheet() gives the XML from the start of that run on, for expat.
class SheetRunPipeline
{
    Q_DISABLE_COPY_MOVE(SheetRunPipeline)

public:
    /// Called on a worker thread, on one run at a time: fills rows, lastRow, lastColumn
    /// and parsed from xml. It must not touch anything another run's call could touch.
    using Parse = std::function<void(SheetRun &run)>;

    /// The device must be open and outlive this; `threads` workers are started (at least
    /// one).
    SheetRunPipeline(ZipEntryDevice *device, Parse parse, int threads);
    /// Stops the workers (each finishes the run it is on) and waits for them.
    ~SheetRunPipeline();

    /// The next run, parsed: Rows. Otherwise what ended the runs: End, ZipError, or
    /// Unexpected (a run that does not parse, or XML the cutting does not expect), after
    /// which restOfSheet() holds the rest. Earlier runs are always handed out first.
    SheetChunks::Result next(std::unique_ptr<SheetRun> *run);
    /// Hands a run back once read, so its buffers serve again.
    void recycle(std::unique_ptr<SheetRun> run);
    /// After Unexpected: the XML before the sheet data, then everything from the start of
    /// the run that failed (or from where the cutting stopped) that is inflated already.
    std::string restOfSheet() const;

private:
    void cut();
    void work();

    SheetChunks m_chunks; // used by the caller's thread only
    Parse m_parse;
    size_t m_maxInFlight;
    SheetChunks::Result m_cutEnd = SheetChunks::Result::Rows; // Rows while cutting goes on
    bool m_failed = false; // the first run in flight did not parse
    std::deque<std::unique_ptr<SheetRun>> m_inFlight; // in sheet order, cut, maybe parsed
    std::vector<std::unique_ptr<SheetRun>> m_spare;

    std::mutex m_mutex; // guards what follows, and SheetRun::done
    std::condition_variable m_queued; // wakes the workers
    std::condition_variable m_parsed; // wakes the caller
    std::deque<SheetRun *> m_queue; // runs no worker has taken yet
    bool m_stopping = false;
    std::vector<std::thread> m_workers;
};

} // namespace Planhat
