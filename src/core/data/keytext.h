// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

namespace Planhat {

/// The text a scalar key value compares as, wherever keys are matched (the import's
/// planner, runner and `missing`, and the bulk-answer mapper): strings trimmed, whole numbers
/// without a fraction (12 and "12" are one external id), other numbers in their shortest
/// exact form, booleans as true/false. Empty for null, arrays and objects.
QString keyText(const QJsonValue &value);

} // namespace Planhat
