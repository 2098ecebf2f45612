// SPDX-License-Identifier: MIT
#pragma once

class QFileDevice;

namespace Planhat {

/// Flushes `file`'s buffer and asks the operating system to put what was written on the
/// disk before returning (fsync on Unix, _commit on Windows): a journal line written before
/// a crash or power cut is then there afterwards. False when either step fails.
bool syncToDisk(QFileDevice &file);
/// The sync step of syncToDisk() alone, for the descriptor of an open file: what was
/// flushed to it before is put on the disk. Safe on any thread while the file stays open.
bool syncHandle(int handle);

} // namespace Planhat
