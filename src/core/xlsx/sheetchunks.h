// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace Planhat {

class ZipEntryDevice;

/// Cuts the XML of a worksheet, as it is inflated, into runs of whole <row> elements, so a
/// fast in-place parser (pugixml) can read a sheet of any length one run at a time: the
/// fast path of SheetReader. It only finds where rows end ("</row>" outside the start tag
/// of <sheetData> and its prologue): a literal "</row>" can only be an end tag or sit in a
/// comment, CDATA section or processing instruction, and then the run around it does not
/// parse, so SheetReader hands the rest, from the start of that run, to expat (restOfSheet())
/// and nothing is read wrongly. Anything else it does not expect ends the fast path the same
/// way.
class SheetChunks
{
    Q_DISABLE_COPY_MOVE(SheetChunks)

public:
    enum class Result {
        Rows, ///< chunk() holds whole rows
        End, ///< the sheet data ended (</sheetData>, or <sheetData/>)
        Unexpected, ///< not what the fast path reads: go on with restOfSheet()
        ZipError, ///< the entry cannot be inflated
    };

    /// The device must be open and outlive this.
    explicit SheetChunks(ZipEntryDevice *device);

    /// Reads on to the next run of whole rows.
    Result next();
    /// The run next() found, valid until the next call.
    std::string_view chunk() const { return m_chunk; }
    /// The XML before the sheet data, its start tag included.
    const std::string &prologue() const { return m_prologue; }
    /// What is inflated already but not handed out in a run; the device holds the rest.
    std::string_view unread() const
    {
        return std::string_view(m_buffer.data() + m_begin, m_end - m_begin);
    }

private:
    bool readMore();
    Result findSheetData();

    ZipEntryDevice *m_device; // not owned
    std::vector<char> m_buffer;
    size_t m_begin = 0; // [m_begin, m_end): inflated, not handed out yet
    size_t m_end = 0;
    size_t m_chunkBegin = 0;
    std::string_view m_chunk;
    std::string m_prologue; // up to and with <sheetData ...>
    std::string m_rowEnd; // "</row>", "</x:row>" with the prefix sheetData has
    std::string m_sheetDataEnd; // "</sheetData", with the prefix
    bool m_started = false;
    bool m_atEnd = false; // the device is read to its end
};

} // namespace Planhat
