// SPDX-License-Identifier: MIT
#include "sheetreader.h"

#include "sheetchunks.h"
#include "zipentry.h"

#include "sheetvalue.h"
#include "workbookreader.h"

#include <QHash>

#include <pugixml.hpp>

#include <charconv>
#include <cstring>

namespace Planhat {

namespace {

constexpr qsizetype maxStoredIssues = 1000;

/// How pugixml reads a run of rows: a fragment (many <row> elements, no root), entities and
/// character references resolved, line ends normalized, and text that is only white space
/// kept (a cell can hold " ").
constexpr unsigned int fastParseOptions = pugi::parse_fragment | pugi::parse_cdata
    | pugi::parse_escapes | pugi::parse_wconv_attribute | pugi::parse_eol | pugi::parse_ws_pcdata;

/// The first <row> element from `node` on (white space and comments between rows are
/// skipped).
pugi::xml_node rowFrom(pugi::xml_node node)
{
    while (node && (node.type() != pugi::node_element || xmlLocalName(node.name()) != "row"))
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

/// The fast path's state: the runs of rows, the run being read and where in it.
struct SheetReader::FastPath
{
    explicit FastPath(ZipEntryDevice *file)
        : chunks(file)
    { }

    SheetChunks chunks;
    std::vector<char> run; // a copy of the run: parsing in place changes it
    pugi::xml_document document;
    pugi::xml_node next; // the next <row> of the run
};

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
    reader->m_fast = std::make_unique<FastPath>(reader->m_file.get());
    reader->m_workbook = std::move(workbook);
    return reader;
}

SheetReader::~SheetReader()
{
    // The XML readers read the file, which reads the zip: end them in that order.
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
        if (parseFastRow(row))
            return true;
        if (m_finished)
            return false;
    }
    // The handlers below fill `row`; the parser pauses after each row that has a value.
    m_row = &row;
    const XmlPartReader::Status status = m_xml->parse();
    m_row = nullptr;
    if (status == XmlPartReader::Status::Paused)
        return true;
    m_finished = true;
    if (status == XmlPartReader::Status::Failed)
        stopOnError(m_xml->errorString());
    return false;
}

bool SheetReader::parseFastRow(CsvRow &row)
{
    FastPath &fast = *m_fast;
    for (;;) {
        while (fast.next) {
            const pugi::xml_node node = fast.next;
            fast.next = rowFrom(node.next_sibling());
            readFastRow(&node, row);
            if (!row.m_fields.empty() || !row.m_issues.isEmpty())
                return true;
        }
        fast.document.reset();
        switch (fast.chunks.next()) {
        case SheetChunks::Result::Rows: {
            const std::string_view chunk = fast.chunks.chunk();
            fast.run.assign(chunk.begin(), chunk.end());
            const pugi::xml_parse_result parsed = fast.document.load_buffer_inplace(
                fast.run.data(), fast.run.size(), fastParseOptions, pugi::encoding_utf8);
            if (!parsed) {
                leaveFastPath(); // expat reads the run again and says where it breaks
                return false;
            }
            fast.next = rowFrom(fast.document.first_child());
            break;
        }
        case SheetChunks::Result::End:
            m_fast.reset();
            m_finished = true;
            return false;
        case SheetChunks::Result::Unexpected:
            leaveFastPath();
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

void SheetReader::leaveFastPath()
{
    std::string rest = m_fast->chunks.restOfSheet();
    m_fast.reset();
    XmlPartHandler *handler = this;
    m_xml = std::make_unique<XmlPartReader>(m_file.get(), handler);
    m_xml->prepend(std::move(rest));
    m_place = Place::Outside;
    m_skipDepth = 0;
}

void SheetReader::readFastRow(const void *rowNode, CsvRow &row)
{
    const pugi::xml_node &node = *static_cast<const pugi::xml_node *>(rowNode);
    m_row = &row;
    const pugi::xml_attribute number = node.attribute("r");
    beginRow(number ? numberOf(number.value()) : -1);
    for (pugi::xml_node cell = node.first_child(); cell; cell = cell.next_sibling()) {
        // Other elements in a row are not cells.
        if (cell.type() != pugi::node_element || xmlLocalName(cell.name()) != "c")
            continue;
        CellStart start;
        for (pugi::xml_attribute attribute = cell.first_attribute(); attribute;
             attribute = attribute.next_attribute())
            readCellAttribute(attribute.name(), attribute.value(), &start);
        beginCell(start);
        collectFastValue(&cell);
        m_place = Place::Row;
        if (!m_value.empty())
            appendCellText(row);
    }
    m_place = Place::Outside;
    m_row = nullptr;
}

void SheetReader::collectFastValue(const void *parent)
{
    // As the expat path reads it: the text of <v> and <t> (an inline string's runs joined),
    // not the formula <f>, phonetic aids <rPh> or extensions.
    const pugi::xml_node &node = *static_cast<const pugi::xml_node *>(parent);
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element)
            continue;
        const std::string_view name = xmlLocalName(child.name());
        if (name == "v" || name == "t") {
            for (pugi::xml_node text = child.first_child(); text; text = text.next_sibling()) {
                if (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata)
                    m_value.append(text.value());
            }
        } else if (name != "f" && name != "rPh" && name != "extLst") {
            collectFastValue(&child);
        }
    }
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
            if (!m_value.empty())
                appendCellText(*m_row);
        }
        break;
    }
}

