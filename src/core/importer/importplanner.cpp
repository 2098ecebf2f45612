// SPDX-License-Identifier: MIT
#include "importplanner.h"

#include "api/listjob.h"
#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "data/fieldpath.h"
#include "data/jsonbytes.h"
#include "existingrowreader.h"
#include "flatimagetext.h"
#include "importpolicy.h"
#include "importvalidator.h"
#include "rowconverter.h"
#include "schema/schema.h"
#include "valueconverter.h"
#include "xlsx/tablereader.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <deque>
#include <thread>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
const QString customField = QStringLiteral("custom");

/// What ObjectType::missingRequiredFields() counts as not given.
bool isBlank(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
        || (value.isString() && value.toString().trimmed().isEmpty());
}

bool isBlank(const RowConverter::Value &value)
{
    return value.isText ? value.text.trimmed().isEmpty() : isBlank(value.json);
}

/// sameValue() of two texts that are not empty.
bool sameText(const QString &a, const QString &b)
{
    if (a == b)
        return true;
    // Dates: "2024-03-01T00:00:00.000Z" and "2024-03-01T00:00:00Z" are the same day.
    if (a.size() >= 10 && b.size() >= 10 && a.at(4) == QLatin1Char('-')
        && b.at(4) == QLatin1Char('-')) {
        const QDateTime x = QDateTime::fromString(a, Qt::ISODateWithMs);
        const QDateTime y = QDateTime::fromString(b, Qt::ISODateWithMs);
        return x.isValid() && y.isValid() && x == y;
    }
    return false;
}

/// Whether the tenant's `before` and the row's `after` hold the same value for the import:
/// numbers by value, dates by instant, a missing value and null alike.
bool sameValue(const QJsonValue &before, const QJsonValue &after)
{
    // Each toString() makes a string: take it once.
    const bool beforeIsString = before.isString();
    const bool afterIsString = after.isString();
    const QString a = beforeIsString ? before.toString() : QString();
    const QString b = afterIsString ? after.toString() : QString();
    const bool beforeEmpty
        = before.isUndefined() || before.isNull() || (beforeIsString && a.isEmpty());
    const bool afterEmpty = after.isUndefined() || after.isNull() || (afterIsString && b.isEmpty());
    if (beforeEmpty || afterEmpty)
        return beforeEmpty == afterEmpty;
    if (before.isDouble() && after.isDouble())
        return before.toDouble() == after.toDouble()
            || std::abs(before.toDouble() - after.toDouble())
            <= 1e-9 * std::max(std::abs(before.toDouble()), std::abs(after.toDouble()));
    if (beforeIsString && afterIsString)
        return sameText(a, b);
    return before == after;
}

/// sameValue() of the value `object` has at `at` (end(): none) and a converted cell: a
/// text cell without making a QJsonValue of it, nor of the text it is compared with (which
/// QJsonObject::value() would copy whole).
bool sameValue(const QJsonObject &object, QJsonObject::const_iterator at,
               const RowConverter::Value &after)
{
    const bool missing = at == object.constEnd();
    if (!after.isText)
        return sameValue(missing ? QJsonValue(QJsonValue::Undefined) : QJsonValue(*at), after.json);
    // The text is not empty: the same only as a text that sameText() accepts.
    return !missing && at->isString() && sameText(at->toString(), after.text);
}

/// sameValue() of a before-image's member kept as text and a converted cell.
bool sameValue(const FlatImageText::Member &before, const RowConverter::Value &after)
{
    using Kind = FlatImageText::Member::Kind;
    if (!after.isText)
        return sameValue(FlatImageText::valueOf(before), after.json);
    // The text is not empty: the same only as a text that sameText() accepts.
    if (before.kind != Kind::String)
        return false;
    const QByteArrayView raw = before.raw;
    const bool plainAscii = std::all_of(raw.begin(), raw.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80 && c != '\\';
    });
    if (plainAscii) {
        // Most cells: compared without making a string. Only two dates that differ as
        // text may still be the same (sameText()).
        const QLatin1StringView text(raw.data(), raw.size());
        if (after.text == text)
            return true;
        const bool mayBeDates = raw.size() >= 10 && raw.at(4) == '-' && after.text.size() >= 10
            && after.text.at(4) == QLatin1Char('-');
        if (!mayBeDates)
            return false;
    }
    return sameText(FlatImageText::stringOf(before), after.text);
}

} // namespace

