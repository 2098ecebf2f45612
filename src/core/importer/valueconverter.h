// SPDX-License-Identifier: MIT
#pragma once

#include "columnoptions.h"

#include <QJsonValue>
#include <QString>

class QDateTime;

namespace Planhat {

struct FieldSpec;

/// The result of reading one cell: a value to send, nothing to send, or a problem.
struct ConvertedValue
{
    enum class Kind {
        Value, ///< send `value` (null clears the field)
        Skip, ///< an empty cell that leaves the field alone: send nothing
        Invalid, ///< `message` says why the text cannot fill the field
    };
    Kind kind = Kind::Skip;
    QJsonValue value;
    QString message;

    static ConvertedValue of(const QJsonValue &value) { return {Kind::Value, value, {}}; }
    static ConvertedValue skip() { return {Kind::Skip, {}, {}}; }
    static ConvertedValue invalid(const QString &message) { return {Kind::Invalid, {}, message}; }
};

/// Turns the text of a CSV cell into the JSON value a field of a given type takes, as the
/// column's options say: numbers with a decimal comma, dates in one of several formats
/// (to ISO 8601 text, or to a day number for invoice dates), booleans in the usual
/// spellings, enum and list values checked against the field's allowed values (matched
/// regardless of case, sent as the definition spells them), references as 24-hex ids or
/// extid-/srcid- keys.
class ValueConverter
{
public:
    static ConvertedValue convert(const QString &text, const FieldSpec &field,
                                  const ColumnOptions &options);

    // The single steps, for tests and for other callers (paste into a table, say).
    /// Accepts thousands separators only where they group three digits ("1,234.5", or
    /// "1.234,5" with a decimal comma) and spaces anywhere, so "1,5" without a decimal comma
    /// is an error rather than fifteen.
    static bool parseNumber(const QString &text, bool decimalComma, double *number);
    static bool parseBoolean(const QString &text, bool *value);
    /// A date in `format`; ISO 8601 accepts a date, or a date and time (then kept in UTC).
    static bool parseDate(const QString &text, ColumnOptions::DateFormat format,
                          QDateTime *dateTime);
    static bool isObjectId(const QString &text);
};

} // namespace Planhat
