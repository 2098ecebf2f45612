// SPDX-License-Identifier: MIT
#include "keytext.h"

#include <QLocale>

#include <cmath>

namespace Planhat {

QString keyText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().trimmed();
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Only integers a double holds exactly read as integers: beyond 2^53 the digits
        // would be invented.
        constexpr double exactIntegers = 9007199254740992.0; // 2^53
        if (std::isfinite(number) && std::floor(number) == number
            && std::abs(number) < exactIntegers)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString();
}

} // namespace Planhat