void SheetReader::characters(std::string_view text)
{
    if (m_collect && m_skipDepth == 0)
        m_value.append(text);
}

void SheetReader::startRow(const char *const *attributes)
{
    qint64 number = -1;
    for (; *attributes; attributes += 2) {
        if (std::strcmp(attributes[0], "r") == 0)
            number = numberOf(attributes[1]);
    }
    beginRow(number);
}

void SheetReader::beginRow(qint64 number)
{
    CsvRow &row = *m_row;
    row.m_text.clear();
    row.m_fields.clear();
    if (!row.m_issues.isEmpty())
        row.m_issues.clear();
    m_lastRow = number > 0 ? number : m_lastRow + 1;
    row.m_line = m_lastRow;
    m_column = 0;
    m_place = Place::Row;
}

void SheetReader::readCellAttribute(const char *name, const char *value, CellStart *cell)
{
    if (name[0] == 0 || name[1] != 0)
        return; // all three are one letter
    if (name[0] == 'r') {
        cell->column = columnOf(value);
    } else if (name[0] == 's') {
        cell->style = qsizetype(numberOf(value));
    } else if (name[0] == 't' && value[0] != 'n') { // "n", a number, is the default
        if (std::strcmp(value, "s") == 0)
            cell->type = CellType::SharedString;
        else if (std::strcmp(value, "inlineStr") == 0)
            cell->type = CellType::InlineString;
        else if (std::strcmp(value, "str") == 0)
            cell->type = CellType::FormulaString;
        else if (std::strcmp(value, "b") == 0)
            cell->type = CellType::Boolean;
        else if (std::strcmp(value, "e") == 0)
            cell->type = CellType::Error;
        else if (std::strcmp(value, "d") == 0)
            cell->type = CellType::IsoDate;
    }
}

void SheetReader::startCell(const char *const *attributes)
{
    CellStart cell;
    for (; *attributes; attributes += 2)
        readCellAttribute(attributes[0], attributes[1], &cell);
    beginCell(cell);
}

void SheetReader::beginCell(const CellStart &cell)
{
    m_column = cell.column > 0 ? cell.column : m_column + 1;
    m_cellType = cell.type;
    m_cellStyle = cell.style;
    m_value.clear();
    m_collect = false;
    m_cellDepth = 0;
    m_place = Place::Cell;
}

void SheetReader::appendCellText(CsvRow &row)
{
    const qint64 column = m_column;
    std::u16string &text = row.m_text;
    const size_t offset = text.size();
    switch (m_cellType) {
    case CellType::Number: {
        const SheetNumberKind kind = m_workbook->styleKind(m_cellStyle);
        double serial = 0;
        if (kind == SheetNumberKind::Number) {
            if (!SheetValue::appendNumber(m_value, &text))
                SheetValue::appendUtf8(m_value, &text);
        } else if (!doubleOf(m_value, &serial)
                   || !SheetValue::appendDate(serial, kind, m_workbook->date1904(), &text)) {
            SheetValue::appendUtf8(m_value, &text);
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the date %1 is out of range")
                          .arg(QString::fromUtf8(m_value.data(), qsizetype(m_value.size())))},
                     &row);
        }
        break;
    }
    case CellType::SharedString: {
        const qint64 index = numberOf(m_value);
        if (index < 0 || index >= m_workbook->sharedStringCount()) {
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the cell refers to shared string %1, which the workbook "
                                     "does not have (damaged?)")
                          .arg(QString::fromUtf8(m_value.data(), qsizetype(m_value.size())))},
                     &row);
            break;
        }
        const QStringView shared = m_workbook->sharedString(index);
        text.append(reinterpret_cast<const char16_t *>(shared.utf16()), size_t(shared.size()));
        break;
    }
    case CellType::InlineString:
    case CellType::FormulaString:
        SheetValue::appendUtf8(m_value, &text);
        WorkbookReader::decodeEscapes(&text, offset);
        break;
    case CellType::Boolean:
        text.append(m_value == "1" || m_value == "true" ? u"true" : u"false");
        break;
    case CellType::Error:
        SheetValue::appendUtf8(m_value, &text);
        addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                  QStringLiteral("the cell holds the error %1")
                      .arg(QString::fromUtf8(m_value.data(), qsizetype(m_value.size())))},
                 &row);
        break;
    case CellType::IsoDate:
        SheetValue::appendUtf8(m_value, &text);
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
        if (row.field(i).isEmpty())
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
    CsvIssue issue {CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, m_lastRow, m_column,
                    message};
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
