// SPDX-License-Identifier: MIT
#pragma once

namespace Planhat {

class ApiError;

/// The documented exit codes of planhat-cli. Scripts depend on them: never renumber.
enum class ExitCode {
    Ok = 0, ///< everything succeeded
    ItemsFailed = 1, ///< some items failed (rejected, not found, outcome unknown)
    Usage = 2, ///< bad command line or input file
    Auth = 3, ///< no token, or the server refused it
    Network = 4, ///< network, timeout, rate limit or server error
};

/// The exit code for a command that ended with `error`.
ExitCode exitCodeFor(const ApiError &error);

/// The more serious of two exit codes (Auth > Network > ItemsFailed > Usage > Ok), for
/// commands that run several requests.
ExitCode worseExitCode(ExitCode a, ExitCode b);

} // namespace Planhat
