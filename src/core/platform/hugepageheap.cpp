// SPDX-License-Identifier: MIT
// Part of planhat_allocator (see CMakeLists.txt), not of planhatcore: it needs tcmalloc.
//
// Asks for transparent huge pages on the first part of tcmalloc's heap. Every program here
// holds tens to hundreds of megabytes of small objects reached at random (interned strings,
// hash tables, import plans). In 4 KiB pages, on a virtual machine, both faulting that
// memory in and the TLB misses of reaching it cost more than the work itself: measured, the
// table's 100,000-row load 641 -> 350 ms (GUI thread 377 -> 181 ms) and a 100,000-row import
// 15-20% less CPU with 2 MiB pages. Only the first 128 MiB, though: a huge page is zeroed
// whole when first touched, and past that, at a million rows, those lumps stalled the window
// for 50-90 ms (the table's target is 50).
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
