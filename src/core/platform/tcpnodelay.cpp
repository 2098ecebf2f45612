// SPDX-License-Identifier: MIT
#include "tcpnodelay.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>
#endif

namespace Planhat {

int disableNagleOnOpenSockets()
{
    int changed = 0;
#ifdef Q_OS_LINUX
    DIR *descriptors = ::opendir("/proc/self/fd");
    if (!descriptors)
        return 0;
    const int own = ::dirfd(descriptors);
    while (const dirent *entry = ::readdir(descriptors)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == own)
            continue;
        // Anything that is no TCP socket (a file, a pipe, a Unix socket, a descriptor closed
        // since the listing) fails one of these calls and is left alone.
        int protocol = 0;
        socklen_t size = sizeof protocol;
        if (::getsockopt(int(fd), SOL_SOCKET, SO_PROTOCOL, &protocol, &size) != 0
            || protocol != IPPROTO_TCP)
            continue;
        int noDelay = 0;
        size = sizeof noDelay;
        if (::getsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &noDelay, &size) != 0 || noDelay)
            continue;
        noDelay = 1;
        if (::setsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay) == 0)
            ++changed;
    }
    ::closedir(descriptors);
#endif
    return changed;
}

} // namespace Planhat
