// SPDX-License-Identifier: MIT
#include "analyticsbatcher.h"

namespace Planhat::AnalyticsBatcher {

qint64 bodySize(const QList<QByteArray> &items, qsizetype first, qsizetype count)
{
    qint64 bytes = 2 + qMax<qsizetype>(0, count - 1); // brackets and commas
    for (qsizetype index = first; index < first + count; ++index)
        bytes += items.at(index).size();
    return bytes;
}

bool fitsAlone(const QByteArray &item, qint64 maxBodyBytes)
{
    return item.size() + 2 <= maxBodyBytes;
}

QList<Batch> split(const QList<QByteArray> &items, qint64 maxBodyBytes, qsizetype maxItems)
{
    QList<Batch> batches;
    Batch current;
    current.bytes = 2;
    for (qsizetype index = 0; index < items.size(); ++index) {
        const qint64 added = items.at(index).size() + (current.count > 0 ? 1 : 0);
        const bool full = current.count > 0
            && (current.bytes + added > maxBodyBytes
                || (maxItems > 0 && current.count >= maxItems));
        if (full) {
            batches.append(current);
            current = Batch {index, 0, 2};
        }
        current.bytes += items.at(index).size() + (current.count > 0 ? 1 : 0);
        ++current.count;
    }
    if (current.count > 0)
        batches.append(current);
    return batches;
}

QByteArray body(const QList<QByteArray> &items, const Batch &batch)
{
    QByteArray out;
    out.reserve(batch.bytes);
    out += '[';
    for (qsizetype index = batch.first; index < batch.first + batch.count; ++index) {
        if (index > batch.first)
            out += ',';
        out += items.at(index);
    }
    out += ']';
    return out;
}

} // namespace Planhat::AnalyticsBatcher
