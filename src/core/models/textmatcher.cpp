// SPDX-License-Identifier: MIT
#include "textmatcher.h"

#include "objectcolumn.h"
#include "recordstore.h"
#include "valueformatter.h"

#include <cstring>

namespace Planhat {

namespace {

using Tag = RecordStore::Tag;

qint8 &entry(std::vector<qint8> *cache, size_t index, size_t size)
{
    if (cache->size() < size)
        cache->resize(size, -1);
    return (*cache)[index];
}

/// Whether a string of this column shows as itself (ValueFormatter::displayText()).
bool showsItself(const ObjectColumn &spec)
{
    if (spec.isReference())
        return false;
    switch (spec.type()) {
    case FieldType::Text:
    case FieldType::ObjectId:
    case FieldType::Enum:
    case FieldType::List:
    case FieldType::Object:
        return true;
    case FieldType::Boolean:
    case FieldType::Number:
    case FieldType::Date:
    case FieldType::DayNumber:
        break;
    }
    return false;
}

} // namespace

TextMatcher::TextMatcher(int column, const QString &foldedNeedle)
    : m_column(column)
    , m_needle(foldedNeedle)
{
    bool ascii = true;
    for (QChar c : foldedNeedle)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        m_asciiNeedle = foldedNeedle.toLatin1();
}

std::optional<bool> TextMatcher::asciiContains(QByteArrayView text) const
{
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    };
    bool found = false;
    const qsizetype needleLength = m_asciiNeedle.size();
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (static_cast<unsigned char>(text[i]) >= 0x80)
            return std::nullopt;
        if (found || i + needleLength > text.size())
            continue;
        qsizetype j = 0;
        while (j < needleLength && lower(text[i + j]) == m_asciiNeedle[j])
            ++j;
        found = j == needleLength;
    }
    return found;
}

QString TextMatcher::filterText(const ObjectColumn &spec, const QJsonValue &value,
                                const ValueFormatter &formatter)
{
    if (spec.type() == FieldType::Boolean) {
        const int state = ValueFormatter::checkState(value);
        return state < 0
            ? QString()
            : (state == Qt::Checked ? QStringLiteral("true") : QStringLiteral("false"));
    }
    return formatter.displayText(spec, value).toCaseFolded();
}

bool TextMatcher::compute(const RecordStore &store, int slot, const ObjectColumn &spec,
                          const ValueFormatter &formatter) const
{
    return filterText(spec, store.value(slot, m_column), formatter).contains(m_needle);
}

bool TextMatcher::cannotMatch(FieldType type, const ValueFormatter &formatter)
{
    std::optional<bool> &known
        = type == FieldType::Date ? m_datesCannotMatch : m_numbersCannotMatch;
    if (!known) {
        const QString characters = formatter.possibleCharacters(type);
        bool outside = false;
        for (QChar c : m_needle)
            outside = outside || (!characters.isEmpty() && !characters.contains(c));
        known = outside;
    }
    return *known;
}

void TextMatcher::prepare(const ObjectColumn &spec, const ValueFormatter &formatter)
{
    if (m_needle.isEmpty() || spec.isReference())
        return;
    if (spec.type() == FieldType::Number || spec.type() == FieldType::Date)
        cannotMatch(spec.type(), formatter);
}

bool TextMatcher::matches(const RecordStore &store, int slot, const ObjectColumn &spec,
                          const ValueFormatter &formatter)
{
    if (m_needle.isEmpty())
        return true;
    if (!store.isStored(m_column))
        return compute(store, slot, spec, formatter);
    const quint32 code = store.code(slot, m_column);
    const quint32 payload = RecordStore::payloadOf(code);
    qint8 *known = nullptr;
    switch (RecordStore::tagOf(code)) {
    case Tag::Missing:
        known = &m_byCode[0];
        break;
    case Tag::Null:
        known = &m_byCode[1];
        break;
    case Tag::Boolean:
        known = &m_byCode[2 + (payload & 1)];
        break;
    case Tag::String:
        known = &entry(&m_byString, payload, store.stringCount(m_column));
        // Most texts show as they are: an ASCII one is searched in its bytes, without
        // making a QString of it.
        if (*known < 0 && !m_asciiNeedle.isEmpty() && showsItself(spec)) {
            if (const std::optional<bool> found = asciiContains(store.utf8(m_column, payload)))
                *known = *found ? 1 : 0;
        }
        break;
    case Tag::StringList:
        known = &entry(&m_byList, payload, store.listCount(m_column));
        break;
    case Tag::Number:
    case Tag::Date: {
        // Numbers and dates show digits and a few signs: a needle with other characters
        // (a word) cannot be in any of them.
        const FieldType type
            = RecordStore::tagOf(code) == Tag::Number ? FieldType::Number : FieldType::Date;
        if (!spec.isReference() && spec.type() == type && cannotMatch(type, formatter))
            return false;
        const double number = store.number(slot, m_column);
        quint64 bits = 0;
        std::memcpy(&bits, &number, sizeof bits);
        // Dates in either form and numbers never share a column's values in practice;
        // the low bits keep them apart anyway.
        const quint64 key = bits ^ (quint64(code & 0xff) * 0x9e3779b97f4a7c15ULL);
        const auto found = m_byNumber.constFind(key);
        if (found != m_byNumber.constEnd())
            return found.value();
        const bool match = compute(store, slot, spec, formatter);
        m_byNumber.insert(key, match);
        return match;
    }
    case Tag::Other:
        return compute(store, slot, spec, formatter);
    }
    if (*known < 0)
        *known = compute(store, slot, spec, formatter) ? 1 : 0;
    return *known == 1;
}

} // namespace Planhat
