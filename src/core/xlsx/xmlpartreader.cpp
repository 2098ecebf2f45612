// SPDX-License-Identifier: MIT
#include "xmlpartreader.h"

#include "zipentry.h"

#include <expat.h>

#include <algorithm>
#include <cstring>

namespace Planhat {

namespace {

/// Inflated bytes handed to expat at a time: large, so that the zip, the device and the
/// parser are called rarely; small enough to keep memory flat.
constexpr int blockSize = 256 * 1024;

void XMLCALL onStartElement(void *handler, const XML_Char *name, const XML_Char **attributes)
{
    static_cast<XmlPartHandler *>(handler)->startElement(xmlLocalName(name), attributes);
}

void XMLCALL onEndElement(void *handler, const XML_Char *name)
{
    static_cast<XmlPartHandler *>(handler)->endElement(xmlLocalName(name));
}

void XMLCALL onCharacters(void *handler, const XML_Char *text, int length)
{
    static_cast<XmlPartHandler *>(handler)->characters(std::string_view(text, size_t(length)));
}

} // namespace

std::string_view xmlLocalName(const char *name)
{
    // One pass, no library calls: this runs for every element.
    const char *start = name;
    const char *end = name;
    for (; *end; ++end) {
        if (*end == ':')
            start = end + 1;
    }
    return std::string_view(start, size_t(end - start));
}

const char *xmlAttribute(const char *const *attributes, std::string_view name)
{
    for (; *attributes; attributes += 2) {
        if (xmlLocalName(attributes[0]) == name)
            return attributes[1];
    }
    return nullptr;
}

XmlPartHandler::~XmlPartHandler() = default;

void XmlPartFunctions::startElement(std::string_view name, const char *const *attributes)
{
    if (start)
        start(name, attributes);
}

void XmlPartFunctions::endElement(std::string_view name)
{
    if (end)
        end(name);
}

void XmlPartFunctions::characters(std::string_view text)
{
    if (this->text)
        this->text(text);
}

XmlPartReader::XmlPartReader(ZipEntryDevice *device, XmlPartHandler *handler)
    : m_device(device)
    , m_parser(XML_ParserCreate(nullptr))
{
    if (!m_parser)
        return;
    XML_SetUserData(m_parser, handler);
    XML_SetElementHandler(m_parser, onStartElement, onEndElement);
    XML_SetCharacterDataHandler(m_parser, onCharacters);
}

XmlPartReader::~XmlPartReader()
{
    if (m_parser)
        XML_ParserFree(m_parser);
}

XmlPartReader::Status XmlPartReader::parse()
{
    if (m_status == Status::Finished || m_status == Status::Failed)
        return m_status;
    if (!m_parser)
        return fail(QStringLiteral("out of memory"));
    for (;;) {
        XML_Status result;
        if (m_suspended) {
            m_suspended = false;
            result = XML_ResumeParser(m_parser);
        } else if (m_final) {
            return m_status = Status::Finished;
        } else if (m_pendingAt < m_pending.size()) {
            const size_t size = std::min(m_pending.size() - m_pendingAt, size_t(blockSize));
            void *buffer = XML_GetBuffer(m_parser, int(size));
            if (!buffer)
                return fail(QStringLiteral("out of memory"));
            std::memcpy(buffer, m_pending.data() + m_pendingAt, size);
            m_pendingAt += size;
            result = XML_ParseBuffer(m_parser, int(size), XML_FALSE);
        } else {
            void *buffer = XML_GetBuffer(m_parser, blockSize);
            if (!buffer)
                return fail(QStringLiteral("out of memory"));
            const qint64 read = m_device->read(static_cast<char *>(buffer), blockSize);
            if (read < 0)
                return fail(QStringLiteral("its zip data cannot be inflated (%1)")
                                .arg(m_device->errorString()));
            m_final = read == 0;
            result = XML_ParseBuffer(m_parser, int(read), m_final ? XML_TRUE : XML_FALSE);
        }
        if (result == XML_STATUS_SUSPENDED) {
            m_suspended = true;
            return m_status = Status::Paused;
        }
        if (result == XML_STATUS_ERROR) {
            if (m_stopped)
                return m_status = Status::Finished;
            return fail(QString::fromLatin1(XML_ErrorString(XML_GetErrorCode(m_parser))));
        }
        if (m_stopped)
            return m_status = Status::Finished;
    }
}

void XmlPartReader::pause()
{
    XML_StopParser(m_parser, XML_TRUE);
}

void XmlPartReader::stop()
{
    m_stopped = true;
    XML_StopParser(m_parser, XML_FALSE);
}

qint64 XmlPartReader::lineNumber() const
{
    return m_parser ? qint64(XML_GetCurrentLineNumber(m_parser)) : 0;
}

qint64 XmlPartReader::columnNumber() const
{
    return m_parser ? qint64(XML_GetCurrentColumnNumber(m_parser)) : 0;
}

XmlPartReader::Status XmlPartReader::fail(const QString &error)
{
    m_error = error;
    return m_status = Status::Failed;
}

} // namespace Planhat
