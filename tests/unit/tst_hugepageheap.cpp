// SPDX-License-Identifier: MIT
// The programs' huge-page heaps (hugepageheap.cpp), built twice: as planhat-cli's
// (planhat_hugepage_heap), whose memory taken from the system for a program's first
// allocations is marked for transparent huge pages ("hg" in smaps), and as the GUI's
// (planhat_prefaulted_heap, PLANHAT_PREFAULTED_HUGE_PAGES), whose heap grows from blocks
// marked so and faulted in before anyone touches them. Both hold whether or not the machine
// then grants huge pages.
#include <QFile>
#include <QTest>

#include <cstdint>
#include <memory>
#include <vector>

class TestHugePageHeap final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
#ifdef PLANHAT_PREFAULTED_HUGE_PAGES
    void untouchedBlocksComeFaultedIn();
#else
    void smallObjectsLiveInAdvisedMemory();
#endif
};

namespace {

/// What /proc/self/smaps says of the mapping that holds an address.
struct Mapping
{
    bool found = false;
    qint64 sizeKiB = 0;
    qint64 rssKiB = 0;
    QList<QByteArray> flags; ///< VmFlags
};

Mapping mappingAt(const void *address)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    const auto target = quintptr(address);
    bool inside = false;
    Mapping mapping;
    const auto kiB = [](const QByteArray &line) {
        return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong();
    };
    // readAll(): a /proc file reports size 0, so atEnd() holds from the start.
    const QList<QByteArray> lines = smaps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash > 0 && space > dash && !line.startsWith("VmFlags")) {
            bool beginOk = false;
            bool endOk = false;
            const quintptr begin = line.left(dash).toULongLong(&beginOk, 16);
            const quintptr end = line.mid(dash + 1, space - dash - 1).toULongLong(&endOk, 16);
            if (beginOk && endOk) {
                inside = begin <= target && target < end;
                continue;
            }
        }
        if (!inside)
            continue;
        if (line.startsWith("Size:")) {
            mapping.sizeKiB = kiB(line);
        } else if (line.startsWith("Rss:")) {
            mapping.rssKiB = kiB(line);
        } else if (line.startsWith("VmFlags:")) {
            mapping.found = true;
            mapping.flags = line.mid(8).simplified().split(' ');
            return mapping;
        }
    }
    return {};
}

} // namespace

#ifdef PLANHAT_PREFAULTED_HUGE_PAGES

void TestHugePageHeap::untouchedBlocksComeFaultedIn()
{
    // Blocks of 4 MiB, kept and never written: tcmalloc grows its heap for each. Once the
    // reserve's thread has blocks ready, the heap grows from them, so such a block is in
    // memory marked for huge pages and already resident. The first ones may come from heap
    // memory the test's start left, or before the reserve was ready: a few tries, apart.
    constexpr size_t blockSize = size_t(4) << 20;
    std::vector<std::unique_ptr<char[]>> blocks;
    Mapping prefaulted;
    for (int attempt = 0; attempt < 16 && !prefaulted.found; ++attempt) {
        QTest::qWait(50);
        blocks.emplace_back(new char[blockSize]); // default-initialized: not written
        const Mapping mapping = mappingAt(blocks.back().get());
        QVERIFY2(mapping.found, "a block outside every mapping");
        if (mapping.flags.contains("hg") && mapping.rssKiB == mapping.sizeKiB)
            prefaulted = mapping;
    }
    QVERIFY2(prefaulted.found, "no block came from the prefaulted reserve");
    QVERIFY(prefaulted.sizeKiB >= qint64(blockSize / 1024));
}

#else

void TestHugePageHeap::smallObjectsLiveInAdvisedMemory()
{
    // 32 MiB in small blocks, as a list page's strings would come: from spans tcmalloc
    // carves out of memory it took from the system after the program started.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 32 * 1024; ++i)
        blocks.push_back(std::make_unique<char[]>(1024));
    int advised = 0;
    int checked = 0;
    for (size_t i = blocks.size() / 2; i < blocks.size(); i += 1024) {
        const Mapping mapping = mappingAt(blocks[i].get());
        QVERIFY2(mapping.found, "a block outside every mapping");
        ++checked;
        if (mapping.flags.contains("hg"))
            ++advised;
    }
    QCOMPARE(advised, checked);
}

#endif

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_hugepageheap.moc"
