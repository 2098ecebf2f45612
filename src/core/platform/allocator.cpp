// SPDX-License-Identifier: MIT
#include "allocator.h"

#include <cstdlib> // defines __GLIBC__ where glibc is the C library

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Planhat {

void keepFreedLargeBlocks()
{
#ifdef __GLIBC__
    // Blocks below the mmap threshold come from the heap and go back to it when freed; the
    // largest threshold glibc takes (32 MiB on 64-bit) covers a page of 5,000 rows. glibc
    // raises the threshold by itself only after a block was unmapped, and trims the heap's
    // free top down to twice that: fixed values keep the first pages' memory too.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
}

} // namespace Planhat
