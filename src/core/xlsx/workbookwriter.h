// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace Planhat {

/// One cell of a header row: its text, a comment shown on hover (empty: none), and
/// whether it is marked as required (bold red instead of bold).
struct WorkbookHeaderCell
{
    QString text;
    QString comment;
    bool required = false;
};

/// Writes an Excel workbook (.xlsx) with libxlsxwriter, one row at a time, in its constant
/// memory mode: a million rows cost no more memory than ten. Rows go to the sheet added
/// last, in order. Cells are typed by their QVariant: numbers as numbers, bool as
/// booleans, QDate and QDateTime as real Excel dates (shown yyyy-mm-dd, and yyyy-mm-dd
/// hh:mm:ss in UTC), strings as text (so "00123" stays text), null as an empty cell. Header
/// rows are bold and frozen; every column is sized to its widest cell when the workbook is
/// closed.
///
/// The file is written next to `path` under a temporary name and renamed over `path` only
/// by a successful close(): a writer destroyed without close(), or a failed one, leaves any
/// earlier file as it was. Each call returns false once something failed; errorString()
/// then names the file (and the sheet and cell where it applies).
class WorkbookWriter
{
public:
    enum class SheetState {
        Visible,
        Hidden,
    };
    /// What a drop-down accepts: one of its values only, or anything (the values are
    /// offered, as for lists of several values separated by ";").
    enum class DropDownCheck {
        Strict,
        OfferOnly,
    };

    explicit WorkbookWriter(const QString &path);
    ~WorkbookWriter();
    WorkbookWriter(const WorkbookWriter &) = delete;
    WorkbookWriter &operator=(const WorkbookWriter &) = delete;

    /// Checks that the file can be created (so a bad path fails before any work) and
    /// starts the workbook.
    bool open();
    /// Adds a sheet (name shortened and cleaned as Excel requires) and makes it current.
    bool addSheet(const QString &name, SheetState state = SheetState::Visible);
    /// Writes the current sheet's first row: bold (bold red when required), frozen, with
    /// comments where given.
    bool writeHeader(const QList<WorkbookHeaderCell> &cells);
    bool writeHeader(const QStringList &texts);
    /// Writes the next row of the current sheet.
    bool writeRow(const QVariantList &cells);
    /// A drop-down of `values` on every cell of `column` below the header of the current
    /// sheet. `prompt` is shown when such a cell is selected (may be empty). Lists longer
    /// than Excel's 255 characters go to a hidden sheet, written on close().
    bool addDropDown(int column, const QStringList &values, DropDownCheck check,
                     const QString &prompt = QString());
    /// Sizes the columns, writes the workbook and moves it to its path.
    bool close();

    QString fileName() const { return m_path; }
    QString errorString() const { return m_error; }
    /// Data rows written to the current sheet (the header not counted).
    qint64 rowsWritten() const;

    /// Excel's limits, for messages and tests.
    static constexpr qint64 maxRows = 1048576;
    static constexpr int maxColumns = 16384;
    static constexpr int maxTextLength = 32767;
    static constexpr int maxListFormulaLength = 255;

private:
    struct Sheet
    {
        QString name;
        lxw_worksheet *worksheet = nullptr;
        qint64 nextRow = 0;
        bool hasHeader = false;
        QStringList headers;
        QList<double> widths; ///< widest cell per column, in characters
    };
    struct LongList
    {
        QString header;
        QStringList values;
    };

    bool addSheetNamed(const QString &name, SheetState state);
    bool writeCell(Sheet &sheet, int column, const QVariant &value);
    void noteWidth(Sheet &sheet, int column, double width);
    bool check(int code, const QString &where);
    bool fail(const QString &reason);
    QString cellName(const Sheet &sheet, qint64 row, int column) const;
    lxw_format *numberFormat(const char *pattern);
    bool writeLongLists();
    void discard();

    QString m_path;
    QString m_temporaryPath;
    QString m_error;
    lxw_workbook *m_workbook = nullptr;
    QList<Sheet> m_sheets;
    QList<LongList> m_longLists;
    lxw_format *m_headerFormat = nullptr;
    lxw_format *m_requiredFormat = nullptr;
    QHash<QByteArray, lxw_format *> m_numberFormats;
};

} // namespace Planhat