ImportPlanBuilder::ImportPlanBuilder(const ImportSettings &settings)
    : m_plan(std::make_shared<ImportPlan>())
    , m_keyField(settings.keyField())
{
    m_plan->m_settings = settings;
    // Settings without a match field get the default one now, so the plan (and the journal
    // and the runner that read it) name the field rows were matched on.
    m_plan->m_settings.matchField = m_keyField;
    // The validator keeps a reference to the type: give it the plan's copy, which lives on.
    const ImportSettings &kept = m_plan->m_settings;
    m_converter = std::make_unique<RowConverter>(kept.type, kept.mapping);
    m_validator = std::make_unique<ImportValidator>(kept.type, m_keyField, kept.mode);
    m_keyNormalizer = ImportPolicy::KeyNormalizer(m_keyField);
    m_singular = kept.type.singularName.toLower();
    m_plural = kept.type.pluralName.toLower();
    m_multiValuedKey = ImportPolicy::isMultiValued(kept.type, m_keyField);
    m_matchOnlyKey = ImportPolicy::isMatchOnlyField(kept.type, m_keyField);
    m_fields = m_converter->mappedFields();
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const FieldSpec &field = m_fields.at(i);
        const int column = kept.mapping.columnForField(field.name);
        m_headers.append(column >= 0 ? kept.mapping.columns().at(column).header : field.name);
        if (field.name == m_keyField)
            m_keySlot = i;
        if (field.isCustom())
            m_anyCustomField = true;
        if (const auto target = ReferenceLookup::targetOf(field))
            m_referenceSlots.append({i, *target});
        const QString key = field.isCustom() ? field.customKey() : field.name;
        m_fieldKeys.append(
            {key, key.toUtf8(), field.isCustom(), field.name != idField && !field.isReadOnly()});
    }
    for (const QString &required : kept.type.requiredFieldNames()) {
        qsizetype slot = -1;
        for (qsizetype i = 0; i < m_fields.size(); ++i) {
            if (m_fields.at(i).name == required)
                slot = i;
        }
        m_requiredSlots.append({required, slot});
    }
    m_plan->m_mappingProblems = settings.mapping.problems(settings.type);
    m_plan->m_mappingProblems.append(m_validator->mappingProblems(settings.mapping));
    for (const ColumnMapping &column : kept.mapping.columns()) {
        if (column.isIgnored() || column.field == idField || kept.type.isReadOnly(column.field)
            || m_imageFields.contains(column.field))
            continue;
        m_imageFields.append(column.field);
        // FlatImageText finds members by their names as written: unescaped.
        if (column.field.contains(QLatin1Char('.')) || FieldPath::isCustom(column.field)
            || JsonBytes::needsEscape(column.field))
            m_imageIsFlat = false;
    }
    // In a QJsonObject's key order: a selected image's text is then what the journal writes
    // for the image (FlatImageText).
    QStringList inKeyOrder = m_imageFields;
    std::sort(inKeyOrder.begin(), inKeyOrder.end());
    for (const QString &field : std::as_const(inKeyOrder))
        m_imageFieldsUtf8.append(field.toUtf8());
}

ImportPlanBuilder::~ImportPlanBuilder() = default;

QStringList ImportPlanBuilder::fieldsToList(const ImportSettings &settings)
{
    QStringList fields {idField};
    const auto add = [&fields](const QString &field) {
        const QString listed = ImportPolicy::listedField(field);
        if (!listed.isEmpty() && !fields.contains(listed))
            fields.append(listed);
    };
    add(settings.keyField());
    for (const ColumnMapping &column : settings.mapping.columns()) {
        if (!column.isIgnored())
            add(column.field);
    }
    return fields;
}

QList<ReferenceLookup::Target> ImportPlanBuilder::referenceTargets(const ImportSettings &settings)
{
    QList<ReferenceLookup::Target> targets;
    for (const ColumnMapping &column : settings.mapping.columns()) {
        const FieldSpec *field = column.isIgnored() ? nullptr : settings.type.field(column.field);
        const auto target = field ? ReferenceLookup::targetOf(*field) : std::nullopt;
        if (target && !targets.contains(*target))
            targets.append(*target);
    }
    std::sort(targets.begin(), targets.end());
    return targets;
}

void ImportPlanBuilder::addReferenced(ReferenceLookup::Target target, const QJsonObject &record)
{
    m_references.add(target, record);
}

void ImportPlanBuilder::setReferencesListed(ReferenceLookup::Target target)
{
    m_references.setListed(target);
}

void ImportPlanBuilder::addCompany(const QJsonObject &company)
{
    addReferenced(ReferenceLookup::Target::Companies, company);
    setReferencesListed(ReferenceLookup::Target::Companies);
}

void ImportPlanBuilder::addUser(const QJsonObject &user)
{
    addReferenced(ReferenceLookup::Target::Users, user);
    setReferencesListed(ReferenceLookup::Target::Users);
}

void ImportPlanBuilder::addExisting(const QJsonObject &object)
{
    const QStringList keys
        = ImportPolicy::normalizedKeys(ImportPolicy::keyValue(object, m_keyField), m_keyField);
    if (keys.isEmpty())
        return;
    ExistingRecord record;
    record.id = object.value(idField).toString();
    record.values = imageOf(object, !record.id.isEmpty());
    addRecord(std::move(record), keys, RawSource());
}

QJsonObject ImportPlanBuilder::imageOf(QJsonObject object, bool hasId) const
{
    // Keep only the mapped fields, and of "custom" only the mapped custom fields: this is
    // the before-image an undo restores. Fields the import never sends are left out.
    if (m_imageIsFlat && object.size() == m_imageFields.size() + (hasId ? 1 : 0)
        && std::all_of(m_imageFields.cbegin(), m_imageFields.cend(),
                       [&object](const QString &field) { return object.contains(field); })) {
        // The listing selected exactly these fields (and `_id`): the object is the image
        // without its `_id`, at the cost of one copy instead of one insert per field.
        object.remove(idField);
        return object;
    }
    QJsonObject image;
    for (const QString &field : std::as_const(m_imageFields)) {
        const QJsonValue value = FieldPath::valueIn(object, field);
        if (!value.isUndefined())
            FieldPath::setValueIn(&image, field, value);
    }
    return image;
}

