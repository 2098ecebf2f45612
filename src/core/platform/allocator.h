// SPDX-License-Identifier: MIT
#pragma once

namespace Planhat {

/// Tells the C allocator to keep freed large blocks for reuse instead of handing them back to
/// the operating system. List pages, their parse buffers and HTTP bodies are blocks of a few
/// megabytes, allocated and freed once per page: returned and mapped again each time, every
/// 4 KiB of them costs a page fault, and on virtual machines page faults cost more than
/// copying the bytes does. The heap's first 30 MiB also ask for transparent huge pages, so
/// they are faulted in 2 MiB at a time. Call first thing in main(), before other threads
/// start. Does nothing where the allocator has no such settings (only glibc's has).
/// The programs link tcmalloc (planhat_allocator in CMakeLists.txt), which keeps freed blocks
/// by itself and takes mallopt() as a no-op: there only the huge-page advice acts, on the
/// first large span tcmalloc hands out and reuses (planhat-cli advises more of tcmalloc's
/// heap: hugepageheap.cpp). The settings matter for a program built on glibc's malloc.
void keepFreedLargeBlocks();

} // namespace Planhat
