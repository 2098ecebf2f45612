// SPDX-License-Identifier: MIT
#include "importplanner.h"

#include "api/listjob.h"
#include "api/planhatclient.h"
#include "csv/csvreader.h"
#include "importvalidator.h"
#include "rowconverter.h"
#include "schema/schema.h"
#include "valueconverter.h"

#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");
const QString customField = QStringLiteral("custom");

QString keyText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().trimmed();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return QString();
}

/// What ObjectType::missingRequiredFields() counts as not given.
bool isBlank(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
        || (value.isString() && value.toString().trimmed().isEmpty());
}

/// Whether the tenant's `before` and the row's `after` hold the same value for the import:
/// numbers by value, dates by instant, a missing value and null alike.
bool sameValue(const QJsonValue &before, const QJsonValue &after)
{
    const bool beforeEmpty = before.isUndefined() || before.isNull()
        || (before.isString() && before.toString().isEmpty());
    const bool afterEmpty
        = after.isUndefined() || after.isNull() || (after.isString() && after.toString().isEmpty());
    if (beforeEmpty || afterEmpty)
        return beforeEmpty == afterEmpty;
    if (before.isDouble() && after.isDouble())
        return before.toDouble() == after.toDouble()
            || std::abs(before.toDouble() - after.toDouble())
            <= 1e-9 * std::max(std::abs(before.toDouble()), std::abs(after.toDouble()));
    if (before.isString() && after.isString()) {
        const QString a = before.toString();
        const QString b = after.toString();
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
    return before == after;
}

} // namespace

ImportPlanBuilder::ImportPlanBuilder(const ImportSettings &settings)
    : m_plan(std::make_shared<ImportPlan>())
    , m_keyField(settings.keyField())
{
    m_plan->m_settings = settings;
    // The validator keeps a reference to the type: give it the plan's copy, which lives on.
    const ImportSettings &kept = m_plan->m_settings;
    m_converter = std::make_unique<RowConverter>(kept.type, kept.mapping);
    m_validator = std::make_unique<ImportValidator>(kept.type, kept.key, kept.mode);
    m_fields = m_converter->mappedFields();
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (m_fields.at(i).name == m_keyField)
            m_keySlot = i;
        if (!kept.type.companyField.isEmpty() && m_fields.at(i).name == kept.type.companyField)
            m_companySlot = i;
    }
    const int companyColumn = kept.type.companyField.isEmpty()
        ? -1
        : kept.mapping.columnForField(kept.type.companyField);
    if (companyColumn >= 0)
        m_companyHeader = kept.mapping.columns().at(companyColumn).header;
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
}

ImportPlanBuilder::~ImportPlanBuilder() = default;

QStringList ImportPlanBuilder::fieldsToList(const ImportSettings &settings)
{
    QStringList fields {idField};
    const QString keyField = settings.keyField();
    if (!keyField.isEmpty() && !fields.contains(keyField))
        fields.append(keyField);
    for (const ColumnMapping &column : settings.mapping.columns()) {
        if (column.isIgnored())
            continue;
        const QString field
            = column.field.startsWith(QLatin1String("custom.")) ? customField : column.field;
        if (!fields.contains(field))
            fields.append(field);
    }
    return fields;
}

QStringList ImportPlanBuilder::companyFieldsToList()
{
    return {idField, QStringLiteral("externalId"), QStringLiteral("sourceId")};
}

bool ImportPlanBuilder::refersToCompanies(const ImportSettings &settings)
{
    return !settings.type.companyField.isEmpty()
        && settings.mapping.columnForField(settings.type.companyField) >= 0;
}

void ImportPlanBuilder::addCompany(const QJsonObject &company)
{
    m_checkCompanies = true;
    const QString id = company.value(idField).toString();
    if (!id.isEmpty())
        m_companyIds.insert(id);
    // Rows may name a company by any key, written as the API's path prefix plus the key.
    for (KeyKind kind : {KeyKind::ExternalId, KeyKind::SourceId}) {
        const QString key = keyText(company.value(keyKindName(kind)));
        if (!key.isEmpty())
            m_companyIds.insert(keyPathPrefix(kind) + key);
    }
}

