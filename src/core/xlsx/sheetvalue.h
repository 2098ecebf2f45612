// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <string>
#include <string_view>

namespace Planhat {

/// How a workbook cell that holds a number is meant to be read, from its number format: a
/// plain number, a date, a date and time, or a time of day.
enum class SheetNumberKind : quint8 {
    Number,
    Date,
    DateTime,
    Time,
};

/// Turns the typed values of a workbook (.xlsx) into the exact text the import reads: numbers
/// without exponent or float noise, dates from serials as ISO 8601. Pure functions, so the
/// sheet reader can call them per cell without allocating.
namespace SheetValue {

/// The kind of number a format shows: built-in formats 14-22 and 45-47 are dates or times;
/// a custom format code is a date when its first section has d, m, y, h or s outside quoted
/// text, escapes and [colour] brackets ("[h]" elapsed hours count as time).
SheetNumberKind kindOfFormat(int numFmtId, QStringView formatCode);

/// Appends the number stored as `text` (as in a cell's <v>: "1E+5", "0.10000000000000001")
/// in its shortest round-trip form without exponent ("100000", "0.1"; integers without
/// ".0"). False when `text` is not a number (nothing is appended then).
bool appendNumber(QStringView text, std::u16string *out);
/// The same for the number's ASCII text as the XML holds it.
bool appendNumber(std::string_view text, std::u16string *out);

/// Appends UTF-8 text (valid, as the XML parser hands it out) as UTF-16.
void appendUtf8(std::string_view text, std::u16string *out);

/// Appends the date of a serial: "YYYY-MM-DD" (Date), "YYYY-MM-DDTHH:MM:SS" (DateTime) or
/// "HH:MM:SS" (Time; a Time serial of a day or more is written as a DateTime). The 1900
/// system counts Excel's phantom 29 February 1900 (serial 60, written as 1900-02-28 like
/// the day before it); the 1904 system counts from 1 January 1904. Times are rounded to
/// the second. False when the serial is outside 0..9999-12-31 (nothing is appended then).
bool appendDate(double serial, SheetNumberKind kind, bool date1904, std::u16string *out);

/// "A" for column 1, "Z" for 26, "AA" for 27... (1-based).
QString columnName(qint64 column);
/// "C7" for column 3, row 7.
QString cellName(qint64 column, qint64 row);

} // namespace SheetValue

} // namespace Planhat
