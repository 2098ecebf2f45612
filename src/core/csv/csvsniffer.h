// SPDX-License-Identifier: MIT
#pragma once

#include "csvformat.h"

#include <QByteArrayView>
#include <QStringView>

namespace Planhat {

/// Guesses a CSV file's encoding and delimiter from its first bytes.
class CsvSniffer
{
public:
    struct EncodingGuess
    {
        CsvEncoding encoding = CsvEncoding::Utf8;
        qsizetype bomLength = 0;
    };

    /// A byte order mark decides; else valid UTF-8 (an incomplete sequence at the end of
    /// the sample is allowed) means UTF-8, anything else Windows-1252.
    static EncodingGuess detectEncoding(QByteArrayView sample);
    /// Length of encoding's byte order mark at the start of sample, 0 when there is none.
    static qsizetype bomLength(QByteArrayView sample, CsvEncoding encoding);
    /// The candidate among , ; tab | that splits the sample's rows (quotes respected) into
    /// the most consistent number of fields above one; ',' when none does.
    /// complete tells whether the sample is the whole file (else its last row may be cut).
    enum class Sample { Partial, WholeFile };
    static QChar detectDelimiter(QStringView sample, Sample complete = Sample::Partial);
};

} // namespace Planhat
