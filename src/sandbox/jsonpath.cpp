// SPDX-License-Identifier: MIT
#include "jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Planhat::Sandbox::JsonPath {

namespace {

int typeRank(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return 0;
    case QJsonValue::Double:
        return 1;
    case QJsonValue::String:
        return 2;
    case QJsonValue::Object:
        return 3;
    case QJsonValue::Array:
        return 4;
    case QJsonValue::Bool:
        return 5;
    }
    return 0;
}

void insertPath(QJsonObject *target, const QJsonObject &source, const QString &path)
{
    if (source.contains(path)) {
        target->insert(path, source.value(path));
        return;
    }
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return;
    const QString head = path.left(dot);
    const QJsonValue child = source.value(head);
    if (!child.isObject())
        return;
    QJsonObject nested = target->value(head).toObject();
    insertPath(&nested, child.toObject(), path.mid(dot + 1));
    if (!nested.isEmpty())
        target->insert(head, nested);
}

/// Whether `text` is printable ASCII without quote or backslash: written in JSON as it is.
bool isPlainText(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
    });
}

/// Reads the members of one JSON object in text form, as raw key and value bytes.
class MemberScanner
{
public:
    /// `json` must start (after blanks) with '{'.
    explicit MemberScanner(QByteArrayView json)
        : m_json(json)
    {
        skipBlanks();
        if (m_pos < m_json.size() && m_json[m_pos] == '{')
            ++m_pos;
        else
            m_pos = m_json.size();
    }

    /// The next member; false at the end of the object (or on malformed text).
    bool next(QByteArrayView *key, QByteArrayView *value)
    {
        skipBlanks();
        if (m_pos < m_json.size() && m_json[m_pos] == ',')
            ++m_pos;
        skipBlanks();
        if (m_pos >= m_json.size() || m_json[m_pos] != '"')
            return false;
        const qsizetype keyStart = m_pos;
        if (!skipString())
            return false;
        *key = m_json.sliced(keyStart, m_pos - keyStart);
        skipBlanks();
        if (m_pos >= m_json.size() || m_json[m_pos] != ':')
            return false;
        ++m_pos;
        skipBlanks();
        const qsizetype valueStart = m_pos;
        if (!skipValue())
            return false;
        *value = m_json.sliced(valueStart, m_pos - valueStart);
        return true;
    }

private:
    void skipBlanks()
    {
        while (m_pos < m_json.size()
               && (m_json[m_pos] == ' ' || m_json[m_pos] == '\n' || m_json[m_pos] == '\r'
                   || m_json[m_pos] == '\t'))
            ++m_pos;
    }
    bool skipString()
    {
        // Strings are most of an object's bytes: eight at a time while none is a quote or
        // a backslash.
        constexpr quint64 ones = 0x0101010101010101ULL;
        constexpr quint64 highs = 0x8080808080808080ULL;
        const auto hasByte = [](quint64 word, unsigned char byte) {
            const quint64 x = word ^ (ones * byte);
            return ((x - ones) & ~x & highs) != 0;
        };
        const char *data = m_json.data();
        const qsizetype size = m_json.size();
        ++m_pos; // the opening quote
        while (m_pos < size) {
            if (m_pos + 8 <= size) {
                quint64 word;
                std::memcpy(&word, data + m_pos, 8);
                if (!hasByte(word, '"') && !hasByte(word, '\\')) {
                    m_pos += 8;
                    continue;
                }
            }
            const char c = data[m_pos++];
            if (c == '\\')
                ++m_pos;
            else if (c == '"')
                return true;
        }
        return false;
    }
    bool skipValue()
    {
        int depth = 0;
        while (m_pos < m_json.size()) {
            const char c = m_json[m_pos];
            if (c == '"') {
                if (!skipString())
                    return false;
                if (depth == 0)
                    return true;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    return true; // the end of the enclosing object: a scalar ended
                if (--depth == 0) {
                    ++m_pos;
                    return true;
                }
            } else if (c == ',' && depth == 0) {
                return true;
            }
            ++m_pos;
        }
        return depth == 0;
    }

    QByteArrayView m_json;
    qsizetype m_pos = 0;
};

/// A member key in the form paths are compared in: the raw bytes between the quotes, or the
/// decoded text's UTF-8 when the key has escapes (then kept in `storage`).
QByteArrayView keyText(QByteArrayView rawKey, QByteArray *storage)
{
    const QByteArrayView inner = rawKey.sliced(1, rawKey.size() - 2);
    if (!inner.contains('\\'))
        return inner;
    const QByteArray wrapped = '[' + rawKey.toByteArray() + ']';
    *storage = QJsonDocument::fromJson(wrapped).array().at(0).toString().toUtf8();
    return *storage;
}

bool equalKey(QByteArrayView rawKey, QByteArrayView name)
{
    QByteArray storage;
    return keyText(rawKey, &storage) == name;
}

