// SPDX-License-Identifier: MIT
// planhat_hugepage_heap's huge-page advice (planhat-cli's allocator): the memory tcmalloc
// takes from the system for a program's first allocations is marked for transparent huge
// pages ("hg" in smaps), which holds whether or not the machine then grants them.
#include <QFile>
#include <QTest>

#include <cstdint>
#include <memory>
#include <vector>

class TestHugePageHeap final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallObjectsLiveInAdvisedMemory();
};

namespace {

/// The VmFlags of the mapping of this process that holds `address`; empty when none does.
QByteArray vmFlagsAt(const void *address)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    const auto target = quintptr(address);
    bool inside = false;
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
        if (inside && line.startsWith("VmFlags:"))
            return line.mid(8).trimmed();
    }
    return {};
}

} // namespace

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
        const QByteArray flags = vmFlagsAt(blocks[i].get());
        QVERIFY2(!flags.isEmpty(), "a block outside every mapping");
        ++checked;
        if (flags.split(' ').contains("hg"))
            ++advised;
    }
    QCOMPARE(advised, checked);
}

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_hugepageheap.moc"
