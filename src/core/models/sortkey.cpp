// SPDX-License-Identifier: MIT
#include "sortkey.h"

#include "collationkey.h"
#include "objectcolumn.h"
#include "valueformatter.h"

#include <QCollator>

#include <cstring>

namespace Planhat {

SortKey SortKey::fromNumber(double number)
{
    SortKey key;
    key.m_kind = Kind::Number;
    key.m_number = number;
    return key;
}

SortKey SortKey::fromText(const QString &text, const QCollator &collator)
{
    SortKey key;
    if (text.isEmpty())
        return key;
    key.m_kind = Kind::Text;
    // In the C locale QCollator compares case-insensitively but its keys are the plain bytes:
    // fold the case here so that keys agree with compare().
    const bool plainBytes = collator.locale().language() == QLocale::C
        && collator.caseSensitivity() == Qt::CaseInsensitive;
    key.m_text = collationKey(plainBytes ? text.toCaseFolded() : text, collator);
    for (qsizetype i = 0; i < 8; ++i) {
        key.m_prefix <<= 8;
        if (i < key.m_text.size())
            key.m_prefix |= quint8(key.m_text.at(i));
    }
    return key;
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
        return m_number < other.m_number ? -1 : (other.m_number < m_number ? 1 : 0);
    case Kind::Text: {
        if (m_prefix != other.m_prefix)
            return m_prefix < other.m_prefix ? -1 : 1;
        const qsizetype common = qMin(m_text.size(), other.m_text.size());
        const int compared = common > 8
            ? std::memcmp(m_text.constData() + 8, other.m_text.constData() + 8, size_t(common - 8))
            : 0;
        if (compared != 0)
            return compared < 0 ? -1 : 1;
        return m_text.size() < other.m_text.size() ? -1
                                                   : (other.m_text.size() < m_text.size() ? 1 : 0);
    }
    case Kind::Empty:
        break;
    }
    return 0;
}

} // namespace Planhat
