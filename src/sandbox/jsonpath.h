// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

namespace Planhat::Sandbox {

/// Helpers for the dotted field paths the list endpoint accepts in `sort`, `select` and
/// filters ("name", "custom.Region").
namespace JsonPath {

/// The value at `path` in `object`; a top-level key containing dots wins over descent.
QJsonValue value(const QJsonObject &object, const QString &path);

/// A copy of `object` holding only `_id` and the given paths (nested objects are rebuilt
/// with just the selected keys).
QJsonObject select(const QJsonObject &object, const QStringList &paths);

/// select() on an object kept as JSON text (QJsonDocument's compact form, keys sorted):
/// the same bytes QJsonDocument(select(parsed, paths)).toJson(Compact) gives, without
/// parsing the object; selected values are copied as they are.
QByteArray selectCompact(QByteArrayView json, const QStringList &paths);
/// selectCompact() with the paths in UTF-8, converted once for a page of objects.
QByteArray selectCompact(QByteArrayView json, const QList<QByteArray> &utf8Paths);
/// selectCompact() appended to `out` (a page being written).
void appendSelectCompact(QByteArray *out, QByteArrayView json, const QList<QByteArray> &utf8Paths);

/// Where the object values and array values of an object's top level lie in its compact
/// JSON: with them known, a top-level key is found by a byte search instead of reading
/// the object member by member.
struct Nesting
{
    static constexpr int maxRanges = 4;
    std::array<quint16, 2 * maxRanges> bounds {}; ///< start and end (exclusive) offsets
    qint8 count = -1; ///< ranges in bounds; -1 when unknown (too many, or too long a text)

    /// The nesting of the object `json` (compact JSON).
    static Nesting of(QByteArrayView json);
    /// Notes a nested value at [start, end) while an object is written (begin with count 0).
    void add(qsizetype start, qsizetype end);
};
/// valueInCompact() using `nesting` of `json`: a top-level key is found by byte search.
/// `utf8Path` is `path` in UTF-8.
QJsonValue valueInCompact(QByteArrayView json, const Nesting &nesting, QByteArrayView utf8Path,
                          const QString &path);
/// The paths of one `select` (UTF-8), prepared once for a page of objects.
class SelectPaths
{
public:
    explicit SelectPaths(const QList<QByteArray> &utf8Paths);
    ~SelectPaths();
    SelectPaths(const SelectPaths &) = delete;
    SelectPaths &operator=(const SelectPaths &) = delete;

