// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QPair>

namespace Planhat {

/// Rows of a list page as the server sent them: the page's bytes and where each row's JSON
/// object lies in them. Lets output that needs no parsed object (JSON lines, CSV cells)
/// skip building a QJsonObject per row. The body keeps some spare capacity past its end
/// (RawRows::padding bytes), so parsers that read ahead may parse a row in place.
struct RawRows
{
    static constexpr qsizetype padding = 64;

    QByteArray body;
    QList<QPair<qsizetype, qsizetype>> spans; ///< offset and length of each row in body

    qsizetype size() const { return spans.size(); }
    bool isEmpty() const { return spans.isEmpty(); }
    QByteArrayView row(qsizetype index) const
    {
        const auto &span = spans.at(index);
        return QByteArrayView(body.constData() + span.first, span.second);
    }
};

} // namespace Planhat

Q_DECLARE_METATYPE(Planhat::RawRows)
