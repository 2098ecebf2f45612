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
    };
    /// Replaces `row` by what `json` holds. `json` must be followed by RawRows::padding
    /// readable bytes (a row of RawRows is). False when it is not a JSON object.
    bool read(QByteArrayView json, Row *row);

    /// The object of `fields` (top-level names, UTF-8) `json` has, as JSON text for
    /// QJsonDocument to read: for a before-image without reading the rest of the row. False
    /// when one of them holds a number, a list or an object (or `json` is not an object):
    /// Qt's reader must then see the server's own text.
    bool selectText(QByteArrayView json, const QList<QByteArray> &fields, QByteArray *text);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Planhat
