// SPDX-License-Identifier: MIT
#include "sortkey.h"

#include "collationkey.h"
#include "objectcolumn.h"
#include "valueformatter.h"

#include <QCollator>
#include <QVarLengthArray>

#include <cstring>

namespace Planhat {

SortKey::SortKey(const SortKey &other)
{
    copyFrom(other);
}

SortKey::SortKey(SortKey &&other) noexcept
    : m_kind(other.m_kind)
    , m_onHeap(other.m_onHeap)
    , m_size(other.m_size)
    , m_value(other.m_value)
{
    other.m_kind = Kind::Empty;
    other.m_onHeap = false;
    other.m_size = 0;
}

SortKey &SortKey::operator=(const SortKey &other)
{
    if (this != &other) {
        release();
        copyFrom(other);
    }
    return *this;
}

SortKey &SortKey::operator=(SortKey &&other) noexcept
{
    if (this != &other) {
        release();
        m_kind = other.m_kind;
        m_onHeap = other.m_onHeap;
        m_size = other.m_size;
        m_value = other.m_value;
        other.m_kind = Kind::Empty;
        other.m_onHeap = false;
        other.m_size = 0;
    }
    return *this;
}

SortKey::~SortKey()
{
    release();
}

void SortKey::copyFrom(const SortKey &other)
{
    m_kind = other.m_kind;
    m_onHeap = other.m_onHeap;
    m_size = other.m_size;
    m_value = other.m_value;
    if (m_onHeap) {
        // Each key owns its bytes: a copy made on another thread (the keys of a page) then
        // leaves nothing of its own behind in that thread's heap.
        m_value.heap.bytes = new char[m_size];
        std::memcpy(m_value.heap.bytes, other.m_value.heap.bytes, m_size);
    }
}

void SortKey::release()
{
    if (m_onHeap)
        delete[] m_value.heap.bytes;
    m_onHeap = false;
}

SortKey SortKey::fromNumber(double number)
{
    SortKey key;
    key.m_kind = Kind::Number;
    key.m_value.number = number;
    return key;
}

SortKey SortKey::fromCollationKey(QByteArrayView bytes)
{
    SortKey key;
    if (bytes.isEmpty())
        return key;
    key.m_kind = Kind::Text;
    key.m_size = quint32(bytes.size());
    if (size_t(bytes.size()) <= inlineCapacity) {
        std::memset(key.m_value.bytes, 0, inlineCapacity);
        std::memcpy(key.m_value.bytes, bytes.data(), size_t(bytes.size()));
        return key;
    }
    key.m_onHeap = true;
    key.m_value.heap.bytes = new char[key.m_size];
    std::memcpy(key.m_value.heap.bytes, bytes.data(), key.m_size);
    key.m_value.heap.prefix = qFromBigEndian<quint64>(bytes.data());
    return key;
}

SortKey SortKey::fromText(const QString &text, const QCollator &collator)
{
    if (text.isEmpty())
        return SortKey();
    // In the C locale QCollator compares case-insensitively but its keys are the plain bytes:
    // fold the case here so that keys agree with compare().
    const bool plainBytes = collator.locale().language() == QLocale::C
        && collator.caseSensitivity() == Qt::CaseInsensitive;
    const QByteArray bytes = collationKey(plainBytes ? text.toCaseFolded() : text, collator);
    if (bytes.isEmpty()) {
        // A text of characters the collation ignores: a text still, before every other.
        SortKey key;
        key.m_kind = Kind::Text;
        return key;
    }
    return fromCollationKey(bytes);
}

SortKey SortKey::fromUtf8(QByteArrayView text, const QCollator &collator)
{
    // Where fromText() folds the case and keeps the bytes, an ASCII text's key is its bytes
    // in lower case: made without a QString, a table's load spent twice as long on its keys.
    if (collator.locale().language() == QLocale::C
        && collator.caseSensitivity() == Qt::CaseInsensitive && !text.isEmpty()) {
        QVarLengthArray<char, 128> folded(text.size());
        bool ascii = true;
        for (qsizetype i = 0; i < text.size() && ascii; ++i) {
            const char c = text[i];
            ascii = static_cast<unsigned char>(c) < 0x80;
            folded[i] = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
        }
        if (ascii)
            return fromCollationKey(QByteArrayView(folded.constData(), folded.size()));
    }
    return fromText(QString::fromUtf8(text), collator);
}

SortKey SortKey::forValue(const ObjectColumn &column, const QJsonValue &value,
                          const ValueFormatter &formatter, const QCollator &collator)
{
    if (value.isUndefined() || value.isNull())
        return SortKey();
    bool ok = false;
    const SortKey key = numericKey(column, value, &ok);
    return ok ? key : fromText(formatter.displayText(column, value), collator);
}

SortKey SortKey::forValue(const ObjectColumn &column, const QJsonValue &value,
                          const QString &displayText, const QCollator &collator)
{
    if (value.isUndefined() || value.isNull())
        return SortKey();
    bool ok = false;
    const SortKey key = numericKey(column, value, &ok);
    return ok ? key : fromText(displayText, collator);
}

SortKey SortKey::numericKey(const ObjectColumn &column, const QJsonValue &value, bool *ok)
{
    *ok = false;
    if (column.isReference())
        return SortKey();
    switch (column.type()) {
    case FieldType::Number:
    case FieldType::DayNumber: {
        const double number = ValueFormatter::toNumber(value, ok);
        return *ok ? fromNumber(number) : SortKey();
    }
    case FieldType::Date: {
        const QDateTime dateTime = ValueFormatter::parseDateTime(value);
        *ok = dateTime.isValid();
        return *ok ? fromNumber(double(dateTime.toMSecsSinceEpoch())) : SortKey();
    }
    case FieldType::Boolean: {
        const int state = ValueFormatter::checkState(value);
        *ok = state >= 0;
        return *ok ? fromNumber(state == Qt::Checked ? 1 : 0) : SortKey();
    }
    case FieldType::Text:
    case FieldType::ObjectId:
    case FieldType::Enum:
    case FieldType::List:
    case FieldType::Object:
        break;
    }
    return SortKey();
}

int SortKey::compare(const SortKey &other) const
{
    if (m_kind != other.m_kind)
        return m_kind < other.m_kind ? -1 : 1;
    switch (m_kind) {
    case Kind::Number:
        return m_value.number < other.m_value.number
            ? -1
            : (other.m_value.number < m_value.number ? 1 : 0);
    case Kind::Text: {
        const quint64 prefix = textPrefix();
        const quint64 otherPrefix = other.textPrefix();
        if (prefix != otherPrefix)
            return prefix < otherPrefix ? -1 : 1;
        const QByteArrayView text = textKey();
        const QByteArrayView otherText = other.textKey();
        const qsizetype common = qMin(text.size(), otherText.size());
        const int compared = common > 8
            ? std::memcmp(text.data() + 8, otherText.data() + 8, size_t(common - 8))
            : 0;
        if (compared != 0)
            return compared < 0 ? -1 : 1;
        return text.size() < otherText.size() ? -1 : (otherText.size() < text.size() ? 1 : 0);
    }
    case Kind::Empty:
        break;
    }
    return 0;
}

} // namespace Planhat
