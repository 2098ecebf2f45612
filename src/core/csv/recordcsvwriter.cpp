// SPDX-License-Identifier: MIT
#include "recordcsvwriter.h"

#include "data/fieldpath.h"
#include "jsonrowcells.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryFile>

#include <algorithm>
#include <cstring>

namespace Planhat {

namespace {

QString numberText(double value)
{
    if (value == static_cast<double>(static_cast<qint64>(value)) && qAbs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
}

} // namespace

/// Rows waiting for the header: each as its cells (column index, text encoded for the CSV
/// file as UTF-8), appended to a temporary file in large writes and read back the same way.
class RecordCsvWriter::Spill
{
public:
    bool open() { return m_file.open(); }

    /// A row is its cell count, (column, size) per cell, then the cells' bytes: grown once
    /// and copied into, since an append per piece cost more than the copying.
    void add(const QList<QPair<int, QByteArrayView>> &cells)
    {
        qsizetype size = qsizetype(sizeof(qint32)) * (1 + 2 * cells.size());
        for (const auto &cell : cells)
            size += cell.second.size();
        const qsizetype start = m_buffer.size();
        if (m_buffer.capacity() < start + size)
            m_buffer.reserve(std::max(2 * m_buffer.capacity(), start + size));
        m_buffer.resize(start + size);
        char *cursor = m_buffer.data() + start;
        const auto put = [&cursor](qint32 value) {
            memcpy(cursor, &value, sizeof value);
            cursor += sizeof value;
        };
        put(qint32(cells.size()));
        for (const auto &[index, text] : cells) {
            put(qint32(index));
            put(qint32(text.size()));
        }
        for (const auto &cell : cells) {
            if (!cell.second.isEmpty())
                memcpy(cursor, cell.second.data(), size_t(cell.second.size()));
            cursor += cell.second.size();
        }
        if (m_buffer.size() >= (1 << 20))
            flush();
        ++m_rows;
    }

    qint64 rows() const { return m_rows; }

    /// Calls `row` with the cells of every row spilled, in order (the views hold until the
    /// next call).
    template<typename Row>
    bool replay(Row row)
    {
        flush();
        m_file.seek(0);
        m_buffer.clear();
        m_read = 0;
        QList<QPair<int, QByteArrayView>> cells;
        QList<qint32> indexes;
        QList<qint32> sizes;
        for (qint64 n = 0; n < m_rows; ++n) {
            qint32 count = 0;
            if (!read(&count))
                return false;
            cells.resize(count);
            // A row's cells stay in the buffer while it is written: compact it first.
            m_buffer.remove(0, m_read);
            m_read = 0;
            indexes.resize(count);
            sizes.resize(count);
            qsizetype total = 0;
            for (qint32 i = 0; i < count; ++i) {
                if (!read(&indexes[i]) || !read(&sizes[i]) || sizes.at(i) < 0)
                    return false;
                total += sizes.at(i);
            }
            if (!fill(total))
                return false;
            for (qint32 i = 0; i < count; ++i) {
                cells[i] = {indexes.at(i), QByteArrayView(m_buffer).sliced(m_read, sizes.at(i))};
                m_read += sizes.at(i);
            }
            row(cells);
        }
        return true;
    }

private:
    void append(qint32 value)
    {
        m_buffer.append(reinterpret_cast<const char *>(&value), sizeof value);
    }
    /// At least `size` unread bytes in the buffer; false at the file's end.
    bool fill(qsizetype size)
    {
        while (m_buffer.size() - m_read < size) {
            const QByteArray more = m_file.read(qMax<qint64>(1 << 20, size));
            if (more.isEmpty())
                return false;
            m_buffer.append(more);
        }
        return true;
    }
    bool read(qint32 *value)
    {
        if (!fill(sizeof *value))
            return false;
        memcpy(value, m_buffer.constData() + m_read, sizeof *value);
        m_read += sizeof *value;
        return true;
    }
    void flush()
    {
        if (!m_buffer.isEmpty())
            m_file.write(m_buffer);
        m_buffer.resize(0); // keeps the buffer, where clear() would free it
    }

    QTemporaryFile m_file;
    QByteArray m_buffer;
    qsizetype m_read = 0; ///< replaying: bytes of m_buffer already read
    qint64 m_rows = 0;
};

RecordCsvWriter::RecordCsvWriter(QIODevice *device, const QStringList &columns)
    : m_csv(device)
    , m_columns(columns)
    , m_buffering(columns.isEmpty())
{
    for (int i = 0; i < m_columns.size(); ++i)
        m_columnIndex.insert(m_columns.at(i), i);
}

RecordCsvWriter::~RecordCsvWriter() = default;

void RecordCsvWriter::addRows(const QList<QJsonObject> &rows)
{
    if (!m_buffering) {
        writeRows(rows);
        return;
    }
    // The cells columnsOf() and writeRows() would give the row, in the order of its keys.
    const QString separator = listSeparator();
    const QString customKey = QStringLiteral("custom");
    QList<Cell> cells;
    for (const QJsonObject &row : rows) {
        cells.clear();
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (it.key() == customKey && it.value().isObject()) {
                const QJsonObject custom = it.value().toObject();
                for (auto field = custom.begin(); field != custom.end(); ++field)
                    cells.append({FieldPath::customField(field.key()),
                                  cellText(field.value(), separator), true});
            } else if (FieldPath::isCustom(it.key())) {
                cells.append({it.key(), QString(), false});
            } else {
                cells.append({it.key(), cellText(it.value(), separator), true});
            }
        }
        addCells(cells);
    }
}

void RecordCsvWriter::addRawRows(const RawRows &rows)
{
    if (!m_rowReader)
        m_rowReader = std::make_unique<JsonRowCells>();
    // Each cell goes from the parsed JSON straight to its encoded bytes.
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (m_rowReader->readEncoded(rows.row(i), m_csv, &m_encodedCells, &m_cellBytes))
            addEncodedCells(m_encodedCells, m_cellBytes);
    }
    m_csv.flush(); // a page is on its way out as soon as it is written
}

