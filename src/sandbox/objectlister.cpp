// SPDX-License-Identifier: MIT
#include "objectlister.h"

#include "jsonpath.h"
#include "randomorder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <climits>

namespace Planhat::Sandbox {

namespace {

const QString limitKey = QStringLiteral("limit");
const QString offsetKey = QStringLiteral("offset");
const QString sortKey = QStringLiteral("sort");
const QString selectKey = QStringLiteral("select");
const QString companyIdKey = QStringLiteral("companyId");

QStringList commaList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty() && !items.contains(trimmed))
            items.append(trimmed);
    }
    return items;
}

bool isFilterableField(const TypeCollection &collection, const QString &name)
{
    if (name.isEmpty() || name.contains(QLatin1Char('.')))
        return false;
    if (collection.type().field(name))
        return true;
    for (const MatchKey &key : collection.type().keys) {
        if (key.field == name)
            return true;
    }
    return false;
}

/// The equality filters of one request, each with the bytes its value must appear as in
/// an object's JSON for the object to match (empty when that cannot be told).
class Filters
{
public:
    explicit Filters(const QueryItems &items)
    {
        for (const auto &item : items) {
            bool plain = !item.second.isEmpty();
            for (const QChar c : item.second) {
                // Printable ASCII other than quote and backslash is written unescaped.
                if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('"')
                    || c == QLatin1Char('\\')) {
                    plain = false;
                    break;
                }
            }
            m_filters.append(
                {item.first, item.second, plain ? item.second.toUtf8() : QByteArray()});
        }
    }

    bool isEmpty() const { return m_filters.isEmpty(); }

    /// Most objects are rejected by a byte search, without parsing their JSON.
    bool matches(const StoredObject *object) const
    {
        for (const Filter &filter : m_filters) {
            if (!filter.needle.isEmpty() && !object->compactJson().contains(filter.needle))
                return false;
        }
        if (m_filters.isEmpty())
            return true;
        const QJsonObject data = object->data();
        for (const Filter &filter : m_filters) {
            if (!JsonPath::matchesText(data.value(filter.field), filter.text))
                return false;
        }
        return true;
    }

private:
    struct Filter
    {
        QString field;
        QString text;
        QByteArray needle;
    };
    QList<Filter> m_filters;
};

QByteArray joinArray(const std::vector<const QByteArray *> &parts)
{
    qsizetype size = 2 + qsizetype(parts.size());
    for (const QByteArray *part : parts)
        size += part->size();
    QByteArray out;
    out.reserve(size);
    out += '[';
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += ',';
        out += *parts[i];
    }
    out += ']';
    return out;
}

QString slugFor(const QString &name)
{
    QString slug;
    slug.reserve(name.size());
    bool dash = false;
    for (const QChar c : name.toLower()) {
        if (c.isLetterOrNumber()) {
            slug += c;
            dash = false;
        } else if (!dash && !slug.isEmpty()) {
            slug += QLatin1Char('-');
            dash = true;
        }
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return slug;
}

} // namespace

bool ListParameters::parse(const TypeCollection &collection, const QueryItems &query,
                           ListParameters *parameters, QString *error)
{
    ListParameters result;
    for (const auto &item : query) {
        const QString &name = item.first;
        const QString value = item.second.trimmed();
        if (name == limitKey) {
            bool ok = false;
            const qint64 limit = value.toLongLong(&ok);
            if (!ok || limit < 0) {
                *error
                    = QStringLiteral("limit must be a non-negative integer, got '%1'").arg(value);
                return false;
            }
            result.limit = limit == 0 ? defaultLimit : int(std::min<qint64>(limit, INT_MAX));
        } else if (name == offsetKey) {
            bool ok = false;
            const qint64 offset = value.toLongLong(&ok);
            if (!ok || offset < 0) {
                *error
                    = QStringLiteral("offset must be a non-negative integer, got '%1'").arg(value);
                return false;
            }
            result.offset = qsizetype(offset);
        } else if (name == sortKey) {
            result.sort = SortOrder::fromQuery(value.section(QLatin1Char(','), 0, 0));
        } else if (name == selectKey) {
            result.select = commaList(value);
        } else if (name == companyIdKey) {
            result.companyIds = commaList(value);
            // Companies filter on their own _id; other types need a link to companies.
            if (collection.companyLinkField().isEmpty()
                && collection.type().name != QLatin1String("companies")) {
                *error = QStringLiteral("%1 cannot be filtered by companyId")
                             .arg(collection.type().pluralName);
                return false;
            }
        } else if (isFilterableField(collection, name)) {
            result.filters.append({name, item.second});
        }
    }
    result.limit = std::min(result.limit, maxLimit);
    *parameters = result;
    return true;
}

ObjectLister::ObjectLister(TypeCollection *collection)
    : m_collection(collection)
{ }

