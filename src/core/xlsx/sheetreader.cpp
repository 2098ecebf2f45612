// SPDX-License-Identifier: MIT
#include "sheetreader.h"

#include "sheetchunks.h"
#include "sheetrunpipeline.h"
#include "zipentry.h"

#include "sheetvalue.h"
#include "workbookreader.h"

#include <QHash>
#include <QThread>

#include <pugixml.hpp>

#include <charconv>
#include <cstring>

namespace Planhat {

namespace {

constexpr qsizetype maxStoredIssues = 1000;

/// The row number a worker starts a run from: the rows of a run that come before its first
/// numbered row are counted on from it, and numbered once the runs before are read.
constexpr qint64 unknownRow = -(qint64(1) << 62);

/// How pugixml reads a run of rows: a fragment (many <row> elements, no root), CDATA
/// sections, and text that is only white space kept (a cell can hold " "). The text of an
/// element is kept in the element itself when it comes first (<v>42</v> is one node, not
/// two): fewer nodes to make and to walk. Line ends, entities and character references are
/// left as they are: few texts have any, and decodeXml() handles those, which is cheaper
/// than pugixml looking for them everywhere.
constexpr unsigned int fastParseOptions
    = pugi::parse_fragment | pugi::parse_cdata | pugi::parse_ws_pcdata | pugi::parse_embed_pcdata;

/// The name without its prefix ("c" for "x:c").
std::string_view localName(const char *name)
{
    const char *local = name;
    const char *end = name;
    for (; *end; ++end) {
        if (*end == ':')
            local = end + 1;
    }
    return std::string_view(local, size_t(end - local));
}

/// Whether two NUL-terminated strings are equal (short ones: cheaper than a call).
bool equals(const char *text, const char *other)
{
    while (*text && *text == *other) {
        ++text;
        ++other;
    }
    return *text == *other;
}

/// Whether raw XML text holds what decodeXml() changes.
bool needsDecoding(const char *raw, bool attribute, bool references)
{
    for (; *raw; ++raw) {
        const char c = *raw;
        if (c == '\r' || (c == '&' && references) || (attribute && (c == '\n' || c == '\t')))
            return true;
    }
    return false;
}

void appendUtf8(char32_t code, std::string *out)
{
    if (code < 0x80) {
        out->push_back(char(code));
    } else if (code < 0x800) {
        out->push_back(char(0xC0 | (code >> 6)));
        out->push_back(char(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out->push_back(char(0xE0 | (code >> 12)));
        out->push_back(char(0x80 | ((code >> 6) & 0x3F)));
        out->push_back(char(0x80 | (code & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (code >> 18)));
        out->push_back(char(0x80 | ((code >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((code >> 6) & 0x3F)));
        out->push_back(char(0x80 | (code & 0x3F)));
    }
}

/// Decodes a character reference's number ("#65", "#x41") into a character XML allows.
bool characterOf(std::string_view reference, char32_t *code)
{
    const bool hex = reference.size() > 1 && reference[1] == 'x';
    const std::string_view digits = reference.substr(hex ? 2 : 1);
    quint32 value = 0;
    const auto parsed
        = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (digits.empty() || parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size()
        || digits[0] == '+' || digits[0] == '-')
        return false;
    const bool allowed = value == 0x9 || value == 0xA || value == 0xD
        || (value >= 0x20 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD)
        || (value >= 0x10000 && value <= 0x10FFFF);
    *code = char32_t(value);
    return allowed;
}

/// Appends what an XML parser makes of raw text (in an attribute value when `attribute`,
/// in a CDATA section when not `references`): line ends as "\n" (white space as " " in an
/// attribute value), the five predefined entities and character references decoded. False
/// on a reference that is not well-formed: expat reads the run then and says where.
bool decodeXml(std::string_view raw, bool attribute, bool references, std::string *out)
{
    for (size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            if (i + 1 < raw.size() && raw[i + 1] == '\n')
                ++i;
            out->push_back(attribute ? ' ' : '\n');
        } else if (attribute && (c == '\n' || c == '\t')) {
            out->push_back(' ');
        } else if (c == '&' && references) {
            const size_t end = raw.find(';', i);
            if (end == std::string_view::npos)
                return false;
            const std::string_view name = raw.substr(i + 1, end - i - 1);
            char32_t code = 0;
            if (name == "amp")
                out->push_back('&');
            else if (name == "lt")
                out->push_back('<');
            else if (name == "gt")
                out->push_back('>');
            else if (name == "quot")
                out->push_back('"');
            else if (name == "apos")
                out->push_back('\'');
            else if (!name.empty() && name[0] == '#' && characterOf(name, &code))
                appendUtf8(code, out);
            else
                return false;
            i = end;
        } else {
            out->push_back(c);
        }
    }
    return true;
}

/// The first <row> element from `node` on (white space and comments between rows are
/// skipped).
pugi::xml_node rowFrom(pugi::xml_node node)
{
    while (node && (node.type() != pugi::node_element || localName(node.name()) != "row"))
        node = node.next_sibling();
    return node;
}

/// The column of a cell reference ("C7" is 3), or 0 when it has none.
qint64 columnOf(const char *reference)
{
    qint64 column = 0;
    for (; *reference; ++reference) {
        const char c = *reference;
        if (c >= 'A' && c <= 'Z')
            column = column * 26 + (c - 'A' + 1);
        else if (c >= 'a' && c <= 'z')
            column = column * 26 + (c - 'a' + 1);
        else
            break;
        if (column > 1'000'000)
            return 0;
    }
    return column;
}

qint64 numberOf(std::string_view text)
{
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9' || value > 1'000'000'000'000)
            return -1;
        value = value * 10 + (c - '0');
    }
    return text.empty() ? -1 : value;
}

bool doubleOf(std::string_view text, double *value)
{
    const char *end = text.data() + text.size();
    const auto parsed = std::from_chars(text.data(), end, *value);
    return !text.empty() && parsed.ec == std::errc() && parsed.ptr == end;
}

} // namespace

std::unique_ptr<SheetReader> SheetReader::open(std::unique_ptr<WorkbookReader> workbook,
                                               const TableOptions &options, QString *error)
{
    qsizetype index = options.sheet.isEmpty() ? workbook->defaultSheetIndex()
                                              : workbook->sheetIndex(options.sheet);
    if (index < 0) {
        QStringList names;
        for (const WorkbookSheet &sheet : workbook->sheets())
            names.append(QLatin1Char('"') + sheet.name + QLatin1Char('"'));
        *error = QStringLiteral("%1 has no sheet \"%2\"; its sheets are %3")
                     .arg(workbook->fileName(), options.sheet, names.join(QLatin1String(", ")));
        return nullptr;
    }
    std::unique_ptr<SheetReader> reader(new SheetReader);
    const WorkbookSheet &sheet = workbook->sheets().at(index);
    reader->m_sheetName = sheet.name;
    reader->m_fileName = workbook->fileName();
    reader->m_headerRow
        = options.csv.headerRow == CsvOptions::HeaderRow::None ? 0 : qMax(0, options.headerRow);
    reader->m_zip = std::make_unique<ZipArchive>(workbook->path());
    if (!reader->m_zip->locate(sheet.entry)) {
        *error = QStringLiteral("%1, sheet \"%2\": cannot be read (zip error %3)")
                     .arg(workbook->fileName(), sheet.name)
                     .arg(reader->m_zip->error());
        return nullptr;
    }
    reader->m_file = std::make_unique<ZipEntryDevice>(reader->m_zip.get());
    if (!reader->m_file->open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1, sheet \"%2\": cannot be read (zip error %3)")
                     .arg(workbook->fileName(), sheet.name)
                     .arg(reader->m_file->zipError());
        return nullptr;
    }
    reader->m_compressedSize = reader->m_file->compressedSize();
    reader->m_uncompressedSize = reader->m_file->uncompressedSize();
    const WorkbookReader *cells = workbook.get();
    reader->m_cells.workbook = cells;
    reader->m_fast = std::make_unique<SheetRunPipeline>(
        reader->m_file.get(), [cells](SheetRun &run) { parseRun(cells, run); },
        qMax(2, QThread::idealThreadCount()));
    reader->m_workbook = std::move(workbook);
    return reader;
}

SheetReader::~SheetReader()
{
    // The XML readers read the file, which reads the zip: end them in that order (the
    // pipeline's workers are stopped and waited for first).
    m_fast.reset();
    m_xml.reset();
    m_file.reset();
    m_zip.reset();
}

void SheetReader::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_headerRow == 0)
        return;
    CsvRow header;
    while (parseRow(header)) {
        if (header.line() < m_headerRow)
            continue;
        m_headers = header.toStringList();
        for (const QString &name : std::as_const(m_headers))
            m_blankHeaders.push_back(name.trimmed().isEmpty());
        checkHeaders(header);
        return;
    }
}

bool SheetReader::readRow(CsvRow &row)
{
    start();
    if (!parseRow(row))
        return false;
    finishDataRow(row);
    row.m_number = ++m_rowCount;
    return true;
}

bool SheetReader::parseRow(CsvRow &row)
{
    if (m_finished)
        return false;
    if (m_fast) {
        if (parseFastRow(row)) {
            countIssues(row);
            return true;
        }
        if (m_finished)
            return false;
    }
    // The handlers below fill `row`; the parser pauses after each row that has a value.
    m_row = &row;
    const XmlPartReader::Status status = m_xml->parse();
    m_row = nullptr;
    if (status == XmlPartReader::Status::Paused) {
        countIssues(row);
        return true;
    }
    m_finished = true;
    if (status == XmlPartReader::Status::Failed)
        stopOnError(m_xml->errorString());
    return false;
}

void SheetReader::parseRun(const WorkbookReader *workbook, SheetRun &run)
{
    // One parser per worker thread, kept between runs; parsing in place changes the buffer.
    thread_local pugi::xml_document document;
    thread_local std::vector<char> buffer;
    // A row is built here, then added to the run's blocks.
    thread_local CsvRow row;
    buffer.assign(run.xml.begin(), run.xml.end());
    run.rows.clear();
    run.text.clear();
    run.cells.clear();
    run.issues.clear();
    run.parsed = bool(document.load_buffer_inplace(buffer.data(), buffer.size(), fastParseOptions,
                                                   pugi::encoding_utf8));
    if (!run.parsed) {
        document.reset();
        return;
    }
    RowBuilder cells;
    cells.workbook = workbook;
    cells.lastRow = unknownRow;
    // One look at the whole run (memchr is fast) spares one at every text and attribute.
    const std::string_view xml = run.xml;
    const bool references = xml.find('&') != std::string_view::npos;
    const bool carriageReturns = xml.find('\r') != std::string_view::npos;
    cells.checkText = references || carriageReturns;
    cells.checkAttributes = cells.checkText || xml.find('\n') != std::string_view::npos
        || xml.find('\t') != std::string_view::npos;
    for (pugi::xml_node node = rowFrom(document.first_child()); node;
         node = rowFrom(node.next_sibling())) {
        if (!cells.readRow(&node, row)) {
            run.parsed = false;
            break;
        }
        if (row.m_fields.empty() && row.m_issues.isEmpty())
            continue; // rows with no value are skipped
        run.rows.push_back({run.text.size(), row.m_text.size(), run.cells.size(),
                            row.m_fields.size(), run.issues.size(), size_t(row.m_issues.size()),
                            row.m_line});
        run.text += row.m_text;
        for (const CsvRow::Field &field : row.m_fields)
            run.cells.push_back({field.offset, field.length, field.column});
        run.issues.insert(run.issues.end(), row.m_issues.cbegin(), row.m_issues.cend());
    }
    run.lastRow = cells.lastRow;
    run.lastColumn = cells.column;
    document.reset();
}

qint64 SheetReader::runLine(qint64 line) const
{
    return line < 0 ? m_runBase + (line - unknownRow) : line;
}

bool SheetReader::parseFastRow(CsvRow &row)
{
    for (;;) {
        if (m_run && m_runNext < m_run->rows.size()) {
            const SheetRunRow &from = m_run->rows[m_runNext++];
            // A row with no number before any numbered row of its run is numbered now.
            const qint64 line = runLine(from.line);
            row.m_line = line;
            row.m_text.assign(m_run->text, from.text, from.textLength);
            row.m_fields.resize(from.cellCount);
            const SheetRunCell *cell = m_run->cells.data() + from.cells;
            for (CsvRow::Field &field : row.m_fields) {
                field = {cell->offset, cell->length, line, cell->column};
                ++cell;
            }
            if (!row.m_issues.isEmpty())
                row.m_issues.clear();
            for (size_t i = 0; i < from.issueCount; ++i) {
                row.m_issues.append(m_run->issues[from.issues + i]);
                row.m_issues.back().line = runLine(row.m_issues.back().line);
            }
            return true;
        }
        finishRun();
        switch (m_fast->next(&m_run)) {
        case SheetChunks::Result::Rows:
            m_runNext = 0;
            m_runBase = m_cells.lastRow;
            break;
        case SheetChunks::Result::End:
            m_fast.reset();
            m_finished = true;
            return false;
        case SheetChunks::Result::Unexpected:
            leaveFastPath(); // expat reads the run again and says where it breaks
            return false;
        case SheetChunks::Result::ZipError:
            m_fast.reset();
            m_finished = true;
            stopOnError(
                QStringLiteral("its zip data cannot be inflated (%1)").arg(m_file->errorString()));
            return false;
        }
    }
}

void SheetReader::finishRun()
{
    if (!m_run)
        return;
    // Where expat, or an error, goes on from.
    m_cells.lastRow = runLine(m_run->lastRow);
    m_cells.column = m_run->lastColumn;
    m_fast->recycle(std::move(m_run));
    m_run.reset();
}

void SheetReader::leaveFastPath()
{
    finishRun();
    std::string rest = m_fast->restOfSheet();
    m_fast.reset();
    XmlPartHandler *handler = this;
    m_xml = std::make_unique<XmlPartReader>(m_file.get(), handler);
    m_xml->prepend(std::move(rest));
    m_place = Place::Outside;
    m_skipDepth = 0;
}

const char *SheetReader::RowBuilder::decodedAttribute(const char *raw)
{
    if (!needsDecoding(raw, true, true))
        return raw;
    attribute.clear();
    return decodeXml(raw, true, true, &attribute) ? attribute.c_str() : nullptr;
}

bool SheetReader::RowBuilder::readRow(const void *rowNode, CsvRow &row)
{
    const pugi::xml_node &node = *static_cast<const pugi::xml_node *>(rowNode);
    const pugi::xml_attribute number = node.attribute("r");
    const char *numberText = number ? number.value() : "";
    if (checkAttributes)
        numberText = decodedAttribute(numberText);
    if (!numberText)
        return false;
    beginRow(row, number ? numberOf(numberText) : -1);
    for (pugi::xml_node cell = node.first_child(); cell; cell = cell.next_sibling()) {
        // Other elements in a row are not cells.
        if (cell.type() != pugi::node_element || localName(cell.name()) != "c")
            continue;
        CellStart start;
        for (pugi::xml_attribute it = cell.first_attribute(); it; it = it.next_attribute()) {
            const char *attributeValue = it.value();
            if (checkAttributes) {
                attributeValue = decodedAttribute(attributeValue);
                if (!attributeValue)
                    return false;
            }
            readCellAttribute(it.name(), attributeValue, &start);
        }
        beginCell(start);
        text = {};
        textInValue = false;
        if (!collectValue(&cell))
            return false;
        if (!text.empty())
            appendCellText(text, row);
    }
    return true;
}

bool SheetReader::RowBuilder::addText(const char *raw, bool references)
{
    if (!*raw)
        return true;
    const bool decode = checkText && needsDecoding(raw, false, references);
    if (!decode && text.empty()) {
        text = raw; // the usual case: one piece, as it is
        return true;
    }
    // Joined or decoded: in `value`.
    if (!textInValue) {
        value.assign(text);
        textInValue = true;
    }
    if (!decode)
        value.append(raw);
    else if (!decodeXml(raw, false, references, &value))
        return false;
    text = value;
    return true;
}

bool SheetReader::RowBuilder::collectValue(const void *parent)
{
    // As the expat path reads it: the text of <v> and <t> (an inline string's runs joined),
    // not the formula <f>, phonetic aids <rPh> or extensions.
    const pugi::xml_node &node = *static_cast<const pugi::xml_node *>(parent);
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element)
            continue;
        const std::string_view name = localName(child.name());
        if (name == "v" || name == "t") {
            // Text that comes first is the element's value (parse_embed_pcdata); CDATA
            // sections and the text after them are nodes, in order.
            if (!addText(child.value(), true))
                return false;
            for (pugi::xml_node piece = child.first_child(); piece; piece = piece.next_sibling()) {
                const pugi::xml_node_type type = piece.type();
                if ((type == pugi::node_pcdata || type == pugi::node_cdata)
                    && !addText(piece.value(), type == pugi::node_pcdata))
                    return false;
            }
        } else if (name != "f" && name != "rPh" && name != "extLst") {
            if (!collectValue(&child))
                return false;
        }
    }
    return true;
}

