// SPDX-License-Identifier: MIT
#pragma once

namespace Planhat {

/// Turns Nagle's algorithm off (TCP_NODELAY) on every TCP socket the process has open that
/// still has it on, and returns how many it changed. Linux only; elsewhere it does nothing.
///
/// Why: Qt's HTTP client (6.4) leaves Nagle on and has no option to change it. It writes a
/// request body in 16 KB pieces, so the last, short piece of a large body waits until the
/// server acknowledges the piece before, and servers delay that acknowledgement (40 ms on
/// Linux, up to 200 ms elsewhere): measured, 43 ms on every 5,000-row bulk upsert, about
/// half of a 100,000-row import. Python's urllib3 turns Nagle off on every connection for
/// the same reason. Qt's sockets cannot be reached from outside its network code, hence the
/// scan of the process's own descriptors.
int disableNagleOnOpenSockets();

} // namespace Planhat
