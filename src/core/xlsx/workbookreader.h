// SPDX-License-Identifier: MIT
#pragma once

#include "sheetvalue.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <string>
#include <vector>

namespace Planhat {

class XmlPartHandler;
class XmlPartReader;

/// One worksheet of a workbook, as a sheet chooser lists it.
struct WorkbookSheet
{
    QString name; ///< as shown on the sheet's tab
    bool hidden = false; ///< hidden or very hidden in Excel
    bool empty = true; ///< no cell holds a value (styled or formatted cells do not count)
    QString entry; ///< the sheet's part in the zip ("xl/worksheets/sheet1.xml")
};

/// The parts of a workbook (.xlsx) that every sheet needs: the sheets and where they are,
/// the date system, the number formats of the cell styles and the shared strings. Reads
/// them once on open(); the sheets themselves are streamed by SheetReader. Shared strings
/// are kept back to back in one buffer, so a table of millions costs little more than its
/// text.
class WorkbookReader final
{
    Q_DISABLE_COPY_MOVE(WorkbookReader)

public:
    WorkbookReader();
    ~WorkbookReader();

    /// Opens the workbook at `path`. False with `*error` set to one sentence naming the file
    /// (as `fileName`, or `path` when that is empty) when it cannot be read, is damaged, is
    /// encrypted (an OLE2 file, as Excel stores password-protected workbooks) or is not a
    /// workbook (a zip without xl/workbook.xml).
    bool open(const QString &path, QString *error, const QString &fileName = QString());

    /// The worksheets in workbook order (chart sheets are left out). `empty` is found by
    /// reading each sheet up to its first value, so it is quick for sheets with data.
    const QList<WorkbookSheet> &sheets() const { return m_sheets; }
    /// The index of the sheet called `name` (exact, else case-insensitive), or -1.
    qsizetype sheetIndex(const QString &name) const;
    /// The sheet an import reads by default: the first visible non-empty sheet, else the
    /// first non-empty one, else the first (-1 when there is none).
    qsizetype defaultSheetIndex() const;

    /// Lists the sheets of the workbook at `path` (for a sheet chooser). Empty with `*error`
    /// set when it cannot be opened.
    static QList<WorkbookSheet> listSheets(const QString &path, QString *error);

    QString path() const { return m_path; }
    QString fileName() const { return m_fileName; }
    bool date1904() const { return m_date1904; }
    /// How cells of style `index` (a cell's s attribute) show numbers.
    SheetNumberKind styleKind(qsizetype index) const
    {
        return index >= 0 && size_t(index) < m_styleKinds.size() ? m_styleKinds[size_t(index)]
                                                                 : SheetNumberKind::Number;
    }
    qsizetype sharedStringCount() const { return qsizetype(m_stringOffsets.size()) - 1; }
    /// Shared string `index` (valid while the reader lives); empty when out of range.
    QStringView sharedString(qsizetype index) const
    {
        if (index < 0 || index >= sharedStringCount())
            return {};
        const size_t begin = size_t(m_stringOffsets[size_t(index)]);
        return QStringView(m_strings.data() + begin,
                           qsizetype(size_t(m_stringOffsets[size_t(index) + 1]) - begin));
    }

    /// Replaces the _xHHHH_ escapes of OOXML strings (Excel writes a carriage return as
    /// _x000D_) in `text` from `from` on.
    static void decodeEscapes(std::u16string *text, size_t from = 0);

private:
    bool readPart(const QString &entry, bool required, XmlPartHandler *handler, QString *error);
    bool readWorkbook(QString *error);
    bool readRelationships(QString *error);
    bool readStyles(const QString &entry, QString *error);
    bool readSharedStrings(const QString &entry, QString *error);
    bool findEmptySheets(QString *error);

    struct Relationship
    {
        QString id;
        QString type;
        QString target;
    };
    struct SheetEntry
    {
        QString name;
        QString relationshipId;
        bool hidden = false;
    };

    QString m_path;
    QString m_fileName;
    bool m_date1904 = false;
    QList<SheetEntry> m_sheetEntries;
    QList<Relationship> m_relationships;
    QList<WorkbookSheet> m_sheets;
    std::vector<SheetNumberKind> m_styleKinds;
    std::u16string m_strings;
    std::vector<qint64> m_stringOffsets {0};
};

} // namespace Planhat
