// SPDX-License-Identifier: MIT
#pragma once

#include "../data/jsoncell.h"
#include "../schema/objecttype.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace Planhat {

/// The rows of one bulk upsert as they go on the wire: each row's writable payload
/// (ObjectType::writablePayload() with IdHandling::Keep) as compact JSON text, all in one
/// array, and what an answer names rows by (their key texts). Built once, on any thread (the
/// import converts a chunk to it on a worker), so the thread that sends and maps the answer
/// builds no object per row. Copies share the text.
class BulkRows
{
public:
    BulkRows() = default;
    explicit BulkRows(const ObjectType &type);
    /// The rows `objects` of `type`, appended in order.
    static BulkRows of(const ObjectType &type, const QList<QJsonObject> &objects);

    /// Appends `object` without the fields the server maintains.
    void append(const QJsonObject &object);

    /// What rows whose members always have the same names (an import's mapped fields) share:
    /// worked out once by shape(), so each row only gives its values.
    class Shape
    {
    private:
        friend class BulkRows;
        QList<QByteArray> prefixes; ///< per name: `"name":`
        QList<bool> removed; ///< per name: the server maintains it
        QList<QByteArray> customPrefixes;
        QList<bool> customRemoved;
        qsizetype customAt = 0; ///< the "custom" member goes before this name
        bool customKept = true;
        QList<int> keyValues; ///< per identifying key: the value it is read from; -1: none
        int idValue = -1; ///< the value of `_id`
    };
    /// The shape of rows with members `names` and a "custom" object of `customNames`: both
    /// in the order a QJsonObject keeps them (ASCII names sort by code), unique, and no
    /// "custom" among `names`.
    Shape shape(const QStringList &names, const QStringList &customNames) const;
    /// Appends the row of `shape` whose values are `values` (one per name; text kept as
    /// text; JsonCell::none(): the row has no such member) and, when any of `customValues`
    /// is defined, a "custom" object of those: what append() of that object appends, without
    /// building it (a QJsonObject insert costs more than the rest of a row's work).
    void append(const Shape &shape, const QList<JsonCell> &values,
                const QList<JsonCell> &customValues);

    /// The type the rows are of.
    const ObjectType &type() const { return m_type; }
    qsizetype size() const { return m_hasKey.size(); }
    bool isEmpty() const { return m_hasKey.isEmpty(); }

    /// The JSON array of every row, in order: the request body.
    QByteArray body() const;
    /// The JSON array of the rows `rows` (indexes), in that order.
    QByteArray body(const QList<int> &rows) const;

    /// The keys that tell rows apart in an answer: the type's keyables (`_id` first), then
    /// `_id`, `sourceId` and `externalId` where the type does not match on them (an answer
    /// that echoes one still names its row).
    const QList<MatchKey> &identifyingKeys() const { return m_keys; }
    /// keyText() of the row's value for identifyingKeys().at(key); empty when it has none.
    QString keyText(qsizetype row, qsizetype key) const
    {
        return m_keyTexts.at(row * m_keys.size() + key);
    }
    /// Where `_id` is in identifyingKeys() (always there).
    qsizetype idKeyIndex() const { return m_idKey; }
    /// keyText() of the row's `_id`.
    QString id(qsizetype row) const { return keyText(row, m_idKey); }
    /// The row's `_id` when it is a string, as it is; empty otherwise.
    QString idString(qsizetype row) const { return m_idStrings.at(row); }
    /// Whether the row carries a key the server matches the type on (so repeating it is an
    /// upsert): only the type's keyables count (notes match on `_id` alone).
    bool hasKey(qsizetype row) const { return m_hasKey.at(row); }

private:
    void appendWritable(const QJsonObject &object, const QSet<QString> &removed);
    /// Appends `values` [begin, end) with `prefixes`, but those removed or undefined (and
    /// the comma before each but the first of the object).
    void appendValues(const QList<QByteArray> &prefixes, const QList<bool> &removed,
                      const QList<JsonCell> &values, qsizetype begin, qsizetype end);
    /// Records the row's keys, reading its top-level members through `valueOf(name)`.
    template<typename ValueOf>
    void appendKeys(const ValueOf &valueOf);

    ObjectType m_type;
    QList<MatchKey> m_keys;
    qsizetype m_idKey = 0; ///< the index of `_id` in m_keys
    QSet<QString> m_removed; ///< top-level fields writablePayload() drops
    QSet<QString> m_removedCustom; ///< keys inside `custom` it drops
    QByteArray m_text; ///< "[" and the rows, comma-separated (no closing bracket)
    QList<qsizetype> m_ends; ///< where each row's text ends in m_text
    QList<QString> m_keyTexts; ///< per row, one per m_keys entry
    QList<QString> m_idStrings;
    QList<bool> m_hasKey;
};

} // namespace Planhat
