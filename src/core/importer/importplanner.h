// SPDX-License-Identifier: MIT
#pragma once

#include "api/apierror.h"
#include "api/rawrows.h"
#include "importplan.h"
#include "importpolicy.h"
#include "referencelookup.h"
#include "rowconverter.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace Planhat {

class ExistingRowReader;
class ListJob;
class PlanhatClient;
class ImportValidator;

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
/// addExisting() every tenant object and addReferenced() every company and user the
/// reference columns may name (see referenceTargets()) first, then addRow() every data row
/// in file order, then take().
///
/// Rows are matched client side on the settings' match field (any candidate field, see
/// ImportPolicy): a row whose key one tenant object has is that object's update or
/// unchanged row; a key no object has is a create (upsert), carrying the key as data; a key
/// two or more objects share is a problem naming their `_id`s. Keys of a list field
/// (domains) match entry by entry.
class ImportPlanBuilder
{
public:
    explicit ImportPlanBuilder(const ImportSettings &settings);
    ~ImportPlanBuilder();
    Q_DISABLE_COPY_MOVE(ImportPlanBuilder)

    /// The fields the tenant must be listed with: `_id`, the match field and the mapped
    /// fields (custom fields as "custom", which the list API returns whole).
    static QStringList fieldsToList(const ImportSettings &settings);

    /// One object of the tenant, as listed with fieldsToList(). Objects without a key are
    /// ignored; an object listed twice (same `_id`) counts once.
    void addExisting(const QJsonObject &object);
    /// The objects of one list page (ListJob::RowFormat::Raw), as addExisting() each one,
    /// but only their `_id` and key are read now: the before-image (ExistingRecord::values)
    /// of an object is made once a row matches it. Rows that are not objects are ignored.
    void addExisting(const RawRows &rows);

    /// The types whose records reference columns of the mapping name (companyId / cId /
    /// companyIds: companies; owner, coOwner, ownerId and other user references: users),
    /// so they must be listed (ReferenceLookup::fieldsToList()) before the rows are read.
    static QList<ReferenceLookup::Target> referenceTargets(const ImportSettings &settings);
    /// One record of `target`, listed with ReferenceLookup::fieldsToList(target).
    void addReferenced(ReferenceLookup::Target target, const QJsonObject &record);
    /// Every record of `target` was added: cells naming none are problems. Without it (no
    /// listing) reference cells are checked for the form of an id only and sent as they are.
    void setReferencesListed(ReferenceLookup::Target target);
    /// addReferenced() and setReferencesListed() for a company / a user.
    void addCompany(const QJsonObject &company);
    void addUser(const QJsonObject &user);

    /// One data row of the file: converted, validated, matched and diffed.
    void addRow(const QStringList &cells, qint64 line, const QList<QString> &fileProblems = {});

    /// addRow() in two steps, so a file pass can convert rows on other threads: convert()
    /// (const, thread-safe) for data row `rowNumber`, then addConverted() for every row in
    /// file order.
    struct ConvertedRow
    {
        QList<RowConverter::Value> values;
        QList<ImportProblem> problems;
        /// What prepare() worked out for the row, so that addConverted() need not.
        struct Prepared
        {
            bool matched = false; ///< `existing` is what match() gives (one key, not shared)
            qint32 existing = -1; ///< the tenant object the key names; -1: none
            qsizetype changeCount = -1; ///< changeCountInText() against it; -1: not worked out
        } prepared;
    };
    ConvertedRow convert(const QStringList &cells, qint64 rowNumber, qint64 line) const;
    /// `usePrepared`: `row.prepared` holds what prepare() worked out (which the caller
    /// must know has ended for the row).
    void addConverted(const ConvertedRow &row, qint64 line, const QList<QString> &fileProblems,
                      bool usePrepared = false);

    /// Every tenant object is in: from here on rows may be added on one thread while
    /// prepare() runs on others.
    void finishExisting();
    /// Work addConverted() would do for `row` that needs no other row: the tenant object
    /// its key names, that object's before-image and how many fields the row changes in
    /// it, kept in `row->prepared`. Thread-safe against addConverted() of other rows and
    /// other prepare() calls once finishExisting() was called (without it, a no-op).
    void prepare(ConvertedRow *row);
    /// Records the fingerprint of the file the rows come from (FileFingerprint::of()).
    void setFileFingerprint(const FileFingerprint &fingerprint);
    /// The finished plan; the builder is spent.
    std::shared_ptr<ImportPlan> take();

