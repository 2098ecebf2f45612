// SPDX-License-Identifier: MIT
#pragma once

#include "analyticstarget.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Planhat {

/// "row 3 (line 4), column "date", value "x": not a date" (`lineWord`: "line", or "sheet
/// row" for a workbook).
struct AnalyticsRowProblem;
QString analyticsProblemText(const AnalyticsRowProblem &problem,
                             const QString &lineWord = QStringLiteral("line"));

/// Why one row is not sent: where (row as the file counts it, column header) and why.
struct AnalyticsRowProblem
{
    qint64 row = 0; ///< data row number, 1 for the first row under the header
    qint64 line = 0; ///< CSV line or sheet row where the row is; 0 when not from a file
    QString column; ///< the header of the column at fault; empty for the row as a whole
    QString value; ///< the text at fault
    QString message;
};

/// Turns one row of a file (cells under headers, columns mapped to fields) into the JSON
/// object the analytics host takes, checking it first: the analytics host answers 200 for
/// everything and reports nothing per row, so a row it would drop must be refused here.
/// Activities need an email or an external id, and an action; metrics a dimension id, a
/// numeric value and an external id. Dates must parse, numbers be numbers, info a JSON object.
class AnalyticsRowConverter
{
public:
    /// `columns` maps field names (AnalyticsTargets::fieldNames()) to column indexes; fields
    /// without a column are not sent.
    AnalyticsRowConverter(AnalyticsTarget target, const QStringList &headers,
                          const QHash<QString, int> &columns);

    /// Each field whose name or alias (AnalyticsTargets::guessField()) a header matches; the
    /// first matching header wins.
    static QHash<QString, int> guessColumns(AnalyticsTarget target, const QStringList &headers);

    AnalyticsTarget target() const { return m_target; }
    const QHash<QString, int> &columns() const { return m_columns; }
    /// Why no row can be valid with this mapping (a required field has no column), or an
    /// empty string.
    QString mappingError() const;

    /// Metrics: refuse dimension ids not in `ids` (the tenant's known metrics); empty: any.
    void setKnownDimensions(const QSet<QString> &ids) { m_knownDimensions = ids; }

    /// Fills `object` from `cells`; false, with every problem of the row appended to
    /// `problems`, when the row cannot be sent. `row` and `line` place it in messages.
    bool convert(const QStringList &cells, qint64 row, qint64 line, QJsonObject *object,
                 QList<AnalyticsRowProblem> *problems) const;

    /// An ISO 8601 date ("2024-05-01") or date-time (with or without seconds, milliseconds
    /// and zone; without a zone it is UTC), or a date-time as "2024-05-01 13:45:00".
    static std::optional<QDateTime> parseDate(const QString &text);
    /// "2024-05-01T13:45:00.000Z", as the API writes dates.
    static QString isoDate(const QDateTime &dateTime);

private:
    QString cell(const QStringList &cells, const QString &field) const;
    QString header(const QString &field) const;

    AnalyticsTarget m_target;
    QStringList m_headers;
    QHash<QString, int> m_columns;
    QSet<QString> m_knownDimensions;
};

} // namespace Planhat
