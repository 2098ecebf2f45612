// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

namespace Planhat {

/// Compact JSON text appended straight to a byte array, for output written per row in bulk
/// (the import journal, bulk request bodies), where building a QJsonDocument per line costs
/// more than the rest of the work. The text is what QJsonDocument::toJson(Compact) writes
/// for the same value: keys in the object's order, UTF-8, the same escapes, whole numbers
/// without a fraction, other numbers in their shortest exact form, null for NaN/infinity.
namespace JsonBytes {

void appendString(QByteArray &out, QStringView text);
/// Whether appendString() escapes any character of `text`.
bool needsEscape(QStringView text);
/// The most bytes writeUtf8String() writes for `size` bytes of text.
constexpr qsizetype utf8StringBound(qsizetype size)
{
    return 6 * size + 2;
}
/// Writes `utf8` (valid UTF-8) as a JSON string at `out`, byte for byte what appendString()
/// writes for the same text; returns the end of what it wrote (at most utf8StringBound()).
char *writeUtf8String(char *out, QByteArrayView utf8);
/// Text known to be ASCII without characters JSON escapes (names, fixed words).
void appendAsciiString(QByteArray &out, QLatin1StringView text);
void appendInteger(QByteArray &out, qint64 value);
void appendValue(QByteArray &out, const QJsonValue &value);
void appendObject(QByteArray &out, const QJsonObject &object);
void appendArray(QByteArray &out, const QJsonArray &array);

} // namespace JsonBytes

} // namespace Planhat
