// SPDX-License-Identifier: MIT
#include "textkeys.h"

#include "objectcolumn.h"
#include "recordstore.h"

#include <QCollator>

#include <algorithm>

namespace Planhat {

TextKeys::TextKeys(const QLocale &locale)
    : m_locale(locale)
{ }

bool TextKeys::appliesTo(const ObjectColumn &column)
{
    if (column.isReference())
        return false;
    // SortKey::forValue() sorts a string of these types by ValueFormatter::plainText(), the
    // string itself.
    switch (column.type()) {
    case FieldType::Text:
    case FieldType::ObjectId:
    case FieldType::Enum:
    case FieldType::List:
        return true;
    case FieldType::Number:
    case FieldType::DayNumber:
    case FieldType::Date:
    case FieldType::Boolean:
    case FieldType::Object:
        break;
    }
    return false;
}

void TextKeys::setUpCollator(QCollator *collator)
{
    collator->setNumericMode(true);
    collator->setCaseSensitivity(Qt::CaseInsensitive);
}

void TextKeys::compute(const RecordStore &store, int column)
{
    QCollator collator(m_locale);
    setUpCollator(&collator);
    const size_t count = store.stringCount(column);
    m_keys.clear();
    m_keys.append(count, [&](size_t id) {
        return SortKey::fromUtf8(store.utf8(column, quint32(id)), collator);
    });
    m_known.clear();
    m_known.resize(count, true);
}

void TextKeys::merge(const TextKeys &block, const std::vector<quint32> &stringMap)
{
    const size_t count = std::min(stringMap.size(), block.m_keys.size());
    size_t size = m_keys.size();
    for (size_t id = 0; id < count; ++id)
        size = std::max(size, size_t(stringMap[id]) + 1);
    m_keys.resize(size);
    m_known.resize(size, false);
    for (size_t id = 0; id < count; ++id) {
        const quint32 to = stringMap[id];
        if (block.m_known[id] && !m_known[to]) {
            m_keys.set(to, block.m_keys[id]);
            m_known.set(to, true);
        }
    }
}

void TextKeys::clear()
{
    m_keys.clear();
    m_known.clear();
}

} // namespace Planhat
