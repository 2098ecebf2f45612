// SPDX-License-Identifier: MIT
#include "sheetrunpipeline.h"

namespace Planhat {

SheetRunPipeline::SheetRunPipeline(ZipEntryDevice *device, Parse parse, int threads)
    : m_chunks(device)
    , m_parse(std::move(parse))
    // Enough runs ahead to keep every worker busy while the caller reads one (a run is
    // 64 KB of XML): a few MB at most.
    , m_maxInFlight(size_t(qMax(1, threads)) * 4)
{
    for (int i = 0; i < qMax(1, threads); ++i)
        m_workers.emplace_back([this] { work(); });
}

SheetRunPipeline::~SheetRunPipeline()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_queued.notify_all();
    for (std::thread &worker : m_workers)
        worker.join();
}

void SheetRunPipeline::work()
{
    for (;;) {
        SheetRun *run = nullptr;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_queued.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            run = m_queue.front();
            m_queue.pop_front();
        }
        m_parse(*run);
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            run->done = true;
        }
        m_parsed.notify_one();
    }
}

void SheetRunPipeline::cut()
{
    while (m_cutEnd == SheetChunks::Result::Rows && !m_failed
           && m_inFlight.size() < m_maxInFlight) {
        const SheetChunks::Result result = m_chunks.next();
        if (result != SheetChunks::Result::Rows) {
            m_cutEnd = result;
            return;
        }
        std::unique_ptr<SheetRun> run;
        if (m_spare.empty()) {
            run = std::make_unique<SheetRun>();
        } else {
            run = std::move(m_spare.back());
            m_spare.pop_back();
        }
        run->xml.assign(m_chunks.chunk());
        run->done = false;
        SheetRun *queued = run.get();
        m_inFlight.push_back(std::move(run));
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_queue.push_back(queued);
        }
        m_queued.notify_one();
    }
}

SheetChunks::Result SheetRunPipeline::next(std::unique_ptr<SheetRun> *run)
{
    if (m_failed)
        return SheetChunks::Result::Unexpected;
    cut();
    if (m_inFlight.empty())
        return m_cutEnd;
    SheetRun *first = m_inFlight.front().get();
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_parsed.wait(lock, [first] { return first->done; });
    }
    if (!first->parsed) {
        m_failed = true; // kept in flight: restOfSheet() starts with it
        return SheetChunks::Result::Unexpected;
    }
    *run = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    cut(); // a run left: keep the workers busy while the caller reads this one
    return SheetChunks::Result::Rows;
}

void SheetRunPipeline::recycle(std::unique_ptr<SheetRun> run)
{
    if (run && m_spare.size() < m_maxInFlight)
        m_spare.push_back(std::move(run));
}

std::string SheetRunPipeline::restOfSheet() const
{
    // Workers may still parse later runs; they only read xml, as this does.
    std::string rest = m_chunks.prologue();
    for (const std::unique_ptr<SheetRun> &run : m_inFlight)
        rest += run->xml;
    rest += m_chunks.unread();
    return rest;
}

} // namespace Planhat