/// Appends the members of `json` that `paths` (UTF-8) select, as insertPath() would pick
/// them; returns the number of members written.
int appendSelected(QByteArray *out, QByteArrayView json, const QList<QByteArray> &paths,
                   bool withId)
{
    // A path with a dot names a top-level key when the object has that key, else a level:
    // only then are the keys looked at first.
    QVarLengthArray<QByteArrayView, 8> whole;
    QVarLengthArray<QPair<QByteArrayView, QByteArrayView>, 8> nested; // head, rest
    if (withId)
        whole.append("_id");
    for (const QByteArray &path : paths) {
        const qsizetype dot = path.indexOf('.');
        if (dot <= 0) {
            whole.append(path);
            continue;
        }
        // Most objects do not hold the dotted path's bytes at all: then it is no key of
        // theirs (a key needing escapes is looked for member by member).
        const bool plain = std::none_of(path.begin(), path.end(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
        bool isKey = false;
        if (!plain || json.contains(QByteArrayView(path))) {
            MemberScanner scanner(json);
            QByteArrayView key, value;
            while (!isKey && scanner.next(&key, &value))
                isKey = equalKey(key, path);
        }
        if (isKey)
            whole.append(path);
        else
            nested.append({QByteArrayView(path).first(dot), QByteArrayView(path).sliced(dot + 1)});
    }
    // Paths may repeat ("_id" among them): count each wanted key once, to stop scanning
    // when every one was seen.
    qsizetype wanted = 0;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        if (std::find(whole.begin(), whole.begin() + i, whole[i]) == whole.begin() + i)
            ++wanted;
    }
    int written = 0;
    qsizetype seen = 0;
    MemberScanner scanner(json);
    QByteArrayView key, value;
    QByteArray storage;
    QList<QByteArray> rests;
    while ((seen < wanted || !nested.isEmpty()) && scanner.next(&key, &value)) {
        const QByteArrayView name = keyText(key, &storage);
        const auto write = [&](QByteArrayView bytes) {
            if (written++ > 0)
                *out += ',';
            *out += key;
            *out += ':';
            *out += bytes;
        };
        if (std::find(whole.begin(), whole.end(), name) != whole.end()) {
            write(value);
            ++seen;
            continue;
        }
        if (nested.isEmpty() || value.isEmpty() || value.front() != '{')
            continue;
        rests.clear();
        for (const auto &entry : std::as_const(nested)) {
            if (entry.first == name)
                rests.append(entry.second.toByteArray());
        }
        if (rests.isEmpty())
            continue;
        QByteArray inner;
        if (appendSelected(&inner, value, rests, false) > 0)
            write(QByteArray('{' + inner + '}'));
    }
    return written;
}

} // namespace

QByteArray selectCompact(QByteArrayView json, const QStringList &paths)
{
    QList<QByteArray> utf8Paths;
    utf8Paths.reserve(paths.size());
    for (const QString &path : paths)
        utf8Paths.append(path.toUtf8());
    return selectCompact(json, utf8Paths);
}

QByteArray selectCompact(QByteArrayView json, const QList<QByteArray> &utf8Paths)
{
    QByteArray out;
    out.reserve(128);
    appendSelectCompact(&out, json, utf8Paths);
    return out;
}

void appendSelectCompact(QByteArray *out, QByteArrayView json, const QList<QByteArray> &utf8Paths)
{
    *out += '{';
    appendSelected(out, json, utf8Paths, true);
    *out += '}';
}

void Nesting::add(qsizetype start, qsizetype end)
{
    if (count < 0)
        return;
    if (count == maxRanges || end > 0xffff) {
        count = -1;
        return;
    }
    bounds[size_t(2 * count)] = quint16(start);
    bounds[size_t(2 * count + 1)] = quint16(end);
    ++count;
}

Nesting Nesting::of(QByteArrayView json)
{
    Nesting nesting;
    if (json.size() > 0xffff)
        return nesting;
    int count = 0;
    MemberScanner scanner(json);
    QByteArrayView key, value;
    while (scanner.next(&key, &value)) {
        if (value.isEmpty() || (value.front() != '{' && value.front() != '['))
            continue;
        if (count == maxRanges)
            return nesting;
        const qsizetype start = value.data() - json.data();
        nesting.bounds[size_t(2 * count)] = quint16(start);
        nesting.bounds[size_t(2 * count + 1)] = quint16(start + value.size());
        ++count;
    }
    nesting.count = qint8(count);
    return nesting;
}

namespace {

/// A top-level member found by byte search.
struct Found
{
    qsizetype keyAt; ///< offset of the key's opening quote
    qsizetype valueAt;
    qsizetype valueEnd;
    QByteArrayView head; ///< for a nested path: its first level; else empty
};

/// Where `"key":` first occurs in `text` at or after `from`, or -1. With SSE2, 16 places
/// are tried in one step by their first two bytes and their last (`"`, the key's first byte,
/// `:`), and only those that match are compared whole: in JSON, where quotes and key bytes
/// are everywhere, that rules out nearly every place at once (glibc's memmem, set up anew
/// for every search, took most of a `select`).
qsizetype findKeyText(QByteArrayView text, qsizetype from, QByteArrayView key)
{
    const qsizetype patternSize = key.size() + 3;
    const char *data = text.data();
    const qsizetype size = text.size();
    const auto matchesAt = [&](qsizetype at) {
        return data[at] == '"' && data[at + key.size() + 1] == '"'
            && data[at + key.size() + 2] == ':'
            && std::memcmp(data + at + 1, key.data(), size_t(key.size())) == 0;
    };
    qsizetype pos = std::max<qsizetype>(from, 0);
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i firstByte = _mm_set1_epi8(key.isEmpty() ? '"' : key.front());
    const __m128i colon = _mm_set1_epi8(':');
    // Each step looks at the 16 places pos..pos+15: it reads up to pos + patternSize + 14.
    while (!key.isEmpty() && pos + patternSize + 15 <= size) {
        const auto load = [data](qsizetype at) {
            return _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + at));
        };
        const __m128i candidates
            = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(load(pos), quote),
                                          _mm_cmpeq_epi8(load(pos + 1), firstByte)),
                            _mm_cmpeq_epi8(load(pos + patternSize - 1), colon));
        auto mask = unsigned(_mm_movemask_epi8(candidates));
        while (mask != 0) {
            const qsizetype at = pos + qsizetype(__builtin_ctz(mask));
            if (matchesAt(at))
                return at;
            mask &= mask - 1;
        }
        pos += 16;
    }