    /// The changes `row` (converted) would make to `existing` (its mapped fields): one entry
    /// per mapped field whose value differs. Numbers compare by value, custom fields by name.
    static QList<FieldChange> diff(const QJsonObject &existing, const QJsonObject &row);

private:
    /// A mapped reference column the plan resolves to `_id`s.
    struct ReferenceSlot
    {
        qsizetype slot; ///< where the field is in m_fields
        ReferenceLookup::Target target;
    };

    /// Where the value of a mapped field is in a before-image.
    struct FieldKey
    {
        QString key; ///< the field's name, or its key inside "custom"
        QByteArray keyUtf8; ///< `key` as UTF-8
        bool isCustom = false;
        bool written = false; ///< neither `_id` nor read-only: the import may change it
    };

    /// Where the bytes of a tenant object listed raw are, until its image is made.
    struct RawSource
    {
        qint32 buffer = -1; ///< index into m_buffers; -1: the record is complete
        /// The bytes are the image's fields alone (ExistingRowReader::read()'s selection),
        /// not the whole row.
        bool selected = false;
        qsizetype offset = 0;
        qsizetype size = 0;
    };
    /// m_imageStates: how far the image of a tenant object listed raw is.
    enum ImageState : quint8 { ImageRaw, ImageInWork, ImageMade };
    /// Indexes a tenant object by `keys` (not empty); ignored when its `_id` came before.
    void addRecord(ExistingRecord record, const QStringList &keys, RawSource source);
    /// The before-image in `object` (a listed tenant object): its mapped fields.
    QJsonObject imageOf(QJsonObject object, bool hasId) const;
    /// Makes the before-image of tenant object `existing` if it was listed raw.
    void completeRecord(qint32 existing);
    /// Puts the before-image of tenant object `existing` (listed raw) into `record`: as text
    /// when the listing selected its fields, else as an object.
    void takeImage(qint32 existing, ExistingRecord *record) const;
    /// The before-image of tenant object `existing` from its raw bytes.
    QJsonObject imageFromSource(qint32 existing) const;
    /// The key of a converted row (ImportPolicy::normalizedKeys() of its key cell).
    QStringList keysOf(const QList<RowConverter::Value> &values) const;
    /// Calls `changed(field, before, after)` for each mapped field whose value in `values`
    /// differs from `existing`'s, in m_fields order.
    template<typename Changed>
    void forEachChange(const QJsonObject &existing, const QList<RowConverter::Value> &values,
                       Changed changed) const;
    QList<FieldChange> changesOf(const QJsonObject &existing,
                                 const QList<RowConverter::Value> &values) const;
    /// changesOf()'s size, without making the changes.
    qsizetype changeCountOf(const QJsonObject &existing,
                            const QList<RowConverter::Value> &values) const;
    /// changeCountOf() of a before-image kept as text (ExistingRecord::imageText), read in
    /// place: most matched rows are compared this way, without a QJsonObject.
    qsizetype changeCountInText(QByteArrayView imageText,
                                const QList<RowConverter::Value> &values) const;
    /// `prepared`: what prepare() worked out for the row, or nullptr.
    void addValues(const QList<RowConverter::Value> &values,
                   const QList<ImportProblem> &cellProblems, qint64 line,
                   const QList<QString> &fileProblems,
                   const ConvertedRow::Prepared *prepared = nullptr);
    /// Resolves the reference cells of `values` in place; problems go to `problems`.
    void resolveReferences(QList<RowConverter::Value> *values, qint64 rowNumber, qint64 line,
                           QList<ImportProblem> *problems);
    /// The tenant object the row's `keys` name, or -1; a problem when they name several.
    qint32 match(const QStringList &keys, const QString &key, qint64 rowNumber, qint64 line,
                 QList<ImportProblem> *problems) const;
    QString headerOf(qsizetype slot) const;

