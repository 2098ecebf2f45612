// SPDX-License-Identifier: MIT
#pragma once

namespace Planhat {

/// The standard streams of the process.
enum class StandardStream { Input, Output, Error };

/// Whether `stream` is a terminal (a console on Windows) rather than a file or a pipe: the
/// CLI writes tables and progress lines for people, JSON for scripts.
bool isTerminal(StandardStream stream);

} // namespace Planhat
