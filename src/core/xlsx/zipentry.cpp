// SPDX-License-Identifier: MIT
#include "zipentry.h"

#include <QFile>

#include <minizip/unzip.h>

#include <limits>

namespace Planhat {

ZipArchive::ZipArchive(const QString &path)
{
    m_zip = unzOpen64(QFile::encodeName(path).constData());
    if (!m_zip)
        m_error = UNZ_BADZIPFILE;
}

ZipArchive::~ZipArchive()
{
    if (m_zip)
        unzClose(m_zip);
}

bool ZipArchive::locate(const QString &entry)
{
    if (!m_zip)
        return false;
    // 2: names compared without case, as Excel does.
    m_error = unzLocateFile(m_zip, entry.toUtf8().constData(), 2);
    return m_error == UNZ_OK;
}

ZipEntryDevice::ZipEntryDevice(ZipArchive *archive, QObject *parent)
    : QIODevice(parent)
    , m_archive(archive)
{ }

ZipEntryDevice::~ZipEntryDevice()
{
    if (isOpen())
        close();
}

bool ZipEntryDevice::open(OpenMode mode)
{
    if (mode != ReadOnly || !m_archive->isOpen())
        return false;
    unz_file_info64 info {};
    m_error = unzGetCurrentFileInfo64(m_archive->m_zip, &info, nullptr, 0, nullptr, 0, nullptr, 0);
    if (m_error != UNZ_OK)
        return false;
    m_compressedSize = qint64(info.compressed_size);
    m_uncompressedSize = qint64(info.uncompressed_size);
    m_error = unzOpenCurrentFile(m_archive->m_zip);
    if (m_error != UNZ_OK)
        return false;
    m_inflated = 0;
    return QIODevice::open(mode);
}

void ZipEntryDevice::close()
{
    if (isOpen()) {
        // Closing an entry read to its end checks its CRC (UNZ_CRCERROR when it fails).
        const int closed = unzCloseCurrentFile(m_archive->m_zip);
        if (m_error == UNZ_OK)
            m_error = closed;
    }
    QIODevice::close();
}

bool ZipEntryDevice::atEnd() const
{
    return !isOpen() || (m_inflated >= m_uncompressedSize && QIODevice::bytesAvailable() == 0);
}

qint64 ZipEntryDevice::bytesAvailable() const
{
    return qMax<qint64>(0, m_uncompressedSize - m_inflated) + QIODevice::bytesAvailable();
}

qint64 ZipEntryDevice::readData(char *data, qint64 maxSize)
{
    const auto wanted = unsigned(qMin<qint64>(maxSize, std::numeric_limits<int>::max()));
    const int read = unzReadCurrentFile(m_archive->m_zip, data, wanted);
    if (read < 0) {
        m_error = read;
        setErrorString(QStringLiteral("zip error %1").arg(read));
        return -1;
    }
    m_inflated += read;
    return read;
}

} // namespace Planhat
