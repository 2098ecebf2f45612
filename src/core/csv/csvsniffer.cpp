// SPDX-License-Identifier: MIT
#include "csvsniffer.h"

#include "csvdecoder.h"

#include <algorithm>
#include <map>
#include <vector>

namespace Planhat {

namespace {

constexpr int maxSniffedRows = 50;

// Field counts of the sample's rows when split at delimiter, honouring quotes.
std::vector<int> fieldCounts(QStringView text, QChar delimiter, CsvSniffer::Sample complete)
{
    std::vector<int> counts;
    int fields = 1;
    bool inQuotes = false;
    bool rowHasText = false;
    for (qsizetype i = 0; i < text.size() && int(counts.size()) < maxSniffedRows; ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == QLatin1Char('"'))
                inQuotes = false; // a doubled quote re-enters at the next character
        } else if (c == QLatin1Char('"')) {
            inQuotes = true;
            rowHasText = true;
        } else if (c == delimiter) {
            ++fields;
            rowHasText = true;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (rowHasText)
                counts.push_back(fields);
            fields = 1;
            rowHasText = false;
        } else {
            rowHasText = true;
        }
    }
    if (rowHasText && complete == CsvSniffer::Sample::WholeFile
        && int(counts.size()) < maxSniffedRows)
        counts.push_back(fields);
    return counts;
}

} // namespace

qsizetype CsvSniffer::bomLength(QByteArrayView sample, CsvEncoding encoding)
{
    const auto startsWith = [&](const char *bom, qsizetype length) {
        return sample.size() >= length
            && QByteArrayView(sample.data(), length) == QByteArrayView(bom, length);
    };
    switch (encoding) {
    case CsvEncoding::Utf8:
        return startsWith("\xEF\xBB\xBF", 3) ? 3 : 0;
    case CsvEncoding::Utf16LE:
        return startsWith("\xFF\xFE", 2) ? 2 : 0;
    case CsvEncoding::Utf16BE:
        return startsWith("\xFE\xFF", 2) ? 2 : 0;
    default:
        return 0;
    }
}

CsvSniffer::EncodingGuess CsvSniffer::detectEncoding(QByteArrayView sample)
{
    for (CsvEncoding encoding : {CsvEncoding::Utf8, CsvEncoding::Utf16LE, CsvEncoding::Utf16BE}) {
        if (const qsizetype length = bomLength(sample, encoding))
            return {encoding, length};
    }
    // Without finish(), a sequence cut at the end of the sample is no error.
    CsvDecoder decoder(CsvEncoding::Utf8);
    QString decoded(decoder.requiredSpace(sample.size()), Qt::Uninitialized);
    decoder.decode(sample, decoded.data());
    return {decoder.hasError() ? CsvEncoding::Windows1252 : CsvEncoding::Utf8, 0};
}

QChar CsvSniffer::detectDelimiter(QStringView sample, Sample complete)
{
    QChar best = QLatin1Char(',');
    double bestConsistency = 0;
    int bestFields = 1;
    for (QChar candidate :
         {QLatin1Char(','), QLatin1Char(';'), QLatin1Char('\t'), QLatin1Char('|')}) {
        std::vector<int> counts = fieldCounts(sample, candidate, complete);
        if (counts.empty())
            continue;
        std::map<int, int> frequency;
        for (int count : counts)
            ++frequency[count];
        const auto mode = std::max_element(
            frequency.begin(), frequency.end(), [](const auto &a, const auto &b) {
                return a.second < b.second || (a.second == b.second && a.first < b.first);
            });
        if (mode->first < 2)
            continue;
        const double consistency = double(mode->second) / double(counts.size());
        if (consistency > bestConsistency
            || (consistency == bestConsistency && mode->first > bestFields)) {
            best = candidate;
            bestConsistency = consistency;
            bestFields = mode->first;
        }
    }
    return best;
}

} // namespace Planhat
