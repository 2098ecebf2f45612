// SPDX-License-Identifier: MIT
#include "textkeys.h"

#include "objectcolumn.h"
#include "recordstore.h"

#include <QCollator>

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
    m_keys.resize(count);
    m_known.assign(count, true);
    for (quint32 id = 0; id < count; ++id)
        m_keys[id] = SortKey::fromText(store.string(column, id), collator);
}

void TextKeys::merge(const TextKeys &block, const std::vector<quint32> &stringMap)
{
    for (size_t id = 0; id < stringMap.size() && id < block.m_keys.size(); ++id) {
        if (!block.m_known[id])
            continue;
        const quint32 to = stringMap[id];
        if (to >= m_keys.size()) {
            m_keys.resize(size_t(to) + 1);
            m_known.resize(size_t(to) + 1, false);
        }
        if (!m_known[to]) {
            m_keys[to] = block.m_keys[id];
            m_known[to] = true;
        }
    }
}

void TextKeys::clear()
{
    m_keys = {};
    m_known = {};
}

} // namespace Planhat
