// SPDX-License-Identifier: MIT
#include "referencelookup.h"

#include "importpolicy.h"
#include "schema/fieldspec.h"
#include "valueconverter.h"

#include <QJsonArray>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
const QString externalIdPrefix = QStringLiteral("extid-");
const QString sourceIdPrefix = QStringLiteral("srcid-");

QString singularOf(ReferenceLookup::Target target)
{
    return target == ReferenceLookup::Target::Companies ? QStringLiteral("company")
                                                        : QStringLiteral("user");
}

/// "a and b", "a, b and c".
QString listed(const QStringList &ids)
{
    if (ids.size() < 2)
        return ids.join(QString());
    return ids.mid(0, ids.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ")
        + ids.constLast();
}

/// A text that reads as a domain name rather than a company name: one word with a dot.
bool looksLikeDomain(const QString &text)
{
    return text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char(' '));
}

} // namespace

std::optional<ReferenceLookup::Target> ReferenceLookup::targetOf(const FieldSpec &field)
{
    if (field.name == idField
        || (field.type != FieldType::ObjectId && field.type != FieldType::List))
        return std::nullopt;
    if (field.referenceType == QLatin1String("companies"))
        return Target::Companies;
    if (field.referenceType == QLatin1String("users"))
        return Target::Users;
    return std::nullopt;
}

QStringList ReferenceLookup::fieldsToList(Target target)
{
    if (target == Target::Companies) {
        return {idField, QStringLiteral("externalId"), QStringLiteral("sourceId"),
                QStringLiteral("name"), QStringLiteral("domains")};
    }
    return {idField,
            QStringLiteral("email"),
            QStringLiteral("firstName"),
            QStringLiteral("lastName"),
            QStringLiteral("nickName"),
            QStringLiteral("externalId")};
}

QString ReferenceLookup::typeName(Target target)
{
    return target == Target::Companies ? QStringLiteral("companies") : QStringLiteral("users");
}

void ReferenceLookup::insert(Index *index, Way way, const QString &key, const QString &id)
{
    if (key.isEmpty())
        return;
    QStringList &ids = index->keys[size_t(way)][key];
    if (!ids.contains(id))
        ids.append(id);
}

void ReferenceLookup::add(Target target, const QJsonObject &record)
{
    Index &index = m_indexes[size_t(target)];
    const QString id = record.value(idField).toString();
    if (id.isEmpty() || index.ids.contains(id))
        return;
    index.ids.insert(id);
    // Keys are compared in the import's one normal form, as the match key is.
    const auto key = [&record](const char *field) {
        return ImportPolicy::normalizedKey(record.value(QLatin1String(field)),
                                           QLatin1String(field));
    };
    insert(&index, ByExternalId, key("externalId"), id);
    insert(&index, BySourceId, key("sourceId"), id);
    if (target == Target::Companies) {
        insert(&index, ByName, key("name"), id);
        for (const QString &domain : ImportPolicy::normalizedKeys(
                 record.value(QStringLiteral("domains")), QStringLiteral("domains")))
            insert(&index, ByDomainOrEmail, domain, id);
    } else {
        const QString fullName = ImportPolicy::normalizedKey(
            QStringList {record.value(QStringLiteral("firstName")).toString().trimmed(),
                         record.value(QStringLiteral("lastName")).toString().trimmed()}
                .join(QLatin1Char(' ')),
            QStringLiteral("name"));
        insert(&index, ByName, fullName, id);
        insert(&index, ByName, key("nickName"), id);
        insert(&index, ByDomainOrEmail, key("email"), id);
    }
}

void ReferenceLookup::setListed(Target target)
{
    m_indexes[size_t(target)].listed = true;
}

bool ReferenceLookup::isListed(Target target) const
{
    return m_indexes[size_t(target)].listed;
}

ReferenceLookup::Result ReferenceLookup::resolve(Target target, const QString &text) const
{
    const Index &index = m_indexes[size_t(target)];
    const QString singular = singularOf(target);
    const QString plural = typeName(target);
    const QString wanted = text.trimmed();
    if (ValueConverter::isObjectId(wanted)) {
        if (index.ids.contains(wanted))
            return {wanted, QString()};
        return {QString(), QStringLiteral("no %1 has _id %2").arg(singular, wanted)};
    }

    // The ways `wanted` may name records, each with the key it is looked up by.
    QList<QPair<Way, QString>> ways;
    QString what;
    if (wanted.startsWith(externalIdPrefix)) {
        ways.append({ByExternalId,
                     ImportPolicy::normalizedKey(wanted.mid(externalIdPrefix.size()),
                                                 QStringLiteral("externalId"))});
        what = QStringLiteral("externalId");
    } else if (wanted.startsWith(sourceIdPrefix)) {
        ways.append({BySourceId,
                     ImportPolicy::normalizedKey(wanted.mid(sourceIdPrefix.size()),
                                                 QStringLiteral("sourceId"))});
        what = QStringLiteral("sourceId");
    } else if (target == Target::Companies) {
        ways.append({ByName, ImportPolicy::normalizedKey(wanted, QStringLiteral("name"))});
        ways.append(
            {ByDomainOrEmail, ImportPolicy::normalizedKey(wanted, QStringLiteral("domains"))});
    } else if (wanted.contains(QLatin1Char('@'))) {
        ways.append(
            {ByDomainOrEmail, ImportPolicy::normalizedKey(wanted, QStringLiteral("email"))});
        what = QStringLiteral("email");
    } else {
        ways.append({ByName, ImportPolicy::normalizedKey(wanted, QStringLiteral("name"))});
        what = QStringLiteral("name");
    }

    QStringList ids;
    bool byName = false;
    bool byDomain = false;
    for (const auto &way : std::as_const(ways)) {
        const QStringList found = index.keys[size_t(way.first)].value(way.second);
        for (const QString &id : found) {
            if (!ids.contains(id))
                ids.append(id);
        }
        byName = byName || (way.first == ByName && !found.isEmpty());
        byDomain = byDomain || (way.first == ByDomainOrEmail && !found.isEmpty());
    }
    if (what.isEmpty()) {
        // A company named by text: say which of name and domain found what.
        if (byName && !byDomain)
            what = QStringLiteral("name");
        else if (byDomain && !byName)
            what = QStringLiteral("domain");
        else if (byName && byDomain)
            what = QStringLiteral("name or domain");
        else
            what = looksLikeDomain(wanted) ? QStringLiteral("name or domain")
                                           : QStringLiteral("name");
    }
    const QString shown = wanted.startsWith(externalIdPrefix) ? wanted.mid(externalIdPrefix.size())
        : wanted.startsWith(sourceIdPrefix)                   ? wanted.mid(sourceIdPrefix.size())
                                                              : wanted;
    if (ids.isEmpty())
        return {QString(), QStringLiteral("no %1 has %2 \"%3\"").arg(singular, what, shown)};
    if (ids.size() > 1) {
        return {QString(),
                QStringLiteral("%1 %2 have %3 \"%4\": %5")
                    .arg(ids.size())
                    .arg(plural, what, shown, listed(ids))};
    }
    return {ids.constFirst(), QString()};
}

} // namespace Planhat