#endif
    for (; pos + patternSize <= size; ++pos) {
        if (matchesAt(pos))
            return pos;
    }
    return -1;
}

/// The member whose key (`keySize` bytes, plain) has its opening quote at `at` of compact
/// object `json`: where its value starts and ends. False when the text ends too early.
bool memberAt(QByteArrayView json, const Nesting &nesting, qsizetype at, qsizetype keySize,
              Found *found)
{
    const qsizetype valueAt = at + keySize + 3; // `"key":`
    if (valueAt >= json.size())
        return false;
    qsizetype valueEnd = -1;
    const char first = json[valueAt];
    if (first == '{' || first == '[') {
        for (int i = 0; i < nesting.count; ++i) {
            if (nesting.bounds[size_t(2 * i)] == valueAt)
                valueEnd = nesting.bounds[size_t(2 * i + 1)];
        }
    } else if (first == '"') {
        // The first quote after it that no odd run of backslashes escapes.
        qsizetype pos = valueAt + 1;
        while (true) {
            const void *quote = std::memchr(json.data() + pos, '"', size_t(json.size() - pos));
            if (!quote)
                return false;
            const qsizetype quoteAt = static_cast<const char *>(quote) - json.data();
            qsizetype backslashes = 0;
            while (json[quoteAt - 1 - backslashes] == '\\')
                ++backslashes;
            pos = quoteAt + 1;
            if (backslashes % 2 == 0)
                break;
        }
        valueEnd = pos;
    } else {
        qsizetype pos = valueAt;
        while (pos < json.size() && json[pos] != ',' && json[pos] != '}')
            ++pos;
        valueEnd = pos;
    }
    if (valueEnd < 0 || valueEnd > json.size())
        return false;
    *found = {at, valueAt, valueEnd, QByteArrayView()};
    return true;
}

/// The top-level member `key` (plain UTF-8) of compact object `json`, by byte search: in
/// compact JSON, `"key":` can only be a key (a quote inside a string is escaped, and a
/// closing quote is followed by `,` `:` `}` or `]`), and it is at the top level when it
/// lies in no nested value.
bool findTopLevel(QByteArrayView json, const Nesting &nesting, QByteArrayView key, Found *found,
                  qsizetype from = 1)
{
    while (true) {
        const qsizetype at = findKeyText(json, from, key);
        if (at < 0)
            return false;
        // A key's quote follows '{' or ','; anywhere else the hit is an escaped quote in a
        // string or key (`"a\"name":` holds `"name":`).
        if (json[at - 1] != '{' && json[at - 1] != ',') {
            from = at + 1;
            continue;
        }
        qsizetype inside = -1;
        for (int i = 0; i < nesting.count; ++i) {
            if (at >= nesting.bounds[size_t(2 * i)] && at < nesting.bounds[size_t(2 * i + 1)]) {
                inside = nesting.bounds[size_t(2 * i + 1)];
                break;
            }
        }
        if (inside >= 0) {
            from = inside;
            continue;
        }
        return memberAt(json, nesting, at, key.size(), found);
    }
}

/// findTopLevel() for each of `keys`: `found[k]` gets the first top-level member of
/// `keys[k]` (plain UTF-8), or keyAt -1 when there is none.
void findTopLevel(QByteArrayView json, const Nesting &nesting,
                  const QVarLengthArray<QByteArrayView, 16> &keys,
                  QVarLengthArray<Found, 16> *found)
{
    found->resize(keys.size());
    for (qsizetype k = 0; k < keys.size(); ++k) {
        if (!findTopLevel(json, nesting, keys[k], &(*found)[k]))
            (*found)[k].keyAt = -1;
    }
}

