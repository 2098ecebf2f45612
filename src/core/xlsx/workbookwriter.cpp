// SPDX-License-Identifier: MIT
#include "workbookwriter.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <xlsxwriter.h>

#include <cmath>
#include <filesystem>
#include <system_error>
#include <vector>

namespace Planhat {

namespace {

const QLatin1String listsSheetName("Allowed values");
constexpr int maxSheetNameLength = 31;
constexpr int maxPromptLength = 255;
constexpr double minimumWidth = 8.43; // Excel's default column width
constexpr double maximumWidth = 80;

/// Display width of a text in characters: its longest line.
double textWidth(const QString &text)
{
    qsizetype widest = 0;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n')))
        widest = std::max(widest, line.size());
    return double(widest);
}

/// Excel stores dates from 1900 on; earlier (and absurd) dates are written as ISO text.
bool isExcelDate(const QDate &date)
{
    return date.isValid() && date.year() >= 1900 && date.year() <= 9999;
}

QString numberText(double value)
{
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 15);
}

/// A sheet name Excel accepts: no []:*?/\, at most 31 characters, not empty.
QString cleanSheetName(const QString &name)
{
    QString clean;
    for (const QChar c : name) {
        if (!QStringLiteral("[]:*?/\\").contains(c))
            clean.append(c);
    }
    clean = clean.trimmed().left(maxSheetNameLength);
    // A quote may not start or end a sheet name.
    while (clean.startsWith(QLatin1Char('\'')))
        clean.remove(0, 1);
    while (clean.endsWith(QLatin1Char('\'')))
        clean.chop(1);
    return clean.isEmpty() ? QStringLiteral("Sheet") : clean;
}

/// `'Sheet name'!$A$2:$A$9`: how a formula names a range of one column.
QString columnRangeFormula(const QString &sheet, int column, qint64 firstRow, qint64 lastRow)
{
    char letters[8] = {};
    lxw_col_to_name(letters, lxw_col_t(column), LXW_FALSE);
    QString quoted = sheet;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QStringLiteral("='%1'!$%2$%3:$%2$%4")
        .arg(quoted, QLatin1String(letters))
        .arg(firstRow + 1)
        .arg(lastRow + 1);
}

} // namespace

WorkbookWriter::WorkbookWriter(const QString &path)
    : m_path(path)
{ }

WorkbookWriter::~WorkbookWriter()
{
    discard();
}

void WorkbookWriter::discard()
{
    if (m_workbook) {
        // Never closed: free everything and write nothing, so an earlier file stays.
        lxw_workbook_free(m_workbook);
        m_workbook = nullptr;
    }
    if (!m_temporaryPath.isEmpty()) {
        QFile::remove(m_temporaryPath);
        m_temporaryPath.clear();
    }
}

bool WorkbookWriter::fail(const QString &reason)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, reason);
    return false;
}

bool WorkbookWriter::check(int code, const QString &where)
{
    if (code == LXW_NO_ERROR)
        return true;
    return fail(QStringLiteral("%1: %2").arg(
        where, QString::fromUtf8(lxw_strerror(static_cast<lxw_error>(code)))));
}

QString WorkbookWriter::cellName(const Sheet &sheet, qint64 row, int column) const
{
    char cell[16] = {};
    lxw_rowcol_to_cell(cell, lxw_row_t(row), lxw_col_t(column));
    return QStringLiteral("sheet \"%1\" cell %2").arg(sheet.name, QLatin1String(cell));
}

bool WorkbookWriter::open()
{
    if (m_workbook)
        return true;
    if (!m_error.isEmpty())
        return false;
    // Written beside the target, so the final rename stays on one file system.
    const QFileInfo target(m_path);
    QTemporaryFile temporary(
        target.absoluteDir().filePath(target.fileName() + QStringLiteral(".XXXXXX.part")));
    temporary.setAutoRemove(false);
    if (!temporary.open())
        return fail(temporary.errorString());
    m_temporaryPath = temporary.fileName();
    temporary.close();

    lxw_workbook_options options {};
    options.constant_memory = LXW_TRUE;
    const QByteArray fileName = QFile::encodeName(m_temporaryPath);
    m_workbook = workbook_new_opt(fileName.constData(), &options);
    if (!m_workbook) {
        discard();
        return fail(QStringLiteral("the workbook could not be started (out of memory or no "
                                   "temporary directory)"));
    }
    m_headerFormat = workbook_add_format(m_workbook);
    format_set_bold(m_headerFormat);
    m_requiredFormat = workbook_add_format(m_workbook);
    format_set_bold(m_requiredFormat);
    format_set_font_color(m_requiredFormat, LXW_COLOR_RED);
    return true;
}

