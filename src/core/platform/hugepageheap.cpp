// SPDX-License-Identifier: MIT
// Part of planhat_hugepage_heap (see CMakeLists.txt), not of planhatcore: it needs tcmalloc.
// Linked into planhat-cli only.
//
// Asks for transparent huge pages on the first part of tcmalloc's heap. An import or a list
// holds tens of megabytes of small objects reached at random (list pages, the objects of
// the tenant and their keys, converted rows, outcomes). In 4 KiB pages, on a virtual
// machine, faulting that memory in and the TLB misses of reaching it cost more than the
// work itself: a 100,000-row import took ~25,000 page faults, 18% of the CLI's CPU samples.
// With 2 MiB pages: ~2,300 faults, CPU 1.10 -> 0.79 s and wall 1.03 -> 0.84 s (six
// alternating pairs); after a 10 s idle pause before each run (memory the VM had handed back
// to its host) less: 0.98 -> 0.90 s.
// Not for the GUI: a huge page is zeroed whole when first touched, and in runs that start
// cold that stalled the window for up to 58 ms (the table's target is 50; see the note of
// 7fcdfeb). Only the first 128 MiB: past it the heap grows in 4 KiB pages as before, so a
// large import does not take its memory in 2 MiB lumps.
#include <gperftools/malloc_extension.h>

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

/// tcmalloc's system allocator (which takes memory from the operating system), wrapped:
/// until `adviseLimit` bytes were advised, each request is rounded up to whole huge pages,
/// aligned to one, and advised MADV_HUGEPAGE (Linux gives such memory huge pages where it
/// can; elsewhere the advice is ignored).
class HugePageSystemAllocator final : public SysAllocator
{
public:
    explicit HugePageSystemAllocator(SysAllocator *inner)
        : m_inner(inner)
    { }

    void *Alloc(size_t size, size_t *actualSize, size_t alignment) override
    {
        if (m_advised >= adviseLimit)
            return m_inner->Alloc(size, actualSize, alignment);
        // At least a few huge pages at a time: tcmalloc grows its heap by 1 MiB.
        const size_t rounded = std::max((size + hugePage - 1) & ~(hugePage - 1), minimumGrowth);
        size_t granted = 0;
        void *memory = m_inner->Alloc(rounded, &granted, std::max(alignment, hugePage));
        if (!memory)
            return m_inner->Alloc(size, actualSize, alignment);
        if (actualSize)
            *actualSize = granted; // tcmalloc adds all of it to its heap
        const uintptr_t begin = (uintptr_t(memory) + hugePage - 1) & ~uintptr_t(hugePage - 1);
        const uintptr_t end = (uintptr_t(memory) + granted) & ~uintptr_t(hugePage - 1);
        if (end > begin) {
            madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
            m_advised += end - begin;
        }
        return memory;
    }

private:
    static constexpr size_t hugePage = size_t(2) << 20;
    static constexpr size_t minimumGrowth = 4 * hugePage;
    static constexpr size_t adviseLimit = size_t(128) << 20;

    SysAllocator *m_inner;
    size_t m_advised = 0; ///< only touched under tcmalloc's page heap lock
};

/// Installs the allocator before main(), while the program has one thread.
struct Installer
{
    Installer()
    {
        MallocExtension *extension = MallocExtension::instance();
        SysAllocator *inner = extension ? extension->GetSystemAllocator() : nullptr;
        if (!inner)
            return; // not tcmalloc after all, or not started: leave it be
        static HugePageSystemAllocator allocator(inner);
        extension->SetSystemAllocator(&allocator);
    }
};

const Installer installer;

} // namespace