void ImportPlanBuilder::addExisting(const RawRows &rows)
{
    if (!m_rowReader)
        m_rowReader = std::make_unique<ExistingRowReader>(m_keyField);
    // The image's fields are picked out in the same parse that finds the key, so a matched
    // object's image is made from a few bytes; the page itself is kept only for objects whose
    // fields Qt's reader must see as the server wrote them (or when the image is not flat).
    const qint32 selectedBuffer = qint32(m_buffers.size());
    m_buffers.append(QByteArray());
    QByteArray selected;
    QByteArray *selecting = m_imageIsFlat ? &selected : nullptr;
    qint32 pageBuffer = -1;
    ExistingRowReader::Row row;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const qsizetype selectedBefore = selected.size();
        if (!m_rowReader->read(rows.row(i), &row, m_imageFieldsUtf8, selecting)
            || row.keys.isEmpty()) {
            selected.truncate(selectedBefore);
            continue;
        }
        RawSource source;
        // Rows of a page select much the same: room for all of them, as much as the first.
        if (row.selectedAt == 0)
            selected.reserve((row.selectedSize + 16) * rows.size());
        if (row.selectedAt >= 0) {
            source = {selectedBuffer, true, row.selectedAt, row.selectedSize};
        } else {
            if (pageBuffer < 0) {
                pageBuffer = qint32(m_buffers.size());
                m_buffers.append(rows.body);
            }
            const auto &span = rows.spans.at(i);
            source = {pageBuffer, false, span.first, span.second};
        }
        addRecord({std::move(row.id), QString(), QJsonObject()}, row.keys, source);
    }
    m_buffers[selectedBuffer] = std::move(selected);
}

QJsonObject ImportPlanBuilder::imageFromSource(qint32 existing) const
{
    // Qt's own reader, so the image holds what a listing parsed into objects would give.
    const RawSource &source = m_rawSources[size_t(existing)];
    const QByteArray &buffer = m_buffers.at(source.buffer);
    const QJsonObject object
        = QJsonDocument::fromJson(
              QByteArray::fromRawData(buffer.constData() + source.offset, source.size))
              .object();
    // Only the image's fields: nothing to remove.
    if (source.selected)
        return object;
    return imageOf(object, !m_plan->m_existing[size_t(existing)].id.isEmpty());
}

void ImportPlanBuilder::takeImage(qint32 existing, ExistingRecord *record) const
{
    const RawSource &source = m_rawSources[size_t(existing)];
    if (source.selected) {
        // The image's fields alone, and only strings, booleans and nulls among them (see
        // ExistingRowReader::read()): kept as text, parsed only where it is read.
        const QByteArray &buffer = m_buffers.at(source.buffer);
        record->imageText = QByteArray(buffer.constData() + source.offset, source.size);
        return;
    }
    record->values = imageFromSource(existing);
}

void ImportPlanBuilder::completeRecord(qint32 existing)
{
    if (size_t(existing) >= m_rawSources.size() || m_rawSources[size_t(existing)].buffer < 0)
        return;
    ExistingRecord &record = m_plan->m_existing[size_t(existing)];
    if (!m_imageStates) {
        takeImage(existing, &record);
        m_rawSources[size_t(existing)].buffer = -1;
        return;
    }
    // Rows are matched on several threads: the first to need the image makes it, the
    // others wait for it (rare: two rows with one key).
    std::atomic<quint8> &state = m_imageStates[size_t(existing)];
    quint8 expected = ImageRaw;
    if (state.load(std::memory_order_acquire) == ImageMade)
        return;
    if (state.compare_exchange_strong(expected, ImageInWork, std::memory_order_acq_rel)) {
        takeImage(existing, &record);
        state.store(ImageMade, std::memory_order_release);
        return;
    }
    while (state.load(std::memory_order_acquire) != ImageMade)
        std::this_thread::yield();
}

void ImportPlanBuilder::finishExisting()
{
    if (m_imageStates)
        return;
    m_imageStates = std::make_unique<std::atomic<quint8>[]>(m_rawSources.size());
    for (size_t i = 0; i < m_rawSources.size(); ++i)
        m_imageStates[i].store(m_rawSources[i].buffer < 0 ? ImageMade : ImageRaw,
                               std::memory_order_relaxed);
}

void ImportPlanBuilder::prepare(ConvertedRow *row)
{
    if (!m_imageStates)
        return;
    ConvertedRow::Prepared &prepared = row->prepared;
    const QStringList keys = keysOf(row->values);
    // Only what match() finds without a problem: one key, one object.
    if (keys.size() != 1 || m_sharedKeys.contains(keys.constFirst()))
        return;
    prepared.matched = true;
    prepared.existing = m_existingByKey.value(keys.constFirst(), -1);
    if (prepared.existing < 0)
        return;
    completeRecord(prepared.existing);
    // As addValues() counts rows past the stored changes; references would first be
    // resolved, in file order.
    const ExistingRecord &record = m_plan->m_existing[size_t(prepared.existing)];
    if (m_referenceSlots.isEmpty() && !record.imageText.isEmpty() && !m_anyCustomField)
        prepared.changeCount = changeCountInText(record.imageText, row->values);
}