void SheetReader::startElement(std::string_view name, const char *const *attributes)
{
    if (m_skipDepth > 0) {
        ++m_skipDepth;
        return;
    }
    switch (m_place) {
    case Place::Outside:
        if (name == "row")
            startRow(attributes);
        break;
    case Place::Row:
        if (name == "c")
            startCell(attributes);
        else
            m_skipDepth = 1;
        break;
    case Place::Cell:
        // <v> holds the value (a formula's cached one); <is> an inline string, whose <t>
        // runs are joined; <f> (the formula) and <rPh> (phonetic reading aids) are not the
        // value.
        if (name == "v" || name == "t") {
            m_collect = true;
            ++m_cellDepth;
        } else if (name == "f" || name == "rPh" || name == "extLst") {
            m_skipDepth = 1;
        } else {
            ++m_cellDepth;
        }
        break;
    }
}

void SheetReader::endElement(std::string_view name)
{
    if (m_skipDepth > 0) {
        --m_skipDepth;
        return;
    }
    switch (m_place) {
    case Place::Outside:
        if (name == "sheetData") {
            m_finished = true;
            m_xml->stop();
        }
        break;
    case Place::Row:
        m_place = Place::Outside;
        if (!m_row->m_fields.empty() || !m_row->m_issues.isEmpty())
            m_xml->pause(); // hand the row out; rows with no value are skipped
        break;
    case Place::Cell:
        m_collect = false;
        if (m_cellDepth-- == 0) {
            m_place = Place::Row;
            if (!m_cells.value.empty())
                m_cells.appendCellText(m_cells.value, *m_row);
        }
        break;
    }
}

