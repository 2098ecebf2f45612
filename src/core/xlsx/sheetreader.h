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
class SheetRunPipeline;
struct SheetRun;

class WorkbookReader;

/// Streams the rows of one worksheet of a workbook (.xlsx): the sheet's XML is inflated from
/// the zip a block at a time, so memory stays flat for a sheet of any length. Runs of whole
/// rows are parsed in place by pugixml (SheetChunks finds where they end), several times
/// faster than a streaming parser, on worker threads while this one inflates the next runs
/// (SheetRunPipeline); whatever that path does not expect (a run that does not parse, a
/// damaged or unusual sheet) goes, from the start of that run on, to expat
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

    struct CellStart
    {
        qint64 column = 0;
        qsizetype style = 0;
        CellType type = CellType::Number;
    };

    /// Turns the cells of a row into a CsvRow: the expat path has one, and each run parsed
    /// on the pipeline one of its own. Issues go to the row only; SheetReader counts them
    /// when it hands the row out.
    struct RowBuilder
    {
        void beginRow(CsvRow &row, qint64 number);
        void beginCell(const CellStart &cell);
        /// Adds the current cell, whose value (UTF-8 as in the XML, decoded) is `text`.
        void appendCellText(std::string_view text, CsvRow &row);
        /// A <row> element pugixml parsed (a pugi::xml_node). False when a reference in it
        /// is not well-formed (expat then reads the run and says so).
        bool readRow(const void *rowNode, CsvRow &row);
        bool collectValue(const void *node);
        bool addText(const char *raw, bool references);
        const char *decodedAttribute(const char *raw);
        static void readCellAttribute(const char *name, const char *value, CellStart *cell);

        const WorkbookReader *workbook = nullptr;
        qint64 lastRow = 0; // the number of the last row begun
        qint64 column = 0; // the column of the last cell begun
        CellType cellType = CellType::Number;
        qsizetype cellStyle = 0;
        // The pugixml path: whether texts and attribute values of the run may hold what
        // needs decoding (references, line ends; tabs and line ends in attribute values).
        // Most runs hold none, and then nothing is looked at twice.
        bool checkText = true;
        bool checkAttributes = true;
        // The pugixml path: the current cell's value, a view of the parsed buffer while it
        // is one piece that needs no decoding, else of `value`.
        std::string_view text;
        bool textInValue = false; // `text` is a view of `value`
        std::string value; // the current cell's <v> or <is> text, UTF-8 as in the XML
        std::string attribute; // an attribute value that needed decoding
    };

    SheetReader() = default;
    bool parseRow(CsvRow &row);
    void startElement(std::string_view name, const char *const *attributes) override;
    void endElement(std::string_view name) override;
    void characters(std::string_view text) override;

    static void parseRun(const WorkbookReader *workbook, SheetRun &run);
    bool parseFastRow(CsvRow &row);
    void finishRun();
    qint64 runLine(qint64 line) const;
    void leaveFastPath();
    void startRow(const char *const *attributes);
    void startCell(const char *const *attributes);
    void finishDataRow(CsvRow &row);
    void checkHeaders(const CsvRow &header);
    void countIssues(const CsvRow &row);
    void addIssue(CsvIssue issue, CsvRow *row);
    void stopOnError(const QString &reason);

    std::unique_ptr<WorkbookReader> m_workbook;
    std::unique_ptr<ZipArchive> m_zip;
    std::unique_ptr<ZipEntryDevice> m_file;
    std::unique_ptr<SheetRunPipeline> m_fast; // null once the rest goes through expat
    std::unique_ptr<SheetRun> m_run; // the run whose rows are handed out
    size_t m_runNext = 0; // its next row
    qint64 m_runBase = 0; // the row number before it
    std::unique_ptr<XmlPartReader> m_xml; // made when the fast path ends early
    QString m_sheetName;
    QString m_fileName;
    int m_headerRow = 1;
    qint64 m_compressedSize = 0;
    qint64 m_uncompressedSize = 0;

    RowBuilder m_cells; // the expat path's
    CsvRow *m_row = nullptr; // the row being filled
    Place m_place = Place::Outside;
    int m_skipDepth = 0; // > 0: in an element whose content is not read (<f>, <rPh>...)
    int m_cellDepth = 0; // elements open inside the current <c>
    bool m_collect = false; // in a <v> or <t>: its text is the cell's value

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