/// The nested part of appendSelectCompact() by byte search, for the common case: `object`
/// (compact) holds no object or array, and every key in `keys` is plain and dotless. Then
/// the member `rawKey` with just those keys, in the object's order, is appended (nothing
/// when it has none of them) and `*written` counts it. False, with nothing appended, when
/// the case does not apply: appendSelected() decides then.
bool appendFlatSelected(QByteArray *out, QByteArrayView rawKey, QByteArrayView object,
                        const QVarLengthArray<QByteArrayView, 16> &keys, int *written)
{
    if (object.size() < 2 || object.front() != '{')
        return false;
    const QByteArrayView inside = object.sliced(1);
    if (inside.contains('{') || inside.contains('['))
        return false;
    for (const QByteArrayView key : keys) {
        if (key.isEmpty() || key.contains('.') || !isPlainText(key))
            return false;
    }
    // With nothing nested, every `"key":` found is one of the object's own members.
    const Nesting flat {{}, 0};
    QVarLengthArray<Found, 16> foundKeys;
    findTopLevel(object, flat, keys, &foundKeys);
    QVarLengthArray<Found, 16> members;
    for (const Found &found : std::as_const(foundKeys)) {
        const bool known = std::any_of(members.begin(), members.end(), [&](const Found &member) {
            return member.keyAt == found.keyAt;
        });
        if (found.keyAt >= 0 && !known)
            members.append(found);
    }
    if (members.isEmpty())
        return true;
    std::sort(members.begin(), members.end(),
              [](const Found &a, const Found &b) { return a.keyAt < b.keyAt; });
    if ((*written)++ > 0)
        *out += ',';
    *out += rawKey;
    *out += ":{";
    bool first = true;
    for (const Found &member : std::as_const(members)) {
        if (!first)
            *out += ',';
        first = false;
        *out += object.sliced(member.keyAt, member.valueEnd - member.keyAt);
    }
    *out += '}';
    return true;
}

} // namespace

QByteArrayView rawMember(QByteArrayView json, const Nesting &nesting, QByteArrayView key)
{
    const bool plain = !key.isEmpty() && isPlainText(key);
    if (!plain || nesting.count < 0 || json.size() < 2 || json.front() != '{')
        return rawMember(json, key);
    Found found;
    if (!findTopLevel(json, nesting, key, &found))
        return QByteArrayView();
    return json.sliced(found.valueAt, found.valueEnd - found.valueAt);
}

QJsonValue valueInCompact(QByteArrayView json, const Nesting &nesting, QByteArrayView utf8Path,
                          const QString &path)
{
    const bool plain = !utf8Path.isEmpty() && !utf8Path.contains('.')
        && std::none_of(utf8Path.begin(), utf8Path.end(), [](char c) {
               const auto byte = static_cast<unsigned char>(c);
               return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
           });
    if (!plain || nesting.count < 0 || json.size() < 2 || json.front() != '{')
        return valueInCompact(json, path);
    Found found;
    if (!findTopLevel(json, nesting, utf8Path, &found))
        return QJsonValue(QJsonValue::Undefined);
    return decodeCompact(json.sliced(found.valueAt, found.valueEnd - found.valueAt));
}

/// What SelectPaths prepares: each path's key and, for a dotted path, its first level and
/// the rest (views into utf8Paths).
struct SelectPaths::Prepared
{
    struct Path
    {
        QByteArrayView whole;
        QByteArrayView head; ///< dotted paths only
        QByteArrayView rest; ///< dotted paths only
    };
    QList<QByteArray> utf8Paths;
    /// Every path can be found by byte search (plain, printable ASCII without quotes).
    bool searchable = false;
    std::vector<Path> paths;
};

SelectPaths::SelectPaths(const QList<QByteArray> &utf8Paths)
    : m_prepared(std::make_unique<Prepared>())
{
    m_prepared->utf8Paths = utf8Paths;
    const auto isPlain = [](QByteArrayView path) {
        return !path.isEmpty() && std::none_of(path.begin(), path.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
        });
    };
    const QList<QByteArray> &paths = m_prepared->utf8Paths;
    m_prepared->searchable = std::all_of(paths.begin(), paths.end(), isPlain);
    for (const QByteArray &path : paths) {
        const QByteArrayView whole(path);
        const qsizetype dot = path.indexOf('.');
        if (dot > 0)
            m_prepared->paths.push_back({whole, whole.first(dot), whole.sliced(dot + 1)});
        else
            m_prepared->paths.push_back({whole, {}, {}});
    }
}

SelectPaths::~SelectPaths() = default;

void appendSelectCompact(QByteArray *out, QByteArrayView json, const Nesting &nesting,
                         const QList<QByteArray> &utf8Paths)
{
    appendSelectCompact(out, json, nesting, SelectPaths(utf8Paths));
}