void SheetReader::characters(std::string_view text)
{
    if (m_collect && m_skipDepth == 0)
        m_cells.value.append(text);
}

void SheetReader::startRow(const char *const *attributes)
{
    qint64 number = -1;
    for (; *attributes; attributes += 2) {
        if (std::strcmp(attributes[0], "r") == 0)
            number = numberOf(attributes[1]);
    }
    m_cells.beginRow(*m_row, number);
    m_place = Place::Row;
}

void SheetReader::RowBuilder::beginRow(CsvRow &row, qint64 number)
{
    row.m_text.clear();
    row.m_fields.clear();
    if (!row.m_issues.isEmpty())
        row.m_issues.clear();
    lastRow = number > 0 ? number : lastRow + 1;
    row.m_line = lastRow;
    column = 0;
}

void SheetReader::RowBuilder::readCellAttribute(const char *name, const char *value,
                                                CellStart *cell)
{
    if (name[0] == 0 || name[1] != 0)
        return; // all three are one letter
    if (name[0] == 'r') {
        cell->column = columnOf(value);
    } else if (name[0] == 's') {
        cell->style = qsizetype(numberOf(value));
    } else if (name[0] == 't') {
        // By the first letter, then the whole value: anything else is a number, the default.
        switch (value[0]) {
        case 's':
            if (value[1] == 0)
                cell->type = CellType::SharedString;
            else if (equals(value + 1, "tr"))
                cell->type = CellType::FormulaString;
            break;
        case 'i':
            if (equals(value + 1, "nlineStr"))
                cell->type = CellType::InlineString;
            break;
        case 'b':
            if (value[1] == 0)
                cell->type = CellType::Boolean;
            break;
        case 'e':
            if (value[1] == 0)
                cell->type = CellType::Error;
            break;
        case 'd':
            if (value[1] == 0)
                cell->type = CellType::IsoDate;
            break;
        default:
            break;
        }
    }
}

