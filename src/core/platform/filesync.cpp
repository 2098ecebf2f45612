// SPDX-License-Identifier: MIT
#include "filesync.h"

#include <QFileDevice>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace Planhat {

bool syncToDisk(QFileDevice &file)
{
    // QFileDevice::handle() is the C runtime's descriptor on Windows too.
    return file.flush() && syncHandle(file.handle());
}

bool syncHandle(int handle)
{
#ifdef Q_OS_WIN
    return _commit(handle) == 0;
#else
    return ::fsync(handle) == 0;
#endif
}

} // namespace Planhat
