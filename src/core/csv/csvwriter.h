// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringList>

class QIODevice;

namespace Planhat {

/// Writes RFC 4180 CSV (UTF-8, CRLF line ends) to a device, one row at a time.
/// Fields are quoted only when they need it. Cells a spreadsheet would run as a formula
/// (starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe,
/// unless FormulaGuard::Off is chosen for machine-to-machine files.
class CsvWriter
{
public:
    enum class FormulaGuard { On, Off };

    explicit CsvWriter(QIODevice *device, FormulaGuard guard = FormulaGuard::On,
                       QChar delimiter = QLatin1Char(','));

    void writeRow(const QStringList &fields);

    /// encodeField() for a field given as UTF-8, appended to `out` as UTF-8: the same bytes
    /// writeRow() would write for it, without a QString per cell.
    void appendEncoded(QByteArray *out, QByteArrayView utf8) const;
    /// Whether `text` is written as it is, byte for byte in Latin-1: ASCII without control
    /// characters, the delimiter or a quote, not starting or ending with a space, and not
    /// guarded. appendEncoded() writes such a field unchanged; callers copy it themselves.
    bool isPlain(QStringView text) const;
    /// One row of fields appendEncoded() made (empty views for empty cells). Collected and
    /// written in large blocks: flush() before the device is used otherwise or closed.
    void writeEncodedRow(const QList<QByteArrayView> &fields);
    void flush();

    /// One field as it would appear in the file (quoted and guarded as needed).
    QString encodeField(const QString &field) const;
    static bool looksLikeFormula(const QString &field);

private:
    QIODevice *m_device; // not owned
    QByteArray m_pending; ///< encoded rows not written yet
    FormulaGuard m_guard;
    QChar m_delimiter;
    QByteArray m_delimiterUtf8; ///< m_delimiter as UTF-8, once needed
};

} // namespace Planhat
