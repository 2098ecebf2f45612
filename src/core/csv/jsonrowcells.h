// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>

namespace Planhat {

class CsvWriter;

/// Reads one record given as JSON text (a row of a list page) into the CSV cells
/// RecordCsvWriter writes for it, without building a QJsonObject: each top-level field in
/// QJsonObject's key order, `custom` expanded into "custom.<name>" columns, each value as
/// RecordCsvWriter::cellText() writes it. Parsed with simdjson; reuse one instance.
class JsonRowCells
{
public:
    struct Cell
    {
        QString column;
        QString text;
        bool hasValue = true; ///< false for a "custom.<name>" key: its cell comes from `custom`
    };

    JsonRowCells();
    ~JsonRowCells();

    /// Replaces `cells` with those of `json`; false (and no cells) when it is not an object.
    bool read(QByteArrayView json, QList<Cell> *cells);

    /// A cell whose text is already encoded for a CsvWriter, in a row's byte buffer.
    struct EncodedCell
    {
        QString column;
        qsizetype offset = 0; ///< where its encoded text starts in the buffer
        qsizetype size = 0;
        bool hasValue = true;
    };
    /// The same cells as read(), each text encoded by `csv` (CsvWriter::appendEncoded()) into
    /// `bytes` (replaced): no QString per cell.
    bool readEncoded(QByteArrayView json, const CsvWriter &csv, QList<EncodedCell> *cells,
                     QByteArray *bytes);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Planhat
