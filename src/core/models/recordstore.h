// SPDX-License-Identifier: MIT
#pragma once

#include "../api/rawrows.h"
#include "chunkedvector.h"
#include "internpool.h"
#include "objectcolumn.h"

#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSharedData>
#include <QSharedDataPointer>
#include <QString>

#include <string_view>
#include <vector>

namespace Planhat {

/// The records of one table, kept column by column rather than as a QJsonObject each.
///
/// Every field of the object type whose value is not itself split into fields (so
/// "custom.Region", but not "custom") is a stored column: per record a 32-bit cell code
/// (missing, null, a boolean, a string interned in the column's pool, a list of such strings,
/// a number or an ISO date kept as a number, or another JSON value kept aside). Whatever a
/// record holds beyond the type's fields is kept aside for that record only, so record()
/// gives back exactly what was stored.
///
/// Records live in slots that never move; rows are the slots still shown, in order. Removing
/// rows only renumbers the rows, so anything kept per slot (sort ranks, filter matches) stays
/// valid. Changed cells get fresh codes (strings once interned stay in the pool until clear()).
///
/// Copies share their columns until one of them changes a column (copy on write, per
/// column): a copy is a cheap snapshot that another thread may read while this one goes on.
/// A column's cells and strings are kept in chunks (ChunkedVector, InternPool), so that the
/// table growing copies nothing whole, and a column copied for a change shares the chunks it
/// does not change.
class RecordStore
{
public:
    /// What a cell code holds (its low three bits).
    enum class Tag : quint8 {
        Missing, ///< the record has no such field
        Null,
        Boolean, ///< payload 0 or 1
        String, ///< payload: id in the column's string pool
        Number, ///< the value is in the column's numbers
        Date, ///< ISO date text kept as milliseconds in the column's numbers; payload: format
        StringList, ///< payload: id in the column's list pool
        Other, ///< payload: index into the column's other values
    };

    static Tag tagOf(quint32 code) { return Tag(code & 7); }
    static quint32 payloadOf(quint32 code) { return code >> 3; }
    static quint32 codeOf(Tag tag, quint32 payload) { return (payload << 3) | quint32(tag); }

    explicit RecordStore(const QList<ObjectColumn> &columns = {});

    int rowCount() const { return int(m_rows.size()); }
    /// Slots ever filled since clear(), including those of removed rows.
    int slotCount() const { return m_slotCount; }
    int slotOf(int row) const { return int(m_rows[size_t(row)]); }
    /// The row showing `slot`, or -1 when it was removed.
    int rowOfSlot(int slot) const;

    /// Appends records as new rows.
    void append(const QList<QJsonObject> &records);
    /// Appends the rows of a list page as the server sent them, read straight from its bytes
    /// (no QJsonObject per record). A row that is not a JSON object is skipped. Meant for a
    /// worker thread filling a block that append(const RecordStore &) then takes in.
    void append(const RawRows &rows);
    /// Appends the rows of `block`, a store made with the same columns: its strings are
    /// interned again and its cell codes renumbered, so taking in a page costs a pass over its
    /// cells and no JSON. The block's removed rows are skipped. `stringMaps`, when given, gets
    /// per column the id in this store of each of the block's strings.
    void append(const RecordStore &block, std::vector<std::vector<quint32>> *stringMaps = nullptr);
    /// Drops every record.
    void clear();
    /// Removes the rows `first` to `last`; slots keep their data.
    void removeRows(int first, int last);
    /// Removes the rows of several runs (first and last row each, in any order, not
    /// overlapping) in one pass: one removeRows() per run moved the rows after it each time,
    /// 500 runs of a million rows a gigabyte in all.
    void removeRowRuns(std::vector<std::pair<int, int>> runs);

    /// The whole record in `slot`, rebuilt from its columns.
    QJsonObject record(int slot) const;
    /// Puts `record` into `slot` in place of what was there.
    void replace(int slot, const QJsonObject &record);
    /// The value of column `column` (an index into the columns given to the constructor).
    QJsonValue value(int slot, int column) const;
    /// Sets `field` (a dotted path, a column or not) of the record in `slot`.
    void setValue(int slot, const QString &field, const QJsonValue &value);

    /// The `_id` of the record in `slot`; empty without one.
    QString id(int slot) const;
    /// The slot of the first record with `_id` `id`, or -1.
    int slotOfId(const QString &id) const;
    /// Whether some `_id` was stored in more than one slot (a record that moved between pages).
    bool hasDuplicateIds() const { return m_hasDuplicateIds; }

