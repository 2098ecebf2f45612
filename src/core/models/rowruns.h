// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace Planhat::RowRuns {

/// Past this many separate runs, removing rows run by run costs more than one reset or
/// layout change: a view (or a proxy) updates its whole mapping for every run removed.
constexpr std::size_t maxRemovedOneByOne = 32;

/// `rows` (in any order, repeats allowed) as runs of consecutive rows, each as its first and
/// last row, the last run first: removing them in this order leaves the rows of the runs still
/// to remove where they were.
std::vector<std::pair<int, int>> fromTheEnd(std::vector<int> rows);

} // namespace Planhat::RowRuns
