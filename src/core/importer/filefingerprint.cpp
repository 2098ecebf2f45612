// SPDX-License-Identifier: MIT
#include "filefingerprint.h"

#include <QCryptographicHash>
#include <QFile>

namespace Planhat {

FileFingerprint FileFingerprint::of(const QString &path)
{
    FileFingerprint fingerprint;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fingerprint;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return fingerprint;
    fingerprint.size = file.size();
    fingerprint.sha256 = hash.result().toHex();
    return fingerprint;
}

} // namespace Planhat