    /// Whether `column` is kept as cell codes (false for a parent of other columns, such as
    /// "custom": its value is rebuilt).
    bool isStored(int column) const { return m_columns[size_t(column)]->stored; }
    quint32 code(int slot, int column) const
    {
        return m_columns[size_t(column)]->codes[size_t(slot)];
    }
    double number(int slot, int column) const
    {
        return m_columns[size_t(column)]->numbers[size_t(slot)];
    }
    /// The string `id` of `column`'s pool.
    QString string(int column, quint32 id) const;
    /// The UTF-8 bytes of string `id` of `column`'s pool (not terminated).
    QByteArrayView utf8(int column, quint32 id) const
    {
        const InternPool<char> &strings = m_columns[size_t(column)]->strings;
        return QByteArrayView(strings.data(id), qsizetype(strings.length(id)));
    }
    size_t stringCount(int column) const { return m_columns[size_t(column)]->strings.size(); }
    size_t listCount(int column) const { return m_columns[size_t(column)]->lists.size(); }
    /// Counts changes to `column`'s cells of existing slots (not appends), so that what was
    /// computed from them can tell it is stale.
    quint64 version(int column) const { return m_columns[size_t(column)]->version; }

private:
    /// Adds `count` empty slots to every stored column; returns the first new slot.
    int addSlots(int count);

    struct Column : QSharedData
    {
        QString name;
        bool stored = true;
        ChunkedVector<quint32> codes; ///< per slot
        ChunkedVector<double> numbers; ///< per slot, once a number or date was seen
        InternPool<char> strings; ///< UTF-8
        InternPool<quint32> lists; ///< string ids
        QList<QJsonValue> others;
        quint64 version = 0;
    };
    /// A key of the record (or of an object inside it) and the columns below it.
    struct KeyNode
    {
        QString key;
        int column = -1; ///< a stored column when there are no children
        QList<KeyNode> children;
        QHash<QString, int> childIndex; ///< key -> index into children
    };

    /// Notes the `_id` of the record in `slot` for slotOfId().
    void indexId(int slot);
    quint32 encode(Column &column, int slot, const QJsonValue &value);
    static void setNumber(Column &column, int slot, double number);
    struct ByteNode;
    class RawEncoder;
    friend class RawEncoder;
    QJsonValue decode(const Column &column, int slot) const;
    /// Stores `object`'s values under `nodes` into `slot`; what no node takes goes to `rest`.
    void store(const QList<KeyNode> &nodes, const QHash<QString, int> &index,
               const QJsonObject &object, int slot, QJsonObject *rest);
    void rebuild(const QList<KeyNode> &nodes, int slot, QJsonObject *object) const;
    void clearSlot(const QList<KeyNode> &nodes, int slot);
    static void addPath(QList<KeyNode> *nodes, const QStringList &path, int column);
    static void indexNodes(QList<KeyNode> *nodes, QHash<QString, int> *index);
    const KeyNode *nodeOf(const QStringList &path) const;

    std::vector<QSharedDataPointer<Column>> m_columns;
    QList<KeyNode> m_nodes;
    QHash<QString, int> m_nodeIndex; ///< key -> index into m_nodes
    std::vector<quint32> m_rows; ///< slot per row
    int m_slotCount = 0;
    /// Per slot, what the columns do not hold (a key the type does not know, such as "__v"),
    /// as compact JSON text kept once: most records carry the same few extras.
    struct Rests : QSharedData
    {
        ChunkedVector<quint32> ids; ///< per slot, or InternPool::noId
        InternPool<char> texts;
    };
    bool hasRest(int slot) const;
    QJsonObject restOf(int slot) const;
    void setRest(int slot, const QJsonObject &rest);
    /// Keeps `text`, a non-empty JSON object, as the rest of `slot`.
    void setRestText(int slot, std::string_view text);
    QSharedDataPointer<Rests> m_rests;
    int m_idColumn = -1;
    ChunkedVector<int> m_slotByIdString; ///< per string of the `_id` column: its first slot
    bool m_hasDuplicateIds = false;
    mutable std::vector<int> m_rowBySlot; ///< filled on demand
    mutable bool m_rowBySlotValid = false;
    std::vector<char> m_utf8; ///< scratch for interning
};

} // namespace Planhat