    struct Prepared;

private:
    friend void appendSelectCompact(QByteArray *out, QByteArrayView json, const Nesting &nesting,
                                    const SelectPaths &paths);
    std::unique_ptr<Prepared> m_prepared;
};

/// appendSelectCompact() using `nesting` of `json`: the same bytes, found by byte search
/// (every key in one pass over the object).
void appendSelectCompact(QByteArray *out, QByteArrayView json, const Nesting &nesting,
                         const SelectPaths &paths);
/// The same, with the paths prepared for this one object.
void appendSelectCompact(QByteArray *out, QByteArrayView json, const Nesting &nesting,
                         const QList<QByteArray> &utf8Paths);

/// rawMember() using `nesting` of `json`: a plain key is found by byte search.
QByteArrayView rawMember(QByteArrayView json, const Nesting &nesting, QByteArrayView key);

/// value() on an object kept as compact JSON text: only the value found is parsed.
QJsonValue valueInCompact(QByteArrayView json, const QString &path);

/// `value` as QJsonDocument's compact output writes it (a string in its quotes).
QByteArray encodeCompact(const QJsonValue &value);
/// encodeCompact() of a string, without making it a QJsonValue first.
QByteArray encodeCompact(const QString &text);
/// encodeCompact() of `text` appended to `out`, without a buffer of its own for plain text.
void appendCompact(QByteArray *out, const QString &text);
/// encodeCompact() of a string given as UTF-8.
QByteArray encodeCompact(QByteArrayView utf8);

/// One member of an object given as compact JSON pieces, the form writes are applied in
/// without building a QJsonObject.
struct Member
{
    QByteArray key; ///< UTF-8, unescaped
    QByteArray value; ///< the value as QJsonDocument's compact output writes it
    /// For an object value, its members (keys in QJsonObject's order): custom fields merge
    /// one level down.
    std::vector<Member> members;
    bool isObject = false;
    /// A difference here does not count as a change (updatedAt set beside the changes).
    bool quiet = false;
};
/// Members in QJsonObject's key order (compareKeys()), each key once.
using Members = std::vector<Member>;

/// The members of `object`, values encoded as QJsonDocument would write them.
Members membersOf(const QJsonObject &object);
/// Orders UTF-8 keys as QJsonObject orders QString keys (UTF-16 code units).
int compareKeys(QByteArrayView left, QByteArrayView right);
/// Sorts `members` by key; false when a key appears twice.
bool sortMembers(Members *members);
/// The member named `key` (UTF-8) of sorted `members`, or nullptr.
const Member *findMember(const Members &members, QByteArrayView key);
/// Appends `key` (UTF-8) as QJsonDocument writes a member name, with its quotes.
void appendKey(QByteArray *out, QByteArrayView key);
/// The value of compact JSON text `json` (one value) as a QJsonValue; strings and integers
/// without parsing.
QJsonValue decodeCompact(QByteArrayView json);
/// toText() of the compact JSON value `json`; strings without escapes are not parsed.
QString textOfCompact(QByteArrayView json);
/// The raw compact JSON of the top-level member `key` (UTF-8) of the object `json`; a null
/// view when it has none.
QByteArrayView rawMember(QByteArrayView json, QByteArrayView key);

/// mergeCompact() with the changes as sorted members already encoded; `nesting`, when
/// given, receives the result's Nesting.
QByteArray mergeCompact(QByteArrayView json, const Members &changes, QByteArrayView mergeKey,
                        bool *changed, Nesting *nesting = nullptr);

/// The object of sorted `members` as QJsonDocument's compact output writes it; `nesting`,
/// when given, receives its Nesting.
QByteArray writeObject(const Members &members, Nesting *nesting = nullptr);

/// mergeCompact() knowing `jsonNesting` of `json`: when every change names a member `json`
/// has, the members are found by byte search. The same bytes, change and nesting.
QByteArray mergeCompact(QByteArrayView json, const Nesting &jsonNesting, const Members &changes,
                        QByteArrayView mergeKey, bool *changed, Nesting *nesting = nullptr);
/// That mergeCompact() written into `*out`, whose bytes it replaces and whose capacity it
/// reuses: a bulk upsert merging thousands of objects allocates once, not once a row.
void mergeCompact(QByteArray *out, QByteArrayView json, const Nesting &jsonNesting,
                  const Members &changes, QByteArrayView mergeKey, bool *changed,
                  Nesting *nesting = nullptr);

/// Merges `changes` into the object kept as compact JSON `json` (keys sorted) without
/// parsing it: each member of `changes` replaces the member of that name or is added in key
/// order; the member named `mergeKey`, when both old and new values are objects, merges key
/// by key one level down (custom fields). Gives the bytes QJsonDocument would write for the
/// merged object and sets `*changed` when any value differs from before (left alone
/// otherwise).
QByteArray mergeCompact(QByteArrayView json, const QJsonObject &changes, const QString &mergeKey,
                        bool *changed);

/// Sets the members `members` (name, value already encoded as compact JSON) of the object
/// kept as compact JSON `json`, replacing or adding them in key order.
QByteArray setCompact(QByteArrayView json, const QList<QPair<QString, QByteArray>> &members);

/// A total order over JSON values in the spirit of MongoDB's: missing/null < numbers <
/// strings < objects < arrays < booleans. Returns <0, 0 or >0.
int compare(const QJsonValue &left, const QJsonValue &right);

/// The text a query parameter is compared with: strings as they are, integral numbers
/// without a fraction, booleans as "true"/"false"; empty for null, objects and arrays.
QString toText(const QJsonValue &value);

/// Whether `value` matches the query text `text`: equal text, or for arrays any element.
bool matchesText(const QJsonValue &value, const QString &text);

} // namespace JsonPath

} // namespace Planhat::Sandbox