void appendSelectCompact(QByteArray *out, QByteArrayView json, const Nesting &nesting,
                         const SelectPaths &paths)
{
    const SelectPaths::Prepared &prepared = *paths.m_prepared;
    const bool searchable
        = prepared.searchable && nesting.count >= 0 && json.size() >= 2 && json.front() == '{';
    if (!searchable) {
        appendSelectCompact(out, json, prepared.utf8Paths);
        return;
    }
    // Every key looked for, found in one pass: "_id", each path whole and, for dotted
    // paths, their first level.
    QVarLengthArray<QByteArrayView, 16> keys {"_id"};
    for (const SelectPaths::Prepared::Path &path : prepared.paths) {
        keys.append(path.whole);
        if (!path.head.isEmpty())
            keys.append(path.head);
    }
    QVarLengthArray<Found, 16> foundKeys;
    findTopLevel(json, nesting, keys, &foundKeys);

    // As appendSelected(): whole keys and, for dotted paths the object has no key for,
    // their first level; written in the object's order.
    QVarLengthArray<Found, 8> members;
    const auto addWhole = [&](const Found &found) {
        if (found.keyAt < 0)
            return;
        for (Found &member : members) {
            if (member.keyAt == found.keyAt) {
                member.head = QByteArrayView(); // selected whole after all
                return;
            }
        }
        members.append(found);
    };
    addWhole(foundKeys[0]);
    QVarLengthArray<QPair<QByteArrayView, QByteArrayView>, 8> nested; // head, rest
    qsizetype next = 1; // the found key of the path at hand
    for (const SelectPaths::Prepared::Path &path : prepared.paths) {
        const Found &whole = foundKeys[next++];
        if (path.head.isEmpty() || whole.keyAt >= 0) {
            addWhole(whole);
            next += path.head.isEmpty() ? 0 : 1;
            continue;
        }
        Found found = foundKeys[next++];
        nested.append({path.head, path.rest});
        if (found.keyAt < 0 || json[found.valueAt] != '{')
            continue;
        bool known = false;
        for (const Found &member : std::as_const(members))
            known = known || member.keyAt == found.keyAt;
        if (!known) {
            found.head = path.head;
            members.append(found);
        }
    }
    std::sort(members.begin(), members.end(),
              [](const Found &a, const Found &b) { return a.keyAt < b.keyAt; });
    *out += '{';
    int written = 0;
    QList<QByteArray> rests;
    for (const Found &member : std::as_const(members)) {
        const QByteArrayView rawKey = json.sliced(member.keyAt, member.valueAt - 1 - member.keyAt);
        const QByteArrayView value = json.sliced(member.valueAt, member.valueEnd - member.valueAt);
        if (member.head.isEmpty()) {
            if (written++ > 0)
                *out += ',';
            *out += json.sliced(member.keyAt, member.valueEnd - member.keyAt); // "key":value
            continue;
        }
        QVarLengthArray<QByteArrayView, 16> restViews;
        for (const auto &entry : std::as_const(nested)) {
            if (entry.first == member.head)
                restViews.append(entry.second);
        }
        if (appendFlatSelected(out, rawKey, value, restViews, &written))
            continue;
        rests.clear();
        for (const QByteArrayView rest : std::as_const(restViews))
            rests.append(rest.toByteArray());
        QByteArray inner;
        if (appendSelected(&inner, value, rests, false) > 0) {
            if (written++ > 0)
                *out += ',';
            *out += rawKey;
            *out += ":{";
            *out += inner;
            *out += '}';
        }
    }
    *out += '}';
}

QJsonValue valueInCompact(QByteArrayView json, const QString &path)
{
    const QByteArray name = path.toUtf8();
    const QByteArrayView nameView(name);
    QByteArrayView found;
    bool hasHead = false;
    QByteArrayView head;
    const qsizetype dot = name.indexOf('.');
    MemberScanner scanner(json);
    QByteArrayView key, value;
    while (scanner.next(&key, &value)) {
        if (equalKey(key, name)) {
            found = value;
            break;
        }
        if (dot > 0 && equalKey(key, nameView.first(dot))) {
            head = value;
            hasHead = true;
        }
    }
    if (found.isNull()) {
        if (!hasHead || head.isEmpty() || head.front() != '{')
            return QJsonValue(QJsonValue::Undefined);
        return valueInCompact(head, path.mid(path.indexOf(QLatin1Char('.')) + 1));
    }
    return decodeCompact(found);
}

QJsonValue value(const QJsonObject &object, const QString &path)
{
    const auto it = object.constFind(path);
    if (it != object.constEnd())
        return it.value();
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return QJsonValue(QJsonValue::Undefined);
    const QJsonValue child = object.value(path.left(dot));
    if (!child.isObject())
        return QJsonValue(QJsonValue::Undefined);
    return value(child.toObject(), path.mid(dot + 1));
}

QJsonObject select(const QJsonObject &object, const QStringList &paths)
{
    QJsonObject result;
    const QString idKey = QStringLiteral("_id");
    if (object.contains(idKey))
        result.insert(idKey, object.value(idKey));
    for (const QString &path : paths)
        insertPath(&result, object, path);
    return result;
}

int compare(const QJsonValue &left, const QJsonValue &right)
{
    const int leftRank = typeRank(left);
    const int rightRank = typeRank(right);
    if (leftRank != rightRank)
        return leftRank < rightRank ? -1 : 1;
    switch (left.type()) {
    case QJsonValue::Double: {
        const double a = left.toDouble();
        const double b = right.toDouble();
        return a < b ? -1 : (b < a ? 1 : 0);
    }
    case QJsonValue::String:
        return left.toString().compare(right.toString());
    case QJsonValue::Bool:
        return int(left.toBool()) - int(right.toBool());
    case QJsonValue::Array: {
        const QJsonArray a = left.toArray();
        const QJsonArray b = right.toArray();
        const qsizetype common = std::min(a.size(), b.size());
        for (qsizetype i = 0; i < common; ++i) {
            if (const int result = compare(a.at(i), b.at(i)))
                return result;
        }
        return a.size() < b.size() ? -1 : (b.size() < a.size() ? 1 : 0);
    }
    default:
        return 0;
    }
}

