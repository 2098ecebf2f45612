// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QtEndian>

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
    SortKey(const SortKey &other);
    SortKey(SortKey &&other) noexcept;
    SortKey &operator=(const SortKey &other);
    SortKey &operator=(SortKey &&other) noexcept;
    ~SortKey();

    static SortKey fromNumber(double number);
    /// The key of a text whose collation key is `bytes` (not empty).
    static SortKey fromCollationKey(QByteArrayView bytes);
    static SortKey fromText(const QString &text, const QCollator &collator);
    /// fromText() of UTF-8 text.
    static SortKey fromUtf8(QByteArrayView text, const QCollator &collator);
    /// The key for `value` of `column`. Texts, lists and references sort by what the cell
    /// shows (`formatter`'s display text), so references sort by the names people see.
    static SortKey forValue(const ObjectColumn &column, const QJsonValue &value,
                            const ValueFormatter &formatter, const QCollator &collator);

    /// The same, with the cell's display text already at hand.
    static SortKey forValue(const ObjectColumn &column, const QJsonValue &value,
                            const QString &displayText, const QCollator &collator);

    Kind kind() const { return m_kind; }
    /// The collation key's bytes of a text (compared byte by byte, then by length).
    QByteArrayView textKey() const
    {
        return QByteArrayView(m_onHeap ? m_value.heap.bytes : m_value.bytes, qsizetype(m_size));
    }
    /// The first eight bytes of textKey(), big-endian, zero past its end.
    quint64 textPrefix() const
    {
        if (m_kind != Kind::Text)
            return 0;
        return m_onHeap ? m_value.heap.prefix : qFromBigEndian<quint64>(m_value.bytes);
    }
    bool isEmpty() const { return m_kind == Kind::Empty; }
    /// Negative, zero or positive as this sorts before, with or after `other`.
    int compare(const SortKey &other) const;

private:
    /// The numeric key of numbers, dates and booleans; false in `ok` for other values.
    static SortKey numericKey(const ObjectColumn &column, const QJsonValue &value, bool *ok);

    /// Collation keys up to this long are kept in the key itself. A table's text keys (a
    /// million names) were a heap block each: twice the memory, and reading a key's bytes
    /// while sorting cost a second cache miss.
    static constexpr size_t inlineCapacity = 40;

    void copyFrom(const SortKey &other);
    void release();

    Kind m_kind = Kind::Empty;
    bool m_onHeap = false; ///< a text key longer than inlineCapacity
    quint32 m_size = 0; ///< of the text key
    union Value {
        /// A short text key, zero past its end (so its first eight bytes are its prefix).
        char bytes[inlineCapacity];
        double number;
        struct
        {
            quint64 prefix; ///< the first bytes, big-endian: most compares end here
            char *bytes; ///< new[]
        } heap;
    } m_value {};
};

} // namespace Planhat
