// SPDX-License-Identifier: MIT
#include "recordcsvwriter.h"

#include "data/fieldpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace Planhat {

namespace {

QString numberText(double value)
{
    if (value == static_cast<double>(static_cast<qint64>(value)) && qAbs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
}

} // namespace

RecordCsvWriter::RecordCsvWriter(QIODevice *device, const QStringList &columns)
    : m_csv(device)
    , m_columns(columns)
    , m_buffering(columns.isEmpty())
{ }

void RecordCsvWriter::addRows(const QList<QJsonObject> &rows)
{
    if (m_buffering)
        m_buffered.append(rows);
    else
        writeRows(rows);
}

void RecordCsvWriter::finish()
{
    if (m_buffering) {
        m_columns = columnsOf(m_buffered);
        m_buffering = false;
        writeRows(m_buffered);
        m_buffered.clear();
    }
    if (!m_headerWritten)
        writeRows({});
}

void RecordCsvWriter::writeRows(const QList<QJsonObject> &rows)
{
    if (!m_headerWritten) {
        m_csv.writeRow(m_columns);
        m_headerWritten = true;
    }
    const QString separator = listSeparator();
    QStringList cells;
    for (const QJsonObject &row : rows) {
        cells.clear();
        for (const QString &column : std::as_const(m_columns))
            cells.append(cellText(valueAt(row, column), separator));
        m_csv.writeRow(cells);
        ++m_rowsWritten;
    }
}

QString RecordCsvWriter::cellText(const QJsonValue &value, const QString &listSeparator)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        QStringList parts;
        for (const QJsonValue &item : array) {
            if (item.isArray() || item.isObject())
                return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
            parts.append(cellText(item, listSeparator));
        }
        return parts.join(listSeparator);
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

QJsonValue RecordCsvWriter::valueAt(const QJsonObject &record, const QString &path)
{
    // Only the custom prefix is a level here: other keys are taken as the API named them.
    if (FieldPath::isCustom(path))
        return FieldPath::valueIn(record, path);
    return record.value(path);
}

QStringList RecordCsvWriter::columnsOf(const QList<QJsonObject> &rows)
{
    QStringList columns;
    QSet<QString> seen;
    const auto add = [&columns, &seen](const QString &column) {
        if (!seen.contains(column)) {
            seen.insert(column);
            columns.append(column);
        }
    };
    for (const QJsonObject &row : rows) {
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (it.key() == QLatin1String("custom") && it.value().isObject()) {
                const QJsonObject custom = it.value().toObject();
                for (auto field = custom.begin(); field != custom.end(); ++field)
                    add(FieldPath::customField(field.key()));
            } else {
                add(it.key());
            }
        }
    }
    // _id first, as every list shows it; the rest in the order found.
    if (columns.removeOne(QStringLiteral("_id")))
        columns.prepend(QStringLiteral("_id"));
    return columns;
}

} // namespace Planhat