void SheetReader::startCell(const char *const *attributes)
{
    CellStart cell;
    for (; *attributes; attributes += 2)
        RowBuilder::readCellAttribute(attributes[0], attributes[1], &cell);
    m_cells.beginCell(cell);
    m_collect = false;
    m_cellDepth = 0;
    m_place = Place::Cell;
}

void SheetReader::RowBuilder::beginCell(const CellStart &cell)
{
    column = cell.column > 0 ? cell.column : column + 1;
    cellType = cell.type;
    cellStyle = cell.style;
    value.clear();
}

void SheetReader::RowBuilder::appendCellText(std::string_view cellValue, CsvRow &row)
{
    const auto addIssue = [&row](CsvIssue issue, CsvRow *) {
        row.m_issues.append(issue);
    };
    std::u16string &text = row.m_text;
    const size_t offset = text.size();
    switch (cellType) {
    case CellType::Number: {
        const SheetNumberKind kind = workbook->styleKind(cellStyle);
        double serial = 0;
        if (kind == SheetNumberKind::Number) {
            if (!SheetValue::appendNumber(cellValue, &text))
                SheetValue::appendUtf8(cellValue, &text);
        } else if (!doubleOf(cellValue, &serial)
                   || !SheetValue::appendDate(serial, kind, workbook->date1904(), &text)) {
            SheetValue::appendUtf8(cellValue, &text);
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the date %1 is out of range")
                          .arg(QString::fromUtf8(cellValue.data(), qsizetype(cellValue.size())))},
                     &row);
        }
        break;
    }
    case CellType::SharedString: {
        const qint64 index = numberOf(cellValue);
        if (index < 0 || index >= workbook->sharedStringCount()) {
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the cell refers to shared string %1, which the workbook "
                                     "does not have (damaged?)")
                          .arg(QString::fromUtf8(cellValue.data(), qsizetype(cellValue.size())))},
                     &row);
            break;
        }
        const QStringView shared = workbook->sharedString(index);
        text.append(reinterpret_cast<const char16_t *>(shared.utf16()), size_t(shared.size()));
        break;
    }
    case CellType::InlineString:
    case CellType::FormulaString:
        SheetValue::appendUtf8(cellValue, &text);
        if (cellValue.find('_') != std::string_view::npos) // _xHHHH_ escapes, rarely any
            WorkbookReader::decodeEscapes(&text, offset);
        break;
    case CellType::Boolean:
        text.append(cellValue == "1" || cellValue == "true" ? u"true" : u"false");
        break;
    case CellType::Error:
        SheetValue::appendUtf8(cellValue, &text);
        addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                  QStringLiteral("the cell holds the error %1")
                      .arg(QString::fromUtf8(cellValue.data(), qsizetype(cellValue.size())))},
                 &row);
        break;
    case CellType::IsoDate:
        SheetValue::appendUtf8(cellValue, &text);
        break;
    }
    const qsizetype length = qsizetype(text.size() - offset);
    if (length == 0)
        return;
    if (column <= row.size()) {
        // Cells out of order would land in the wrong column: refuse rather than guess.
        text.resize(offset);
        addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                  QStringLiteral("the cell comes after a cell to its right (damaged?)")},
                 &row);
        return;
    }
    // Cells a sparse row leaves out are empty.
    while (row.size() < column - 1) {
        row.m_fields.push_back({qsizetype(offset), 0, row.m_line, row.size() + 1});
    }
    row.m_fields.push_back({qsizetype(offset), length, row.m_line, column});
}

