// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace Planhat {

/// What rows sent to Planhat's analytics host are: user activities (POST /analytics/bulk) or
/// metrics, Planhat's dimension data (POST /dimensiondata).
enum class AnalyticsTarget {
    Activities,
    Metrics,
};

/// One field a row of `target` can carry, as the analytics host names it.
struct AnalyticsField
{
    QString name; ///< "email", "dimensionId"...
    QString label; ///< for the wizard's mapping page: "User email"
    QString description; ///< one line: what it holds and when it is required
};

namespace AnalyticsTargets {

/// "activities" or "metrics" (the CLI's words).
QString name(AnalyticsTarget target);
/// "User activities" or "Metrics" (the app's words).
QString label(AnalyticsTarget target);
/// The fields of `target`, in the order the mapping page shows them.
QList<AnalyticsField> fields(AnalyticsTarget target);
QStringList fieldNames(AnalyticsTarget target);
/// The field a column called `header` most likely holds ("User Email" -> "email"), or an
/// empty string.
QString guessField(AnalyticsTarget target, const QString &header);
/// The models a metric can belong to, as the API spells them.
QStringList metricModels();

/// The analytics host refuses a POST body over 32 MB. Bodies are kept under this many bytes,
/// below both readings of "32 MB" (32,000,000 and 32 MiB).
constexpr qint64 maxBodyBytes = 32'000'000;

} // namespace AnalyticsTargets

} // namespace Planhat
