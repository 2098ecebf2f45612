// SPDX-License-Identifier: MIT
#include "jsonpath.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace Planhat::Sandbox::JsonPath {

namespace {

int typeRank(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return 0;
    case QJsonValue::Double:
        return 1;
    case QJsonValue::String:
        return 2;
    case QJsonValue::Object:
        return 3;
    case QJsonValue::Array:
        return 4;
    case QJsonValue::Bool:
        return 5;
    }
    return 0;
}

void insertPath(QJsonObject *target, const QJsonObject &source, const QString &path)
{
    if (source.contains(path)) {
        target->insert(path, source.value(path));
        return;
    }
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return;
    const QString head = path.left(dot);
    const QJsonValue child = source.value(head);
    if (!child.isObject())
        return;
    QJsonObject nested = target->value(head).toObject();
    insertPath(&nested, child.toObject(), path.mid(dot + 1));
    if (!nested.isEmpty())
        target->insert(head, nested);
}

} // namespace

QJsonValue value(const QJsonObject &object, const QString &path)
{
    const auto it = object.constFind(path);
    if (it != object.constEnd())
        return it.value();
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return QJsonValue(QJsonValue::Undefined);
    const QJsonValue child = object.value(path.left(dot));
    if (!child.isObject())
        return QJsonValue(QJsonValue::Undefined);
    return value(child.toObject(), path.mid(dot + 1));
}

QJsonObject select(const QJsonObject &object, const QStringList &paths)
{
    QJsonObject result;
    const QString idKey = QStringLiteral("_id");
    if (object.contains(idKey))
        result.insert(idKey, object.value(idKey));
    for (const QString &path : paths)
        insertPath(&result, object, path);
    return result;
}

int compare(const QJsonValue &left, const QJsonValue &right)
{
    const int leftRank = typeRank(left);
    const int rightRank = typeRank(right);
    if (leftRank != rightRank)
        return leftRank < rightRank ? -1 : 1;
    switch (left.type()) {
    case QJsonValue::Double: {
        const double a = left.toDouble();
        const double b = right.toDouble();
        return a < b ? -1 : (b < a ? 1 : 0);
    }
    case QJsonValue::String:
        return left.toString().compare(right.toString());
    case QJsonValue::Bool:
        return int(left.toBool()) - int(right.toBool());
    case QJsonValue::Array: {
        const QJsonArray a = left.toArray();
        const QJsonArray b = right.toArray();
        const qsizetype common = std::min(a.size(), b.size());
        for (qsizetype i = 0; i < common; ++i) {
            if (const int result = compare(a.at(i), b.at(i)))
                return result;
        }
        return a.size() < b.size() ? -1 : (b.size() < a.size() ? 1 : 0);
    }
    default:
        return 0;
    }
}

QString toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::floor(number) && std::abs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    default:
        return QString();
    }
}

bool matchesText(const QJsonValue &value, const QString &text)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&text](const QJsonValue &element) { return toText(element) == text; });
    }
    if (value.isUndefined() || value.isNull())
        return text.isEmpty();
    return toText(value) == text;
}

} // namespace Planhat::Sandbox::JsonPath