void SheetReader::finishDataRow(CsvRow &row)
{
    const qsizetype width = m_headers.size();
    if (width == 0)
        return;
    // A value in a column without a header would be dropped without a word.
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (row.m_fields[size_t(i)].length == 0)
            continue;
        if (i >= width || m_blankHeaders[size_t(i)]) {
            addIssue({CsvIssue::Kind::TooManyFields, CsvIssue::Severity::Error, row.m_line, i + 1,
                      QStringLiteral("the cell has a value but its column has no header")},
                     &row);
            break;
        }
    }
    while (row.size() < width) {
        row.m_fields.push_back(
            {qsizetype(row.m_text.size()), 0, row.m_line, qint64(row.size()) + 1});
    }
}

void SheetReader::checkHeaders(const CsvRow &header)
{
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.value(i).trimmed();
        if (name.isEmpty())
            continue; // a spacer column: its values, if any, are reported per row
        const auto it = seen.constFind(name);
        if (it != seen.constEnd()) {
            addIssue({CsvIssue::Kind::DuplicateHeader, CsvIssue::Severity::Error, header.line(),
                      i + 1,
                      QStringLiteral("duplicate header \"%1\" in columns %2 and %3")
                          .arg(name, SheetValue::columnName(it.value() + 1),
                               SheetValue::columnName(i + 1))},
                     nullptr);
            continue;
        }
        seen.insert(name, i);
    }
}

