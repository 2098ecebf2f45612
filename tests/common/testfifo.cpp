// SPDX-License-Identifier: MIT
#include "testfifo.h"

#include <QFile>

#include <cerrno>
#include <chrono>
#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Planhat::Test {

TestFifo::TestFifo(const QString &path)
    : m_path(path)
{
    // A reader that goes away while we write must fail the write, not kill the test.
    std::signal(SIGPIPE, SIG_IGN);
    m_valid = ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
}

TestFifo::~TestFifo()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fed = true;
    }
    m_fedChanged.notify_all();
    if (m_rescue.joinable())
        m_rescue.join();
    if (m_fd >= 0)
        ::close(m_fd);
}

bool TestFifo::openWriter()
{
    if (m_fd >= 0)
        return true;
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_NONBLOCK);
    if (fd < 0)
        return false; // ENXIO: nobody reads it
    // Blocking writes from here on: the reader takes what we write at its pace.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    m_fd = fd;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fed = true;
    }
    m_fedChanged.notify_all();
    return true;
}

bool TestFifo::writeAndClose(const QByteArray &bytes)
{
    if (m_fd < 0)
        return false;
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n
            = ::write(m_fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += n;
    }
    ::close(m_fd);
    m_fd = -1;
    return written == bytes.size();
}

void TestFifo::armRescue(int milliseconds)
{
    const QByteArray path = QFile::encodeName(m_path);
    m_rescue = std::thread([this, path, milliseconds] {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_fedChanged.wait_for(lock, std::chrono::milliseconds(milliseconds),
                                  [this] { return m_fed; }))
            return;
        // A reader blocked in open() on the test's thread: give it an empty file.
        const int fd = ::open(path.constData(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0)
            ::close(fd);
    });
}

} // namespace Planhat::Test
