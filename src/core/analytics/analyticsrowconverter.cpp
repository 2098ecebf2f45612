// SPDX-License-Identifier: MIT
#include "analyticsrowconverter.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace Planhat {

QString analyticsProblemText(const AnalyticsRowProblem &problem, const QString &lineWord)
{
    QString text = QStringLiteral("row %1").arg(problem.row);
    if (problem.line > 0)
        text += QStringLiteral(" (%1 %2)").arg(lineWord).arg(problem.line);
    if (!problem.column.isEmpty())
        text += QStringLiteral(", column \"%1\"").arg(problem.column);
    if (!problem.value.isEmpty())
        text += QStringLiteral(", value \"%1\"").arg(problem.value);
    return text + QStringLiteral(": ") + problem.message;
}

AnalyticsRowConverter::AnalyticsRowConverter(AnalyticsTarget target, const QStringList &headers,
                                             const QHash<QString, int> &columns)
    : m_target(target)
    , m_headers(headers)
    , m_columns(columns)
{ }

QHash<QString, int> AnalyticsRowConverter::guessColumns(AnalyticsTarget target,
                                                        const QStringList &headers)
{
    QHash<QString, int> columns;
    for (int index = 0; index < headers.size(); ++index) {
        const QString field = AnalyticsTargets::guessField(target, headers.at(index));
        if (!field.isEmpty() && !columns.contains(field))
            columns.insert(field, index);
    }
    return columns;
}

QString AnalyticsRowConverter::mappingError() const
{
    QStringList missing;
    if (m_target == AnalyticsTarget::Activities) {
        if (!m_columns.contains(QStringLiteral("email"))
            && !m_columns.contains(QStringLiteral("externalId")))
            missing.append(QStringLiteral("email or externalId"));
        if (!m_columns.contains(QStringLiteral("action")))
            missing.append(QStringLiteral("action"));
    } else {
        for (const char *field : {"dimensionId", "value", "externalId"}) {
            if (!m_columns.contains(QLatin1String(field)))
                missing.append(QLatin1String(field));
        }
    }
    if (missing.isEmpty())
        return QString();
    return QStringLiteral("no column for %1 (%2 need %3)")
        .arg(missing.join(QLatin1String(", ")), AnalyticsTargets::name(m_target),
             m_target == AnalyticsTarget::Activities
                 ? QStringLiteral("an email or externalId column and an action column")
                 : QStringLiteral("dimensionId, value and externalId columns"));
}

QString AnalyticsRowConverter::cell(const QStringList &cells, const QString &field) const
{
    const int index = m_columns.value(field, -1);
    return index >= 0 && index < cells.size() ? cells.at(index).trimmed() : QString();
}

QString AnalyticsRowConverter::header(const QString &field) const
{
    const int index = m_columns.value(field, -1);
    return index >= 0 && index < m_headers.size() ? m_headers.at(index) : field;
}

std::optional<QDateTime> AnalyticsRowConverter::parseDate(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    if (trimmed.size() == 10) {
        const QDate date = QDate::fromString(trimmed, Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        return QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    QString normalized = trimmed;
    if (normalized.size() > 10 && normalized.at(10) == QLatin1Char(' '))
        normalized[10] = QLatin1Char('T');
    QDateTime dateTime = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!dateTime.isValid())
        return std::nullopt;
    if (dateTime.timeSpec() == Qt::LocalTime) // no zone given: the file means UTC
        dateTime = QDateTime(dateTime.date(), dateTime.time(), Qt::UTC);
    return dateTime.toUTC();
}

QString AnalyticsRowConverter::isoDate(const QDateTime &dateTime)
{
    return dateTime.toUTC().toString(Qt::ISODateWithMs);
}

namespace {

std::optional<double> parseNumber(const QString &text)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// A double that holds a whole number stays an integer in the JSON ("3", not "3.0" or 3e0).
QJsonValue numberValue(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 9e15)
        return QJsonValue(qint64(value));
    return QJsonValue(value);
}

} // namespace