void ImportPlanBuilder::addExisting(const QJsonObject &object)
{
    const QString key = keyText(object.value(m_keyField));
    if (key.isEmpty() || m_existingByKey.contains(key))
        return;
    ExistingRecord record;
    record.id = object.value(idField).toString();
    record.key = key;
    // Keep only the mapped fields, and of "custom" only the mapped custom fields: this is
    // the before-image an undo restores.
    const ImportMapping &mapping = m_plan->m_settings.mapping;
    QJsonObject custom;
    for (const ColumnMapping &column : mapping.columns()) {
        if (column.isIgnored() || column.field == idField)
            continue;
        if (column.field.startsWith(QLatin1String("custom."))) {
            const QString name = column.field.mid(7);
            const QJsonValue value = object.value(customField).toObject().value(name);
            if (!value.isUndefined())
                custom.insert(name, value);
        } else {
            const QJsonValue value = object.value(column.field);
            if (!value.isUndefined())
                record.values.insert(column.field, value);
        }
    }
    if (!custom.isEmpty())
        record.values.insert(customField, custom);
    m_existingByKey.insert(key, qint32(m_plan->m_existing.size()));
    m_plan->m_existing.push_back(std::move(record));
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
                        {QStringLiteral("custom.") + c.key(), before.value(c.key()), c.value()});
            }
            continue;
        }
        if (!sameValue(existing.value(it.key()), it.value()))
            changes.append({it.key(), existing.value(it.key()), it.value()});
    }
    return changes;
}

QList<FieldChange> ImportPlanBuilder::changesOf(const QJsonObject &existing,
                                                const QList<QJsonValue> &values) const
{
    QList<FieldChange> changes;
    const QJsonObject existingCustom = existing.value(customField).toObject();
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const QJsonValue &after = values.at(i);
        const FieldSpec &field = m_fields.at(i);
        if (after.isUndefined() || field.name == idField)
            continue;
        const QJsonValue before = field.isCustom() ? existingCustom.value(field.customKey())
                                                   : existing.value(field.name);
        if (!sameValue(before, after))
            changes.append({field.name, before, after});
    }
    std::sort(changes.begin(), changes.end(),
              [](const FieldChange &a, const FieldChange &b) { return a.field < b.field; });
    return changes;
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

void ImportPlanBuilder::addConverted(ConvertedRow row, qint64 line,
                                     const QList<QString> &fileProblems)
{
    addValues(row.values, row.problems, line, fileProblems);
}