    std::shared_ptr<ImportPlan> m_plan;
    std::unique_ptr<RowConverter> m_converter;
    std::unique_ptr<ImportValidator> m_validator;
    std::unique_ptr<ExistingRowReader> m_rowReader; ///< made by the first raw page
    ReferenceLookup m_references;
    /// Normalised key -> the one tenant object that has it.
    QHash<QString, qint32> m_existingByKey;
    /// Normalised keys two or more tenant objects have -> those objects.
    QHash<QString, QList<qint32>> m_sharedKeys;
    /// What the images of objects listed raw are made from: list pages, and the fields of
    /// the image as ExistingRowReader::read() selected them.
    QList<QByteArray> m_buffers;
    std::vector<RawSource> m_rawSources; ///< per tenant object, while it lacks its image
    /// Per tenant object from finishExisting() on (ImageState): images are then made by
    /// whichever thread needs one first, and m_rawSources no longer changes.
    std::unique_ptr<std::atomic<quint8>[]> m_imageStates;
    /// For list keys: tenant object -> the line of the row that matched it first.
    QHash<qint32, qint64> m_matchedAt;
    ConvertedRow m_row; ///< addRow()'s buffers, reused from row to row
    QString m_keyField;
    ImportPolicy::KeyNormalizer m_keyNormalizer; ///< of the key field
    QString m_singular; ///< the type's singular name in lower case, for problems
    QString m_plural;
    bool m_multiValuedKey = false; ///< the key is a list (domains): entries match one by one
    bool m_matchOnlyKey = false; ///< the key is never sent: rows it matches nothing are problems
    QList<FieldSpec> m_fields; ///< the mapped fields, in RowConverter::convertValues() order
    QList<FieldKey> m_fieldKeys; ///< per field of m_fields
    QStringList m_headers; ///< the column of each of m_fields
    qsizetype m_keySlot = -1; ///< where the key field is in m_fields
    QList<ReferenceSlot> m_referenceSlots;
    /// Required fields and where they are in m_fields (-1: not mapped), in schema order.
    QList<QPair<QString, qsizetype>> m_requiredSlots;
    /// The fields of an object's before-image: the mapped ones the import may write.
    QStringList m_imageFields;
    bool m_imageIsFlat = true; ///< no custom or nested field among m_imageFields
    QList<QByteArray> m_imageFieldsUtf8; ///< m_imageFields as UTF-8
    bool m_anyCustomField = false; ///< a custom field among m_fields
};

/// Plans an import: lists lean (with `select`) the companies and users reference columns
/// may name, when such columns are mapped, and the tenant's objects (only `_id`, the match
/// field and the mapped fields); meanwhile reads the file on a worker thread, taking its
/// fingerprint first and converting rows (ImportPlanBuilder::convert()), which needs no
/// tenant; once the listings are done it validates, resolves references and matches every
/// row in file order, while a second thread makes the before-images of the objects the rows
/// kept meanwhile match (ImportPlanBuilder::prepare()).
/// Nothing is sent. Asynchronous: start(), then progress() signals and one finished(). Never blocks
/// the thread it lives in; deletes nothing itself.
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
    /// Lists the records of the first of `targets`, then of the others, then the tenant.
    void listReferences(QList<ReferenceLookup::Target> targets);
    void listTenant();
    /// Starts the file pass; it matches rows only once listingDone() opened the gate.
    void readFile();
    /// Every listing is in the builder: the file pass may match rows from now on.
    void listingDone();
    /// Ends planning with `result` (a listing failed or was cancelled); stops the file pass.
    void abandon(ImportPlanResult result);
    void finish(ImportPlanResult result);

    /// Where the file pass waits for the listings: the builder is the main thread's until
    /// the gate opens, the file pass's after.
    struct ListingGate
    {
        std::mutex mutex;
        std::condition_variable opened;
        bool isOpen = false;
        std::atomic_bool stop {false}; ///< the listing failed: the pass ends unheard
        void open();
        /// Wakes a waiting pass after `stop` or the planner's cancel flag was set.
        void wake();
    };

    PlanhatClient *m_client;
    ImportSettings m_settings;
    std::shared_ptr<ImportPlanBuilder> m_builder;
    std::shared_ptr<ListingGate> m_gate;
    ListJob *m_listJob = nullptr;
    QThread *m_thread = nullptr; ///< the file pass; waited for on destruction
    std::shared_ptr<std::atomic_bool> m_cancelled;
    bool m_finished = false;
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::ImportPlanResult)
