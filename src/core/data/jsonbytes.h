// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
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
/// Text known to be ASCII without characters JSON escapes (names, fixed words).
void appendAsciiString(QByteArray &out, QLatin1StringView text);
void appendInteger(QByteArray &out, qint64 value);
void appendValue(QByteArray &out, const QJsonValue &value);
void appendObject(QByteArray &out, const QJsonObject &object);
void appendArray(QByteArray &out, const QJsonArray &array);

} // namespace JsonBytes

} // namespace Planhat