void ImportPlanBuilder::addRecord(ExistingRecord record, const QStringList &keys, RawSource source)
{
    // Pages that overlap must not make one object look like two sharing a key. An object
    // listed again comes with the keys it had: only objects that have its first key can be
    // it (a set of every `_id` cost more than the rest of indexing an object).
    if (!record.id.isEmpty()) {
        const QString &key = keys.constFirst();
        const auto isThis = [&](qint32 existing) {
            return m_plan->m_existing[size_t(existing)].id == record.id;
        };
        const auto first = m_existingByKey.constFind(key);
        if (first != m_existingByKey.constEnd() && isThis(first.value()))
            return;
        const auto shared = m_sharedKeys.constFind(key);
        if (shared != m_sharedKeys.constEnd()
            && std::any_of(shared->cbegin(), shared->cend(), isThis))
            return;
    }
    record.key = keys.size() == 1 ? keys.constFirst() : keys.join(QStringLiteral(", "));
    const qint32 index = qint32(m_plan->m_existing.size());
    m_plan->m_existing.push_back(std::move(record));
    if (source.buffer >= 0 || !m_rawSources.empty()) {
        m_rawSources.resize(size_t(index));
        m_rawSources.push_back(source);
    }
    for (const QString &key : keys) {
        const auto shared = m_sharedKeys.find(key);
        if (shared != m_sharedKeys.end()) {
            shared->append(index);
            continue;
        }
        const auto first = m_existingByKey.constFind(key);
        if (first == m_existingByKey.constEnd()) {
            m_existingByKey.insert(key, index);
        } else {
            m_sharedKeys.insert(key, {first.value(), index});
            m_existingByKey.remove(key);
        }
    }
}

QList<FieldChange> ImportPlanBuilder::diff(const QJsonObject &existing, const QJsonObject &row)
{
    QList<FieldChange> changes;
    for (auto it = row.constBegin(); it != row.constEnd(); ++it) {
        if (it.key() == idField)
            continue;
        if (it.key() == customField) {
            const QJsonObject before = existing.value(customField).toObject();
            const QJsonObject after = it.value().toObject();
            for (auto c = after.constBegin(); c != after.constEnd(); ++c) {
                if (!sameValue(before.value(c.key()), c.value()))
                    changes.append(
                        {FieldPath::customField(c.key()), before.value(c.key()), c.value()});
            }
            continue;
        }
        if (!sameValue(existing.value(it.key()), it.value()))
            changes.append({it.key(), existing.value(it.key()), it.value()});
    }
    return changes;
}

template<typename Changed>
void ImportPlanBuilder::forEachChange(const QJsonObject &existing,
                                      const QList<RowConverter::Value> &values,
                                      Changed changed) const
{
    const QJsonObject existingCustom
        = m_anyCustomField ? existing.value(customField).toObject() : QJsonObject();
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const RowConverter::Value &after = values.at(i);
        const FieldKey &key = m_fieldKeys.at(i);
        // `_id` and match-only fields are never written.
        if ((!after.isText && after.json.isUndefined()) || !key.written)
            continue;
        const QJsonObject &object = key.isCustom ? existingCustom : existing;
        const auto at = object.constFind(key.key);
        if (!sameValue(object, at, after))
            changed(m_fields.at(i),
                    at == object.constEnd() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(*at),
                    after);
    }
}

QList<FieldChange> ImportPlanBuilder::changesOf(const QJsonObject &existing,
                                                const QList<RowConverter::Value> &values) const
{
    QList<FieldChange> changes;
    forEachChange(existing, values,
                  [&changes](const FieldSpec &field, const QJsonValue &before,
                             const RowConverter::Value &after) {
                      changes.append({field.name, before, after.toJson()});
                  });
    if (changes.size() > 1)
        std::sort(changes.begin(), changes.end(),
                  [](const FieldChange &a, const FieldChange &b) { return a.field < b.field; });
    return changes;
}

qsizetype ImportPlanBuilder::changeCountOf(const QJsonObject &existing,
                                           const QList<RowConverter::Value> &values) const
{
    qsizetype count = 0;
    forEachChange(
        existing, values,
        [&count](const FieldSpec &, const QJsonValue &, const RowConverter::Value &) { ++count; });
    return count;
}

qsizetype ImportPlanBuilder::changeCountInText(QByteArrayView imageText,
                                               const QList<RowConverter::Value> &values) const
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const RowConverter::Value &after = values.at(i);
        const FieldKey &key = m_fieldKeys.at(i);
        // As forEachChange(); a text image has no custom fields (they are not flat).
        if ((!after.isText && after.json.isUndefined()) || !key.written)
            continue;
        if (!sameValue(FlatImageText::find(imageText, key.keyUtf8), after))
            ++count;
    }
    return count;
}

void ImportPlanBuilder::addRow(const QStringList &cells, qint64 line,
                               const QList<QString> &fileProblems)
{
    m_row.problems.clear();
    m_converter->convertValues(cells, qint64(m_plan->m_rows.size()) + 1, line, &m_row.problems,
                               &m_row.values);
    addValues(m_row.values, m_row.problems, line, fileProblems);
}

ImportPlanBuilder::ConvertedRow ImportPlanBuilder::convert(const QStringList &cells,
                                                           qint64 rowNumber, qint64 line) const
{
    ConvertedRow row;
    m_converter->convertValues(cells, rowNumber, line, &row.problems, &row.values);
    return row;
}

void ImportPlanBuilder::addConverted(const ConvertedRow &row, qint64 line,
                                     const QList<QString> &fileProblems, bool usePrepared)
{
    addValues(row.values, row.problems, line, fileProblems, usePrepared ? &row.prepared : nullptr);
}

void ImportPlanBuilder::setFileFingerprint(const FileFingerprint &fingerprint)
{
    m_plan->m_fileFingerprint = fingerprint;
}

QString ImportPlanBuilder::headerOf(qsizetype slot) const
{
    return m_headers.value(slot);
}

