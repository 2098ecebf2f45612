// SPDX-License-Identifier: MIT
#pragma once

#include "tablereader.h"
#include "xmlpartreader.h"

#include <memory>
#include <string>
#include <vector>

namespace Planhat {

class ZipArchive;
class ZipEntryDevice;

class WorkbookReader;

/// Streams the rows of one worksheet of a workbook (.xlsx): the sheet's XML is inflated from
/// the zip a block at a time, so memory stays flat for a sheet of any length. Runs of whole
/// rows are parsed in place by pugixml (SheetChunks finds where they end), several times
/// faster than a streaming parser; whatever that path does not expect (a run that does
/// not parse, a damaged or unusual sheet) goes, from the start of that run on, to expat
/// (XmlPartReader), which pauses after each row and says exactly where the XML breaks.
/// Either way cells are converted from the raw UTF-8 of the XML straight into the row's
/// buffer: nothing is allocated per cell. Typed cells
/// become the text the import reads (see SheetValue): numbers without exponent or float noise,
/// dates as ISO 8601 in the workbook's date system, booleans as true/false, shared, inline and
/// rich-text strings as their text, formulas as their cached value; a cell holding an error
/// (#DIV/0!...) is an error issue of its row. Cells missing from the XML are empty, and so are the
/// cells of a merged area other than its top-left one: that is what Excel stores, and an import
/// should not invent values. Rows with no value are skipped, like blank lines of a CSV file.
class SheetReader final : public TableReader, private XmlPartHandler
{
public:
    /// Reads sheet `options.sheet` (the default sheet when empty) of an opened workbook.
    /// Null with `*error` set when there is no such sheet (the message lists the sheets).
    static std::unique_ptr<SheetReader> open(std::unique_ptr<WorkbookReader> workbook,
                                             const TableOptions &options, QString *error);
    ~SheetReader() override;

    Format format() const override { return Format::Workbook; }
    void start() override;
    bool readRow(CsvRow &row) override;
    QStringList headers() const override { return m_headers; }
    const QList<CsvIssue> &issues() const override { return m_issues; }
    QString issueText(const CsvIssue &issue, const QString &fileName = QString()) const override;
    QString rowIssueText(const CsvIssue &issue) const override;
    QString rowText(qint64 line) const override;
    qint64 bytesRead() const override;
    bool atEnd() const override { return m_finished; }
    bool stoppedEarly() const override { return m_stoppedEarly; }
    QString stopReason() const override { return m_stopReason; }
    QString sheetName() const override { return m_sheetName; }

    const WorkbookReader &workbook() const { return *m_workbook; }

private:
    enum class CellType : quint8 {
        Number,
        SharedString,
        InlineString,
        FormulaString,
        Boolean,
        Error,
        IsoDate,
    };

    // Where the parser is in the sheet's XML.
    enum class Place : quint8 {
        Outside, // not in a row
        Row,
        Cell,
    };

    SheetReader() = default;
    bool parseRow(CsvRow &row);
    void startElement(std::string_view name, const char *const *attributes) override;
    void endElement(std::string_view name) override;
    void characters(std::string_view text) override;
    struct FastPath;
    struct CellStart
    {
        qint64 column = 0;
        qsizetype style = 0;
        CellType type = CellType::Number;
    };
    static void readCellAttribute(const char *name, const char *value, CellStart *cell);

    bool parseFastRow(CsvRow &row);
    void readFastRow(const void *rowNode, CsvRow &row);
    void collectFastValue(const void *node);
    void leaveFastPath();
    void startRow(const char *const *attributes);
    void beginRow(qint64 number);
    void startCell(const char *const *attributes);
    void beginCell(const CellStart &cell);
    void appendCellText(CsvRow &row);
    void finishDataRow(CsvRow &row);
    void checkHeaders(const CsvRow &header);
    void addIssue(CsvIssue issue, CsvRow *row);
    void stopOnError(const QString &reason);

    std::unique_ptr<WorkbookReader> m_workbook;
    std::unique_ptr<ZipArchive> m_zip;
    std::unique_ptr<ZipEntryDevice> m_file;
    std::unique_ptr<FastPath> m_fast; // null once the rest goes through expat
    std::unique_ptr<XmlPartReader> m_xml; // made when the fast path ends early
    QString m_sheetName;
    QString m_fileName;
    int m_headerRow = 1;
    qint64 m_compressedSize = 0;
    qint64 m_uncompressedSize = 0;

    CsvRow *m_row = nullptr; // the row being filled
    Place m_place = Place::Outside;
    int m_skipDepth = 0; // > 0: in an element whose content is not read (<f>, <rPh>...)
    int m_cellDepth = 0; // elements open inside the current <c>
    bool m_collect = false; // in a <v> or <t>: its text is the cell's value
    CellType m_cellType = CellType::Number;
    qsizetype m_cellStyle = 0;
    std::string m_value; // the current cell's <v> or <is> text, UTF-8 as in the XML
    qint64 m_lastRow = 0;
    qint64 m_column = 0;

    QStringList m_headers;
    std::vector<bool> m_blankHeaders; // per column: its header is blank (checked per row)
    qint64 m_rowCount = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_stoppedEarly = false;
    QString m_stopReason;
    QList<CsvIssue> m_issues;
    qint64 m_issueCount = 0;
};

} // namespace Planhat
