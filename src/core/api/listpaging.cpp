// SPDX-License-Identifier: MIT
#include "listpaging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace Planhat::ListPaging {

QList<QStringList> splitIdGroups(const QStringList &ids, int maxLength)
{
    QList<QStringList> groups;
    QStringList current;
    qsizetype currentLength = 0;
    QSet<QString> seen;
    for (const QString &rawId : ids) {
        const QString id = rawId.trimmed();
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        const qsizetype length = QUrl::toPercentEncoding(id).size();
        if (!current.isEmpty() && currentLength + 1 + length > maxLength) {
            groups.append(current);
            current.clear();
            currentLength = 0;
        }
        currentLength += (current.isEmpty() ? 0 : 1) + length;
        current.append(id);
    }
    if (!current.isEmpty())
        groups.append(current);
    return groups;
}

namespace {
const QString idField = QStringLiteral("_id");
}

QueryItems pageQuery(const ListQuery &query, const QStringList &companyIdGroup, int limit,
                     qint64 offset)
{
    QueryItems items;
    items.append({QStringLiteral("limit"), QString::number(limit)});
    items.append({QStringLiteral("offset"), QString::number(offset)});
    if (!query.select.isEmpty()) {
        QStringList select = query.select;
        if (!select.contains(idField))
            select.prepend(idField);
        items.append({QStringLiteral("select"), select.join(QLatin1Char(','))});
    }
    items.append({QStringLiteral("sort"), query.sort.isEmpty() ? idField : query.sort});
    if (!companyIdGroup.isEmpty())
        items.append({QStringLiteral("companyId"), companyIdGroup.join(QLatin1Char(','))});
    for (const auto &filter : query.filters)
        items.append(filter);
    return items;
}

bool RowIdSet::parseObjectId(const QString &text, ObjectId *id)
{
    if (text.size() != 24)
        return false;
    quint64 high = 0;
    quint32 low = 0;
    for (int i = 0; i < 24; ++i) {
        const char16_t c = text.at(i).unicode();
        int digit;
        if (c >= u'0' && c <= u'9')
            digit = c - u'0';
        else if (c >= u'a' && c <= u'f')
            digit = c - u'a' + 10;
        else
            return false; // upper case too: "ABC..." and "abc..." stay two different texts
        if (i < 16)
            high = (high << 4) | quint64(digit);
        else
            low = (low << 4) | quint32(digit);
    }
    id->high = high;
    id->low = low;
    return true;
}

bool RowIdSet::insert(const QJsonValue &id)
{
    QString text;
    if (id.isString())
        text = id.toString();
    else if (id.isDouble())
        text = QString::number(id.toDouble(), 'g', 17);
    return insertText(text);
}

bool RowIdSet::insertText(const QString &text)
{
    if (text.isEmpty())
        return true;
    ObjectId objectId;
    if (parseObjectId(text, &objectId)) {
        // Above every id seen so far in ascending order: new, as the hash set only holds
        // ids that were below the array's last one (which only grows) when they came.
        if (m_ascending.empty() || m_ascending.back() < objectId) {
            m_ascending.push_back(objectId);
            return true;
        }
        if (std::binary_search(m_ascending.begin(), m_ascending.end(), objectId))
            return false;
        const qsizetype before = m_objectIds.size();
        m_objectIds.insert(objectId);
        return m_objectIds.size() != before;
    }
    const qsizetype before = m_otherIds.size();
    m_otherIds.insert(text);
    return m_otherIds.size() != before;
}

ParsedPage parsePage(const QByteArray &body)
{
    ParsedPage page;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        page.error = QStringLiteral("the body is not JSON (%1 at byte %2)")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return page;
    }
    if (!document.isArray()) {
        page.error = QStringLiteral("expected a JSON array of objects, got %1")
                         .arg(document.isObject() ? QStringLiteral("an object")
                                                  : QStringLiteral("something else"));
        return page;
    }
    const QJsonArray array = document.array();
    page.rows.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        if (!value.isObject()) {
            page.rows.clear();
            page.error = QStringLiteral("item %1 of the array is not an object").arg(i);
            return page;
        }
        page.rows.append(value.toObject());
    }
    return page;
}

