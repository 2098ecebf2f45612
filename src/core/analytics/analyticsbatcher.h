// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace Planhat {

/// Splits rows, each already serialized as one compact JSON object, into the JSON-array
/// bodies of bulk posts, each at most a given number of bytes. Sizes are measured on the
/// serialized text, never estimated from a row count: rows vary from tens of bytes to
/// kilobytes (info objects, long names).
namespace AnalyticsBatcher {

/// Consecutive items [first, first + count) and the size of their array body.
struct Batch
{
    qsizetype first = 0;
    qsizetype count = 0;
    qint64 bytes = 0;
};

/// The size of the body "[" + items joined by "," + "]".
qint64 bodySize(const QList<QByteArray> &items, qsizetype first, qsizetype count);
/// Whether `item` fits in a body of `maxBodyBytes` on its own.
bool fitsAlone(const QByteArray &item, qint64 maxBodyBytes);
/// Batches in order that together hold every item once, each body at most `maxBodyBytes`
/// (and at most `maxItems` items when above 0). An item too big to fit alone gets a batch of
/// its own, larger than the limit: callers refuse such rows first (fitsAlone()).
QList<Batch> split(const QList<QByteArray> &items, qint64 maxBodyBytes, qsizetype maxItems = 0);
/// The body of `batch`.
QByteArray body(const QList<QByteArray> &items, const Batch &batch);

} // namespace AnalyticsBatcher

} // namespace Planhat