void ImportPlanBuilder::resolveReferences(QList<RowConverter::Value> *values, qint64 rowNumber,
                                          qint64 line, QList<ImportProblem> *problems)
{
    for (const ReferenceSlot &reference : std::as_const(m_referenceSlots)) {
        const QJsonValue value = values->at(reference.slot).toJson();
        if (!value.isString() && !value.isArray())
            continue;
        const FieldSpec &field = m_fields.at(reference.slot);
        const bool listed = m_references.isListed(reference.target);
        // One cell, or each entry of a list cell.
        const auto resolved = [&](const QString &text) -> QJsonValue {
            if (!listed) {
                // Nothing to look names up in: only ids the server can resolve may go.
                const bool prefixed = text.startsWith(QLatin1String("extid-"))
                    || text.startsWith(QLatin1String("srcid-"));
                if (ValueConverter::isObjectId(text)
                    || (field.type == FieldType::ObjectId && prefixed))
                    return text;
                problems->append(
                    {rowNumber, line, headerOf(reference.slot), text,
                     field.type == FieldType::ObjectId
                         ? QStringLiteral("\"%1\" is not an id (24 hexadecimal digits, or "
                                          "extid-... / srcid-...)")
                               .arg(text)
                         : QStringLiteral("\"%1\" is not an id (24 hexadecimal digits)")
                               .arg(text)});
                return QJsonValue(QJsonValue::Undefined);
            }
            const ReferenceLookup::Result result = m_references.resolve(reference.target, text);
            if (result.id.isEmpty()) {
                problems->append({rowNumber, line, headerOf(reference.slot), text, result.problem});
                return QJsonValue(QJsonValue::Undefined);
            }
            m_plan->m_resolved[field.name].insert(text, result.id);
            return result.id;
        };
        if (value.isString()) {
            (*values)[reference.slot] = {resolved(value.toString()), QString(), false};
        } else {
            QJsonArray ids;
            for (const QJsonValue &entry : value.toArray()) {
                const QJsonValue id = resolved(entry.toString());
                if (!id.isUndefined())
                    ids.append(id);
            }
            (*values)[reference.slot] = {ids, QString(), false};
        }
    }
}

qint32 ImportPlanBuilder::match(const QStringList &keys, const QString &key, qint64 rowNumber,
                                qint64 line, QList<ImportProblem> *problems) const
{
    const ImportPlan &plan = *m_plan;
    const QString &plural = m_plural;
    const auto idsOf = [&plan](const QList<qint32> &records) {
        QStringList ids;
        for (const qint32 record : records)
            ids.append(plan.m_existing[size_t(record)].id);
        return ids;
    };
    const auto listed = [](const QStringList &items) {
        return items.size() < 2 ? items.join(QString())
                                : items.mid(0, items.size() - 1).join(QStringLiteral(", "))
                + QStringLiteral(" and ") + items.constLast();
    };
    if (keys.size() == 1 && !m_sharedKeys.contains(keys.constFirst()))
        return m_existingByKey.value(keys.constFirst(), -1); // what the loop below finds
    QList<qint32> matched;
    QStringList matchedKeys;
    bool ambiguous = false;
    for (const QString &entry : keys) {
        const auto shared = m_sharedKeys.constFind(entry);
        if (shared != m_sharedKeys.constEnd()) {
            // Nothing is guessed: the user must make the key unique or choose another.
            problems->append({rowNumber, line, QString(), key,
                              QStringLiteral("%1 %2 have %3 \"%4\": %5")
                                  .arg(shared->size())
                                  .arg(plural, m_keyField, entry, listed(idsOf(*shared)))});
            ambiguous = true;
            continue;
        }
        const qint32 record = m_existingByKey.value(entry, -1);
        if (record >= 0 && !matched.contains(record)) {
            matched.append(record);
            matchedKeys.append(entry);
        }
    }
    if (ambiguous)
        return -1;
    if (matched.size() > 1) {
        QStringList shown;
        for (const QString &entry : std::as_const(matchedKeys))
            shown.append(QLatin1Char('"') + entry + QLatin1Char('"'));
        problems->append({rowNumber, line, QString(), key,
                          QStringLiteral("%1 %2 match different %3: %4")
                              .arg(m_keyField, listed(shown), plural, listed(idsOf(matched)))});
        return -1;
    }
    return matched.isEmpty() ? -1 : matched.constFirst();
}

QStringList ImportPlanBuilder::keysOf(const QList<RowConverter::Value> &values) const
{
    return m_keySlot < 0 ? QStringList() : m_keyNormalizer.keys(values.at(m_keySlot));
}

