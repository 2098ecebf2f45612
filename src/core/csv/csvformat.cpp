// SPDX-License-Identifier: MIT
#include "csvformat.h"

namespace Planhat {

QString csvEncodingName(CsvEncoding encoding)
{
    switch (encoding) {
    case CsvEncoding::Detect:
        return QStringLiteral("detect");
    case CsvEncoding::Utf8:
        return QStringLiteral("UTF-8");
    case CsvEncoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case CsvEncoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case CsvEncoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return QString();
}

QString csvEncodingKey(CsvEncoding encoding)
{
    switch (encoding) {
    case CsvEncoding::Detect:
        return QStringLiteral("detect");
    case CsvEncoding::Utf8:
        return QStringLiteral("utf-8");
    case CsvEncoding::Utf16LE:
        return QStringLiteral("utf-16le");
    case CsvEncoding::Utf16BE:
        return QStringLiteral("utf-16be");
    case CsvEncoding::Windows1252:
        return QStringLiteral("windows-1252");
    }
    return QStringLiteral("detect");
}

bool csvEncodingFromKey(const QString &text, CsvEncoding *encoding)
{
    // Compare without case, dashes or underscores: "UTF_8", "utf8" and "utf-8" are one name.
    const auto squeezed = [](QString name) {
        return name.toLower().remove(QLatin1Char('-')).remove(QLatin1Char('_')).trimmed();
    };
    const QString name = squeezed(text);
    for (CsvEncoding candidate : {CsvEncoding::Detect, CsvEncoding::Utf8, CsvEncoding::Utf16LE,
                                  CsvEncoding::Utf16BE, CsvEncoding::Windows1252}) {
        if (name == squeezed(csvEncodingKey(candidate))) {
            *encoding = candidate;
            return true;
        }
    }
    if (name == QLatin1String("cp1252") || name == QLatin1String("latin1")
        || name == QLatin1String("iso88591")) {
        *encoding = CsvEncoding::Windows1252;
        return true;
    }
    return false;
}

} // namespace Planhat
