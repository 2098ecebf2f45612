// SPDX-License-Identifier: MIT
#include "flatimagetext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Planhat::FlatImageText {

namespace {

/// The end of the string whose opening quote is at `at` - 1: the index of its closing quote.
qsizetype stringEnd(QByteArrayView text, qsizetype at)
{
    while (at < text.size() && text.at(at) != '"')
        at += text.at(at) == '\\' ? 2 : 1;
    return at;
}

/// Calls `visit(key, member)` for each member of `text` until it returns true.
template<typename Visit>
void forEachMember(QByteArrayView text, Visit visit)
{
    qsizetype at = 1; // past '{'
    while (at < text.size() && text.at(at) == '"') {
        const qsizetype keyEnd = stringEnd(text, at + 1);
        const QByteArrayView key = text.sliced(at + 1, keyEnd - at - 1);
        at = keyEnd + 2; // past '"' and ':'
        if (at >= text.size())
            return;
        Member member;
        switch (text.at(at)) {
        case '"': {
            const qsizetype end = stringEnd(text, at + 1);
            member = {Member::Kind::String, text.sliced(at + 1, end - at - 1)};
            at = end + 1;
            break;
        }
        case 't':
            member.kind = Member::Kind::True;
            at += 4;
            break;
        case 'f':
            member.kind = Member::Kind::False;
            at += 5;
            break;
        default:
            member.kind = Member::Kind::Null;
            at += 4;
            break;
        }
        if (visit(key, member))
            return;
        ++at; // past ',' (or the closing '}')
    }
}

} // namespace

Member find(QByteArrayView text, QByteArrayView key)
{
    Member found;
    forEachMember(text, [&](QByteArrayView name, const Member &member) {
        if (name != key)
            return false;
        found = member;
        return true;
    });
    return found;
}

qsizetype memberCount(QByteArrayView text)
{
    qsizetype count = 0;
    forEachMember(text, [&count](QByteArrayView, const Member &) {
        ++count;
        return false;
    });
    return count;
}

QString stringOf(const Member &member)
{
    const QByteArrayView raw = member.raw;
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    // Escapes are rare (quotes, backslashes, control characters): Qt's reader decodes them.
    const QByteArray array = "[\"" + raw.toByteArray() + "\"]";
    return QJsonDocument::fromJson(array).array().at(0).toString();
}

QJsonValue valueOf(const Member &member)
{
    switch (member.kind) {
    case Member::Kind::Missing:
        return QJsonValue(QJsonValue::Undefined);
    case Member::Kind::String:
        return stringOf(member);
    case Member::Kind::True:
        return true;
    case Member::Kind::False:
        return false;
    case Member::Kind::Null:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace Planhat::FlatImageText