lxw_format *WorkbookWriter::numberFormat(const char *pattern)
{
    lxw_format *&format = m_numberFormats[QByteArray(pattern)];
    if (!format) {
        format = workbook_add_format(m_workbook);
        format_set_num_format(format, pattern);
    }
    return format;
}

bool WorkbookWriter::addSheet(const QString &name, SheetState state)
{
    if (!open())
        return false;
    const QString base = cleanSheetName(name);
    QString unique = base;
    const auto taken = [this](const QString &candidate) {
        if (candidate.compare(listsSheetName, Qt::CaseInsensitive) == 0)
            return true;
        for (const Sheet &sheet : std::as_const(m_sheets)) {
            if (sheet.name.compare(candidate, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    for (int n = 2; taken(unique); ++n) {
        const QString suffix = QStringLiteral(" (%1)").arg(n);
        unique = base.left(maxSheetNameLength - suffix.size()) + suffix;
    }
    return addSheetNamed(unique, state);
}

bool WorkbookWriter::addSheetNamed(const QString &name, SheetState state)
{
    Sheet sheet;
    sheet.name = name;
    const QByteArray utf8 = name.toUtf8();
    sheet.worksheet = workbook_add_worksheet(m_workbook, utf8.constData());
    if (!sheet.worksheet)
        return fail(QStringLiteral("sheet \"%1\" could not be added").arg(name));
    if (state == SheetState::Hidden)
        worksheet_hide(sheet.worksheet);
    m_sheets.append(sheet);
    return true;
}

void WorkbookWriter::noteWidth(Sheet &sheet, int column, double width)
{
    if (sheet.widths.size() <= column)
        sheet.widths.resize(column + 1, 0.0);
    sheet.widths[column] = std::max(sheet.widths.at(column), width);
}

bool WorkbookWriter::writeHeader(const QStringList &texts)
{
    QList<WorkbookHeaderCell> cells;
    for (const QString &text : texts)
        cells.append({text, QString(), false});
    return writeHeader(cells);
}

bool WorkbookWriter::writeHeader(const QList<WorkbookHeaderCell> &cells)
{
    if (!m_error.isEmpty())
        return false;
    if (m_sheets.isEmpty() && !addSheet(QStringLiteral("Sheet1")))
        return false;
    Sheet &sheet = m_sheets.last();
    if (sheet.nextRow != 0)
        return fail(
            QStringLiteral("sheet \"%1\": the header must be its first row").arg(sheet.name));
    if (cells.size() > maxColumns) {
        return fail(QStringLiteral("sheet \"%1\": %2 columns, more than the %3 a worksheet holds")
                        .arg(sheet.name)
                        .arg(cells.size())
                        .arg(maxColumns));
    }
    for (int column = 0; column < cells.size(); ++column) {
        const WorkbookHeaderCell &cell = cells.at(column);
        const QByteArray text = cell.text.toUtf8();
        const QString where = cellName(sheet, 0, column);
        if (!check(worksheet_write_string(sheet.worksheet, 0, lxw_col_t(column), text.constData(),
                                          cell.required ? m_requiredFormat : m_headerFormat),
                   where))
            return false;
        if (!cell.comment.isEmpty()) {
            const QByteArray comment = cell.comment.toUtf8();
            if (!check(worksheet_write_comment(sheet.worksheet, 0, lxw_col_t(column),
                                               comment.constData()),
                       where))
                return false;
        }
        // Bold text is wider, and a drop-down arrow may sit beside it.
        noteWidth(sheet, column, textWidth(cell.text) * 1.1 + 2);
    }
    worksheet_freeze_panes(sheet.worksheet, 1, 0);
    for (const WorkbookHeaderCell &cell : cells)
        sheet.headers.append(cell.text);
    sheet.hasHeader = true;
    sheet.nextRow = 1;
    return true;
}

bool WorkbookWriter::writeRow(const QVariantList &cells)
{
    if (!m_error.isEmpty())
        return false;
    if (m_sheets.isEmpty() && !addSheet(QStringLiteral("Sheet1")))
        return false;
    Sheet &sheet = m_sheets.last();
    if (sheet.nextRow >= maxRows) {
        return fail(QStringLiteral("sheet \"%1\": more than the %2 rows a worksheet holds")
                        .arg(sheet.name)
                        .arg(maxRows));
    }
    if (cells.size() > maxColumns) {
        return fail(QStringLiteral("sheet \"%1\" row %2: %3 cells, more than the %4 columns a "
                                   "worksheet holds")
                        .arg(sheet.name)
                        .arg(sheet.nextRow + 1)
                        .arg(cells.size())
                        .arg(maxColumns));
    }
    for (int column = 0; column < cells.size(); ++column) {
        if (!writeCell(sheet, column, cells.at(column)))
            return false;
    }
    ++sheet.nextRow;
    return true;
}

bool WorkbookWriter::writeCell(Sheet &sheet, int column, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return true;
    const lxw_row_t row = lxw_row_t(sheet.nextRow);
    const lxw_col_t col = lxw_col_t(column);
    const auto where = [&] {
        return cellName(sheet, sheet.nextRow, column);
    };
    switch (value.typeId()) {
    case QMetaType::Bool:
        noteWidth(sheet, column, 6);
        return check(worksheet_write_boolean(sheet.worksheet, row, col, value.toBool(), nullptr),
                     where());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Float:
    case QMetaType::Double: {
        const double number = value.toDouble();
        if (!std::isfinite(number))
            break; // Excel has no infinity or NaN: written as their text below
        const QString text = numberText(number);
        // General format shows 11 digits at most: long whole numbers (ids, phone numbers
        // stored as numbers) would turn into 1.23457E+13 on screen.
        lxw_format *format = number == std::floor(number) && std::fabs(number) >= 1e11
            ? numberFormat("0")
            : nullptr;
        noteWidth(sheet, column, text.size() + 1);
        return check(worksheet_write_number(sheet.worksheet, row, col, number, format), where());
    }
    case QMetaType::QDate: {
        const QDate date = value.toDate();
        if (!isExcelDate(date))
            break;
        lxw_datetime datetime {date.year(), date.month(), date.day(), 0, 0, 0.0};
        noteWidth(sheet, column, 11);
        return check(worksheet_write_datetime(sheet.worksheet, row, col, &datetime,
                                              numberFormat("yyyy-mm-dd")),
                     where());
    }
    case QMetaType::QDateTime: {
        const QDateTime utc = value.toDateTime().toUTC();
        if (!utc.isValid() || !isExcelDate(utc.date()))
            break;
        const QTime time = utc.time();
        lxw_datetime datetime {utc.date().year(), utc.date().month(),
                               utc.date().day(),  time.hour(),
                               time.minute(),     time.second() + time.msec() / 1000.0};
        noteWidth(sheet, column, 20);
        return check(worksheet_write_datetime(sheet.worksheet, row, col, &datetime,
                                              numberFormat("yyyy-mm-dd hh:mm:ss")),
                     where());
    }
    default:
        break;
    }
    QString text;
    if (value.typeId() == QMetaType::QDateTime)
        text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    else if (value.typeId() == QMetaType::QDate)
        text = value.toDate().toString(Qt::ISODate);
    else
        text = value.toString();
    if (text.isEmpty())
        return true;
    if (text.size() > maxTextLength) {
        return fail(QStringLiteral("%1: a text of %2 characters is longer than the %3 an Excel "
                                   "cell holds")
                        .arg(where())
                        .arg(text.size())
                        .arg(maxTextLength));
    }
    noteWidth(sheet, column, textWidth(text) + 1);
    const QByteArray utf8 = text.toUtf8();
    return check(worksheet_write_string(sheet.worksheet, row, col, utf8.constData(), nullptr),
                 where());
}

bool WorkbookWriter::addDropDown(int column, const QStringList &values, DropDownCheck check,
                                 const QString &prompt)
{
    if (!m_error.isEmpty())
        return false;
    if (m_sheets.isEmpty() && !addSheet(QStringLiteral("Sheet1")))
        return false;
    if (values.isEmpty())
        return true;
    Sheet &sheet = m_sheets.last();
    const QString where
        = QStringLiteral("sheet \"%1\" drop-down of column %2").arg(sheet.name).arg(column + 1);

    lxw_data_validation validation {};
    validation.show_input = prompt.isEmpty() ? LXW_VALIDATION_OFF : LXW_VALIDATION_ON;
    validation.show_error = check == DropDownCheck::Strict ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF;
    validation.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    validation.ignore_blank = LXW_VALIDATION_ON;
    const QByteArray message = prompt.left(maxPromptLength).toUtf8();
    if (!prompt.isEmpty())
        validation.input_message = const_cast<char *>(message.constData());

    // A literal list is "a,b,c" in one formula of at most 255 characters: values with a
    // comma or a quote, and long lists, are read from a range of the hidden sheet instead.
    // Counted in UTF-8 bytes: libxlsxwriter 1.1 checks characters but copies bytes into a
    // buffer of that size, so a shorter list of non-ASCII values would overflow it.
    bool literal = values.join(QLatin1Char(',')).toUtf8().size() <= maxListFormulaLength;
    for (const QString &value : values)
        literal = literal && !value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"'));
    std::vector<QByteArray> utf8;
    std::vector<char *> list;
    QByteArray formula;
    if (literal) {
        for (const QString &value : values)
            utf8.push_back(value.toUtf8());
        for (QByteArray &value : utf8)
            list.push_back(value.data());
        list.push_back(nullptr);
        validation.validate = LXW_VALIDATION_TYPE_LIST;
        validation.value_list = list.data();
    } else {
        const int listColumn = int(m_longLists.size());
        m_longLists.append(
            {sheet.headers.value(column, QStringLiteral("Column %1").arg(column + 1)), values});
        formula = columnRangeFormula(listsSheetName, listColumn, 1, values.size()).toUtf8();
        validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        validation.value_formula = formula.data();
    }
    return this->check(worksheet_data_validation_range(sheet.worksheet, 1, lxw_col_t(column),
                                                       lxw_row_t(maxRows - 1), lxw_col_t(column),
                                                       &validation),
                       where);
}

bool WorkbookWriter::writeLongLists()
{
    if (m_longLists.isEmpty())
        return true;
    // The name addSheet() keeps free for this sheet.
    if (!addSheetNamed(listsSheetName, SheetState::Hidden))
        return false;
    QStringList headers;
    qsizetype longest = 0;
    for (const LongList &list : std::as_const(m_longLists)) {
        headers.append(list.header);
        longest = std::max(longest, list.values.size());
    }
    if (!writeHeader(headers))
        return false;
    for (qsizetype row = 0; row < longest; ++row) {
        QVariantList cells;
        for (const LongList &list : std::as_const(m_longLists))
            cells.append(row < list.values.size() ? QVariant(list.values.at(row)) : QVariant());
        if (!writeRow(cells))
            return false;
    }
    return true;
}

bool WorkbookWriter::close()
{
    if (!m_error.isEmpty() || !open()) {
        discard();
        return false;
    }
    if (m_sheets.isEmpty() && !addSheet(QStringLiteral("Sheet1"))) {
        discard();
        return false;
    }
    if (!writeLongLists()) {
        discard();
        return false;
    }
    for (const Sheet &sheet : std::as_const(m_sheets)) {
        for (int column = 0; column < sheet.widths.size(); ++column) {
            const double width = std::clamp(sheet.widths.at(column), minimumWidth, maximumWidth);
            worksheet_set_column(sheet.worksheet, lxw_col_t(column), lxw_col_t(column), width,
                                 nullptr);
        }
    }
    const lxw_error closed = workbook_close(m_workbook);
    m_workbook = nullptr; // workbook_close() frees it, whatever it returns
    if (closed != LXW_NO_ERROR) {
        fail(QString::fromUtf8(lxw_strerror(closed)));
        discard();
        return false;
    }
    // Replaces an earlier file in one step (std::filesystem::rename does on every platform).
    std::error_code error;
    std::filesystem::rename(std::filesystem::path(QFile::encodeName(m_temporaryPath).toStdString()),
                            std::filesystem::path(QFile::encodeName(m_path).toStdString()), error);
    if (error) {
        fail(QString::fromStdString(error.message()));
        discard();
        return false;
    }
    m_temporaryPath.clear();
    return true;
}

qint64 WorkbookWriter::rowsWritten() const
{
    if (m_sheets.isEmpty())
        return 0;
    const Sheet &sheet = m_sheets.last();
    return sheet.hasHeader ? sheet.nextRow - 1 : sheet.nextRow;
}

} // namespace Planhat
