// SPDX-License-Identifier: MIT
#include "workbookreader.h"

#include "xmlpartreader.h"
#include "zipentry.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace Planhat {

namespace {

/// The first bytes of an OLE2 compound file: how Excel stores a password-protected
/// workbook (and the old .xls format).
const char oleMagic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

QString attribute(const char *const *attributes, std::string_view name)
{
    const char *value = xmlAttribute(attributes, name);
    return value ? QString::fromUtf8(value) : QString();
}

/// Resolves a relationship target of xl/workbook.xml ("worksheets/sheet1.xml" or
/// "/xl/worksheets/sheet1.xml") to a zip entry name.
QString entryOf(const QString &target)
{
    if (target.startsWith(u'/'))
        return target.mid(1);
    QString entry = QStringLiteral("xl/") + target;
    // "../" steps are rare but legal.
    while (entry.contains(QLatin1String("/../"))) {
        const qsizetype up = entry.indexOf(QLatin1String("/../"));
        const qsizetype parent = entry.lastIndexOf(u'/', up - 1);
        entry.remove(parent + 1, up + 4 - parent - 1);
    }
    return entry;
}

/// Whether a sheet's XML has a cell with a value, read up to the first one.
bool sheetHasValue(ZipEntryDevice *file)
{
    bool found = false;
    bool inValue = false;
    int skipDepth = 0;
    XmlPartFunctions events;
    XmlPartReader xml(file, &events);
    events.start = [&](std::string_view name, const char *const *) {
        if (name == "rPh")
            ++skipDepth;
        else if (name == "v" || name == "t")
            inValue = skipDepth == 0;
    };
    events.end = [&](std::string_view name) {
        if (name == "rPh")
            --skipDepth;
        else if (name == "v" || name == "t")
            inValue = false;
        else if (name == "sheetData")
            xml.stop();
    };
    events.text = [&](std::string_view text) {
        if (inValue && !text.empty()) {
            found = true;
            xml.stop();
        }
    };
    // A damaged sheet is reported with its row and cell when it is read.
    xml.parse();
    return found;
}

} // namespace

WorkbookReader::WorkbookReader() = default;
WorkbookReader::~WorkbookReader() = default;

bool WorkbookReader::open(const QString &path, QString *error, const QString &fileName)
{
    m_path = path;
    m_fileName = fileName.isEmpty() ? path : fileName;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(m_fileName, file.errorString());
        return false;
    }
    const QByteArray head = file.read(8);
    file.close();
    if (head == QByteArray(oleMagic, 8)) {
        *error = QStringLiteral("%1 is encrypted (password-protected) or an old Excel 97-2003 "
                                "workbook: remove the password or save it as .xlsx in Excel, "
                                "then import it again")
                     .arg(m_fileName);
        return false;
    }
    if (!head.startsWith("PK")) {
        *error = QStringLiteral("%1 is not a valid .xlsx workbook: it is not a zip file "
                                "(damaged, or another kind of file?)")
                     .arg(m_fileName);
        return false;
    }
    {
        ZipArchive zip(path);
        if (!zip.isOpen()) {
            *error = QStringLiteral("%1 is damaged: its zip container cannot be read (error "
                                    "%2; truncated?)")
                         .arg(m_fileName)
                         .arg(zip.error());
            return false;
        }
        if (!zip.locate(QStringLiteral("xl/workbook.xml"))) {
            *error = QStringLiteral("%1 is not an Excel workbook: the zip file has no "
                                    "xl/workbook.xml (a Word or other document?)")
                         .arg(m_fileName);
            return false;
        }
    }
    if (!readWorkbook(error) || !readRelationships(error))
        return false;

    QString stylesEntry = QStringLiteral("xl/styles.xml");
    QString stringsEntry = QStringLiteral("xl/sharedStrings.xml");
    for (const Relationship &relationship : std::as_const(m_relationships)) {
        if (relationship.type.endsWith(QLatin1String("/styles")))
            stylesEntry = entryOf(relationship.target);
        else if (relationship.type.endsWith(QLatin1String("/sharedStrings")))
            stringsEntry = entryOf(relationship.target);
    }
    m_sheets.clear();
    for (const SheetEntry &sheet : std::as_const(m_sheetEntries)) {
        const auto it = std::find_if(m_relationships.cbegin(), m_relationships.cend(),
                                     [&sheet](const Relationship &relationship) {
                                         return relationship.id == sheet.relationshipId;
                                     });
        // Chart sheets and dialog sheets hold no cells.
        if (it == m_relationships.cend() || !it->type.endsWith(QLatin1String("/worksheet")))
            continue;
        WorkbookSheet listed;
        listed.name = sheet.name;
        listed.hidden = sheet.hidden;
        listed.entry = entryOf(it->target);
        m_sheets.append(listed);
    }
    if (m_sheets.isEmpty()) {
        *error = QStringLiteral("%1 has no worksheets").arg(m_fileName);
        return false;
    }
    if (!readStyles(stylesEntry, error) || !readSharedStrings(stringsEntry, error))
        return false;
    return findEmptySheets(error);
}