bool AnalyticsRowConverter::convert(const QStringList &cells, qint64 row, qint64 line,
                                    QJsonObject *object, QList<AnalyticsRowProblem> *problems) const
{
    *object = QJsonObject();
    const qsizetype problemsBefore = problems->size();
    auto problem = [&](const QString &field, const QString &value, const QString &message) {
        problems->append({row, line, field.isEmpty() ? QString() : header(field), value, message});
    };
    auto text = [&](const char *field) {
        return cell(cells, QLatin1String(field));
    };
    auto putText = [&](const char *field) {
        const QString value = text(field);
        if (!value.isEmpty())
            object->insert(QLatin1String(field), value);
    };
    auto putDate = [&] {
        const QString value = text("date");
        if (value.isEmpty())
            return;
        if (const auto date = parseDate(value))
            object->insert(QStringLiteral("date"), isoDate(*date));
        else
            problem(QStringLiteral("date"), value,
                    QStringLiteral("not a date; use an ISO date such as 2024-05-01 or "
                                   "2024-05-01T13:45:00Z"));
    };
    auto putNumber = [&](const char *field, bool required, bool whole) {
        const QString value = text(field);
        if (value.isEmpty()) {
            if (required)
                problem(QLatin1String(field), value, QStringLiteral("a number is required"));
            return;
        }
        const auto number = parseNumber(value);
        if (!number) {
            problem(QLatin1String(field), value, QStringLiteral("not a number"));
        } else if (whole && (*number < 0 || std::floor(*number) != *number)) {
            problem(QLatin1String(field), value, QStringLiteral("not a whole number of 0 or more"));
        } else {
            object->insert(QLatin1String(field), numberValue(*number));
        }
    };

    if (m_target == AnalyticsTarget::Activities) {
        const QString email = text("email");
        const QString externalId = text("externalId");
        if (email.isEmpty() && externalId.isEmpty()) {
            problem(m_columns.contains(QStringLiteral("email")) ? QStringLiteral("email")
                                                                : QStringLiteral("externalId"),
                    QString(), QStringLiteral("neither an email nor an external id is given"));
        } else if (!email.isEmpty() && !email.contains(QLatin1Char('@'))) {
            problem(QStringLiteral("email"), email, QStringLiteral("not an email address"));
        }
        putText("email");
        putText("externalId");
        putText("companyExternalId");
        putText("name");
        if (text("action").isEmpty())
            problem(QStringLiteral("action"), QString(), QStringLiteral("the action is empty"));
        putText("action");
        putDate();
        putNumber("weight", false, false);
        putNumber("count", false, true);
        const QString info = text("info");
        if (!info.isEmpty()) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(info.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                problem(QStringLiteral("info"), info, QStringLiteral("not a JSON object"));
            else
                object->insert(QStringLiteral("info"), document.object());
        }
    } else {
        const QString dimensionId = text("dimensionId");
        if (dimensionId.isEmpty()) {
            problem(QStringLiteral("dimensionId"), dimensionId,
                    QStringLiteral("the dimension id is empty"));
        } else if (dimensionId.contains(QRegularExpression(QStringLiteral("\\s")))) {
            problem(QStringLiteral("dimensionId"), dimensionId,
                    QStringLiteral("a dimension id has no spaces"));
        } else if (!m_knownDimensions.isEmpty() && !m_knownDimensions.contains(dimensionId)) {
            problem(QStringLiteral("dimensionId"), dimensionId,
                    QStringLiteral("not a known metric of this tenant"));
        }
        putText("dimensionId");
        putNumber("value", true, false);
        if (text("externalId").isEmpty())
            problem(QStringLiteral("externalId"), QString(),
                    QStringLiteral("the external id is empty"));
        putText("externalId");
        const QString model = text("model");
        if (!model.isEmpty()) {
            const QStringList models = AnalyticsTargets::metricModels();
            const auto match = std::find_if(models.cbegin(), models.cend(), [&](const QString &m) {
                return m.compare(model, Qt::CaseInsensitive) == 0;
            });
            if (match == models.cend())
                problem(
                    QStringLiteral("model"), model,
                    QStringLiteral("not a model; use %1").arg(models.join(QLatin1String(", "))));
            else
                object->insert(QStringLiteral("model"), *match);
        }
        putDate();
    }
    return problems->size() == problemsBefore;
}

} // namespace Planhat
