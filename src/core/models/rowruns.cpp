// SPDX-License-Identifier: MIT
#include "rowruns.h"

#include <algorithm>

namespace Planhat::RowRuns {

std::vector<std::pair<int, int>> fromTheEnd(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    std::vector<std::pair<int, int>> runs;
    for (std::size_t end = rows.size(); end > 0;) {
        std::size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        runs.emplace_back(rows[begin], rows[end - 1]);
        end = begin;
    }
    return runs;
}

} // namespace Planhat::RowRuns