QString toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::floor(number) && std::abs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    default:
        return QString();
    }
}

bool matchesText(const QJsonValue &value, const QString &text)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&text](const QJsonValue &element) { return toText(element) == text; });
    }
    if (value.isUndefined() || value.isNull())
        return text.isEmpty();
    return toText(value) == text;
}

QByteArray encodeCompact(const QString &text)
{
    // Printable ASCII other than quote and backslash is written as it is.
    const qsizetype size = text.size();
    QByteArray out(size + 2, Qt::Uninitialized);
    char *data = out.data();
    data[0] = '"';
    const QChar *units = text.constData();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = units[i].unicode();
        if (unit < 0x20 || unit > 0x7e || unit == u'"' || unit == u'\\') {
            const QByteArray wrapped
                = QJsonDocument(QJsonArray {QJsonValue(text)}).toJson(QJsonDocument::Compact);
            return wrapped.sliced(1, wrapped.size() - 2);
        }
        data[i + 1] = char(unit);
    }
    data[size + 1] = '"';
    return out;
}

void appendCompact(QByteArray *out, const QString &text)
{
    const qsizetype size = text.size();
    const QChar *units = text.constData();
    const qsizetype at = out->size();
    out->resize(at + size + 2);
    char *data = out->data() + at;
    data[0] = '"';
    // Checked while copied (one pass: a bulk answer writes three keys a row).
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t code = units[i].unicode();
        if (code < 0x20 || code > 0x7e || code == u'"' || code == u'\\') {
            out->resize(at);
            *out += encodeCompact(text);
            return;
        }
        data[i + 1] = char(code);
    }
    data[size + 1] = '"';
}

QByteArray encodeCompact(QByteArrayView utf8)
{
    const bool plain = std::none_of(utf8.begin(), utf8.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
    });
    if (!plain)
        return encodeCompact(QString::fromUtf8(utf8));
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    out += utf8;
    out += '"';
    return out;
}

QByteArray encodeCompact(const QJsonValue &value)
{
    if (value.isString())
        return encodeCompact(value.toString());
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.sliced(1, wrapped.size() - 2);
}

namespace {

int compareUtf8(QByteArrayView left, QByteArrayView right)
{
    const auto *a = reinterpret_cast<const unsigned char *>(left.data());
    const auto *b = reinterpret_cast<const unsigned char *>(right.data());
    const qsizetype common = std::min(left.size(), right.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (a[i] == b[i])
            continue;
        if (a[i] < 0x80 && b[i] < 0x80)
            return a[i] < b[i] ? -1 : 1;
        // QJsonObject orders keys as QStrings (UTF-16 code units), which differs from
        // UTF-8 byte order past U+FFFF.
        return QString::fromUtf8(left).compare(QString::fromUtf8(right)) < 0 ? -1 : 1;
    }
    return left.size() < right.size() ? -1 : (left.size() > right.size() ? 1 : 0);
}

} // namespace

namespace {

bool isPlainKey(QByteArrayView key)
{
    return std::none_of(key.begin(), key.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte > 0x7e || c == '"' || c == '\\';
    });
}

/// Appends to a QByteArray through a plain pointer: a merge writes dozens of small pieces
/// per object, and QByteArray's own append costs more than copying them.
class ByteWriter
{
public:
    ByteWriter(QByteArray *out, qsizetype expected)
        : m_out(out)
        , m_size(out->size())
    {
        grow(expected);
    }
    ByteWriter(const ByteWriter &) = delete;
    ByteWriter &operator=(const ByteWriter &) = delete;
    /// Gives `out` its final size.
    ~ByteWriter() { m_out->resize(m_size); }

    qsizetype size() const { return m_size; }
    void append(char c)
    {
        if (m_size == m_capacity)
            grow(1);
        m_data[m_size++] = c;
    }
    void append(QByteArrayView bytes)
    {
        if (m_size + bytes.size() > m_capacity)
            grow(bytes.size());
        std::memcpy(m_data + m_size, bytes.data(), size_t(bytes.size()));
        m_size += bytes.size();
    }
    /// appendKey() here.
    void appendKey(QByteArrayView key)
    {
        if (!isPlainKey(key)) {
            append(encodeCompact(key));
            return;
        }
        append('"');
        append(key);
        append('"');
    }

private:
    void grow(qsizetype more)
    {
        m_out->resize(std::max(m_size + more, 2 * m_out->size()));
        m_data = m_out->data();
        m_capacity = m_out->size();
    }

    QByteArray *m_out;
    char *m_data = nullptr;
    qsizetype m_size;
    qsizetype m_capacity = 0;
};