void ImportPlanBuilder::addValues(const QList<RowConverter::Value> &converted,
                                  const QList<ImportProblem> &cellProblems, qint64 line,
                                  const QList<QString> &fileProblems,
                                  const ConvertedRow::Prepared *prepared)
{
    ImportPlan &plan = *m_plan;
    const qint64 index = qint64(plan.m_rows.size());
    const qint64 rowNumber = index + 1;
    QList<ImportProblem> problems;
    for (const QString &message : fileProblems)
        problems.append({rowNumber, line, QString(), QString(), message});
    problems.append(cellProblems);
    const QStringList keys = keysOf(converted);
    const QString key = keys.size() == 1 ? keys.constFirst() : keys.join(QStringLiteral(", "));
    QStringList missing;
    for (const auto &required : std::as_const(m_requiredSlots)) {
        if (required.second < 0 || isBlank(converted.at(required.second)))
            missing.append(required.first);
    }
    m_validator->check(key, missing, rowNumber, line, &problems);

    const ImportSettings &settings = plan.m_settings;
    PlannedRow planned;
    planned.line = line;
    if (m_keyField == idField && !key.isEmpty() && !ValueConverter::isObjectId(key)) {
        problems.append(
            {rowNumber, line, QString(), key,
             QStringLiteral("\"%1\" is not a Planhat _id (24 hexadecimal digits)").arg(key)});
    }
    // References become the `_id`s they name before the row is compared with the tenant.
    QList<RowConverter::Value> resolvedValues;
    if (!m_referenceSlots.isEmpty()) {
        resolvedValues = converted;
        resolveReferences(&resolvedValues, rowNumber, line, &problems);
    }
    const QList<RowConverter::Value> &values
        = m_referenceSlots.isEmpty() ? converted : resolvedValues;

    const qsizetype problemsBeforeMatch = problems.size();
    const qint32 existing = prepared && prepared->matched ? prepared->existing
        : keys.isEmpty()                                  ? -1
                         : match(keys, key, rowNumber, line, &problems);
    const bool ambiguous = problems.size() > problemsBeforeMatch;
    planned.existing = existing;
    if (existing >= 0)
        completeRecord(existing);
    const QString &singular = m_singular;
    if (existing >= 0 && m_multiValuedKey) {
        // Two rows naming one object by different entries would both update it.
        const auto first = m_matchedAt.constFind(existing);
        if (first != m_matchedAt.constEnd()) {
            problems.append({rowNumber, line, QString(), key,
                             QStringLiteral("matches the same %1 as line %2 (_id %3)")
                                 .arg(singular)
                                 .arg(first.value())
                                 .arg(plan.m_existing[size_t(existing)].id)});
        } else {
            m_matchedAt.insert(existing, line > 0 ? line : rowNumber);
        }
    }
    if (ambiguous) {
        // Reported by match(): which object the row means is not known.
    } else if (existing >= 0 && settings.mode == ImportMode::CreateOnly) {
        problems.append(
            {rowNumber, line, QString(), key,
             QStringLiteral("a %1 with %2 \"%3\" exists already (_id %4); create "
                            "mode only creates")
                 .arg(singular, m_keyField, key, plan.m_existing[size_t(existing)].id)});
    } else if (existing < 0 && !key.isEmpty()
               && (settings.mode == ImportMode::UpdateOnly || m_keyField == idField)) {
        problems.append({rowNumber, line, QString(), key,
                         QStringLiteral("no %1 has %2 \"%3\"").arg(singular, m_keyField, key)});
    } else if (existing < 0 && !key.isEmpty() && m_matchOnlyKey) {
        // The key would not be sent: a new object would lack it, and a second import of the
        // file would create it again.
        problems.append({rowNumber, line, QString(), key,
                         QStringLiteral("no %1 has %2 \"%3\", and a new %1 cannot be given its "
                                        "%2 (read-only)")
                             .arg(singular, m_keyField, key)});
    } else if (existing < 0 && !key.isEmpty() && settings.mode == ImportMode::Upsert) {
        // Rows with a key were not checked for creation by the validator: now we know.
        problems.append(m_validator->requiredFieldProblems(missing, rowNumber, line));
    }

    if (!problems.isEmpty()) {
        planned.action = PlannedAction::Invalid;
        plan.m_problemCount += problems.size();
        for (const ImportProblem &problem : std::as_const(problems)) {
            if (plan.m_problems.size() >= ImportPlan::maxStoredProblems)
                break;
            plan.m_problems.append(problem);
        }
    } else {
        // For a create, what the new record will hold, shown by the preview and --dry-run
        // like an update's changes (every value is new: `before` is undefined).
        const ExistingRecord *record = existing >= 0 ? &plan.m_existing[size_t(existing)] : nullptr;
        // Past the stored ones only the count is kept: no need to make the changes.
        qsizetype changeCount = 0;
        if (plan.m_changes.size() < ImportPlan::maxStoredDiffs) {
            QList<FieldChange> changes
                = changesOf(record ? record->beforeImage() : QJsonObject(), values);
            changeCount = changes.size();
            if (existing < 0 || changeCount > 0)
                plan.m_changes.insert(index, std::move(changes));
        } else if (prepared && prepared->changeCount >= 0) {
            changeCount = prepared->changeCount;
        } else if (record && !record->imageText.isEmpty() && !m_anyCustomField) {
            changeCount = changeCountInText(record->imageText, values);
        } else {
            changeCount = changeCountOf(record ? record->beforeImage() : QJsonObject(), values);
        }
        if (existing < 0)
            planned.action = PlannedAction::Create;
        else
            planned.action = changeCount > 0 ? PlannedAction::Update : PlannedAction::Unchanged;
        planned.changedFields = quint8(std::min<qsizetype>(changeCount, 255));
    }
    ++plan.m_counts[int(planned.action)];
    plan.m_rows.push_back(planned);
}

std::shared_ptr<ImportPlan> ImportPlanBuilder::take()
{
    m_buffers.clear();
    m_rawSources = std::vector<RawSource>();
    m_imageStates.reset();
    m_existingByKey.clear();
    m_sharedKeys.clear();
    m_matchedAt.clear();
    return std::move(m_plan);
}

void ImportPlanner::ListingGate::open()
{
    {
        const std::lock_guard<std::mutex> lock(mutex);
        isOpen = true;
    }
    opened.notify_all();
}