void ImportPlanBuilder::addValues(const QList<QJsonValue> &values,
                                  const QList<ImportProblem> &cellProblems, qint64 line,
                                  const QList<QString> &fileProblems)
{
    ImportPlan &plan = *m_plan;
    const qint64 index = qint64(plan.m_rows.size());
    const qint64 rowNumber = index + 1;
    QList<ImportProblem> problems;
    for (const QString &message : fileProblems)
        problems.append({rowNumber, line, QString(), QString(), message});
    problems.append(cellProblems);
    const QString key = m_keySlot >= 0 ? keyText(values.at(m_keySlot)) : QString();
    QStringList missing;
    for (const auto &required : std::as_const(m_requiredSlots)) {
        if (required.second < 0 || isBlank(values.at(required.second)))
            missing.append(required.first);
    }
    m_validator->check(key, missing, rowNumber, line, &problems);

    const ImportSettings &settings = plan.m_settings;
    PlannedRow planned;
    planned.line = line;
    if (settings.key == KeyKind::Id && !key.isEmpty() && !ValueConverter::isObjectId(key)) {
        problems.append(
            {rowNumber, line, QString(), key,
             QStringLiteral("\"%1\" is not a Planhat _id (24 hexadecimal digits)").arg(key)});
    }
    if (m_checkCompanies && m_companySlot >= 0 && values.at(m_companySlot).isString()) {
        const QString company = values.at(m_companySlot).toString();
        if (!m_companyIds.contains(company)) {
            QString what = QStringLiteral("_id %1").arg(company);
            for (KeyKind kind : {KeyKind::ExternalId, KeyKind::SourceId}) {
                const QString prefix = keyPathPrefix(kind);
                if (company.startsWith(prefix))
                    what = QStringLiteral("%1 \"%2\"")
                               .arg(keyKindName(kind), company.mid(prefix.size()));
            }
            problems.append({rowNumber, line, m_companyHeader, company,
                             QStringLiteral("no company has %1").arg(what)});
        }
    }
    const qint32 existing = key.isEmpty() ? -1 : m_existingByKey.value(key, -1);
    planned.existing = existing;
    const QString singular = settings.type.singularName.toLower();
    if (existing >= 0 && settings.mode == ImportMode::CreateOnly) {
        problems.append(
            {rowNumber, line, QString(), key,
             QStringLiteral("a %1 with %2 \"%3\" exists already (_id %4); create "
                            "mode only creates")
                 .arg(singular, m_keyField, key, plan.m_existing[size_t(existing)].id)});
    } else if (existing < 0 && !key.isEmpty()
               && (settings.mode == ImportMode::UpdateOnly || settings.key == KeyKind::Id)) {
        problems.append({rowNumber, line, QString(), key,
                         QStringLiteral("no %1 has %2 \"%3\"").arg(singular, m_keyField, key)});
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
    } else if (existing >= 0) {
        const QList<FieldChange> changes
            = changesOf(plan.m_existing[size_t(existing)].values, values);
        if (changes.isEmpty()) {
            planned.action = PlannedAction::Unchanged;
        } else {
            planned.action = PlannedAction::Update;
            planned.changedFields = quint8(std::min<qsizetype>(changes.size(), 255));
            if (plan.m_changes.size() < ImportPlan::maxStoredDiffs)
                plan.m_changes.insert(index, changes);
        }
    } else {
        planned.action = PlannedAction::Create;
    }
    ++plan.m_counts[int(planned.action)];
    plan.m_rows.push_back(planned);
}

std::shared_ptr<ImportPlan> ImportPlanBuilder::take()
{
    m_existingByKey.clear();
    return std::move(m_plan);
}

