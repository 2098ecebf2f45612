// SPDX-License-Identifier: MIT
#pragma once

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

    /// One field as it would appear in the file (quoted and guarded as needed).
    QString encodeField(const QString &field) const;
    static bool looksLikeFormula(const QString &field);

private:
    QIODevice *m_device; // not owned
    FormulaGuard m_guard;
    QChar m_delimiter;
};

} // namespace Planhat
