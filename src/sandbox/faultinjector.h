// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <array>
#include <random>

namespace Planhat::Sandbox {

/// The failures the sandbox can inject into a request.
enum class Fault {
    None,
    TooManyRequests, ///< 429 with `Retry-After: 1`
    InternalServerError, ///< 500
    ServiceUnavailable, ///< 503
    DropBeforeApply, ///< connection closed without an answer; nothing was applied
    DropAfterApply, ///< connection closed without an answer after the change was applied
};

/// Whether a request can change data; only those can be dropped after applying.
enum class RequestEffect { ReadOnly, ChangesData };

/// Decides per request whether it fails and how: with probability `rate` one fault, chosen
/// uniformly among those that fit the request. Deterministic for a given seed and request
/// sequence, so a failing run can be replayed with `--fault-seed`.
class FaultInjector
{
public:
    FaultInjector(double rate, quint64 seed);

    Fault next(RequestEffect effect);

    double rate() const { return m_rate; }
    /// How many times `fault` was chosen so far.
    int count(Fault fault) const { return m_counts[size_t(fault)]; }

    static QString name(Fault fault);

private:
    double m_rate;
    std::mt19937_64 m_random;
    std::array<int, 6> m_counts {};
};

} // namespace Planhat::Sandbox