void writeMerged(ByteWriter *out, QByteArrayView json, const Members &changes,
                 QByteArrayView mergeKey, bool *changed, Nesting *nesting = nullptr)
{
    out->append('{');
    int written = 0;
    const auto noteNested = [out, nesting](QByteArrayView value) {
        if (nesting && !value.isEmpty() && (value.front() == '{' || value.front() == '['))
            nesting->add(out->size() - value.size(), out->size());
    };
    const auto writeMember = [&](QByteArrayView rawKey, QByteArrayView value) {
        if (written++ > 0)
            out->append(',');
        out->append(rawKey);
        out->append(':');
        out->append(value);
        noteNested(value);
    };
    MemberScanner scanner(json);
    QByteArrayView key, value;
    QByteArray storage;
    bool more = scanner.next(&key, &value);
    size_t next = 0;
    while (more || next < changes.size()) {
        int order = 0;
        if (!more)
            order = 1;
        else if (next >= changes.size())
            order = -1;
        else
            order = compareKeys(keyText(key, &storage), changes[next].key);
        if (order < 0) {
            writeMember(key, value);
            more = scanner.next(&key, &value);
            continue;
        }
        const Member &change = changes[next++];
        if (order > 0) {
            if (written++ > 0)
                out->append(',');
            out->appendKey(change.key);
            out->append(':');
            out->append(change.value);
            noteNested(change.value);
            if (!change.quiet)
                *changed = true;
            continue;
        }
        if (!mergeKey.isEmpty() && change.isObject && change.key == mergeKey && !value.isEmpty()
            && value.front() == '{') {
            // Custom fields merge key by key: sending one field keeps the others. Written in
            // place, its range noted as writeMember() would.
            if (written++ > 0)
                out->append(',');
            out->append(key);
            out->append(':');
            const qsizetype valueAt = out->size();
            writeMerged(out, value, change.members, QByteArrayView(), changed);
            if (nesting)
                nesting->add(valueAt, out->size());
        } else {
            if (!change.quiet && QByteArrayView(change.value) != value)
                *changed = true;
            writeMember(key, change.value);
        }
        more = scanner.next(&key, &value);
    }
    out->append('}');
}

} // namespace

int compareKeys(QByteArrayView left, QByteArrayView right)
{
    return compareUtf8(left, right);
}

bool sortMembers(Members *members)
{
    const auto before = [](const Member &a, const Member &b) {
        return compareUtf8(a.key, b.key) < 0;
    };
    if (!std::is_sorted(members->begin(), members->end(), before))
        std::sort(members->begin(), members->end(), before);
    for (size_t i = 1; i < members->size(); ++i) {
        if ((*members)[i - 1].key == (*members)[i].key)
            return false;
    }
    return true;
}

const Member *findMember(const Members &members, QByteArrayView key)
{
    const auto it = std::lower_bound(members.begin(), members.end(), key,
                                     [](const Member &member, QByteArrayView name) {
                                         return compareUtf8(member.key, name) < 0;
                                     });
    return it != members.end() && it->key == key ? &*it : nullptr;
}

void appendKey(QByteArray *out, QByteArrayView key)
{
    if (isPlainKey(key)) {
        *out += '"';
        *out += key;
        *out += '"';
        return;
    }
    *out += encodeCompact(key);
}

Members membersOf(const QJsonObject &object)
{
    Members members;
    members.reserve(size_t(object.size()));
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        Member member;
        member.key = it.key().toUtf8();
        const QJsonValue value = it.value();
        member.value = encodeCompact(value);
        if (value.isObject()) {
            member.isObject = true;
            member.members = membersOf(value.toObject());
        }
        members.push_back(std::move(member));
    }
    return members;
}

