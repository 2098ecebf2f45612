// SPDX-License-Identifier: MIT
#include "console.h"

#include <QtGlobal>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace Planhat {

bool isTerminal(StandardStream stream)
{
    // Descriptors 0, 1 and 2 are stdin, stdout and stderr on every platform.
    const int descriptor = stream == StandardStream::Input ? 0
        : stream == StandardStream::Output                 ? 1
                                                           : 2;
#ifdef Q_OS_WIN
    return _isatty(descriptor) != 0;
#else
    return ::isatty(descriptor) != 0;
#endif
}

} // namespace Planhat
