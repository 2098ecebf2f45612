// SPDX-License-Identifier: MIT
#pragma once

#include "../data/fieldchange.h"
#include "filefingerprint.h"
#include "importproblem.h"
#include "importsettings.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <deque>
#include <vector>

namespace Planhat {

/// What an import will do with one row of the file.
enum class PlannedAction : quint8 {
    Create, ///< no object has the row's key (or the row has none): a new object
    Update, ///< an object has the key and at least one mapped field differs
    Unchanged, ///< an object has the key and every mapped field already has the row's value
    Invalid, ///< the row has problems: it is not sent
};

/// "create", "update", "unchanged", "invalid".
QString plannedActionName(PlannedAction action);

/// The compact per-row state of a plan: a few bytes per row, so a plan for a million rows
/// stays small. The row's converted object is not kept: the runner reads the file again.
struct PlannedRow
{
    qint64 line = 0; ///< file line where the row starts (1-based)
    PlannedAction action = PlannedAction::Invalid;
    /// For updates: how many mapped fields differ; for creates: how many get a value
    /// (capped at 255).
    quint8 changedFields = 0;
    /// Index into ImportPlan::existingRecords() of the tenant object with the row's key, or
    /// -1; set for invalid rows too (create mode: the object that exists already).
    qint32 existing = -1;
};

/// A tenant object the file matched, as far as the import needs it: its `_id`, key, and the
/// values of the mapped fields before the import (the before-image an undo restores).
struct ExistingRecord
{
    QString id;
    QString key; ///< ImportPolicy::normalizedKey() of its match field
    /// Only the mapped fields (custom fields inside "custom"). Made for the objects rows
    /// matched: an object no row matched may have none (ImportPlanBuilder lists raw).
    /// Empty when the image is kept as `imageText` instead: read it through beforeImage().
    QJsonObject values;
    /// The before-image as the JSON text of its fields, when the listing gave only strings,
    /// booleans and nulls for them (the usual case): some 30 bytes instead of a QJsonObject
    /// per matched object. Planning compares rows with it in place and the journal copies
    /// it (FlatImageText); it is parsed only where an object is needed. (Initialized so
    /// that brace-initializations naming only the members before it stay complete.)
    QByteArray imageText {};

    /// The before-image: `values`, or `imageText` parsed.
    QJsonObject beforeImage() const;
};

/// The outcome of planning an import: for every data row of the file (in file order,
/// index 0 = data row 1) its action, the counts, and every problem found. Made by
/// ImportPlanner; read by the preview, the runner and the journal. Immutable once made.
class ImportPlan
{
public:
    ImportPlan() = default;

    const ImportSettings &settings() const { return m_settings; }

    qint64 rowCount() const { return qint64(m_rows.size()); }
    const PlannedRow &row(qint64 index) const { return m_rows[size_t(index)]; }
    const std::vector<PlannedRow> &rows() const { return m_rows; }

    qint64 createCount() const { return m_counts[int(PlannedAction::Create)]; }
    qint64 updateCount() const { return m_counts[int(PlannedAction::Update)]; }
    qint64 unchangedCount() const { return m_counts[int(PlannedAction::Unchanged)]; }
    qint64 invalidCount() const { return m_counts[int(PlannedAction::Invalid)]; }
    /// Rows the runner will send: creates and updates.
    qint64 sendCount() const { return createCount() + updateCount(); }

    /// Problems of the mapping as a whole ("no column is mapped to the key ..."). Any of
    /// them means nothing can be sent, even with skipInvalidRows.
    const QStringList &mappingProblems() const { return m_mappingProblems; }
    /// Problems of single rows, in file order: the first maxStoredProblems of them.
    const QList<ImportProblem> &problems() const { return m_problems; }
    /// All row problems found, including those not stored.
    qint64 problemCount() const { return m_problemCount; }
    /// Problems found in the file itself (unterminated quotes, ragged rows...), as text.
    const QStringList &fileProblems() const { return m_fileProblems; }

    /// True when the run may start: no mapping problem, and no row problem unless the
    /// settings skip invalid rows.
    bool canRun() const;

    /// The changes of update row `index`, or for create row `index` the values the new
    /// record gets (each with an undefined `before`): stored for the first maxStoredDiffs
    /// rows that create or update, empty for later ones (the count is in
    /// PlannedRow::changedFields).
    QList<FieldChange> changes(qint64 index) const { return m_changes.value(index); }

    const std::deque<ExistingRecord> &existingRecords() const { return m_existing; }
    /// The tenant object row `index` matched, or nullptr.
    const ExistingRecord *existingFor(qint64 index) const;

    /// The import's file as the plan read it (size and SHA-256, taken before the rows were
    /// read): a run must refuse a file that no longer has it. Invalid when unreadable.
    const FileFingerprint &fileFingerprint() const { return m_fileFingerprint; }

    /// Replaces the reference cells of a converted row (RowConverter::convert()) by the
    /// `_id`s planning resolved them to: a company named by name, domain or
    /// extid-/srcid- key, a user by email or name (see ReferenceLookup). Values the plan
    /// did not resolve (rows it found invalid) stay as they are. Const and thread-safe.
    void resolveReferences(QJsonObject *object) const;
    /// The `_id` planning resolved the text `value` of reference field `field` to, or empty.
    QString resolvedReference(const QString &field, const QString &value) const;

    static constexpr qsizetype maxStoredProblems = 100000;
    static constexpr qsizetype maxStoredDiffs = 10000;

private:
    friend class ImportPlanBuilder;
    friend class ImportPlanner;
    ImportSettings m_settings;
    std::vector<PlannedRow> m_rows;
    /// A deque: the listing's thread appends 100,000 and more while it is the import's
    /// bottleneck, and a vector moved them all at every doubling.
    std::deque<ExistingRecord> m_existing;
    qint64 m_counts[4] = {0, 0, 0, 0};
    QStringList m_mappingProblems;
    QList<ImportProblem> m_problems;
    qint64 m_problemCount = 0;
    QStringList m_fileProblems;
    QHash<qint64, QList<FieldChange>> m_changes;
    FileFingerprint m_fileFingerprint;
    /// Reference field -> cell text (as converted) -> the `_id` it names.
    QHash<QString, QHash<QString, QString>> m_resolved;
};

} // namespace Planhat
