// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>
#include <string>
#include <string_view>

struct XML_ParserStruct; // expat's XML_Parser

namespace Planhat {

class ZipEntryDevice;

/// Receives what an XmlPartReader parses. Names are local names (a prefix such as "x:" is
/// dropped, as the parts of a workbook use one namespace each); names, attribute values and
/// text are UTF-8 with entities and character references resolved. Nothing is copied: the
/// views and pointers are valid only during the call.
class XmlPartHandler
{
public:
    virtual ~XmlPartHandler();
    /// `attributes` holds name and value pairs, ending with a null name.
    virtual void startElement(std::string_view name, const char *const *attributes) = 0;
    virtual void endElement(std::string_view name) = 0;
    /// A piece of an element's text (one element's text may arrive in several pieces).
    virtual void characters(std::string_view text) = 0;
};

/// A handler that calls functions (any left empty is not called): enough for the small parts
/// of a workbook, read once.
class XmlPartFunctions final : public XmlPartHandler
{
public:
    std::function<void(std::string_view name, const char *const *attributes)> start;
    std::function<void(std::string_view name)> end;
    std::function<void(std::string_view text)> text;

    void startElement(std::string_view name, const char *const *attributes) override;
    void endElement(std::string_view name) override;
    void characters(std::string_view text) override;
};

/// The local name of an element or attribute name ("r:id" is "id").
std::string_view xmlLocalName(const char *name);
/// The value of attribute `name` (a local name), or null.
const char *xmlAttribute(const char *const *attributes, std::string_view name);

/// Parses one XML part of a workbook (a zip entry) with expat: the entry is inflated in large
/// blocks straight into expat's buffer, and elements and text go to the handler as raw UTF-8,
/// so nothing is allocated per element and a sheet of any length is streamed in flat memory.
/// A handler can pause() the parse after an element (to hand out a row before reading on)
/// or stop() it (when the rest is of no interest).
class XmlPartReader
{
    Q_DISABLE_COPY_MOVE(XmlPartReader)

public:
    enum class Status {
        Paused, ///< the handler called pause(); parse() again goes on after that element
        Finished, ///< the part was read to its end, or the handler called stop()
        Failed, ///< the XML or the zip entry is damaged; see errorString()
    };

    /// The device must be open and outlive the reader.
    XmlPartReader(ZipEntryDevice *device, XmlPartHandler *handler);
    ~XmlPartReader();

    /// Parses `bytes` first, before reading the device (which holds the rest of the part).
    /// Call before parse().
    void prepend(std::string bytes) { m_pending = std::move(bytes); }
    /// Parses until the handler pauses or stops, the part ends, or an error.
    Status parse();
    /// From a handler: parse() returns Paused once the current call has returned.
    void pause();
    /// From a handler: parse() returns Finished, the rest of the part is not read.
    void stop();

    /// Why parsing failed: expat's message, or the zip's when inflating failed.
    QString errorString() const { return m_error; }
    /// Where in the part's XML the parser is (1-based line, 0-based column).
    qint64 lineNumber() const;
    qint64 columnNumber() const;

private:
    Status fail(const QString &error);

    ZipEntryDevice *m_device; // not owned
    XML_ParserStruct *m_parser;
    Status m_status = Status::Paused;
    bool m_suspended = false;
    bool m_final = false;
    bool m_stopped = false;
    std::string m_pending; // see prepend()
    size_t m_pendingAt = 0;
    QString m_error;
};

} // namespace Planhat
