// SPDX-License-Identifier: MIT
#include "sheetreader.h"

#include "zipentry.h"

#include "sheetvalue.h"
#include "workbookreader.h"

#include <QHash>
#include <QXmlStreamReader>

#include <charconv>

namespace Planhat {

namespace {

constexpr qsizetype maxStoredIssues = 1000;

/// The column of a cell reference ("C7" is 3), or 0 when it has none.
qint64 columnOf(QStringView reference)
{
    qint64 column = 0;
    for (const QChar c : reference) {
        const char16_t u = c.unicode();
        if (u >= u'A' && u <= u'Z')
            column = column * 26 + (u - u'A' + 1);
        else if (u >= u'a' && u <= u'z')
            column = column * 26 + (u - u'a' + 1);
        else
            break;
        if (column > 1'000'000)
            return 0;
    }
    return column;
}

qint64 numberOf(QStringView text)
{
    qint64 value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9' || value > 1'000'000'000'000)
            return -1;
        value = value * 10 + (c.unicode() - u'0');
    }
    return text.isEmpty() ? -1 : value;
}

bool doubleOf(const std::u16string &text, double *value)
{
    char ascii[64];
    if (text.empty() || text.size() >= sizeof ascii)
        return false;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] > 127)
            return false;
        ascii[i] = char(text[i]);
    }
    const auto parsed = std::from_chars(ascii, ascii + text.size(), *value);
    return parsed.ec == std::errc() && parsed.ptr == ascii + text.size();
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
    reader->m_xml = std::make_unique<QXmlStreamReader>(reader->m_file.get());
    reader->m_workbook = std::move(workbook);
    return reader;
}

SheetReader::~SheetReader()
{
    // The XML reader reads the file, which reads the zip: end them in that order.
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
    QXmlStreamReader &xml = *m_xml;
    while (!m_finished && !xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::StartElement && xml.name() == u"row") {
            if (readRowElement(row))
                return true;
        } else if (token == QXmlStreamReader::EndElement && xml.name() == u"sheetData") {
            m_finished = true;
        }
    }
    if (!m_finished) {
        m_finished = true;
        if (xml.hasError())
            stopOnXmlError();
    }
    return false;
}

bool SheetReader::readRowElement(CsvRow &row)
{
    QXmlStreamReader &xml = *m_xml;
    row.m_text.clear();
    row.m_fields.clear();
    if (!row.m_issues.isEmpty())
        row.m_issues.clear();
    qint64 number = -1;
    // Held const: iterating the temporary would detach it, a deep copy per element.
    const QXmlStreamAttributes attributes = xml.attributes();
    for (const QXmlStreamAttribute &attribute : attributes) {
        if (attribute.name() == u"r")
            number = numberOf(attribute.value());
    }
    m_lastRow = number > 0 ? number : m_lastRow + 1;
    row.m_line = m_lastRow;
    m_column = 0;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (xml.name() == u"c")
                readCell(row);
            else
                xml.skipCurrentElement();
        } else if (token == QXmlStreamReader::EndElement) {
            break; // </row>
        }
    }
    if (xml.hasError()) {
        stopOnXmlError();
        return false;
    }
    return !row.m_fields.empty() || !row.m_issues.isEmpty();
}

void SheetReader::readCell(CsvRow &row)
{
    QXmlStreamReader &xml = *m_xml;
    CellType type = CellType::Number;
    qsizetype style = 0;
    qint64 column = 0;
    // Held const: iterating the temporary would detach it, a deep copy per element.
    const QXmlStreamAttributes attributes = xml.attributes();
    for (const QXmlStreamAttribute &attribute : attributes) {
        const QStringView name = attribute.name();
        const QStringView value = attribute.value();
        if (name == u"r") {
            column = columnOf(value);
        } else if (name == u"s") {
            style = qsizetype(numberOf(value));
        } else if (name == u"t") {
            if (value == u"s")
                type = CellType::SharedString;
            else if (value == u"inlineStr")
                type = CellType::InlineString;
            else if (value == u"str")
                type = CellType::FormulaString;
            else if (value == u"b")
                type = CellType::Boolean;
            else if (value == u"e")
                type = CellType::Error;
            else if (value == u"d")
                type = CellType::IsoDate;
        }
    }
    m_column = column > 0 ? column : m_column + 1;
    m_value.clear();
    // <v> holds the value (a formula's cached one); <is> an inline string, whose <t> runs
    // are joined; <f> (the formula) and <rPh> (phonetic reading aids) are not the value.
    bool collect = false;
    int depth = 0;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::Characters) {
            if (collect) {
                const QStringView text = xml.text();
                m_value.append(reinterpret_cast<const char16_t *>(text.utf16()),
                               size_t(text.size()));
            }
        } else if (token == QXmlStreamReader::StartElement) {
            const QStringView name = xml.name();
            if (name == u"v" || name == u"t") {
                collect = true;
                ++depth;
            } else if (name == u"f" || name == u"rPh" || name == u"extLst") {
                xml.skipCurrentElement();
            } else {
                ++depth;
            }
        } else if (token == QXmlStreamReader::EndElement) {
            collect = false;
            if (depth-- == 0)
                break; // </c>
        }
    }
    if (xml.hasError() || m_value.empty())
        return;
    appendCellText(type, style, row, m_column);
}

void SheetReader::appendCellText(CellType type, qsizetype style, CsvRow &row, qint64 column)
{
    std::u16string &text = row.m_text;
    const size_t offset = text.size();
    switch (type) {
    case CellType::Number: {
        const SheetNumberKind kind = m_workbook->styleKind(style);
        double serial = 0;
        if (kind == SheetNumberKind::Number) {
            if (!SheetValue::appendNumber(QStringView(m_value.data(), qsizetype(m_value.size())),
                                          &text))
                text.append(m_value);
        } else if (!doubleOf(m_value, &serial)
                   || !SheetValue::appendDate(serial, kind, m_workbook->date1904(), &text)) {
            text.append(m_value);
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the date %1 is out of range")
                          .arg(QString::fromStdU16String(m_value))},
                     &row);
        }
        break;
    }
    case CellType::SharedString: {
        const qint64 index = numberOf(QStringView(m_value.data(), qsizetype(m_value.size())));
        if (index < 0 || index >= m_workbook->sharedStringCount()) {
            addIssue({CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
                      QStringLiteral("the cell refers to shared string %1, which the workbook "
                                     "does not have (damaged?)")
                          .arg(QString::fromStdU16String(m_value))},
                     &row);
            break;
        }
        const QStringView shared = m_workbook->sharedString(index);
        text.append(reinterpret_cast<const char16_t *>(shared.utf16()), size_t(shared.size()));
        break;
    }
    case CellType::InlineString:
    case CellType::FormulaString:
        text.append(m_value);
        WorkbookReader::decodeEscapes(&text, offset);
        break;
    case CellType::Boolean:
        text.append(m_value == u"1" || m_value == u"true" ? u"true" : u"false");
        break;
    case CellType::Error:
        text.append(m_value);
        addIssue(
            {CsvIssue::Kind::ReadError, CsvIssue::Severity::Error, row.m_line, column,
             QStringLiteral("the cell holds the error %1").arg(QString::fromStdU16String(m_value))},
            &row);
        break;
    case CellType::IsoDate:
        text.append(m_value);
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
        if (i >= width || m_headers.at(i).trimmed().isEmpty()) {
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

void SheetReader::stopOnXmlError()
{
    m_finished = true;
    m_stoppedEarly = true;
    const QString message = QStringLiteral("the sheet is damaged and was read only up to "
                                           "here: %1")
                                .arg(m_xml->errorString());
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
