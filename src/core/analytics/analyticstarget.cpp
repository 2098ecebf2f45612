// SPDX-License-Identifier: MIT
#include "analyticstarget.h"

#include <QHash>

namespace Planhat::AnalyticsTargets {

QString name(AnalyticsTarget target)
{
    return target == AnalyticsTarget::Activities ? QStringLiteral("activities")
                                                 : QStringLiteral("metrics");
}

QString label(AnalyticsTarget target)
{
    return target == AnalyticsTarget::Activities ? QStringLiteral("User activities")
                                                 : QStringLiteral("Metrics");
}

QList<AnalyticsField> fields(AnalyticsTarget target)
{
    if (target == AnalyticsTarget::Activities) {
        return {
            {QStringLiteral("email"), QStringLiteral("User email"),
             QStringLiteral("The end user's email; this or the external id is required.")},
            {QStringLiteral("externalId"), QStringLiteral("User external id"),
             QStringLiteral("The end user's id in your system; this or the email is required.")},
            {QStringLiteral("companyExternalId"), QStringLiteral("Company external id"),
             QStringLiteral("The company's id in your system (optional).")},
            {QStringLiteral("name"), QStringLiteral("User name"),
             QStringLiteral("The end user's name (optional).")},
            {QStringLiteral("action"), QStringLiteral("Action"),
             QStringLiteral("What the user did, e.g. \"Logged in\" (required).")},
            {QStringLiteral("date"), QStringLiteral("Date"),
             QStringLiteral("When, as an ISO date or date-time (optional: now).")},
            {QStringLiteral("weight"), QStringLiteral("Weight"),
             QStringLiteral("How much the activity counts, a number (optional).")},
            {QStringLiteral("count"), QStringLiteral("Count"),
             QStringLiteral("How many times it happened, a whole number (optional).")},
            {QStringLiteral("info"), QStringLiteral("Info"),
             QStringLiteral("Extra details as a JSON object (optional).")},
        };
    }
    return {
        {QStringLiteral("dimensionId"), QStringLiteral("Metric (dimension id)"),
         QStringLiteral("The metric's id, e.g. \"logins\" (required).")},
        {QStringLiteral("value"), QStringLiteral("Value"), QStringLiteral("A number (required).")},
        {QStringLiteral("externalId"), QStringLiteral("External id"),
         QStringLiteral("The external id of the company (or end user, asset, project) "
                        "(required).")},
        {QStringLiteral("model"), QStringLiteral("Model"),
         QStringLiteral("Company (default), EndUser, Asset or Project.")},
        {QStringLiteral("date"), QStringLiteral("Date"),
         QStringLiteral("The day the value is for, as an ISO date (optional: today).")},
    };
}

QStringList fieldNames(AnalyticsTarget target)
{
    QStringList names;
    for (const AnalyticsField &field : fields(target))
        names.append(field.name);
    return names;
}

namespace {

QString squeezed(const QString &header)
{
    QString out;
    for (const QChar c : header) {
        if (c.isLetterOrNumber())
            out.append(c.toLower());
    }
    return out;
}

} // namespace

QString guessField(AnalyticsTarget target, const QString &header)
{
    // Headers as exports of product usage name them, squeezed to lower-case letters and digits.
    static const QHash<QString, QString> activityAliases {
        {QStringLiteral("email"), QStringLiteral("email")},
        {QStringLiteral("useremail"), QStringLiteral("email")},
        {QStringLiteral("enduseremail"), QStringLiteral("email")},
        {QStringLiteral("externalid"), QStringLiteral("externalId")},
        {QStringLiteral("userexternalid"), QStringLiteral("externalId")},
        {QStringLiteral("enduserexternalid"), QStringLiteral("externalId")},
        {QStringLiteral("userid"), QStringLiteral("externalId")},
        {QStringLiteral("companyexternalid"), QStringLiteral("companyExternalId")},
        {QStringLiteral("cid"), QStringLiteral("companyExternalId")},
        {QStringLiteral("name"), QStringLiteral("name")},
        {QStringLiteral("username"), QStringLiteral("name")},
        {QStringLiteral("action"), QStringLiteral("action")},
        {QStringLiteral("event"), QStringLiteral("action")},
        {QStringLiteral("activity"), QStringLiteral("action")},
        {QStringLiteral("date"), QStringLiteral("date")},
        {QStringLiteral("timestamp"), QStringLiteral("date")},
        {QStringLiteral("time"), QStringLiteral("date")},
        {QStringLiteral("weight"), QStringLiteral("weight")},
        {QStringLiteral("count"), QStringLiteral("count")},
        {QStringLiteral("info"), QStringLiteral("info")},
    };
    static const QHash<QString, QString> metricAliases {
        {QStringLiteral("dimensionid"), QStringLiteral("dimensionId")},
        {QStringLiteral("dimension"), QStringLiteral("dimensionId")},
        {QStringLiteral("dimid"), QStringLiteral("dimensionId")},
        {QStringLiteral("metric"), QStringLiteral("dimensionId")},
        {QStringLiteral("metricid"), QStringLiteral("dimensionId")},
        {QStringLiteral("value"), QStringLiteral("value")},
        {QStringLiteral("externalid"), QStringLiteral("externalId")},
        {QStringLiteral("companyexternalid"), QStringLiteral("externalId")},
        {QStringLiteral("model"), QStringLiteral("model")},
        {QStringLiteral("date"), QStringLiteral("date")},
        {QStringLiteral("day"), QStringLiteral("date")},
    };
    const auto &aliases = target == AnalyticsTarget::Activities ? activityAliases : metricAliases;
    return aliases.value(squeezed(header));
}

QStringList metricModels()
{
    return {QStringLiteral("Company"), QStringLiteral("EndUser"), QStringLiteral("Asset"),
            QStringLiteral("Project")};
}

} // namespace Planhat::AnalyticsTargets
