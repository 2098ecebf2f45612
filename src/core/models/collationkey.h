// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

class QCollator;

namespace Planhat {

/// The collation key of `text` under `collator`, as plain bytes: keys compare as
/// QCollator::compare() does when compared byte by byte (memcmp, then the shorter first).
/// QCollator::sortKey() gives the same order, but its keys hide their bytes, and comparing
/// them costs a chase through two pointers: a sort of a million texts spends its time there.
/// Made with ICU set up as Qt sets it up for `collator` (in the C locale: the text's UTF-8);
/// each thread keeps its own ICU collators.
QByteArray collationKey(const QString &text, const QCollator &collator);

} // namespace Planhat
