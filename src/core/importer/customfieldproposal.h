// SPDX-License-Identifier: MIT
#pragma once

#include "columnoptions.h"
#include "xlsx/tablereader.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Planhat {

class ImportMapping;
class ObjectType;

/// The values of one column, seen one cell at a time, and the custom-field type they
/// suggest. The guess, first rule that holds over every non-empty (trimmed) cell:
/// - none: "text" (nothing to go by);
/// - numbers (ValueConverter::parseNumber(), decimal point; or all with a decimal comma)
///   and none written with a leading zero ("0042" is a code, not 42): "number";
/// - dates in one format (ISO 8601, yyyy-MM-dd, dd/MM/yyyy, MM/dd/yyyy, tried in that
///   order, so a day-first reading wins when both fit): "date", with that format;
/// - booleans as ValueConverter::parseBoolean() reads them (true/false, yes/no, y/n, x,
///   on/off, 1/0; a column of 0 and 1 alone is a number): "checkbox";
/// - at most maxListValues distinct values (case ignored, as list cells are matched), none
///   longer than maxListValueLength characters or spanning lines, each seen twice on
///   average (distinct * 2 <= cells): "list" with the distinct values, sorted;
/// - anything else: "text".
class ColumnValueGuess
{
public:
    static constexpr int maxListValues = 20;
    static constexpr int maxListValueLength = 40;

    /// One cell of the column (empty cells are ignored).
    void add(const QString &cell);

    qint64 valueCount() const { return m_values; }
    /// "number", "date", "checkbox", "list" or "text".
    QString planhatType() const;
    /// The distinct values, sorted (case-insensitively), for a "list" guess; else empty.
    QStringList listValues() const;
    /// The distinct values seen, sorted, whatever the guess, when they are few and short
    /// enough for a list (see above); else empty. What a user choosing "list" starts from.
    QStringList distinctValues() const;
    /// How the column's cells are to be read for the guessed type (date format, decimal
    /// comma); the defaults otherwise.
    ColumnOptions options() const;

private:
    enum DateCandidate { Iso, YearFirst, DayFirst, MonthFirst, DateCandidates };

    qint64 m_values = 0;
    bool m_allNumbers = true;
    bool m_allCommaNumbers = true;
    bool m_onlyZeroOne = true;
    bool m_allBooleans = true;
    bool m_dateFits[DateCandidates] = {true, true, true, true};
    bool m_listable = true;
    QHash<QString, QString> m_distinct; ///< case-folded -> first spelling seen
};

/// A custom field to create for a column no field fills: the definition sent to
/// `POST /customfields`, and how the column is mapped once it exists.
struct CustomFieldProposal
{
    int column = -1; ///< 0-based column of the file
    QString header; ///< the column's header as the file has it
    QString name; ///< the field's name (the header, trimmed)
    QString planhatType; ///< one of allowedTypes()
    QStringList listValues; ///< for "list" and "multipicklist"
    QStringList seenValues; ///< ColumnValueGuess::distinctValues() of the column
    ColumnOptions options; ///< how the column is read (a date column's format)
    qint64 sampledValues = 0; ///< non-empty cells the guess saw

    /// The `type` values Planhat accepts for a custom field.
    static QStringList allowedTypes();

    /// The body of `POST /customfields` for a field of `type` (parent from
    /// ObjectType::customFieldParent, isHidden false; listValues for list types).
    QJsonObject definition(const ObjectType &type) const;
    /// "custom.<name>": the field the column maps to once the definition exists.
    QString fieldName() const;
    /// `"Tier" (list: Gold, Silver)`, `"Seats" (number)`: for messages.
    QString describe() const;
    /// Maps the proposal's column to its field with its options.
    void applyTo(ImportMapping *mapping) const;
    /// The proposal with `planhatType` instead of the guessed type, as a user changing the
    /// type gets it: a list type starts from the values seen, other types carry no list
    /// values, and options guessed for the old type (a date format) are dropped.
    CustomFieldProposal retyped(const QString &planhatType) const;
    /// "list" and "multipicklist": the types whose definition carries listValues.
    static bool isListType(const QString &planhatType);

    /// Empty when `name` can be created on `type`; else why not (empty, a field of that
    /// name exists, longer than Planhat takes...).
    static QString nameProblem(const QString &name, const ObjectType &type);

    /// The columns of `mapping` that no field fills and whose header names no field of
    /// `type` (compared as ImportMapping::normalized(): by API name, display name or custom
    /// field name, read-only fields included); a header repeated counts once (its first
    /// column).
    static QList<int> candidateColumns(const ObjectType &type, const ImportMapping &mapping);

    /// A proposal for column `column` with header `header`, from its sampled values.
    static CustomFieldProposal fromGuess(int column, const QString &header,
                                         const ColumnValueGuess &guess);

    /// Reads up to `maxRows` data rows of the file (as the import reads it) and guesses a
    /// type for each of `columns`. False with `error` naming the file when it cannot be
    /// read. Blocking: run it off the GUI thread.
    static bool sampleFile(const QString &filePath, const TableOptions &options,
                           const QList<int> &columns, qint64 maxRows,
                           QHash<int, ColumnValueGuess> *guesses, QString *error);

    /// candidateColumns() guessed from the file: one proposal per candidate column that has
    /// values in the sample (an empty column gives nothing to create a field for).
    static bool proposeFromFile(const QString &filePath, const TableOptions &options,
                                const ObjectType &type, const ImportMapping &mapping,
                                QList<CustomFieldProposal> *proposals, QString *error);

    /// Rows read for the guess: enough to see every value of a list column, few enough to
    /// take well under a second.
    static constexpr qint64 sampleRows = 10000;
};

} // namespace Planhat