bool WorkbookReader::readPart(const QString &entry, bool required, XmlPartHandler *handler,
                              QString *error)
{
    ZipArchive zip(m_path);
    if (!zip.isOpen()) {
        *error = QStringLiteral("%1 is damaged: its zip container cannot be read (error %2)")
                     .arg(m_fileName)
                     .arg(zip.error());
        return false;
    }
    if (!zip.locate(entry)) {
        if (!required)
            return true;
        *error = QStringLiteral("%1 is damaged: it has no %2").arg(m_fileName, entry);
        return false;
    }
    ZipEntryDevice file(&zip);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is damaged: %2 cannot be read (zip error %3)")
                     .arg(m_fileName, entry)
                     .arg(file.zipError());
        return false;
    }
    XmlPartReader xml(&file, handler);
    if (xml.parse() == XmlPartReader::Status::Failed) {
        *error = QStringLiteral("%1 is damaged: %2, line %3, column %4: %5")
                     .arg(m_fileName, entry)
                     .arg(xml.lineNumber())
                     .arg(xml.columnNumber())
                     .arg(xml.errorString());
        return false;
    }
    file.close();
    if (file.zipError() != 0) {
        *error = QStringLiteral("%1 is damaged: %2 fails its checksum").arg(m_fileName, entry);
        return false;
    }
    return true;
}

bool WorkbookReader::readWorkbook(QString *error)
{
    XmlPartFunctions events;
    events.start = [this](std::string_view name, const char *const *attributes) {
        if (name == "workbookPr") {
            const QString value = attribute(attributes, "date1904");
            m_date1904 = value == QLatin1String("1") || value == QLatin1String("true");
        } else if (name == "sheet") {
            SheetEntry sheet;
            sheet.name = attribute(attributes, "name");
            sheet.relationshipId = attribute(attributes, "id"); // r:id
            const QString state = attribute(attributes, "state");
            sheet.hidden = state == QLatin1String("hidden") || state == QLatin1String("veryHidden");
            m_sheetEntries.append(sheet);
        }
    };
    return readPart(QStringLiteral("xl/workbook.xml"), true, &events, error);
}

bool WorkbookReader::readRelationships(QString *error)
{
    XmlPartFunctions events;
    events.start = [this](std::string_view name, const char *const *attributes) {
        if (name == "Relationship") {
            m_relationships.append({attribute(attributes, "Id"), attribute(attributes, "Type"),
                                    attribute(attributes, "Target")});
        }
    };
    return readPart(QStringLiteral("xl/_rels/workbook.xml.rels"), true, &events, error);
}

bool WorkbookReader::readStyles(const QString &entry, QString *error)
{
    QHash<int, QString> formats;
    bool inCellXfs = false;
    XmlPartFunctions events;
    events.start = [&](std::string_view name, const char *const *attributes) {
        if (name == "numFmt") {
            formats.insert(attribute(attributes, "numFmtId").toInt(),
                           attribute(attributes, "formatCode"));
        } else if (name == "cellXfs") {
            inCellXfs = true;
        } else if (inCellXfs && name == "xf") {
            const int id = attribute(attributes, "numFmtId").toInt();
            m_styleKinds.push_back(SheetValue::kindOfFormat(id, formats.value(id)));
        }
    };
    events.end = [&](std::string_view name) {
        if (name == "cellXfs")
            inCellXfs = false;
    };
    return readPart(entry, false, &events, error);
}

