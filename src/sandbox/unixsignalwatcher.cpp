// SPDX-License-Identifier: MIT
#include "unixsignalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Planhat::Sandbox {

namespace {

int signalFds[2] = {-1, -1}; // [0] written by the handler, [1] read by the notifier

} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalFds) != 0) {
        qWarning("planhat-sandbox: cannot create the signal socket pair");
        signalFds[0] = signalFds[1] = -1;
        return;
    }
    // Neither end may block: not the handler's write, not the drain loop's reads.
    for (int fd : signalFds)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(signalFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readSignals);
}

UnixSignalWatcher::~UnixSignalWatcher()
{
    if (signalFds[0] >= 0) {
        ::close(signalFds[0]);
        ::close(signalFds[1]);
        signalFds[0] = signalFds[1] = -1;
    }
}

bool UnixSignalWatcher::watch(int signalNumber)
{
    if (!m_notifier)
        return false;
    struct sigaction action = {};
    action.sa_handler = &UnixSignalWatcher::handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(signalNumber, &action, nullptr) == 0;
}

void UnixSignalWatcher::handleSignal(int signalNumber)
{
    // Only async-signal-safe calls here.
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    if (signalFds[0] >= 0) {
        [[maybe_unused]] const ssize_t written = ::write(signalFds[0], &byte, 1);
    }
    errno = savedErrno;
}

void UnixSignalWatcher::readSignals()
{
    unsigned char byte = 0;
    while (::read(signalFds[1], &byte, 1) == 1)
        emit signalReceived(int(byte));
}

} // namespace Planhat::Sandbox
