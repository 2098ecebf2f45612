// SPDX-License-Identifier: MIT
#pragma once

#include "schema/fieldspec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace Planhat {

class ObjectColumn;
class RecordStore;
class ValueFormatter;

/// Which cells of one stored column contain a filter text: the cell's display text,
/// case-folded, contains the (case-folded) needle; check boxes match "true" or "false".
///
/// Answers are remembered per distinct value (a string or list in the column's pool, a
/// number, a date), so filtering a million rows of a column with a few hundred distinct
/// values formats a few hundred texts, and no text is kept per row. Valid while the texts
/// of values stay the same: make a new one when referenced names change or the store is
/// cleared.
class TextMatcher
{
public:
    TextMatcher(int column, const QString &foldedNeedle);

    /// Works out ahead what does not depend on a cell (whether numbers or dates of `spec`
    /// can show the needle at all): that costs formatting a year of dates, so a filter that
    /// runs in parts prepares one matcher and copies it to each part.
    void prepare(const ObjectColumn &spec, const ValueFormatter &formatter);

    int column() const { return m_column; }
    const QString &needle() const { return m_needle; }
    bool matches(const RecordStore &store, int slot, const ObjectColumn &spec,
                 const ValueFormatter &formatter);

    /// What a cell is matched by: its display text case-folded; "true"/"false" for booleans.
    static QString filterText(const ObjectColumn &spec, const QJsonValue &value,
                              const ValueFormatter &formatter);

private:
    bool compute(const RecordStore &store, int slot, const ObjectColumn &spec,
                 const ValueFormatter &formatter) const;

    /// Whether the needle is found in `text`, when both are ASCII: then case folding is
    /// lowering A to Z. Empty when `text` is not all ASCII.
    std::optional<bool> asciiContains(QByteArrayView text) const;

    /// Whether no number (or date, by `type`) can show a text that contains the needle.
    bool cannotMatch(FieldType type, const ValueFormatter &formatter);

    int m_column;
    QString m_needle;
    std::optional<bool> m_numbersCannotMatch;
    std::optional<bool> m_datesCannotMatch;
    QByteArray m_asciiNeedle; ///< the needle when it is all ASCII, else empty
    std::vector<qint8> m_byString; ///< -1 not known yet, else 0 or 1
    std::vector<qint8> m_byList;
    QHash<quint64, bool> m_byNumber;
    qint8 m_byCode[8] = {-1, -1, -1, -1, -1, -1, -1, -1}; ///< missing, null, false, true
};

} // namespace Planhat
