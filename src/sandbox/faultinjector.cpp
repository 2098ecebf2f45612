// SPDX-License-Identifier: MIT
#include "faultinjector.h"

#include <algorithm>

namespace Planhat::Sandbox {

FaultInjector::FaultInjector(double rate, quint64 seed)
    : m_rate(std::clamp(rate, 0.0, 1.0))
    , m_random(seed)
{ }

Fault FaultInjector::next(RequestEffect effect)
{
    if (m_rate <= 0.0)
        return Fault::None;
    // Draw from the raw engine and scale by hand: the standard distributions may differ
    // between library implementations, and a seed must replay the same faults everywhere.
    const double draw = double(m_random() >> 11) * (1.0 / 9007199254740992.0);
    if (draw >= m_rate)
        return Fault::None;
    static constexpr Fault readFaults[] = {Fault::TooManyRequests, Fault::InternalServerError,
                                           Fault::ServiceUnavailable, Fault::DropBeforeApply};
    static constexpr Fault writeFaults[]
        = {Fault::TooManyRequests, Fault::InternalServerError, Fault::ServiceUnavailable,
           Fault::DropBeforeApply, Fault::DropAfterApply};
    const Fault fault = effect == RequestEffect::ChangesData
        ? writeFaults[m_random() % std::size(writeFaults)]
        : readFaults[m_random() % std::size(readFaults)];
    ++m_counts[size_t(fault)];
    return fault;
}

QString FaultInjector::name(Fault fault)
{
    switch (fault) {
    case Fault::None:
        return QStringLiteral("none");
    case Fault::TooManyRequests:
        return QStringLiteral("429");
    case Fault::InternalServerError:
        return QStringLiteral("500");
    case Fault::ServiceUnavailable:
        return QStringLiteral("503");
    case Fault::DropBeforeApply:
        return QStringLiteral("drop-before-apply");
    case Fault::DropAfterApply:
        return QStringLiteral("drop-after-apply");
    }
    return QString();
}

} // namespace Planhat::Sandbox
