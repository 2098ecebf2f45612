// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Planhat {

/// What identifies the contents of an import's file: its size and a SHA-256 of its bytes.
/// A resume that read different bytes would match rows to the wrong chunks.
struct FileFingerprint
{
    qint64 size = -1;
    QByteArray sha256; ///< hex; empty when the file could not be read

    /// The fingerprint of the file at `path` now (reads it once, about 1.5 GB/s).
    static FileFingerprint of(const QString &path);
    bool isValid() const { return size >= 0 && !sha256.isEmpty(); }
    bool operator==(const FileFingerprint &other) const
    {
        return size == other.size && sha256 == other.sha256;
    }
};

} // namespace Planhat