bool WorkbookReader::readSharedStrings(const QString &entry, QString *error)
{
    m_strings.clear();
    m_stringOffsets.assign(1, 0);
    size_t begin = 0;
    bool inText = false;
    int phoneticDepth = 0; // <rPh> runs are reading aids, not the text
    XmlPartFunctions events;
    events.start = [&](std::string_view name, const char *const *attributes) {
        if (name == "si") {
            begin = m_strings.size();
        } else if (name == "rPh") {
            ++phoneticDepth;
        } else if (name == "t") {
            inText = phoneticDepth == 0;
        } else if (name == "sst") {
            const qint64 unique = attribute(attributes, "uniqueCount").toLongLong();
            if (unique > 0 && unique < 100'000'000)
                m_stringOffsets.reserve(size_t(unique) + 1);
        }
    };
    events.end = [&](std::string_view name) {
        if (name == "si") {
            decodeEscapes(&m_strings, begin);
            m_stringOffsets.push_back(qint64(m_strings.size()));
        } else if (name == "rPh") {
            --phoneticDepth;
        } else if (name == "t") {
            inText = false;
        }
    };
    events.text = [&](std::string_view text) {
        if (inText)
            SheetValue::appendUtf8(text, &m_strings);
    };
    if (!readPart(entry, false, &events, error))
        return false;
    m_strings.shrink_to_fit();
    m_stringOffsets.shrink_to_fit();
    return true;
}

bool WorkbookReader::findEmptySheets(QString *error)
{
    ZipArchive zip(m_path);
    if (!zip.isOpen()) {
        *error = QStringLiteral("%1 is damaged: its zip container cannot be read (error %2)")
                     .arg(m_fileName)
                     .arg(zip.error());
        return false;
    }
    for (WorkbookSheet &sheet : m_sheets) {
        if (!zip.locate(sheet.entry)) {
            *error = QStringLiteral("%1 is damaged: sheet \"%2\" has no part %3")
                         .arg(m_fileName, sheet.name, sheet.entry);
            return false;
        }
        ZipEntryDevice file(&zip);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1 is damaged: sheet \"%2\" cannot be read (zip error %3)")
                         .arg(m_fileName, sheet.name)
                         .arg(file.zipError());
            return false;
        }
        sheet.empty = !sheetHasValue(&file);
    }
    return true;
}

qsizetype WorkbookReader::sheetIndex(const QString &name) const
{
    for (qsizetype i = 0; i < m_sheets.size(); ++i) {
        if (m_sheets.at(i).name == name)
            return i;
    }
    for (qsizetype i = 0; i < m_sheets.size(); ++i) {
        if (m_sheets.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

qsizetype WorkbookReader::defaultSheetIndex() const
{
    for (qsizetype i = 0; i < m_sheets.size(); ++i) {
        if (!m_sheets.at(i).empty && !m_sheets.at(i).hidden)
            return i;
    }
    for (qsizetype i = 0; i < m_sheets.size(); ++i) {
        if (!m_sheets.at(i).empty)
            return i;
    }
    return m_sheets.isEmpty() ? -1 : 0;
}

QList<WorkbookSheet> WorkbookReader::listSheets(const QString &path, QString *error)
{
    WorkbookReader reader;
    if (!reader.open(path, error, QFileInfo(path).fileName()))
        return {};
    return reader.sheets();
}

void WorkbookReader::decodeEscapes(std::u16string *text, size_t from)
{
    size_t at = text->find(u"_x", from);
    if (at == std::u16string::npos)
        return;
    auto hex = [](char16_t c) {
        if (c >= u'0' && c <= u'9')
            return int(c - u'0');
        if (c >= u'a' && c <= u'f')
            return int(c - u'a' + 10);
        if (c >= u'A' && c <= u'F')
            return int(c - u'A' + 10);
        return -1;
    };
    while (at != std::u16string::npos && at + 7 <= text->size()) {
        int value = 0;
        bool valid = (*text)[at + 6] == u'_';
        for (size_t i = at + 2; valid && i < at + 6; ++i) {
            const int digit = hex((*text)[i]);
            valid = digit >= 0;
            value = value * 16 + digit;
        }
        if (valid) {
            text->replace(at, 7, 1, char16_t(value));
            at = text->find(u"_x", at + 1);
        } else {
            at = text->find(u"_x", at + 1);
        }
    }
}

} // namespace Planhat
