// SPDX-License-Identifier: MIT
#include "allocator.h"

#include <cstdlib> // defines __GLIBC__ where glibc is the C library

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#endif

namespace Planhat {

void keepFreedLargeBlocks()
{
#ifdef __GLIBC__
    // Blocks below the mmap threshold come from the heap and go back to it when freed; the
    // largest threshold glibc takes (32 MiB on 64-bit) covers a page of 5,000 rows. glibc
    // raises the threshold by itself only after a block was unmapped, and trims the heap's
    // free top down to twice that: fixed values keep the first pages' memory too.
    constexpr int mmapThreshold = 32 * 1024 * 1024;
    mallopt(M_MMAP_THRESHOLD, mmapThreshold);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);

    // The heap's first 30 MiB ask for transparent huge pages (Linux gives them on request by
    // default): a list page is then faulted in 2 MiB at a time instead of 4 KiB. A block
    // that size comes from the heap (below the threshold) and stays there when freed (below
    // the trim threshold); untouched, it takes no memory.
    constexpr size_t heapBytes = 30 * 1024 * 1024;
    if (void *block = std::malloc(heapBytes)) {
        const auto pageSize = uintptr_t(sysconf(_SC_PAGESIZE));
        const uintptr_t begin = (uintptr_t(block) + pageSize - 1) & ~(pageSize - 1);
        const uintptr_t end = (uintptr_t(block) + heapBytes) & ~(pageSize - 1);
        if (end > begin)
            madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
        std::free(block);
    }
#endif
}

} // namespace Planhat