void ImportPlanner::ListingGate::wake()
{
    // Through the mutex: a pass that checked the flags but does not wait yet would miss a
    // bare notify and sleep for ever.
    {
        const std::lock_guard<std::mutex> lock(mutex);
    }
    opened.notify_all();
}

ImportPlanner::ImportPlanner(PlanhatClient *client, const ImportSettings &settings, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_settings(settings)
    , m_gate(std::make_shared<ListingGate>())
    , m_cancelled(std::make_shared<std::atomic_bool>(false))
{ }

ImportPlanner::~ImportPlanner()
{
    m_cancelled->store(true);
    m_gate->stop.store(true);
    m_gate->wake();
    if (m_listJob)
        m_listJob->abort();
    // The pass checks the flags after every row and while it waits, so this wait is short.
    if (m_thread)
        m_thread->wait();
}

void ImportPlanner::start()
{
    m_builder = std::make_shared<ImportPlanBuilder>(m_settings);
    QFile probe(m_settings.filePath);
    if (!probe.open(QIODevice::ReadOnly)) {
        ImportPlanResult result;
        result.fileError
            = QStringLiteral("cannot open %1: %2").arg(m_settings.filePath, probe.errorString());
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    // The file is read and converted while the tenant is listed: neither needs the other.
    readFile();
    listReferences(ImportPlanBuilder::referenceTargets(m_settings));
}

void ImportPlanner::listReferences(QList<ReferenceLookup::Target> targets)
{
    if (targets.isEmpty()) {
        listTenant();
        return;
    }
    // Lean: only the fields a reference can name a record by.
    const ReferenceLookup::Target target = targets.takeFirst();
    ListQuery query;
    query.select = ReferenceLookup::fieldsToList(target);
    const ObjectType *type = Schema::builtin().type(ReferenceLookup::typeName(target));
    m_listJob = m_client->list(*type, query);
    connect(m_listJob, &ListJob::rowsReceived, this,
            [this, target](const QList<QJsonObject> &rows) {
                for (const QJsonObject &row : rows)
                    m_builder->addReferenced(target, row);
            });
    connect(m_listJob, &ListJob::finished, this, [this, target, targets](const ListResult &listed) {
        m_listJob = nullptr;
        ImportPlanResult result;
        if (m_cancelled->load()) {
            result.cancelled = true;
            abandon(result);
        } else if (listed.error.isError()) {
            result.error = listed.error;
            abandon(result);
        } else {
            m_builder->setReferencesListed(target);
            listReferences(targets);
        }
    });
    m_listJob->start();
}

void ImportPlanner::cancel()
{
    m_cancelled->store(true);
    m_gate->wake();
    if (m_listJob)
        m_listJob->abort();
}

void ImportPlanner::listTenant()
{
    // Nothing to match against when the mapping cannot even name the key.
    if (m_settings.keyField().isEmpty()
        || m_settings.mapping.columnForField(m_settings.keyField()) < 0) {
        QMetaObject::invokeMethod(this, &ImportPlanner::listingDone, Qt::QueuedConnection);
        return;
    }
    ListQuery query;
    query.select = ImportPlanBuilder::fieldsToList(m_settings);
    m_listJob = m_client->list(m_settings.type, query);
    // As bytes: the builder reads the few fields it keeps without a QJsonObject per object.
    m_listJob->setRowFormat(ListJob::RowFormat::Raw);
    connect(m_listJob, &ListJob::rawRowsReceived, this,
            [this](const RawRows &rows, qint64 firstRow) {
                m_builder->addExisting(rows);
                Q_EMIT tenantProgress(firstRow + rows.size());
            });
    connect(m_listJob, &ListJob::finished, this, [this](const ListResult &listed) {
        m_listJob = nullptr;
        if (m_cancelled->load()) {
            ImportPlanResult result;
            result.cancelled = true;
            abandon(result);
        } else if (listed.error.isError()) {
            ImportPlanResult result;
            result.error = listed.error;
            abandon(result);
        } else {
            listingDone();
        }
    });
    m_listJob->start();
}

void ImportPlanner::listingDone()
{
    // From here on the file pass owns the builder; the main thread no longer touches it.
    m_builder.reset();
    m_gate->open();
}

void ImportPlanner::abandon(ImportPlanResult result)
{
    m_gate->stop.store(true);
    m_gate->wake();
    finish(std::move(result));
}

void ImportPlanner::readFile()
{
    // The file pass runs on a thread of its own so a GUI stays responsive. Until the
    // listings are done it only converts rows (const, no tenant needed) and keeps them; the
    // gate then hands it the builder, and it matches the kept rows and the rest in file
    // order. The plan goes back through a queued call.
    ImportPlanner *self = this;
    const std::shared_ptr<ImportPlanBuilder> builder = m_builder;
    const std::shared_ptr<ListingGate> gate = m_gate;
    const ImportSettings settings = m_settings;
    const std::shared_ptr<std::atomic_bool> cancelled = m_cancelled;
    QThread *thread = QThread::create([self, builder, gate, settings, cancelled] {
        const auto stopped = [&] {
            return cancelled->load() || gate->stop.load();
        };
        // Blocks until the listings are done; false when planning stopped meanwhile.
        const auto waitForListings = [&] {
            std::unique_lock<std::mutex> lock(gate->mutex);
            gate->opened.wait(lock, [&] { return gate->isOpen || stopped(); });
            return !stopped();
        };
        const auto listingsDone = [&] {
            const std::lock_guard<std::mutex> lock(gate->mutex);
            return gate->isOpen;
        };
        ImportPlanResult result;
        QString openError;
        const std::unique_ptr<TableReader> reader
            = TableReader::open(settings.filePath, settings.tableOptions(), &openError);
        if (!reader) {
            result.fileError = openError;
            // Reported like before the overlap: only when the listings succeeded.
            if (!waitForListings())
                result.cancelled = true;
        } else {
            // Taken before the rows are read: a file that changes from here on differs from
            // it, and the run refuses it. The builder gets it once it is the pass's.
            const FileFingerprint fingerprint = FileFingerprint::of(settings.filePath);
            const qint64 total = QFileInfo(settings.filePath).size();
            // Rows converted before the listings were done, in file order. Bounded, so a
            // huge file against a slow tenant does not pile up in memory.
            struct KeptRow
            {
                ImportPlanBuilder::ConvertedRow converted;
                qint64 line;
                QList<QString> fileProblems;
            };
            constexpr size_t maxKeptRows = 250000;
            // Fewer kept rows are matched on one thread: a second would hardly help.
            constexpr size_t minRowsToShare = 2048;
            // A deque: a vector of 100,000 kept rows moved them all at every doubling (5% of
            // an import's CPU).
            std::deque<KeptRow> kept;
            bool matching = false;
            const auto startMatching = [&] {
                builder->setFileFingerprint(fingerprint);
                builder->finishExisting();
                // The kept rows are matched in file order here while a second thread, from
                // the last row back, finds the objects they match, makes their before-images
                // and counts the changes (most of matching a row), until the two meet. A
                // matched row is dropped at once unless the other thread may be reading it.
                std::atomic<size_t> adding {0};
                std::atomic<size_t> preparingAt {kept.size()};
                // Rows from here to the end are prepared: what prepare() kept for them is
                // theirs to read (stored after it, so loaded before it).
                std::atomic<size_t> preparedFrom {kept.size()};
                std::thread preparing;
                if (kept.size() >= minRowsToShare) {
                    preparing = std::thread([&] {
                        for (size_t i = kept.size(); i-- > 0;) {
                            preparingAt.store(i);
                            if (i <= adding.load() + 1 || stopped())
                                break;
                            builder->prepare(&kept[i].converted);
                            preparedFrom.store(i, std::memory_order_release);
                        }
                    });
                }
                for (size_t i = 0; i < kept.size() && !stopped(); ++i) {
                    adding.store(i);
                    KeptRow &row = kept[i];
                    const bool prepared = preparedFrom.load(std::memory_order_acquire) <= i;
                    builder->addConverted(row.converted, row.line, row.fileProblems, prepared);
                    // Whichever of the two stores came first, the other thread sees it:
                    // unless it is on row i now, it is done with it or will not read it.
                    if (preparingAt.load() != i)
                        row = KeptRow();
                }
                adding.store(kept.size());
                if (preparing.joinable())
                    preparing.join();
                kept = std::deque<KeptRow>();
                matching = true;
            };
            CsvRow row;
            QStringList cells;
            QList<QString> rowProblems;
            qint64 rows = 0;
            // One thread on purpose: converting on a second one was three times slower in
            // total, as glibc's malloc pays dearly for memory freed by another thread.
            while (!stopped() && reader->readRow(row)) {
                cells.resize(row.size());
                for (qsizetype i = 0; i < row.size(); ++i)
                    cells[i] = row.field(i).toString();
                rowProblems.clear();
                for (const CsvIssue &issue : row.issues()) {
                    if (issue.severity == CsvIssue::Severity::Error)
                        rowProblems.append(reader->rowIssueText(issue));
                }
                if (!matching
                    && (((rows & 0xff) == 0 && listingsDone())
                        || (kept.size() >= maxKeptRows && waitForListings())))
                    startMatching();
                if (stopped())
                    break;
                if (!matching) {
                    kept.push_back(
                        {builder->convert(cells, rows + 1, row.line()), row.line(), rowProblems});
                    ++rows;
                    continue;
                }
                builder->addRow(cells, row.line(), rowProblems);
                if ((++rows & 0x3fff) == 0) {
                    const qint64 bytes = reader->bytesRead();
                    // Queued to the planner's thread; dropped if the planner is gone.
                    QMetaObject::invokeMethod(self, [self, rows, bytes, total] {
                        Q_EMIT self->fileProgress(rows, bytes, total);
                    });
                }
            }
            if (!matching && !stopped() && waitForListings())
                startMatching();
            if (stopped()) {
                result.cancelled = true;
            } else {
                std::shared_ptr<ImportPlan> plan = builder->take();
                for (const CsvIssue &issue : reader->issues()) {
                    if (issue.severity == CsvIssue::Severity::Error || issue.line <= 1)
                        plan->m_fileProblems.append(reader->issueText(issue, settings.filePath));
                }
                if (reader->stoppedEarly()) {
                    plan->m_mappingProblems.append(
                        QStringLiteral("%1 was not read to its end: %2")
                            .arg(settings.filePath, reader->stopReason()));
                }
                result.plan = plan;
            }
        }
        QMetaObject::invokeMethod(self, [self, result] { self->finish(result); });
    });
    m_thread = thread;
    thread->setParent(this);
    thread->start();
}

void ImportPlanner::finish(ImportPlanResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(result);
}

} // namespace Planhat