void RecordCsvWriter::addEncodedCells(const QList<JsonRowCells::EncodedCell> &cells,
                                      const QByteArray &bytes)
{
    const QByteArrayView all(bytes);
    if (m_buffering) {
        if (!m_spill) {
            m_spill = std::make_unique<Spill>();
            m_spill->open();
        }
        m_spilled.clear();
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const JsonRowCells::EncodedCell &cell = cells.at(i);
            const int index = columnIndex(cell.column, i);
            if (cell.hasValue)
                m_spilled.append({index, all.sliced(cell.offset, cell.size)});
        }
        m_spill->add(m_spilled);
        return;
    }
    writeHeader();
    m_encodedRow.fill(QByteArrayView(), m_columns.size());
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const JsonRowCells::EncodedCell &cell = cells.at(i);
        const int index = columnIndex(cell.column, i);
        if (index >= 0 && cell.hasValue)
            m_encodedRow[index] = all.sliced(cell.offset, cell.size);
    }
    m_csv.writeEncodedRow(m_encodedRow);
    ++m_rowsWritten;
}

int RecordCsvWriter::columnIndex(const QString &column, qsizetype position)
{
    if (position < m_lastColumns.size() && m_lastColumns.at(position) == column)
        return m_lastIndexes.at(position);
    int index = m_columnIndex.value(column, -1);
    if (index < 0 && m_buffering) {
        index = int(m_columns.size());
        m_columns.append(column);
        m_columnIndex.insert(column, index);
    }
    if (position >= m_lastColumns.size()) {
        m_lastColumns.resize(position + 1);
        m_lastIndexes.resize(position + 1);
    }
    m_lastColumns[position] = column;
    m_lastIndexes[position] = index;
    return index;
}

void RecordCsvWriter::addCells(const QList<Cell> &cells)
{
    if (m_buffering) {
        if (!m_spill) {
            m_spill = std::make_unique<Spill>();
            m_spill->open();
        }
        // Spilled encoded, as raw rows are.
        m_spillBytes.clear();
        QList<QPair<int, qsizetype>> spans;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const int index = columnIndex(cells.at(i).column, i);
            if (!cells.at(i).hasValue)
                continue;
            const qsizetype offset = m_spillBytes.size();
            m_csv.appendEncoded(&m_spillBytes, cells.at(i).text.toUtf8());
            spans.append({index, offset});
        }
        m_spilled.clear();
        for (qsizetype i = 0; i < spans.size(); ++i) {
            const qsizetype end
                = i + 1 < spans.size() ? spans.at(i + 1).second : m_spillBytes.size();
            m_spilled.append({spans.at(i).first,
                              QByteArrayView(m_spillBytes)
                                  .sliced(spans.at(i).second, end - spans.at(i).second)});
        }
        m_spill->add(m_spilled);
        return;
    }
    writeHeader();
    m_rowCells.fill(QString(), m_columns.size());
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const int index = columnIndex(cells.at(i).column, i);
        if (index >= 0 && cells.at(i).hasValue)
            m_rowCells[index] = cells.at(i).text;
    }
    m_csv.writeRow(m_rowCells);
    ++m_rowsWritten;
}

void RecordCsvWriter::finish()
{
    if (m_buffering) {
        m_buffering = false;
        writeSpilled();
    }
    writeHeader();
    m_csv.flush();
}

void RecordCsvWriter::writeSpilled()
{
    // _id first, as every list shows it; the rest in the order found (as columnsOf()).
    QList<int> order;
    const int idIndex = m_columnIndex.value(QStringLiteral("_id"), -1);
    if (idIndex >= 0)
        order.append(idIndex);
    for (int i = 0; i < m_columns.size(); ++i) {
        if (i != idIndex)
            order.append(i);
    }
    QStringList columns;
    QList<int> positionOf(m_columns.size());
    for (int i = 0; i < order.size(); ++i) {
        columns.append(m_columns.at(order.at(i)));
        positionOf[order.at(i)] = i;
    }
    m_columns = columns;
    m_columnIndex.clear();
    for (int i = 0; i < m_columns.size(); ++i)
        m_columnIndex.insert(m_columns.at(i), i);
    m_lastColumns.clear();
    m_lastIndexes.clear();
    writeHeader();
    if (!m_spill)
        return;
    m_spill->replay([this, &positionOf](const QList<QPair<int, QByteArrayView>> &cells) {
        m_encodedRow.fill(QByteArrayView(), m_columns.size());
        for (const auto &[index, text] : cells)
            m_encodedRow[positionOf.at(index)] = text;
        m_csv.writeEncodedRow(m_encodedRow);
        ++m_rowsWritten;
    });
    m_csv.flush();
    m_spill.reset();
}

void RecordCsvWriter::writeHeader()
{
    if (m_headerWritten)
        return;
    m_csv.writeRow(m_columns);
    m_headerWritten = true;
}

void RecordCsvWriter::writeRows(const QList<QJsonObject> &rows)
{
    writeHeader();
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
