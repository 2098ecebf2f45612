// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

class QCollator;

namespace Planhat {

class ObjectColumn;
class ValueFormatter;

/// What one cell sorts by, computed once so that comparing two cells never parses a date or
/// collates a string again: numbers, dates (milliseconds since the epoch), day numbers and
/// booleans compare as numbers; everything else by the collation key of its display text.
/// Numbers sort before texts; empty cells compare equal to each other, and where they go
/// (last, in either order) is the caller's choice.
class SortKey
{
public:
    enum class Kind : quint8 {
        Number,
        Text,
        Empty,
    };

    SortKey() = default;
    static SortKey fromNumber(double number);
    static SortKey fromText(const QString &text, const QCollator &collator);
    /// The key for `value` of `column`. Texts, lists and references sort by what the cell
    /// shows (`formatter`'s display text), so references sort by the names people see.
    static SortKey forValue(const ObjectColumn &column, const QJsonValue &value,
                            const ValueFormatter &formatter, const QCollator &collator);

    /// The same, with the cell's display text already at hand.
    static SortKey forValue(const ObjectColumn &column, const QJsonValue &value,
                            const QString &displayText, const QCollator &collator);

    Kind kind() const { return m_kind; }
    /// The collation key's bytes of a text (compared byte by byte, then by length).
    QByteArrayView textKey() const { return m_text; }
    /// The first eight bytes of textKey(), big-endian, zero past its end.
    quint64 textPrefix() const { return m_prefix; }
    bool isEmpty() const { return m_kind == Kind::Empty; }
    /// Negative, zero or positive as this sorts before, with or after `other`.
    int compare(const SortKey &other) const;

private:
    /// The numeric key of numbers, dates and booleans; false in `ok` for other values.
    static SortKey numericKey(const ObjectColumn &column, const QJsonValue &value, bool *ok);

    Kind m_kind = Kind::Empty;
    double m_number = 0;
    quint64 m_prefix = 0; ///< the first bytes of m_text, big-endian: most compares end here
    QByteArray m_text; ///< collationKey() of the display text
};

} // namespace Planhat
