// SPDX-License-Identifier: MIT
#include "exitcode.h"

#include "api/apierror.h"

namespace Planhat {

ExitCode exitCodeFor(const ApiError &error)
{
    switch (error.kind()) {
    case ApiError::Kind::None:
        return ExitCode::Ok;
    case ApiError::Kind::Auth:
        return ExitCode::Auth;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Server:
    case ApiError::Kind::InvalidResponse:
        return ExitCode::Network;
    case ApiError::Kind::NotFound:
    case ApiError::Kind::BadRequest:
        return ExitCode::ItemsFailed;
    }
    return ExitCode::Network;
}

ExitCode worseExitCode(ExitCode a, ExitCode b)
{
    const auto rank = [](ExitCode code) {
        switch (code) {
        case ExitCode::Ok:
            return 0;
        case ExitCode::Usage:
            return 1;
        case ExitCode::ItemsFailed:
            return 2;
        case ExitCode::Network:
            return 3;
        case ExitCode::Auth:
            return 4;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

} // namespace Planhat
