// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "importplan.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>

#include <atomic>
#include <memory>

namespace Planhat {

class ListJob;
class PlanhatClient;
class ImportValidator;
class RowConverter;

/// What ImportPlanner::finished() delivers: a plan, or why there is none.
struct ImportPlanResult
{
    std::shared_ptr<const ImportPlan> plan; ///< null on error or cancel
    ApiError error; ///< listing the tenant failed
    QString fileError; ///< the file cannot be read ("cannot open ...: No such file")
    bool cancelled = false;
    bool isOk() const { return plan != nullptr; }
};

/// Builds a plan from rows read one at a time and the tenant's objects, without touching
/// the network: the part of planning that tests and benchmarks run directly.
/// addExisting() every tenant object first, then addRow() every data row in file order,
/// then take().
class ImportPlanBuilder
{
public:
    explicit ImportPlanBuilder(const ImportSettings &settings);
    ~ImportPlanBuilder();
    Q_DISABLE_COPY_MOVE(ImportPlanBuilder)

    /// The fields the tenant must be listed with: `_id`, the key field and the mapped fields
    /// (custom fields as "custom", which the list API returns whole).
    static QStringList fieldsToList(const ImportSettings &settings);

    /// One object of the tenant, as listed with fieldsToList(). Objects without a key are
    /// ignored.
    void addExisting(const QJsonObject &object);
    /// The fields the tenant's companies are listed with when the rows refer to companies.
    static QStringList companyFieldsToList();
    /// Whether the mapping fills the type's company reference (companyId, cId), so rows can
    /// be checked against the tenant's companies.
    static bool refersToCompanies(const ImportSettings &settings);
    /// One company of the tenant, listed with companyFieldsToList(): company references
    /// (id, extid-..., srcid-...) are then checked against these; without any call they are
    /// checked for their form only.
    void addCompany(const QJsonObject &company);

    /// One data row of the file: converted, validated, matched and diffed.
    void addRow(const QStringList &cells, qint64 line, const QList<QString> &fileProblems = {});

    /// addRow() in two steps, so a file pass can convert rows on other threads: convert()
    /// (const, thread-safe) for data row `rowNumber`, then addConverted() for every row in
    /// file order.
    struct ConvertedRow
    {
        QList<QJsonValue> values;
        QList<ImportProblem> problems;
    };
    ConvertedRow convert(const QStringList &cells, qint64 rowNumber, qint64 line) const;
    void addConverted(ConvertedRow row, qint64 line, const QList<QString> &fileProblems);
    /// The finished plan; the builder is spent.
    std::shared_ptr<ImportPlan> take();

    /// The changes `row` (converted) would make to `existing` (its mapped fields): one entry
    /// per mapped field whose value differs. Numbers compare by value, custom fields by name.
    static QList<FieldChange> diff(const QJsonObject &existing, const QJsonObject &row);

private:
    QList<FieldChange> changesOf(const QJsonObject &existing,
                                 const QList<QJsonValue> &values) const;
    void addValues(const QList<QJsonValue> &values, const QList<ImportProblem> &cellProblems,
                   qint64 line, const QList<QString> &fileProblems);

    std::shared_ptr<ImportPlan> m_plan;
    std::unique_ptr<RowConverter> m_converter;
    std::unique_ptr<ImportValidator> m_validator;
    QHash<QString, qint32> m_existingByKey;
    ConvertedRow m_row; ///< addRow()'s buffers, reused from row to row
    QString m_keyField;
    QList<FieldSpec> m_fields; ///< the mapped fields, in RowConverter::convertValues() order
    qsizetype m_keySlot = -1; ///< where the key field is in m_fields
    qsizetype m_companySlot = -1; ///< where the company reference is in m_fields
    QString m_companyHeader; ///< the column that fills it
    bool m_checkCompanies = false; ///< addCompany() was called: references must exist
    QSet<QString> m_companyIds; ///< "_id", "extid-X", "srcid-X" of every listed company
    /// Required fields and where they are in m_fields (-1: not mapped), in schema order.
    QList<QPair<QString, qsizetype>> m_requiredSlots;
};

/// Plans an import: lists the tenant's objects lean (only `_id`, the key and the mapped
/// fields, with `select`) and, when the rows refer to companies, the companies' keys; then
/// reads the file on a worker thread, converting, validating and matching every row. Nothing is
/// sent. Asynchronous: start(), then progress() signals and one finished(). Never blocks the thread
/// it lives in; deletes nothing itself.
class ImportPlanner : public QObject
{
    Q_OBJECT
public:
    ImportPlanner(PlanhatClient *client, const ImportSettings &settings, QObject *parent = nullptr);
    ~ImportPlanner() override;

    void start();
    /// Stops listing or reading; finished() follows with `cancelled` set.
    void cancel();

Q_SIGNALS:
    /// While the tenant is listed: objects received so far.
    void tenantProgress(qint64 objectsListed);
    /// While the file is read: rows planned and bytes read of `bytesTotal`.
    void fileProgress(qint64 rowsRead, qint64 bytesRead, qint64 bytesTotal);
    void finished(const Planhat::ImportPlanResult &result);

private:
    void listCompanies();
    void listTenant();
    void readFile();
    void finish(ImportPlanResult result);

    PlanhatClient *m_client;
    ImportSettings m_settings;
    std::unique_ptr<ImportPlanBuilder> m_builder;
    ListJob *m_listJob = nullptr;
    QThread *m_thread = nullptr; ///< the file pass; waited for on destruction
    std::shared_ptr<std::atomic_bool> m_cancelled;
    bool m_finished = false;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ImportPlanResult)
