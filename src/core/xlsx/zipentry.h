// SPDX-License-Identifier: MIT
#pragma once

#include <QIODevice>
#include <QString>

namespace Planhat {

/// A zip file opened for reading through the system's minizip, the library libxlsxwriter
/// writes its zips with. (QuaZip cannot be used beside libxlsxwriter: it exports minizip's
/// function names for its own variant, and a process holds one definition of each name.)
class ZipArchive
{
    Q_DISABLE_COPY_MOVE(ZipArchive)

public:
    explicit ZipArchive(const QString &path);
    ~ZipArchive();

    bool isOpen() const { return m_zip != nullptr; }
    /// Makes `entry` (compared without case) the current entry; false when it is absent.
    bool locate(const QString &entry);
    /// minizip's code of the last failure (0 when none).
    int error() const { return m_error; }

private:
    friend class ZipEntryDevice;
    void *m_zip = nullptr; // unzFile
    int m_error = 0;
};

/// The archive's current entry, inflated as it is read. Sequential; the archive must stay
/// open, on the current entry, until the device is closed.
class ZipEntryDevice final : public QIODevice
{
    Q_OBJECT

public:
    explicit ZipEntryDevice(ZipArchive *archive, QObject *parent = nullptr);
    ~ZipEntryDevice() override;

    /// ReadOnly only.
    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return true; }
    /// A sequential device's own answers know only its buffer: these know the entry's size.
    bool atEnd() const override;
    qint64 bytesAvailable() const override;

    qint64 compressedSize() const { return m_compressedSize; }
    qint64 uncompressedSize() const { return m_uncompressedSize; }
    /// Inflated bytes handed out so far (for progress).
    qint64 inflated() const { return m_inflated; }
    /// minizip's code of the first failure (0 when none); after close(), a damaged entry read
    /// to its end reports its failed checksum here.
    int zipError() const { return m_error; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    ZipArchive *m_archive; // not owned
    qint64 m_compressedSize = 0;
    qint64 m_uncompressedSize = 0;
    qint64 m_inflated = 0;
    int m_error = 0;
};

} // namespace Planhat
