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

} // namespace Planhat
