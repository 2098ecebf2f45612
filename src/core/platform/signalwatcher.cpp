// SPDX-License-Identifier: MIT
#include "signalwatcher.h"

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace Planhat {

#ifdef Q_OS_UNIX

namespace {

int signalFds[2] = {-1, -1}; // [0] written by the handler, [1] read by the notifier
struct sigaction previousActions[NSIG];

extern "C" void handleSignal(int signalNumber)
{
    // Only async-signal-safe calls here.
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    if (signalFds[0] >= 0) {
        [[maybe_unused]] const ssize_t written = ::write(signalFds[0], &byte, 1);
    }
    errno = savedErrno;
}

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (signalFds[0] >= 0) {
        qWarning("SignalWatcher: another instance already watches this process's signals");
        return;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalFds) != 0) {
        qWarning("SignalWatcher: cannot create the signal socket pair");
        signalFds[0] = signalFds[1] = -1;
        return;
    }
    // Neither end may block: not the handler's write, not the drain loop's reads.
    for (int fd : signalFds)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(signalFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignals);
}

SignalWatcher::~SignalWatcher()
{
    if (!m_notifier)
        return;
    // A signal after this goes where it went before, not into a pipe nobody reads.
    for (int signalNumber : std::as_const(m_watched))
        ::sigaction(signalNumber, &previousActions[signalNumber], nullptr);
    ::close(signalFds[0]);
    ::close(signalFds[1]);
    signalFds[0] = signalFds[1] = -1;
}

bool SignalWatcher::watch(int signalNumber)
{
    if (!m_notifier || signalNumber <= 0 || signalNumber >= NSIG)
        return false;
    if (m_watched.contains(signalNumber))
        return true;
    struct sigaction action = {};
    action.sa_handler = &handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(signalNumber, &action, &previousActions[signalNumber]) != 0)
        return false;
    m_watched.append(signalNumber);
    return true;
}

void SignalWatcher::readSignals()
{
    unsigned char byte = 0;
    while (::read(signalFds[1], &byte, 1) == 1)
        Q_EMIT signalReceived(int(byte));
}

#else // not Unix: no signals to turn into events (see the class comment)

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{ }

SignalWatcher::~SignalWatcher() = default;

bool SignalWatcher::watch(int signalNumber)
{
    Q_UNUSED(signalNumber);
    return false;
}

void SignalWatcher::readSignals() { }

#endif

} // namespace Planhat
