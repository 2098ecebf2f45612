// SPDX-License-Identifier: MIT
// Part of planhat_hugepage_heap and planhat_prefaulted_heap (see CMakeLists.txt), not of
// planhatcore: it needs tcmalloc. The first is linked into planhat-cli, the second (built
// with PLANHAT_PREFAULTED_HUGE_PAGES) into planhat-admin and bench_table.
//
// Gives the first part of tcmalloc's heap transparent huge pages. An import, a list or a
// table holds tens of megabytes of small objects reached at random (list pages, interned
// strings, hash tables, converted rows, outcomes). In 4 KiB pages, on a virtual machine,
// faulting that memory in and the TLB misses of reaching it cost more than the work itself:
// a 100,000-row import took ~25,000 page faults, 18% of the CLI's CPU samples.
//
// planhat-cli advises huge pages on what tcmalloc takes, as it takes it: 100,000-row import
// ~2,300 faults, CPU 1.10 -> 0.79 s, wall 1.03 -> 0.84 s (six alternating pairs); after a
// 10 s idle pause before each run 0.98 -> 0.90 s.
//
// A window cannot take them that way: a huge page is zeroed whole when first touched, and
// when the machine had handed that memory back to its host (after an idle pause) that
// stalled the table's window for up to 58 ms (its target is 50; see 7fcdfeb). So the GUI's
// heap grows from a reserve of blocks that a thread of their own faults in beforehand; a
// request that finds the reserve empty gets 4 KiB pages as before, never a wait. Table load
// of 100,000 rows (bench_table): 467-626 -> 332-521 ms in back-to-back runs (most near
// 400), 566-660 -> 383-461 ms after 15 s idle pauses; longest stall 10-35 ms; peak RSS 130
// -> ~160 MiB. Four blocks kept ready: with two, runs after idle pauses took 478-512 ms
// (the reserve ran dry while its thread faulted memory back in from the host).
//
// Either way only the first 128 MiB: past it the heap grows in 4 KiB pages as before, so a
// large import or table does not take its memory in 2 MiB lumps.
#include <gperftools/malloc_extension.h>

#include <semaphore.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>

namespace {

constexpr size_t hugePage = size_t(2) << 20;
/// How much of the heap gets huge pages.
constexpr size_t hugePageLimit = size_t(128) << 20;

uintptr_t roundUpToHugePage(uintptr_t address)
{
    return (address + hugePage - 1) & ~uintptr_t(hugePage - 1);
}

/// planhat-cli's: tcmalloc's system allocator (which takes memory from the operating
/// system), wrapped: until hugePageLimit bytes were advised, each request is rounded up to
/// whole huge pages, aligned to one, and advised MADV_HUGEPAGE (Linux gives such memory huge
/// pages where it can; elsewhere the advice is ignored).
class OnDemandHugePages final : public SysAllocator
{
public:
    explicit OnDemandHugePages(SysAllocator *inner)
        : m_inner(inner)
    { }

    void *Alloc(size_t size, size_t *actualSize, size_t alignment) override
    {
        if (m_advised >= hugePageLimit)
            return m_inner->Alloc(size, actualSize, alignment);
        // At least a few huge pages at a time: tcmalloc grows its heap by 1 MiB.
        const size_t rounded = std::max((size + hugePage - 1) & ~(hugePage - 1), minimumGrowth);
        size_t granted = 0;
        void *memory = m_inner->Alloc(rounded, &granted, std::max(alignment, hugePage));
        if (!memory)
            return m_inner->Alloc(size, actualSize, alignment);
        if (actualSize)
            *actualSize = granted; // tcmalloc adds all of it to its heap
        const uintptr_t begin = roundUpToHugePage(uintptr_t(memory));
        const uintptr_t end = (uintptr_t(memory) + granted) & ~uintptr_t(hugePage - 1);
        if (end > begin) {
            madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
            m_advised += end - begin;
        }
        return memory;
    }

private:
    static constexpr size_t minimumGrowth = 4 * hugePage;

    SysAllocator *m_inner;
    size_t m_advised = 0; ///< only touched under tcmalloc's page heap lock
};

/// The GUI's: requests up to a block's size are served from blocks of huge pages that a
/// thread of their own maps, advises and faults in ahead (four kept ready, hugePageLimit in
/// all); a request that finds none ready, and every larger one, goes to tcmalloc's system
/// allocator as before. Alloc() runs under tcmalloc's lock, on whichever thread grows the
/// heap: it only takes a ready block and wakes the thread, it never waits.
class PrefaultedHugePages final : public SysAllocator
{
public:
    explicit PrefaultedHugePages(SysAllocator *inner)
        : m_inner(inner)
    {
        sem_init(&m_wanted, 0, 0);
        // Detached: it waits on m_wanted between blocks and ends with the process.
        std::thread([this] { fillReserve(); }).detach();
    }

    void *Alloc(size_t size, size_t *actualSize, size_t alignment) override
    {
        if (size <= blockSize && alignment <= hugePage) {
            for (std::atomic<void *> &slot : m_ready) {
                if (void *block = slot.exchange(nullptr)) {
                    if (actualSize)
                        *actualSize = blockSize; // tcmalloc adds all of it to its heap
                    sem_post(&m_wanted);
                    return block;
                }
            }
        }
        return m_inner->Alloc(size, actualSize, alignment);
    }

private:
    static constexpr size_t blockSize = 4 * hugePage;

    /// The reserve's thread: keeps every slot of m_ready filled until hugePageLimit.
    void fillReserve()
    {
        size_t made = 0;
        for (;;) {
            for (std::atomic<void *> &slot : m_ready) {
                if (slot.load() || made >= hugePageLimit)
                    continue;
                void *block = makeBlock();
                if (!block)
                    return; // out of address space: tcmalloc's own allocator carries on
                made += blockSize;
                slot.store(block);
            }
            sem_wait(&m_wanted);
        }
    }

    /// A block of blockSize bytes aligned to a huge page, advised and faulted in.
    static void *makeBlock()
    {
        const size_t mapped = blockSize + hugePage; // room to align
        void *memory
            = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            return nullptr;
        const uintptr_t begin = roundUpToHugePage(uintptr_t(memory));
        const uintptr_t end = begin + blockSize;
        // The unaligned head and tail go back.
        if (begin > uintptr_t(memory))
            munmap(memory, begin - uintptr_t(memory));
        if (uintptr_t(memory) + mapped > end)
            munmap(reinterpret_cast<void *>(end), uintptr_t(memory) + mapped - end);
        auto *block = reinterpret_cast<char *>(begin);
        madvise(block, blockSize, MADV_HUGEPAGE);
        // One huge page at a time: populating holds the process's memory map lock, which a
        // thread growing its heap by mmap() meanwhile would wait for. Linux 5.14 and later
        // fault a range in; elsewhere one write a page does.
        for (size_t page = 0; page < blockSize; page += hugePage) {
            if (madvise(block + page, hugePage, MADV_POPULATE_WRITE) != 0) {
                for (size_t offset = 0; offset < hugePage; offset += 4096)
                    reinterpret_cast<volatile char *>(block)[page + offset] = 0;
            }
        }
        return block;
    }

    SysAllocator *m_inner;
    std::atomic<void *> m_ready[4] {};
    sem_t m_wanted; ///< posted when a block was taken
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
#ifdef PLANHAT_PREFAULTED_HUGE_PAGES
        static PrefaultedHugePages allocator(inner);
#else
        static OnDemandHugePages allocator(inner);
#endif
        extension->SetSystemAllocator(&allocator);
    }
};

const Installer installer;

} // namespace
