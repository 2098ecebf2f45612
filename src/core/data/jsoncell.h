// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

namespace Planhat {

/// A member's value on its way into a request: the text of a JSON string, kept as the
/// QString it was read as, or any other JSON value. Making a QJsonValue of a QString costs
/// more than converting the cell it came from, so text stays text until it is written.
struct JsonCell
{
    QJsonValue json; ///< unless isText: the value; Undefined: no member
    QString text; ///< when isText: the value
    bool isText = false;

    static JsonCell ofText(const QString &text) { return {QJsonValue(), text, true}; }
    static JsonCell none() { return {QJsonValue(QJsonValue::Undefined), QString(), false}; }

    bool isUndefined() const { return !isText && json.isUndefined(); }
    QJsonValue toJson() const { return isText ? QJsonValue(text) : json; }
};

} // namespace Planhat
