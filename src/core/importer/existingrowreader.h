// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace Planhat {

/// Reads what an import plan indexes a tenant object by from the object as a list page holds
/// it (JSON bytes, ListJob::RowFormat::Raw): its `_id` and its keys, the same as read from
/// the object parsed by QJsonDocument (ImportPolicy::normalizedKeys() of the match field),
/// without building a QJsonObject. Parsed with simdjson; reuse one instance.
class ExistingRowReader
{
public:
    explicit ExistingRowReader(const QString &keyField);
    ~ExistingRowReader();
    Q_DISABLE_COPY_MOVE(ExistingRowReader)

    struct Row
    {
        QString id; ///< the `_id` text; empty when it is missing or not a string
        QStringList keys; ///< ImportPolicy::normalizedKeys() of the match field
        /// Where read() put the selected fields' text in its `selected` buffer, or -1 when
        /// it did not (no buffer given, or a field holds what only the server's text says).
        qsizetype selectedAt = -1;
        qsizetype selectedSize = 0;
    };
    /// Replaces `row` by what `json` holds. `json` must be followed by RawRows::padding
    /// readable bytes (a row of RawRows is). False when it is not a JSON object.
    /// With `selected`, also appends to it the object of `fields` (top-level names, UTF-8)
    /// the row has, as JSON text for QJsonDocument to read: a before-image from the same
    /// parse, without keeping the row. Members in the order of `fields`, strings escaped as
    /// JsonBytes escapes them: with `fields` in key order the text is byte for byte what
    /// JsonBytes::appendObject() writes for the object it reads back to (FlatImageText). Not done
    /// (Row::selectedAt -1, `selected` as it was) when one of them holds a number, a list or an
    /// object: Qt's reader must then see the server's own text.
    bool read(QByteArrayView json, Row *row, const QList<QByteArray> &fields = {},
              QByteArray *selected = nullptr);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Planhat