namespace {

/// Where each element of a JSON array lies in `text` (valid JSON, checked before).
QList<QPair<qsizetype, qsizetype>> elementSpans(const char *text, qsizetype size)
{
    QList<QPair<qsizetype, qsizetype>> spans;
    qsizetype pos = 0;
    const auto isBlank = [](char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    };
    while (pos < size && text[pos] != '[')
        ++pos;
    ++pos;
    while (pos < size) {
        while (pos < size && (isBlank(text[pos]) || text[pos] == ','))
            ++pos;
        if (pos >= size || text[pos] == ']')
            break;
        const qsizetype start = pos;
        int depth = 0;
        while (pos < size) {
            const char c = text[pos];
            if (c == '"') {
                // To the closing quote: memchr() to each quote (most of a page is string
                // text), which closes the string unless an odd run of backslashes escapes it.
                ++pos;
                while (pos < size) {
                    const void *quote = memchr(text + pos, '"', size_t(size - pos));
                    if (!quote) {
                        pos = size;
                        break;
                    }
                    const qsizetype at = static_cast<const char *>(quote) - text;
                    qsizetype backslashes = 0;
                    while (at - backslashes - 1 >= pos && text[at - backslashes - 1] == '\\')
                        ++backslashes;
                    pos = at + 1;
                    if (backslashes % 2 == 0)
                        break;
                }
                if (depth == 0)
                    break;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    break;
                if (--depth == 0) {
                    ++pos;
                    break;
                }
            } else if (depth == 0 && (c == ',' || isBlank(c))) {
                break;
            }
            ++pos;
        }
        spans.append({start, pos - start});
    }
    return spans;
}

/// A simdjson parser and document kept from page to page (one per thread): new ones
/// allocate their buffers, several times the page's size, afresh for every page, and
/// faulting those in cost more than the parsing. They grow with room to spare, as pages
/// differ by a few bytes and growing by exactly what the next one needs would allocate
/// again for most pages.
class PageParser
{
public:
    /// `json` must be followed by simdjson::SIMDJSON_PADDING readable bytes. The result
    /// lives until the next parse() on this thread.
    simdjson::simdjson_result<simdjson::dom::element> parse(const char *json, size_t size)
    {
        if (size > m_parser.capacity() || size > m_document.capacity()) {
            const size_t capacity = size_t(qNextPowerOfTwo(quint64(size)));
            if (m_parser.allocate(capacity) != simdjson::SUCCESS
                || m_document.allocate(capacity) != simdjson::SUCCESS) {
                // Out of memory: start afresh, letting simdjson allocate what it needs.
                m_parser = simdjson::dom::parser();
                m_document = simdjson::dom::document();
            }
        }
        return m_parser.parse_into_document(m_document, json, size, false);
    }

private:
    simdjson::dom::parser m_parser;
    simdjson::dom::document m_document;
};

} // namespace

ParsedPage parsePageRaw(const QByteArray &body)
{
    ParsedPage page;
    // Spare capacity past the end: simdjson reads ahead, and consumers parse rows in place.
    // ApiCall leaves that room after every answer it reads, so pages are shared, not copied.
    const qsizetype padding
        = qMax<qsizetype>(RawRows::padding, qsizetype(simdjson::SIMDJSON_PADDING));
    if (body.capacity() - body.size() >= padding) {
        page.raw.body = body;
    } else {
        page.raw.body.reserve(body.size() + padding);
        page.raw.body.append(body);
    }
    thread_local PageParser parser;
    simdjson::dom::element document;
    if (parser.parse(page.raw.body.constData(), size_t(body.size())).get(document)
        != simdjson::SUCCESS) {
        // Qt's reader words the error as before (and agrees on what is JSON).
        ParsedPage qtPage = parsePage(body);
        page.raw = {};
        page.rows.clear();
        page.error = qtPage.error.isEmpty() ? QStringLiteral("the body is not JSON") : qtPage.error;
        return page;
    }
    simdjson::dom::array array;
    if (document.get_array().get(array) != simdjson::SUCCESS) {
        page.raw = {};
        page.error = QStringLiteral("expected a JSON array of objects, got %1")
                         .arg(document.is_object() ? QStringLiteral("an object")
                                                   : QStringLiteral("something else"));
        return page;
    }
    page.ids.reserve(qsizetype(array.size()));
    qsizetype index = 0;
    for (simdjson::dom::element element : array) {
        simdjson::dom::object object;
        if (element.get_object().get(object) != simdjson::SUCCESS) {
            page.raw = {};
            page.ids.clear();
            page.error = QStringLiteral("item %1 of the array is not an object").arg(index);
            return page;
        }
        QString id;
        simdjson::dom::element idValue;
        if (object.at_key("_id").get(idValue) == simdjson::SUCCESS) {
            std::string_view text;
            double number = 0;
            if (idValue.get_string().get(text) == simdjson::SUCCESS)
                id = QString::fromUtf8(text.data(), qsizetype(text.size()));
            else if (idValue.get_double().get(number) == simdjson::SUCCESS)
                id = QString::number(number, 'g', 17);
        }
        page.ids.append(id);
        ++index;
    }
    page.raw.spans = elementSpans(page.raw.body.constData(), page.raw.body.size());
    if (page.raw.spans.size() != page.ids.size()) {
        page.raw = {};
        page.ids.clear();
        page.error = QStringLiteral("the rows of the page could not be told apart");
    }
    return page;
}

} // namespace Planhat::ListPaging