void SheetReader::countIssues(const CsvRow &row)
{
    // Issues of a cell, found as the row was built.
    for (const CsvIssue &issue : row.m_issues)
        addIssue(issue, nullptr);
}

void SheetReader::addIssue(CsvIssue issue, CsvRow *row)
{
    ++m_issueCount;
    if (row)
        row->m_issues.append(issue);
    if (m_issues.size() < maxStoredIssues)
        m_issues.append(std::move(issue));
}

void SheetReader::stopOnError(const QString &reason)
{
    m_finished = true;
    m_stoppedEarly = true;
    const QString message
        = QStringLiteral("the sheet is damaged and was read only up to here: %1").arg(reason);
    CsvIssue issue {CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, m_cells.lastRow,
                    m_cells.column, message};
    m_stopReason = issueText(issue, QStringLiteral("")).mid(2);
    addIssue(issue, nullptr);
}

QString SheetReader::issueText(const CsvIssue &issue, const QString &fileName) const
{
    QString text = fileName.isNull() ? m_fileName : fileName;
    text += QStringLiteral(", sheet \"%1\"").arg(m_sheetName);
    if (issue.line > 0) {
        text += issue.column > 0
            ? QStringLiteral(", cell %1").arg(SheetValue::cellName(issue.column, issue.line))
            : QStringLiteral(", row %1").arg(issue.line);
    }
    return text + QStringLiteral(": ") + issue.message;
}

QString SheetReader::rowIssueText(const CsvIssue &issue) const
{
    if (issue.line <= 0 || issue.column <= 0)
        return issue.message;
    return QStringLiteral("cell %1: %2")
        .arg(SheetValue::cellName(issue.column, issue.line), issue.message);
}

QString SheetReader::rowText(qint64 line) const
{
    return QStringLiteral("row %1").arg(line);
}

qint64 SheetReader::bytesRead() const
{
    if (m_uncompressedSize <= 0)
        return 0;
    return qint64(double(m_file->inflated()) / double(m_uncompressedSize)
                  * double(m_compressedSize));
}

} // namespace Planhat
