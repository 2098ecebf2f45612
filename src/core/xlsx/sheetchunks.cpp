// SPDX-License-Identifier: MIT
#include "sheetchunks.h"

#include "zipentry.h"

#include <cstring>

namespace Planhat {

namespace {

/// Inflated at a time.
constexpr size_t blockSize = 1024 * 1024;
/// How much XML a run of rows holds at most (unless one row is longer).
constexpr size_t runSize = 64 * 1024;
/// How far the start tag of <sheetData> may be from the top (column and view settings come
/// before it): beyond this the sheet is read by expat alone.
constexpr size_t maxPrologue = 16 * blockSize;

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

SheetChunks::SheetChunks(ZipEntryDevice *device)
    : m_device(device)
{
    m_buffer.resize(2 * blockSize);
}

bool SheetChunks::readMore()
{
    // Keep what is not handed out yet (from the last run on, for restOfSheet()), at the top.
    if (m_chunkBegin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_chunkBegin, m_end - m_chunkBegin);
        m_begin -= m_chunkBegin;
        m_end -= m_chunkBegin;
        m_chunkBegin = 0;
    }
    if (m_buffer.size() - m_end < blockSize)
        m_buffer.resize(m_end + blockSize);
    const qint64 read = m_device->read(m_buffer.data() + m_end, qint64(blockSize));
    if (read < 0)
        return false;
    m_end += size_t(read);
    m_atEnd = read == 0;
    return true;
}

SheetChunks::Result SheetChunks::findSheetData()
{
    size_t from = 0;
    for (;;) {
        const std::string_view data(m_buffer.data(), m_end);
        size_t at = data.find("sheetData", from);
        for (; at != std::string_view::npos; at = data.find("sheetData", at + 1)) {
            // The start tag: "<sheetData" or "<prefix:sheetData", then a space, "/" or ">".
            size_t open = at;
            while (open > 0 && data[open - 1] != '<' && data[open - 1] != '/'
                   && data[open - 1] != '>' && !isSpace(data[open - 1]))
                --open;
            if (open == 0 || data[open - 1] != '<')
                continue; // an end tag, or the name in some text
            const size_t close = data.find('>', at);
            if (close == std::string_view::npos)
                break; // the tag goes on in the next block
            const std::string prefix(data.substr(open, at - open));
            m_rowEnd = "</" + prefix + "row>";
            m_sheetDataEnd = "</" + prefix + "sheetData";
            m_prologue.assign(data.substr(0, close + 1));
            m_begin = m_chunkBegin = close + 1;
            m_started = true;
            return data[close - 1] == '/' ? Result::End : Result::Rows;
        }
        // Searched up to here, but for a name or a tag cut off by the block's end.
        from = at != std::string_view::npos ? at : (m_end > 9 ? m_end - 9 : 0);
        if (m_atEnd || m_end > maxPrologue)
            return Result::Unexpected;
        if (!readMore())
            return Result::ZipError;
    }
}

SheetChunks::Result SheetChunks::next()
{
    if (!m_started) {
        const Result found = findSheetData();
        if (found != Result::Rows)
            return found;
    }
    m_chunkBegin = m_begin;
    m_chunk = {};
    for (;;) {
        const std::string_view data(m_buffer.data() + m_begin, m_end - m_begin);
        // Short runs: the parser's memory for one stays below what malloc hands back to the
        // system when it is freed, so it is not faulted in again for the next run.
        size_t last = data.substr(0, runSize).rfind(m_rowEnd);
        if (last == std::string_view::npos && data.size() > runSize)
            last = data.rfind(m_rowEnd); // a row longer than a run
        if (last != std::string_view::npos) {
            m_chunk = data.substr(0, last + m_rowEnd.size());
            m_begin += m_chunk.size();
            return Result::Rows;
        }
        size_t text = 0;
        while (text < data.size() && isSpace(data[text]))
            ++text;
        if (data.substr(text, m_sheetDataEnd.size()) == m_sheetDataEnd)
            return Result::End; // what follows the sheet data is of no interest
        if (m_atEnd)
            return Result::Unexpected; // cut off, or not rows: expat says what it is
        if (!readMore())
            return Result::ZipError;
    }
}

} // namespace Planhat
