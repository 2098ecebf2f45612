// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
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

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Planhat