QJsonValue decodeCompact(QByteArrayView json)
{
    if (json.size() >= 2 && json.front() == '"' && !json.contains('\\'))
        return QString::fromUtf8(json.sliced(1, json.size() - 2));
    if (json == "true" || json == "false")
        return json == "true";
    if (json == "null")
        return QJsonValue(QJsonValue::Null);
    const QByteArray wrapped = '[' + json.toByteArray() + ']';
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

QString textOfCompact(QByteArrayView json)
{
    if (json.size() >= 2 && json.front() == '"' && !json.contains('\\'))
        return QString::fromUtf8(json.sliced(1, json.size() - 2));
    return toText(decodeCompact(json));
}

QByteArrayView rawMember(QByteArrayView json, QByteArrayView key)
{
    MemberScanner scanner(json);
    QByteArrayView rawKey, value;
    while (scanner.next(&rawKey, &value)) {
        if (equalKey(rawKey, key))
            return value;
    }
    return QByteArrayView();
}

namespace {

/// About the size of `json` merged with `changes`.
qsizetype mergedSize(QByteArrayView json, const Members &changes)
{
    qsizetype expected = json.size() + 2;
    for (const Member &change : changes)
        expected += change.key.size() + change.value.size() + 4;
    return expected;
}

/// mergeCompact() without nesting, written into `*out` (its bytes replaced, its capacity kept).
void mergeInto(QByteArray *out, QByteArrayView json, const Members &changes,
               QByteArrayView mergeKey, bool *changed, Nesting *nesting)
{
    if (nesting)
        *nesting = Nesting {{}, 0};
    // resize(0) keeps the capacity (clear() would free it).
    out->resize(0);
    // The writer gives `out` its size when it goes.
    ByteWriter writer(out, mergedSize(json, changes));
    writeMerged(&writer, json, changes, mergeKey, changed, nesting);
}

} // namespace

QByteArray mergeCompact(QByteArrayView json, const Members &changes, QByteArrayView mergeKey,
                        bool *changed, Nesting *nesting)
{
    QByteArray out;
    mergeInto(&out, json, changes, mergeKey, changed, nesting);
    return out;
}

QByteArray writeObject(const Members &members, Nesting *nesting)
{
    QByteArray json;
    qsizetype expected = 2;
    for (const Member &member : members)
        expected += member.key.size() + member.value.size() + 4;
    Nesting written {{}, 0};
    {
        // The writer gives `json` its size when it goes.
        ByteWriter out(&json, expected);
        out.append('{');
        for (const Member &member : members) {
            if (out.size() > 1)
                out.append(',');
            out.appendKey(member.key);
            out.append(':');
            out.append(member.value);
            const char first = member.value.isEmpty() ? '\0' : member.value.front();
            if (first == '{' || first == '[')
                written.add(out.size() - member.value.size(), out.size());
        }
        out.append('}');
    }
    if (nesting)
        *nesting = written;
    return json;
}

namespace {

/// writeMerged() when every change names a top-level member `json` has (an import updating
/// fields the objects have): the members are found by byte search and the text between
/// them copied whole, instead of reading every member. False, with nothing written, when
/// that does not apply.
bool mergeFound(ByteWriter *out, QByteArrayView json, const Nesting &jsonNesting,
                const Members &changes, QByteArrayView mergeKey, bool *changed, Nesting *nesting)
{
    constexpr size_t maxChanges = 16;
    if (jsonNesting.count < 0 || json.size() < 2 || json.front() != '{' || changes.empty()
        || changes.size() > maxChanges)
        return false;
    QVarLengthArray<Found, maxChanges> found;
    for (const Member &change : changes) {
        // Both are in key order: each member lies after the one before.
        const qsizetype from = found.isEmpty() ? 1 : found.back().valueEnd;
        Found member;
        if (change.key.isEmpty() || !isPlainText(change.key)
            || !findTopLevel(json, jsonNesting, change.key, &member, from))
            return false;
        found.append(member);
    }
    Nesting written {{}, 0};
    qsizetype pos = 0;
    int range = 0; // the next nested value of `json` not yet copied
    const auto copyUpTo = [&](qsizetype end) {
        const qsizetype shift = out->size() - pos;
        while (range < jsonNesting.count && jsonNesting.bounds[size_t(2 * range)] < end) {
            written.add(jsonNesting.bounds[size_t(2 * range)] + shift,
                        jsonNesting.bounds[size_t(2 * range + 1)] + shift);
            ++range;
        }
        out->append(json.sliced(pos, end - pos));
        pos = end;
    };
    for (size_t i = 0; i < changes.size(); ++i) {
        const Member &change = changes[i];
        const Found &member = found[qsizetype(i)];
        copyUpTo(member.valueAt);
        const QByteArrayView value = json.sliced(member.valueAt, member.valueEnd - member.valueAt);
        if (range < jsonNesting.count && jsonNesting.bounds[size_t(2 * range)] == member.valueAt)
            ++range; // replaced by the new value
        const qsizetype valueAt = out->size();
        if (!mergeKey.isEmpty() && change.isObject && change.key == mergeKey
            && value.front() == '{') {
            writeMerged(out, value, change.members, QByteArrayView(), changed);
        } else {
            if (!change.quiet && QByteArrayView(change.value) != value)
                *changed = true;
            out->append(change.value);
        }
        const char first = change.value.isEmpty() ? '\0' : change.value.front();
        if (first == '{' || first == '[')
            written.add(valueAt, out->size());
        pos = member.valueEnd;
    }
    copyUpTo(json.size());
    if (nesting)
        *nesting = written;
    return true;
}

} // namespace

void mergeCompact(QByteArray *out, QByteArrayView json, const Nesting &jsonNesting,
                  const Members &changes, QByteArrayView mergeKey, bool *changed, Nesting *nesting)
{
    // resize(0) keeps the capacity (clear() would free it).
    out->resize(0);
    bool found = false;
    {
        // The writer gives `out` its size when it goes.
        ByteWriter writer(out, mergedSize(json, changes));
        found = mergeFound(&writer, json, jsonNesting, changes, mergeKey, changed, nesting);
    }
    if (!found)
        mergeInto(out, json, changes, mergeKey, changed, nesting);
}

QByteArray mergeCompact(QByteArrayView json, const Nesting &jsonNesting, const Members &changes,
                        QByteArrayView mergeKey, bool *changed, Nesting *nesting)
{
    QByteArray out;
    mergeCompact(&out, json, jsonNesting, changes, mergeKey, changed, nesting);
    return out;
}

QByteArray mergeCompact(QByteArrayView json, const QJsonObject &changes, const QString &mergeKey,
                        bool *changed)
{
    const QByteArray key = mergeKey.toUtf8();
    return mergeCompact(json, membersOf(changes), key, changed);
}

QByteArray setCompact(QByteArrayView json, const QList<QPair<QString, QByteArray>> &members)
{
    Members list;
    list.reserve(size_t(members.size()));
    for (const auto &member : members)
        list.push_back({member.first.toUtf8(), member.second, {}, false, false});
    sortMembers(&list);
    bool changed = false;
    return mergeCompact(json, list, QByteArrayView(), &changed);
}

} // namespace Planhat::Sandbox::JsonPath
