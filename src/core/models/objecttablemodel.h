// SPDX-License-Identifier: MIT
#pragma once

#include "../api/apierror.h"
#include "../api/listjob.h"
#include "../schema/objecttype.h"
#include "objectcolumn.h"
#include "referenceresolver.h"
#include "sortkey.h"
#include "valueformatter.h"

#include <QAbstractTableModel>
#include <QCollator>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>

#include <vector>

namespace Planhat {

class PlanhatClient;

/// A read-only table of one Planhat object type's records, configured by its ObjectType
/// (apply the tenant's CustomFieldCatalog first so custom fields become columns).
///
/// Loading is lazy: canFetchMore() is true until a load starts; fetchMore() starts one list
/// job, and rows are appended page by page as the job delivers them, so a view shows the
/// first page while the rest is still on the way. reload() and setCompanyFilter() start
/// over; rows of a replaced job are never mixed in.
///
/// Columns are the fields named by setVisibleColumns() (see ColumnSelection for defaults
/// and remembering them). Display text follows the field type (ValueFormatter); references
/// show names from a ReferenceResolver with the id as tooltip; booleans are check states;
/// EditRole is the raw JSON value.
class ObjectTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        ObjectIdRole = Qt::UserRole + 1, ///< the record's `_id` (QString)
        RawJsonRole, ///< the whole record (QJsonObject)
        FieldNameRole, ///< the column's field name, also on the horizontal header
        FieldTypeRole, ///< the column's FieldType as int, also on the horizontal header
    };
    Q_ENUM(Role)

    /// `client` is not owned and must outlive the model's loads.
    ObjectTableModel(const ObjectType &type, PlanhatClient *client, QObject *parent = nullptr);
    ~ObjectTableModel() override;

    const ObjectType &type() const { return m_type; }

    /// Resolves reference columns to names; not owned (share one per client). Without a
    /// resolver, references show their ids.
    void setReferenceResolver(ReferenceResolver *resolver);
    ReferenceResolver *referenceResolver() const { return m_resolver; }

    /// Every column the type offers, visible or not.
    const QList<ObjectColumn> &availableColumns() const { return m_available; }
    /// The field names of the visible columns, in column order.
    QStringList visibleColumns() const;
    /// Shows the columns of `fieldNames`, in that order; unknown names are skipped.
    void setVisibleColumns(const QStringList &fieldNames);
    /// The visible column `column` (0 <= column < columnCount()).
    const ObjectColumn &column(int column) const;
    /// The visible column showing `fieldName`, or -1.
    int columnOf(const QString &fieldName) const;

    /// Lists only the objects of these companies (types with a company field only; ignored
    /// for others). An empty list lists everything. Restarts a load that already started.
    void setCompanyFilter(const QStringList &companyIds);
    QStringList companyFilter() const { return m_companyIds; }
    /// Rows per page request; 0 (the default) uses the type's page limit.
    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }

    /// Drops all rows and starts loading again.
    void reload();
    bool isLoading() const { return bool(m_job); }
    /// Whether the last load delivered every row.
    bool isComplete() const { return m_complete; }

    QJsonObject record(int row) const { return m_rows.at(row); }
    QString objectId(int row) const;
    /// The row holding the record with `_id` `id`, or -1.
    int rowOf(const QString &id) const;

    // Changes made elsewhere (the record form, delete), shown without a reload.
    /// Adds `record` (as the server returned it) as the last row.
    void appendRecord(const QJsonObject &record);
    /// Replaces the row with the same `_id` by `record`; returns the row, or -1 if none.
    int replaceRecord(const QJsonObject &record);
    /// Removes the rows with these ids; returns how many rows went.
    int removeRecords(const QStringList &ids);

    /// For ObjectFilterProxyModel: what cell (row, column) sorts by, and its display text
    /// case-folded for filtering. Both are kept per column until the rows or the names
    /// behind them change; rows missing are computed on the spot. A reference stays valid
    /// until rows are added or the model is reset.
    const SortKey &sortKey(int row, int column) const;
    const QString &filterText(int row, int column) const;
    /// The display texts of row `row`'s visible columns (check boxes left out), case-folded
    /// and joined, for the quick filter.
    ///
    /// Quick-filter texts and the visible columns' sort keys are computed in the thread pool
    /// as pages arrive, so that the first sort or filter after a load does not format
    /// 100,000 rows on the GUI thread; rows not done yet are computed on the spot.
    const QString &quickFilterText(int row) const;
    /// Makes quickFilterText() ready for every row before a filter pass: waits for the
    /// batches under way in the thread pool rather than computing their rows twice.
    void prepareQuickFilterTexts() const;
    /// Ranks every row by column `column` (equal keys share a rank, empty cells get -1), so
    /// that a full sort compares integers. Ranks lapse when rows are added.
    void prepareSortRanks(int column) const;
    /// The ranks prepared for `column`, indexed by row; nullptr when missing or lapsed.
    const int *sortRanks(int column) const;

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    /// The last load stopped early; the rows that arrived stay.
    void loadFailed(const Planhat::ApiError &error);

private:
    /// What the thread pool computes for a batch of rows: the quick-filter texts and the
    /// sort keys of the visible columns (by index into m_available).
    struct Precomputed
    {
        QStringList quickTexts;
        QList<int> columns;
        std::vector<std::vector<SortKey>> sortKeys; ///< parallel to columns
    };

    /// Values computed per row for one available column, for sorting and filtering.
    struct ColumnCache
    {
        std::vector<SortKey> sortKeys;
        std::vector<QString> filterTexts;
        std::vector<int> sortRanks;
    };

    void startLoad();
    void stopLoad();
    void handleRowsReceived(const QList<QJsonObject> &rows);
    void handleLoadFinished(const ListResult &result);
    void handleNamesChanged(const QString &typeName);
    void requireNames();
    void invalidatePrecomputed();
    void schedulePrecompute();
    void applyPrecomputed(int firstRow, const Precomputed &batch) const;
    void finishPrecompute() const;
    ColumnCache &cacheFor(int column) const;

    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    QPointer<ReferenceResolver> m_resolver;
    QList<ObjectColumn> m_available;
    QList<int> m_visible; ///< indexes into m_available
    QList<QJsonObject> m_rows;
    ValueFormatter m_formatter;
    QCollator m_collator;
    mutable std::vector<ColumnCache> m_caches; ///< one per available column
    // Quick-filter texts: rows [0, size) are done. Batches computed off the GUI thread wait
    // in m_pending (by first row) until the rows before them are done.
    mutable QStringList m_quickTexts;
    mutable QMap<int, Precomputed> m_pending;
    mutable QMap<int, QFuture<Precomputed>> m_inFlight; ///< by first row
    QThreadPool m_pool; ///< its own threads: never holds up the client's page parsing
    int m_scheduledRows = 0; ///< rows handed to the thread pool
    quint64 m_generation = 0; ///< batches of an older generation are dropped

    QPointer<ListJob> m_job;
    QStringList m_companyIds;
    int m_pageSize = 0;
    bool m_loadStarted = false;
    bool m_complete = false;
};

} // namespace Planhat
