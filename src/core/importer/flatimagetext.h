// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

namespace Planhat {

/// Reads a before-image kept as text (ExistingRecord::imageText, written by
/// ExistingRowReader): one JSON object whose members, in key order, hold strings, booleans
/// and nulls, with strings escaped as JsonBytes escapes them. Lets an import compare a row
/// with the tenant's values and journal them without a QJsonObject per matched object.
/// Only for that text: it is not a JSON parser.
namespace FlatImageText {

struct Member
{
    enum class Kind { Missing, String, True, False, Null };
    Kind kind = Kind::Missing;
    /// A string's bytes between its quotes, escapes as written.
    QByteArrayView raw;
};

/// The member named `key` (UTF-8, written without escapes), or a Missing one.
Member find(QByteArrayView text, QByteArrayView key);
/// How many members `text` has.
qsizetype memberCount(QByteArrayView text);
/// A String member's text, unescaped.
QString stringOf(const Member &member);
/// What QJsonDocument reads for the member (undefined when missing).
QJsonValue valueOf(const Member &member);

} // namespace FlatImageText

} // namespace Planhat
