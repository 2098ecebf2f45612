// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace Planhat {

/// Tuning of PlanhatClient. The defaults follow the documented API limits.
struct ClientOptions
{
    /// List pages requested at once per list job; after a 429 the throttle lowers what may
    /// be in flight (RequestThrottle::holdFor). 12: against a far tenant (150 ms an answer,
    /// 100,000 companies in 51 pages under a 2,000-row page cap; tests/bench/
    /// bench_vs_python.sh) 12 listed in 1.46 s, 8 in 1.80 s and 16 no faster, with reads
    /// spread over two network managers (ClientCore: Qt opens six connections a manager);
    /// well inside Planhat's burst of 50.
    int pagesInFlight = 12;
    int maxAttempts = 6; ///< per request, first attempt included; 429 answers do not count
    std::chrono::milliseconds initialBackoff {500};
    std::chrono::milliseconds maxBackoff {30000};
    /// Longest wait before a retry: longer Retry-After values are capped, and 429 backoff
    /// grows up to it (Planhat's older docs describe rate-limit windows of up to 120 s).
    std::chrono::milliseconds maxRetryAfter {120000};
    /// The wait after a 429 that says the quota is used up (X-Rate-Limit-Remaining: 0) but not
    /// when it resets; doubled on each further 429 in a row, up to maxRetryAfter.
    std::chrono::milliseconds rateLimitWindow {60000};
    /// How long a request keeps retrying through consecutive 429 answers before it gives up
    /// (Planhat's older docs describe rate-limit windows of 60 to 120 s).
    std::chrono::milliseconds rateLimitPatience {300000};
    /// Pacing under Planhat's published soft quota of 200 calls a minute; 0 = no pacing.
    int requestsPerMinute = 200;
    int requestsPerSecond = 150; ///< hard API limit
    int maxRequestsInFlight = 50; ///< burst limit
    std::chrono::milliseconds transferTimeout {120000};
    int bulkChunkSize = 5000; ///< API maximum per bulk upsert request
};

} // namespace Planhat