TypeCollection::ObjectList ObjectLister::candidates(const ListParameters &parameters,
                                                    const TypeCollection::ObjectList **source) const
{
    // Narrow down through an index when one applies, then filter and sort the rest.
    TypeCollection::ObjectList list;
    QueryItems remaining = parameters.filters;
    bool narrowed = false;
    for (auto it = remaining.begin(); it != remaining.end(); ++it) {
        for (const MatchKey &key : m_collection->type().keys) {
            if (key.field != it->first)
                continue;
            if (const StoredObject *object = m_collection->find(key.kind, it->second.trimmed()))
                list.push_back(object);
            narrowed = true;
            break;
        }
        if (narrowed) {
            remaining.erase(it);
            break;
        }
    }
    if (!parameters.companyIds.isEmpty()) {
        TypeCollection::ObjectList linked;
        if (m_collection->companyLinkField().isEmpty()) {
            for (const QString &id : parameters.companyIds) {
                if (const StoredObject *object = m_collection->findById(id))
                    linked.push_back(object);
            }
        } else {
            linked = m_collection->linkedTo(parameters.companyIds);
        }
        if (narrowed) {
            list.erase(std::remove_if(list.begin(), list.end(),
                                      [&linked](const StoredObject *object) {
                                          return std::find(linked.begin(), linked.end(), object)
                                              == linked.end();
                                      }),
                       list.end());
        } else {
            list = std::move(linked);
            narrowed = true;
        }
    }
    const Filters filters(remaining);
    if (narrowed) {
        list.erase(std::remove_if(
                       list.begin(), list.end(),
                       [&filters](const StoredObject *object) { return !filters.matches(object); }),
                   list.end());
        m_collection->sort(&list, parameters.sort);
        *source = nullptr;
        return list;
    }
    const TypeCollection::ObjectList &ordered = m_collection->ordered(parameters.sort);
    if (filters.isEmpty()) {
        *source = &ordered;
        return list;
    }
    for (const StoredObject *object : ordered) {
        if (filters.matches(object))
            list.push_back(object);
    }
    *source = nullptr;
    return list;
}

QByteArray ObjectLister::list(const ListParameters &parameters) const
{
    const TypeCollection::ObjectList *source = nullptr;
    const TypeCollection::ObjectList filtered = candidates(parameters, &source);
    const TypeCollection::ObjectList &all = source ? *source : filtered;

    const qsizetype total = qsizetype(all.size());
    const qsizetype begin = std::min(parameters.offset, total);
    const qsizetype end = std::min(begin + qsizetype(parameters.limit), total);
    // Only the page's rows are looked up in the random order, not the whole list.
    const std::optional<RandomOrder> random = parameters.randomOrderSeed
        ? std::optional<RandomOrder>(std::in_place, quint64(total), *parameters.randomOrderSeed)
        : std::nullopt;
    const auto row = [&all, &random](qsizetype position) {
        return all[size_t(random ? random->at(quint64(position)) : quint64(position))];
    };

    if (parameters.select.isEmpty()) {
        std::vector<const QByteArray *> parts;
        parts.reserve(size_t(end - begin));
        for (qsizetype i = begin; i < end; ++i)
            parts.push_back(&row(i)->compactJson());
        return joinArray(parts);
    }
    QList<QByteArray> utf8Paths;
    for (const QString &path : parameters.select)
        utf8Paths.append(path.toUtf8());
    const JsonPath::SelectPaths paths(utf8Paths);
    // Cut from the stored JSON straight into the page: parsing and re-encoding every row
    // made `select` several times slower than sending whole objects.
    QByteArray out;
    out.reserve((end - begin) * 64 + 2);
    out += '[';
    for (qsizetype i = begin; i < end; ++i) {
        if (i > begin)
            out += ',';
        JsonPath::appendSelectCompact(&out, row(i)->compactJson(), row(i)->nesting(), paths);
    }
    out += ']';
    return out;
}

QByteArray ObjectLister::leanCompanies(const TypeCollection &companies, const QueryItems &query)
{
    static const QStringList leanFields {QStringLiteral("name"), QStringLiteral("externalId"),
                                         QStringLiteral("sourceId"), QStringLiteral("slug")};
    QList<QPair<QString, QStringList>> filters;
    for (const auto &item : query) {
        if (item.first == QLatin1String("externalId") || item.first == QLatin1String("sourceId")
            || item.first == QLatin1String("status")) {
            filters.append({item.first, commaList(item.second)});
        }
    }
    // Cut from each company's stored JSON and written into one answer: parsing a million
    // companies into QJsonObjects took the better part of a minute.
    static const QString nameKey = QStringLiteral("name");
    QByteArray out;
    out += '[';
    bool first = true;
    for (const auto &object : companies.objects()) {
        const QByteArray &json = object->compactJson();
        const bool matches = std::all_of(filters.begin(), filters.end(), [&json](const auto &f) {
            if (f.second.isEmpty())
                return true;
            const QString value = JsonPath::toText(JsonPath::valueInCompact(json, f.first));
            return f.second.contains(value);
        });
        if (!matches)
            continue;
        QByteArray lean = JsonPath::selectCompact(json, leanFields);
        if (JsonPath::valueInCompact(json, QStringLiteral("slug")).isUndefined()) {
            // Keys are sorted: "slug" goes before "sourceId" when there is one, else last.
            const QByteArray slug
                = QJsonDocument(
                      QJsonArray {slugFor(JsonPath::valueInCompact(json, nameKey).toString())})
                      .toJson(QJsonDocument::Compact)
                      .chopped(1)
                      .mid(1);
            const qsizetype sourceAt = lean.indexOf(",\"sourceId\":");
            const qsizetype at = sourceAt >= 0 ? sourceAt : lean.size() - 1;
            lean.insert(at, (lean.size() > 2 || sourceAt >= 0 ? ",\"slug\":" : "\"slug\":") + slug);
        }
        if (!first)
            out += ',';
        first = false;
        out += lean;
    }
    out += ']';
    return out;
}

} // namespace Planhat::Sandbox
