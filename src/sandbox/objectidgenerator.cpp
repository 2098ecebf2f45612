// SPDX-License-Identifier: MIT
#include "objectidgenerator.h"

#include <cstring>

namespace Planhat::Sandbox {

namespace {

// 2024-01-15T08:45:52Z: the "creation second" of every generated id. A real ObjectId
// starts with its creation time; a fixed one keeps ids identical from run to run.
const QLatin1String epochPrefix("65a4f0c0");

constexpr int counterDigits = 16;

} // namespace

QString ObjectIdGenerator::next()
{
    // Written digit by digit: QString::arg() was a visible part of seeding a million objects.
    static constexpr char digits[] = "0123456789abcdef";
    char text[8 + counterDigits];
    std::memcpy(text, epochPrefix.data(), 8);
    quint64 value = m_counter++;
    for (int i = counterDigits - 1; i >= 0; --i) {
        text[8 + i] = digits[value & 0xf];
        value >>= 4;
    }
    return QString::fromLatin1(text, sizeof text);
}

void ObjectIdGenerator::reserve(const QString &existingId)
{
    const quint64 used = counterOf(existingId);
    if (used >= m_counter)
        m_counter = used + 1;
}

quint64 ObjectIdGenerator::counterOf(const QString &id)
{
    if (id.size() != epochPrefix.size() + counterDigits || !id.startsWith(epochPrefix))
        return 0;
    bool ok = false;
    const quint64 value = QStringView(id).mid(epochPrefix.size()).toULongLong(&ok, 16);
    return ok ? value : 0;
}

} // namespace Planhat::Sandbox