ImportPlanner::ImportPlanner(PlanhatClient *client, const ImportSettings &settings, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_settings(settings)
    , m_cancelled(std::make_shared<std::atomic_bool>(false))
{ }

ImportPlanner::~ImportPlanner()
{
    m_cancelled->store(true);
    if (m_listJob)
        m_listJob->abort();
    // The pass checks the flag after every row, so this wait is short.
    if (m_thread)
        m_thread->wait();
}

void ImportPlanner::start()
{
    m_builder = std::make_unique<ImportPlanBuilder>(m_settings);
    QFile probe(m_settings.filePath);
    if (!probe.open(QIODevice::ReadOnly)) {
        ImportPlanResult result;
        result.fileError
            = QStringLiteral("cannot open %1: %2").arg(m_settings.filePath, probe.errorString());
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    if (ImportPlanBuilder::refersToCompanies(m_settings))
        listCompanies();
    else
        listTenant();
}

void ImportPlanner::listCompanies()
{
    // Lean: the three keys a company reference can use, nothing else.
    ListQuery query;
    query.select = ImportPlanBuilder::companyFieldsToList();
    const ObjectType *companies = Schema::builtin().type(QStringLiteral("companies"));
    m_listJob = m_client->list(*companies, query);
    connect(m_listJob, &ListJob::rowsReceived, this, [this](const QList<QJsonObject> &rows) {
        for (const QJsonObject &row : rows)
            m_builder->addCompany(row);
    });
    connect(m_listJob, &ListJob::finished, this, [this](const ListResult &listed) {
        m_listJob = nullptr;
        ImportPlanResult result;
        if (m_cancelled->load()) {
            result.cancelled = true;
            finish(result);
        } else if (listed.error.isError()) {
            result.error = listed.error;
            finish(result);
        } else {
            listTenant();
        }
    });
    m_listJob->start();
}

void ImportPlanner::cancel()
{
    m_cancelled->store(true);
    if (m_listJob)
        m_listJob->abort();
}

void ImportPlanner::listTenant()
{
    // Nothing to match against when the mapping cannot even name the key.
    if (m_settings.keyField().isEmpty()
        || m_settings.mapping.columnForField(m_settings.keyField()) < 0) {
        QMetaObject::invokeMethod(this, &ImportPlanner::readFile, Qt::QueuedConnection);
        return;
    }
    ListQuery query;
    query.select = ImportPlanBuilder::fieldsToList(m_settings);
    m_listJob = m_client->list(m_settings.type, query);
    connect(m_listJob, &ListJob::rowsReceived, this,
            [this](const QList<QJsonObject> &rows, qint64 firstRow) {
                for (const QJsonObject &row : rows)
                    m_builder->addExisting(row);
                Q_EMIT tenantProgress(firstRow + rows.size());
            });
    connect(m_listJob, &ListJob::finished, this, [this](const ListResult &listed) {
        m_listJob = nullptr;
        if (m_cancelled->load()) {
            ImportPlanResult result;
            result.cancelled = true;
            finish(result);
        } else if (listed.error.isError()) {
            ImportPlanResult result;
            result.error = listed.error;
            finish(result);
        } else {
            readFile();
        }
    });
    m_listJob->start();
}

void ImportPlanner::readFile()
{
    // The file pass runs on a thread of its own so a GUI stays responsive; it owns the
    // builder until it hands the plan back through a queued call.
    ImportPlanner *self = this;
    std::shared_ptr<ImportPlanBuilder> builder(m_builder.release());
    const ImportSettings settings = m_settings;
    const std::shared_ptr<std::atomic_bool> cancelled = m_cancelled;
    QThread *thread = QThread::create([self, builder, settings, cancelled] {
        ImportPlanResult result;
        // What the plan was made from: the runner refuses to send a file changed since.
        const FileFingerprint fingerprint = FileFingerprint::of(settings.filePath);
        QFile file(settings.filePath);
        if (!file.open(QIODevice::ReadOnly)) {
            result.fileError
                = QStringLiteral("cannot open %1: %2").arg(settings.filePath, file.errorString());
        } else {
            const qint64 total = file.size();
            CsvOptions options = settings.csvOptions;
            options.fileName = settings.filePath;
            CsvReader reader(&file, options);
            CsvRow row;
            QStringList cells;
            QList<QString> rowProblems;
            qint64 rows = 0;
            // One thread on purpose: converting on a second one was three times slower in
            // total, as glibc's malloc pays dearly for memory freed by another thread.
            while (!cancelled->load() && reader.readRow(row)) {
                cells.resize(row.size());
                for (qsizetype i = 0; i < row.size(); ++i)
                    cells[i] = row.field(i).toString();
                rowProblems.clear();
                for (const CsvIssue &issue : row.issues()) {
                    if (issue.severity == CsvIssue::Severity::Error)
                        rowProblems.append(issue.message);
                }
                builder->addRow(cells, row.line(), rowProblems);
                if ((++rows & 0x3fff) == 0) {
                    const qint64 bytes = reader.bytesRead();
                    // Queued to the planner's thread; dropped if the planner is gone.
                    QMetaObject::invokeMethod(self, [self, rows, bytes, total] {
                        Q_EMIT self->fileProgress(rows, bytes, total);
                    });
                }
            }
            if (cancelled->load()) {
                result.cancelled = true;
            } else {
                std::shared_ptr<ImportPlan> plan = builder->take();
                plan->m_fileFingerprint = fingerprint;
                for (const CsvIssue &issue : reader.issues()) {
                    if (issue.severity == CsvIssue::Severity::Error || issue.line <= 1)
                        plan->m_fileProblems.append(issue.toString(settings.filePath));
                }
                if (reader.stoppedEarly()) {
                    plan->m_mappingProblems.append(
                        QStringLiteral("%1 was not read to its end: a row is too long (an "
                                       "unterminated quote?)")
                            .arg(settings.filePath));
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
